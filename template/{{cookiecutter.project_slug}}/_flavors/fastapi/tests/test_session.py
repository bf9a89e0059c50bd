{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].token_info_path == "/v2/info" else "entity_id" -%}
from __future__ import annotations

import logging
import time

import httpx2
import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)

from accounts_server import AccountsServer

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

TOKEN = "dal:test-access-token-0123456789"
# Where the app asks the accounts server about a token.
TOKEN_INFO_PATH = "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}"


def sign_in(client: TestClient, token: str = TOKEN) -> httpx2.Response:
    return client.post("/api/session", json={"access_token": token})


def test_a_verified_token_gets_a_session(
    client: TestClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="mary@example.com")
    response = sign_in(client)
    assert response.status_code == 200
    assert response.json()["agent"] == "mary@example.com"
    # The app asked the accounts server, with the agent's token, who the token belongs to.
    assert accounts_server.requests == [
        {"path": TOKEN_INFO_PATH, "authorization": f"Bearer {TOKEN}"}
    ]
    session_id = response.json()["session_id"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert me.status_code == 200
    assert me.json()["agent"] == "mary@example.com"


def test_the_newer_token_info_shape_is_accepted(
    client: TestClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(
        TOKEN, entity_id=None, license_id=None, account_id="a1b2c3", organization_id="org-9"
    )
    response = sign_in(client)
    assert response.status_code == 200
    assert response.json()["agent"] == "a1b2c3"


def test_the_session_does_not_outlive_the_token(
    client: TestClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, expires_in=120)
    before = time.time()
    session_id = sign_in(client).json()["session_id"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"}).json()
    # Well under the app's maximum session age (8 hours by default).
    assert before + 119 <= me["expires_at"] <= time.time() + 120


@pytest.mark.parametrize(
    ("info", "reason"),
    [
        ({"client_id": "another-app"}, "another application"),
        ({"expires_in": 0}, "expired"),
        ({"expires_in": -5}, "expired"),
        ({"expires_in": "3600"}, "expired"),
        ({"expires_in": True}, "expired"),
    ],
    ids=[
        "other-client",
        "expired",
        "negative-lifetime",
        "lifetime-not-a-number",
        "lifetime-a-boolean",
    ],
)
def test_tokens_we_must_not_trust_are_refused(
    client: TestClient, accounts_server: AccountsServer, info: dict[str, object], reason: str
) -> None:
    accounts_server.add_token(TOKEN, **info)
    response = sign_in(client)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    assert "session_id" not in response.json()


def test_a_token_the_accounts_server_does_not_know_is_refused(client: TestClient) -> None:
    response = sign_in(client, "unknown-token")
    assert response.status_code == 401


# 429 says "not now", nothing about the token: the agent should try again, not sign in anew.
@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_accounts_server_errors_become_503(
    client: TestClient, accounts_server: AccountsServer, status: int
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.fail_with = status
    response = sign_in(client)
    assert response.status_code == 503
    assert "accounts server" in response.json()["detail"]


def test_a_token_is_verified_once_then_cached(
    client: TestClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="mary@example.com")
    first = sign_in(client)
    # Cached identities hold even while the accounts server is down.
    accounts_server.stop()
    second = sign_in(client)
    assert [first.status_code, second.status_code] == [200, 200]
    assert second.json()["agent"] == "mary@example.com"
    assert len(accounts_server.requests) == 1


def test_a_refused_token_is_not_asked_about_again_at_once(
    client: TestClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, client_id="another-app")
    assert [sign_in(client).status_code for _ in range(2)] == [401, 401]
    assert len(accounts_server.requests) == 1


def test_a_slow_accounts_server_becomes_503_within_the_timeout(
    settings: Settings, slow_accounts_server: AccountsServer
) -> None:
    slow_accounts_server.add_token(TOKEN)
    app = create_app(settings.model_copy(update={"accounts_timeout": 0.3}))
    with TestClient(app) as client:
        started = time.monotonic()
        response = sign_in(client)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "accounts server" in response.json()["detail"]
    assert 0.3 <= elapsed < slow_accounts_server.delay


def test_an_unreachable_accounts_server_becomes_503(
    client: TestClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.stop()
    response = sign_in(client)
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", {"Content-Type": "application/json"}, 400),
        (b"[]", {"Content-Type": "application/json"}, 400),
        (b"{}", {"Content-Type": "application/json"}, 422),
        (b'{"access_token": ""}', {"Content-Type": "application/json"}, 422),
        (b'{"access_token": 12}', {"Content-Type": "application/json"}, 422),
        (b'{"access_token": "a\\r\\nX: y"}', {"Content-Type": "application/json"}, 422),
        (b'{"access_token": "jeton\xe2\x82\xac"}', {"Content-Type": "application/json"}, 422),
        (b"<xml/>", {"Content-Type": "application/xml"}, 415),
        (b"x" * 10_000, {"Content-Type": "application/json"}, 413),
    ],
    ids=[
        "not-json", "array", "no-token", "empty-token", "number-token", "token-with-newline",
        "non-ascii-token", "xml", "too-large",
    ],
)  # fmt: skip
def test_bad_bodies_get_a_json_4xx(
    client: TestClient,
    accounts_server: AccountsServer,
    body: bytes,
    headers: dict[str, str],
    status: int,
) -> None:
    response = client.post("/api/session", content=body, headers=headers)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)
    assert accounts_server.requests == []


def test_access_tokens_never_appear_in_logs_or_answers(
    client: TestClient, accounts_server: AccountsServer, caplog: pytest.LogCaptureFixture
) -> None:
    # Every token below starts with TOKEN: one check covers them all.
    accounts_server.add_token(TOKEN)
    accounts_server.add_token(TOKEN + "-other-app", client_id="another-app")
    with caplog.at_level(logging.DEBUG):
        answers = [
            sign_in(client),
            sign_in(client),  # from the cache
            sign_in(client, TOKEN + "-other-app"),
            sign_in(client, TOKEN + "-unknown"),
            sign_in(client, TOKEN + " with spaces"),
        ]
        accounts_server.stop()
        answers.append(sign_in(client, TOKEN + "-while-down"))
    assert [answer.status_code for answer in answers] == [200, 200, 401, 401, 422, 503]
    for answer in answers:
        assert TOKEN not in answer.text
    assert caplog.records  # the capture works: the app's HTTP client logs its calls
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(record.args) for record in caplog.records)


def test_agent_app_origin_may_call_the_api_from_a_browser(client: TestClient) -> None:
    response = client.options(
        "/api/session",
        headers={"Origin": AGENT_APP_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == AGENT_APP_ORIGIN

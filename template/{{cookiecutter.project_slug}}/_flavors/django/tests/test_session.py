{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from pytest_django import Settings

from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)
from {{ cookiecutter.module_name }}.plumbing.accounts import (
    AccountsClient,
)
from {{ cookiecutter.module_name }}.plumbing.token_cache import (
    TokenCache,
)
from {{ cookiecutter.module_name }}.plumbing.token_info import (
    AccountsUnavailable,
)

from accounts_server import AccountsServer
from conftest import Clock
from servers import dripping_server

if TYPE_CHECKING:
    # What Django's test client answers (a type of django-stubs, for type checkers only).
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

TOKEN = "dal:test-access-token-0123456789"
CLIENT_ID = "test-client-id"


def sign_in(client: Client, token: str = TOKEN) -> Response:
    return client.post("/api/session", {"access_token": token}, content_type="application/json")


def me(client: Client, session_id: str) -> dict[str, Any]:
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    return dict(response.json())


@contextmanager
def answering_once(answer: bytes) -> Iterator[str]:
    """The URL of a server on 127.0.0.1 that answers one request with the raw bytes ``answer``."""
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def answer_once() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(answer)

        thread = threading.Thread(target=answer_once, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        thread.join(timeout=5)


def test_a_verified_token_gets_a_session(client: Client, accounts_server: AccountsServer) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="mary@example.com")
    response = sign_in(client)
    assert response.status_code == 200
    assert response.json()["agent"] == "mary@example.com"
    # The app asked the accounts server, with the agent's token, who the token belongs to.
    assert accounts_server.requests == [{"path": "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}", "authorization": f"Bearer {TOKEN}"}]
    session_id = response.json()["session_id"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert me.status_code == 200
    assert me.json()["agent"] == "mary@example.com"


def test_the_page_needs_no_csrf_token_to_sign_in(accounts_server: AccountsServer) -> None:
    # The token travels in the body and the session id comes back in it: no cookie is involved.
    accounts_server.add_token(TOKEN)
    assert sign_in(Client(enforce_csrf_checks=True)).status_code == 200


def test_the_newer_token_info_shape_is_accepted(
    client: Client, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(
        TOKEN, entity_id=None, license_id=None, account_id="a1b2c3", organization_id="org-9"
    )
    response = sign_in(client)
    assert response.status_code == 200
    assert response.json()["agent"] == "a1b2c3"


def test_the_session_does_not_outlive_the_token(
    client: Client, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, expires_in=120)
    before = time.time()
    session_id = sign_in(client).json()["session_id"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"}).json()
    # Well under the app's maximum session age (8 hours by default).
    assert before + 119 <= me["expires_at"] <= time.time() + 120


def test_a_token_is_verified_once_while_it_is_cached(
    client: Client, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="agent@example.com")
    agents = [me(client, sign_in(client).json()["session_id"])["agent"] for _ in range(3)]
    assert agents == ["agent@example.com"] * 3
    assert len(accounts_server.requests) == 1


def test_a_token_is_cached_for_five_minutes_at_most(
    client: Client, accounts_server: AccountsServer, cache_clock: Clock
) -> None:
    accounts_server.add_token(TOKEN, expires_in=3600)
    sign_in(client)
    cache_clock.now += 299
    sign_in(client)
    assert len(accounts_server.requests) == 1
    cache_clock.now += 1
    assert sign_in(client).status_code == 200
    assert len(accounts_server.requests) == 2


def test_a_token_is_cached_no_longer_than_it_lives(
    client: Client, accounts_server: AccountsServer, cache_clock: Clock
) -> None:
    accounts_server.add_token(TOKEN, expires_in=60)
    sign_in(client)
    cache_clock.now += 50
    before = time.time()
    session_id = sign_in(client).json()["session_id"]
    assert len(accounts_server.requests) == 1
    # A session made from the cache ends with the token, in the 10 seconds it has left.
    assert before + 9 <= me(client, session_id)["expires_at"] <= time.time() + 10
    cache_clock.now += 10
    sign_in(client)
    assert len(accounts_server.requests) == 2


def test_a_cached_lifetime_counts_from_before_the_call(
    accounts_server: AccountsServer, settings: Settings
) -> None:
    # The server counts expires_in from some moment during the call: counted from its start,
    # what the app caches never outlives the token. On the real clock, as the app runs.
    accounts_server.add_token(TOKEN, expires_in=60)
    accounts_server.delay = 1.1
    accounts = AccountsClient(
        accounts_server.url, settings.LIVECHAT_CLIENT_ID, timeout=5.0, cache=TokenCache()
    )
    assert accounts.verify(TOKEN).expires_in == 60  # as the server said
    cached = accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    assert cached.expires_in <= 58  # 59 if counted from the answer


def test_a_refused_token_is_remembered_for_thirty_seconds(
    client: Client, accounts_server: AccountsServer, cache_clock: Clock
) -> None:
    # One bad token sent again and again costs one call, not one per request.
    accounts_server.add_token(TOKEN, client_id="another-app")
    tokens = (TOKEN, TOKEN, "unknown", "unknown")
    statuses = [sign_in(client, token).status_code for token in tokens]
    assert statuses == [401] * 4
    assert len(accounts_server.requests) == 2
    cache_clock.now += 30
    accounts_server.add_token(TOKEN)
    assert sign_in(client).status_code == 200
    assert len(accounts_server.requests) == 3


def test_a_failed_check_is_not_cached(client: Client, accounts_server: AccountsServer) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.fail_with = 503
    assert sign_in(client).status_code == 503
    accounts_server.fail_with = None
    assert sign_in(client).status_code == 200
    assert len(accounts_server.requests) == 2


def test_the_cache_keeps_a_hash_of_the_token_never_the_token(
    client: Client, accounts_server: AccountsServer, verified_tokens: TokenCache
) -> None:
    accounts_server.add_token(TOKEN)
    assert sign_in(client).status_code == 200
    assert verified_tokens.get(TOKEN) is not None
    kept = repr(vars(verified_tokens))
    assert hashlib.sha256(TOKEN.encode()).hexdigest() in kept
    assert TOKEN not in kept


@pytest.mark.parametrize(
    ("info", "reason"),
    [
        ({"client_id": "another-app"}, "another application"),
        ({"expires_in": 0}, "expired"),
        ({"expires_in": -5}, "expired"),
        ({"expires_in": "3600"}, "expired"),
        ({"expires_in": True}, "expired"),
    ],
    ids=["other-client", "expired", "negative-lifetime", "lifetime-not-a-number", "lifetime-bool"],
)
def test_tokens_we_must_not_trust_are_refused(
    client: Client, accounts_server: AccountsServer, info: dict[str, object], reason: str
) -> None:
    accounts_server.add_token(TOKEN, **info)
    response = sign_in(client)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    assert "session_id" not in response.json()


def test_a_token_the_accounts_server_does_not_know_is_refused(client: Client) -> None:
    response = sign_in(client, "unknown-token")
    assert response.status_code == 401


# 429 says "not now", nothing about the token: the agent should try again, not sign in anew.
@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_accounts_server_errors_become_503(
    client: Client, accounts_server: AccountsServer, status: int
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.fail_with = status
    response = sign_in(client)
    assert response.status_code == 503
    assert "accounts server" in response.json()["detail"]


@pytest.mark.parametrize(
    "info", [{"{{ agent_field }}": None}, {"{{ agent_field }}": ""}], ids=["no-agent", "blank-agent"]
)
def test_an_answer_that_names_no_agent_becomes_503(
    client: Client, accounts_server: AccountsServer, info: dict[str, object]
) -> None:
    accounts_server.add_token(TOKEN, **info)
    assert sign_in(client).status_code == 503


def test_an_unreachable_accounts_server_becomes_503(
    client: Client, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.stop()
    response = sign_in(client)
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/html", b"<html>"), ("application/json", b"[1, 2]")],
    ids=["not-json", "not-an-object"],
)
def test_an_unusable_answer_becomes_503(
    client: Client, settings: Settings, content_type: str, body: bytes
) -> None:
    answer = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body
    with answering_once(answer) as url:
        settings.LIVECHAT_ACCOUNTS_URL = url
        response = sign_in(client)
    assert response.status_code == 503


def test_a_slow_accounts_server_becomes_503_once_the_timeout_is_up(
    client: Client, accounts_server: AccountsServer, settings: Settings
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.delay = 3.0
    settings.LIVECHAT_ACCOUNTS_TIMEOUT = 0.5
    started = time.monotonic()
    response = sign_in(client)
    assert response.status_code == 503
    assert 0.5 <= time.monotonic() - started < 1.5


def test_an_accounts_server_that_never_answers_becomes_503(
    client: Client, settings: Settings
) -> None:
    # The port accepts connections (the system queues them) but nothing ever answers.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        settings.LIVECHAT_ACCOUNTS_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.LIVECHAT_ACCOUNTS_TIMEOUT = 0.2
        started = time.monotonic()
        response = sign_in(client)
    assert response.status_code == 503
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[]", "application/json", 400),
        (b"{}", "application/json", 422),
        (b'{"access_token": ""}', "application/json", 422),
        (b'{"access_token": "   "}', "application/json", 422),
        (b'{"access_token": 12}', "application/json", 422),
        (b"<xml/>", "application/xml", 415),
        (b"x" * 10_000, "application/json", 413),
    ],
    ids=[
        "not-json", "array", "no-token", "empty-token", "blank-token", "number-token", "xml",
        "too-large",
    ],
)  # fmt: skip
def test_bad_bodies_get_a_json_4xx(
    client: Client, accounts_server: AccountsServer, body: bytes, content_type: str, status: int
) -> None:
    response = client.post("/api/session", body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["detail"], str)
    assert accounts_server.requests == []


def test_sign_in_takes_post_only(client: Client) -> None:
    response = client.get("/api/session")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert isinstance(response.json()["detail"], str)


def test_the_access_token_never_appears_in_logs_or_answers(
    client: Client, accounts_server: AccountsServer, caplog: pytest.LogCaptureFixture
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.add_token(TOKEN + "-of-another-app", client_id="another-app")
    # Everything logged, Django's own loggers included.
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django"):
        answers = [
            sign_in(client),
            sign_in(client),
            sign_in(client, TOKEN + "-of-another-app"),
            sign_in(client, TOKEN + "-unknown"),
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 401, 401]
    for answer in answers:
        assert TOKEN not in answer.content.decode()
    assert TOKEN not in caplog.text


def test_agent_app_origin_may_call_the_api_from_a_browser(client: Client) -> None:
    response = client.options(
        "/api/session",
        headers={"Origin": AGENT_APP_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN


def test_other_origins_get_no_cors_grant(client: Client) -> None:
    response = client.options(
        "/api/session",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_an_answer_over_64_kib_becomes_503(client: Client, accounts_server: AccountsServer) -> None:
    accounts_server.add_token(TOKEN, padding="x" * 64 * 1024)
    assert sign_in(client).status_code == 503


def test_a_dripping_accounts_server_cannot_hold_a_request_past_the_timeout() -> None:
    # One byte every 0.5 s: no single read waits a whole second, the answer takes 20 s.
    with dripping_server() as url:
        accounts = AccountsClient(url, CLIENT_ID, timeout=1.0)
        started = time.monotonic()
        with pytest.raises(AccountsUnavailable, match="no answer within"):
            accounts.verify(TOKEN)
        assert time.monotonic() - started < 1.8

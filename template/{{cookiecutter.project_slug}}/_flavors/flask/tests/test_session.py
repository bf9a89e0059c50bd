{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
from {{ cookiecutter.module_name }}.plumbing.accounts import (
    AccountsClient,
)
from {{ cookiecutter.module_name }}.plumbing.token_cache import (
    TokenCache,
)
from {{ cookiecutter.module_name }}.plumbing.token_info import (
    AccountsUnavailable,
    TokenRejected,
)

from accounts_server import AccountsServer
from servers import dripping_server

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

TOKEN = "dal:test-access-token-0123456789"
CLIENT_ID = "test-client-id"
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def sign_in(client: FlaskClient, token: str = TOKEN) -> TestResponse:
    return client.post("/api/session", json={"access_token": token})


@contextmanager
def accounts_answering(raw_answer: bytes | None) -> Iterator[str]:
    """An accounts server on 127.0.0.1 that sends ``raw_answer`` as is, or never answers."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)

        def answer_once() -> None:
            connection, _ = listener.accept()
            with connection:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = connection.recv(4096)
                    if not chunk:
                        return  # the client gave up before the request was complete
                    request += chunk
                connection.sendall(raw_answer or b"")

        # Without an answer nobody accepts: the connection waits in the backlog, unanswered.
        thread = threading.Thread(target=answer_once) if raw_answer else None
        if thread:
            thread.start()
        try:
            yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            if thread:
                thread.join()


def test_a_verified_token_gets_a_session(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="mary@example.com")
    response = sign_in(client)
    assert response.status_code == 200
    assert response.get_json()["agent"] == "mary@example.com"
    # The app asked the accounts server, with the agent's token, who the token belongs to.
    assert accounts_server.requests == [{"path": "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}", "authorization": f"Bearer {TOKEN}"}]
    session_id = response.get_json()["session_id"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert me.status_code == 200
    assert me.get_json()["agent"] == "mary@example.com"


def test_the_newer_token_info_shape_is_accepted(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(
        TOKEN, entity_id=None, license_id=None, account_id="a1b2c3", organization_id="org-9"
    )
    response = sign_in(client)
    assert response.status_code == 200
    assert response.get_json()["agent"] == "a1b2c3"


def test_the_session_does_not_outlive_the_token(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, expires_in=120)
    before = time.time()
    session_id = sign_in(client).get_json()["session_id"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"}).get_json()
    # Well under the app's maximum session age (8 hours by default).
    assert before + 119 <= me["expires_at"] <= time.time() + 120


@pytest.mark.parametrize(
    ("info", "reason"),
    [
        ({"client_id": "another-app"}, "another application"),
        ({"client_id": None}, "another application"),
        ({"expires_in": 0}, "expired"),
        ({"expires_in": -5}, "expired"),
        ({"expires_in": "3600"}, "expired"),
        ({"expires_in": True}, "expired"),
    ],
    ids=[
        "other-client", "no-client", "expired", "negative-lifetime", "lifetime-not-a-number",
        "lifetime-true",
    ],
)  # fmt: skip
def test_tokens_we_must_not_trust_are_refused(
    client: FlaskClient, accounts_server: AccountsServer, info: dict[str, object], reason: str
) -> None:
    accounts_server.add_token(TOKEN, **info)
    response = sign_in(client)
    assert response.status_code == 401
    assert reason in response.get_json()["detail"]
    assert "session_id" not in response.get_json()


def test_a_token_the_accounts_server_does_not_know_is_refused(client: FlaskClient) -> None:
    response = sign_in(client, "unknown-token")
    assert response.status_code == 401
    assert "did not accept" in response.get_json()["detail"]


@pytest.mark.parametrize("status", [400, 401, 403])
def test_accounts_server_refusals_mean_not_signed_in(
    client: FlaskClient, accounts_server: AccountsServer, status: int
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.fail_with = status
    response = sign_in(client)
    assert response.status_code == 401
    assert "session_id" not in response.get_json()


# 429 says "not now", nothing about the token: the agent should try again, not sign in anew.
@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_accounts_server_errors_become_503(
    client: FlaskClient, accounts_server: AccountsServer, status: int
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.fail_with = status
    response = sign_in(client)
    assert response.status_code == 503
    assert "accounts server" in response.get_json()["detail"]


def test_an_unreachable_accounts_server_becomes_503(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.stop()
    response = sign_in(client)
    assert response.status_code == 503
    assert "accounts server" in response.get_json()["detail"]


def test_a_slow_accounts_server_becomes_503_after_the_timeout(
    settings: Settings, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.delay = 5.0
    client = create_app(replace(settings, accounts_timeout=0.3)).test_client()
    started = time.monotonic()
    response = sign_in(client)
    waited = time.monotonic() - started
    assert response.status_code == 503
    assert "accounts server" in response.get_json()["detail"]
    assert 0.3 <= waited < 2.5  # about the timeout, long before the answer would come


def test_a_token_is_verified_once_for_many_sign_ins(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="mary@example.com")
    answers = [sign_in(client) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert {answer.get_json()["agent"] for answer in answers} == {"mary@example.com"}
    assert len(accounts_server.requests) == 1


def test_a_remembered_token_is_asked_about_again_after_the_cache_time(
    accounts_server: AccountsServer,
) -> None:
    clock = Clock(1_000.0)
    accounts = AccountsClient(
        accounts_server.url, CLIENT_ID, timeout=2.0, cache=TokenCache(clock=clock)
    )
    accounts_server.add_token(TOKEN, expires_in=3_600)
    accounts.verify(TOKEN)
    clock.now += 299
    remembered = accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    # A session made from the remembered answer still ends with the token.
    assert remembered.expires_in == 3_600 - 299
    clock.now += 1
    accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 2


def test_a_token_is_not_remembered_past_its_expiry(accounts_server: AccountsServer) -> None:
    clock = Clock(1_000.0)
    accounts = AccountsClient(
        accounts_server.url, CLIENT_ID, timeout=2.0, cache=TokenCache(clock=clock)
    )
    accounts_server.add_token(TOKEN, expires_in=60)
    accounts.verify(TOKEN)
    clock.now += 59
    assert accounts.verify(TOKEN).expires_in == 1
    assert len(accounts_server.requests) == 1
    clock.now += 1
    accounts_server.add_token(TOKEN, expires_in=0)  # LiveChat now says it has expired
    with pytest.raises(TokenRejected, match="expired"):
        accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 2


def test_a_remembered_lifetime_counts_from_before_the_call(
    accounts_server: AccountsServer,
) -> None:
    # The server counts expires_in from some moment during the call: counted from its start,
    # what the app remembers never outlives the token. On the real clock, as the app runs.
    accounts = AccountsClient(accounts_server.url, CLIENT_ID, timeout=5.0)
    accounts_server.add_token(TOKEN, expires_in=60)
    accounts_server.delay = 1.1
    assert accounts.verify(TOKEN).expires_in == 60  # as the server said
    remembered = accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    assert remembered.expires_in <= 58  # 59 if counted from the answer


def test_failures_are_not_remembered(client: FlaskClient, accounts_server: AccountsServer) -> None:
    accounts_server.fail_with = 503
    accounts_server.add_token(TOKEN)
    assert sign_in(client).status_code == 503
    accounts_server.fail_with = None
    assert sign_in(client).status_code == 200
    assert len(accounts_server.requests) == 2


def test_a_refused_token_is_remembered_for_thirty_seconds(accounts_server: AccountsServer) -> None:
    # One bad token sent again and again costs one call, not one per request.
    clock = Clock(1_000.0)
    accounts = AccountsClient(
        accounts_server.url, CLIENT_ID, timeout=2.0, cache=TokenCache(clock=clock)
    )
    for _ in range(2):
        with pytest.raises(TokenRejected):
            accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    clock.now += 30
    accounts_server.add_token(TOKEN, {{ agent_field }}="agent@example.com")
    assert accounts.verify(TOKEN).agent == "agent@example.com"
    assert len(accounts_server.requests) == 2


@pytest.mark.parametrize(
    "raw_answer",
    [
        None,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>",
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]",
        b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"client_id": "test-client-id", "',
        b"garbage\r\n\r\n",
    ],
    ids=["no-answer-in-time", "html", "json-array", "cut-short", "not-http"],
)
def test_unusable_accounts_answers_become_503(
    settings: Settings, raw_answer: bytes | None, caplog: pytest.LogCaptureFixture
) -> None:
    with accounts_answering(raw_answer) as url:
        app = create_app(replace(settings, livechat_accounts_url=url, accounts_timeout=0.3))
        started = time.monotonic()
        response = sign_in(app.test_client())
    assert response.status_code == 503
    assert time.monotonic() - started < 2  # the timeout holds, whatever the server does
    # The operator learns why; the token stays out of the log.
    assert "accounts server failed" in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", JSON, 400),
        (b"[]", JSON, 400),
        (b"{}", JSON, 422),
        (b'{"access_token": ""}', JSON, 422),
        (b'{"access_token": "  "}', JSON, 422),
        (b'{"access_token": 12}', JSON, 422),
        (b'{"access_token": "two words"}', JSON, 422),
        ('{"access_token": "été"}'.encode(), JSON, 422),
        (b'{"access_token": "line\\nbreak"}', JSON, 422),
        (b'{"access_token": "\\ud800"}', JSON, 400),
        (b"access_token=a&access_token=b", FORM, 400),
        (b"<xml/>", {"Content-Type": "application/xml"}, 415),
        (b"x" * 10_000, JSON, 413),
    ],
    ids=[
        "not-json", "array", "no-token", "empty-token", "blank-token", "number-token",
        "space-in-token", "non-ascii-token", "newline-in-token", "lone-surrogate", "repeated-token",
        "xml", "too-large",
    ],
)  # fmt: skip
def test_bad_bodies_get_a_json_4xx(
    client: FlaskClient,
    accounts_server: AccountsServer,
    body: bytes,
    headers: dict[str, str],
    status: int,
) -> None:
    response = client.post("/api/session", data=body, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert isinstance(response.get_json()["detail"], str)
    assert accounts_server.requests == []


def test_the_access_token_never_appears_in_logs_or_answers(
    client: FlaskClient,
    accounts_server: AccountsServer,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    # Every token here starts with TOKEN: looking for it finds any of them.
    accounts_server.add_token(TOKEN)
    accounts_server.add_token(TOKEN + "-of-another-app", client_id="another-app")
    with caplog.at_level(logging.DEBUG):
        answers = [
            sign_in(client),
            sign_in(client),  # remembered
            sign_in(client, TOKEN + "-of-another-app"),
            sign_in(client, TOKEN + "-unknown"),
            sign_in(client, TOKEN + "-" + "x" * 5_000),
        ]
        accounts_server.fail_with = 500
        answers.append(sign_in(client, TOKEN + "-while-the-server-fails"))
    assert [answer.status_code for answer in answers] == [200, 200, 401, 401, 413, 503]
    for answer in answers:
        assert TOKEN not in answer.text
    assert "accounts server failed" in caplog.text  # the log was captured, and says why
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(record.args) for record in caplog.records)
    output = capfd.readouterr()
    assert TOKEN not in output.out + output.err


def test_agent_app_origin_may_call_the_api_from_a_browser(client: FlaskClient) -> None:
    response = client.options(
        "/api/session",
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN


def test_other_origins_get_no_cors_grant(client: FlaskClient) -> None:
    response = client.options(
        "/api/session",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_an_answer_over_64_kib_becomes_503(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
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

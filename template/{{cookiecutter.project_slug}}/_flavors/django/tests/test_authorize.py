from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from pytest_django import Settings

from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)
from {{ cookiecutter.module_name }}.extension import authorization
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

from livechat_api_server import LiveChatApiServer

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

LOGIN = "agent@example.com"
API_KEY = "dal:Secret-API-key-0123456789"
CREDENTIALS = {"login": LOGIN, "api_key": API_KEY}


def assert_session_for(client: Client, session_id: str, agent: str) -> None:
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    assert response.json()["agent"] == agent


@pytest.mark.parametrize("path", ["/authorize/", "/authorize"])
def test_json_credentials_get_a_session(client: Client, path: str) -> None:
    response = client.post(path, CREDENTIALS, content_type="application/json")
    assert response.status_code == 200
    assert set(response.json()) == {"session_id"}
    assert_session_for(client, response.json()["session_id"], LOGIN)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", f"login={LOGIN}&api_key={API_KEY}"),
        ("text/plain;charset=UTF-8", json.dumps(CREDENTIALS)),
        ("", f"login={LOGIN}&api_key={API_KEY}"),
    ],
    ids=["form", "json-as-text", "form-without-type"],
)
def test_other_encodings_of_the_credentials_are_accepted(
    client: Client, content_type: str, body: str
) -> None:
    # LiveChat does not document how the Agent App encodes the body: accept what is likely.
    response = client.post("/authorize/", body, content_type=content_type)
    assert response.status_code == 200
    assert_session_for(client, response.json()["session_id"], LOGIN)


def test_the_agent_app_needs_no_csrf_token() -> None:
    # The Agent App cannot know Django's CSRF token: /authorize/ must not ask for one.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    assert response.status_code == 200


def test_session_ids_are_unguessable(client: Client, livechat_api: LiveChatApiServer) -> None:
    for n in range(3):
        livechat_api.add_agent(f"agent{n}@example.com", API_KEY)
    ids = {
        client.post(
            "/authorize/",
            {"login": f"agent{n}@example.com", "api_key": API_KEY},
            content_type="application/json",
        ).json()["session_id"]
        for n in range(3)
    }
    assert len(ids) == 3
    assert all(len(session_id) >= 40 for session_id in ids)


def test_a_refused_agent_gets_401_and_no_session(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def refuse(login: str) -> bool:
        seen.append(login)
        return False

    monkeypatch.setattr(authorization, "authorize_agent", refuse)
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    assert response.status_code == 401
    assert "session_id" not in response.json()
    assert seen == [LOGIN]


@pytest.mark.parametrize(
    ("login", "api_key"),
    [(LOGIN, "dal:not-the-agents-key"), ("ceo@victim.example", "x")],
    ids=["wrong-key", "any-login"],
)
def test_livechat_must_vouch_for_the_login_and_api_key(
    client: Client,
    livechat_api: LiveChatApiServer,
    monkeypatch: pytest.MonkeyPatch,
    login: str,
    api_key: str,
) -> None:
    seen: list[str] = []

    def allow(login: str) -> bool:
        seen.append(login)
        return True

    monkeypatch.setattr(authorization, "authorize_agent", allow)
    body = {"login": login, "api_key": api_key}
    response = client.post("/authorize/", body, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "LiveChat did not accept this login and API key"}
    # authorize_agent() hears only of agents LiveChat vouched for.
    assert seen == []
    assert livechat_api.requests == [
        {"path": f"/agents/{login.replace('@', '%40')}", "api_version": "2", "login": login}
    ]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_failing_livechat_api_is_a_503(
    client: Client, livechat_api: LiveChatApiServer, status: int
) -> None:
    livechat_api.fail_with = status
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    assert response.status_code == 503
    assert response.json() == {"detail": "LiveChat's API could not be reached; try again"}
    # Not remembered: once LiveChat answers again, so does the app.
    livechat_api.fail_with = None
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    assert response.status_code == 200


def test_a_slow_or_unreachable_livechat_api_is_a_503(
    client: Client, livechat_api: LiveChatApiServer, settings: Settings
) -> None:
    settings.LIVECHAT_API_TIMEOUT = 0.5
    livechat_api.delay = 1.0
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    assert response.status_code == 503
    livechat_api.stop()
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    assert response.status_code == 503


def test_livechat_is_asked_once_for_a_pair_it_vouched_for(
    client: Client, livechat_api: LiveChatApiServer
) -> None:
    for api_key, status in [(API_KEY, 200), ("dal:not-the-agents-key", 401)]:
        for _ in range(3):
            body = {"login": LOGIN, "api_key": api_key}
            response = client.post("/authorize/", body, content_type="application/json")
            assert response.status_code == status
    assert len(livechat_api.requests) == 2


def test_without_verification_anyone_gets_a_session(
    client: Client, livechat_api: LiveChatApiServer, settings: Settings
) -> None:
    # VERIFY_AGENTS=false, which only development accepts (see test_config.py).
    settings.VERIFY_AGENTS = False
    body = {"login": "ceo@victim.example", "api_key": "x"}
    response = client.post("/authorize/", body, content_type="application/json")
    assert response.status_code == 200
    assert livechat_api.requests == []


def test_credentials_are_stripped_before_they_reach_livechat_and_authorize_agent(
    client: Client, livechat_api: LiveChatApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def remember(login: str) -> bool:
        seen.append(login)
        return True

    monkeypatch.setattr(authorization, "authorize_agent", remember)
    body = {"login": f"  {LOGIN} ", "api_key": f" {API_KEY} "}
    response = client.post("/authorize/", body, content_type="application/json")
    assert response.status_code == 200
    assert seen == [LOGIN]
    assert livechat_api.requests[0]["login"] == LOGIN


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'"a string"', "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"{}", "application/json", 422),
        (b'{"login": "agent@example.com"}', "application/json", 422),
        (b'{"api_key": "k"}', "application/json", 422),
        (b'{"login": "", "api_key": "k"}', "application/json", 422),
        (b'{"login": "   ", "api_key": "k"}', "application/json", 422),
        (b'{"login": 42, "api_key": "k"}', "application/json", 422),
        (b'{"login": "a@b.c", "api_key": ["k"]}', "application/json", 422),
        (b'{"login": "a@b.c", "api_key": {"k": 1}}', "application/json", 422),
        (b'{"login": null, "api_key": null}', "application/json", 422),
        (b'{"login": "' + b"a" * 321 + b'", "api_key": "k"}', "application/json", 422),
        (b"login=a%40b.c", "application/x-www-form-urlencoded", 422),
        (b"login&api_key", "application/x-www-form-urlencoded", 400),
        (b"login=%ff&api_key=k", "application/x-www-form-urlencoded", 400),
        (b"login=a&login=b&api_key=k", "application/x-www-form-urlencoded", 400),
        (b"[" * 2000 + b"]" * 2000, "application/json", 400),
        (b"<xml/>", "application/xml", 415),
        (b"x" * 10_000, "application/json", 413),
    ],
    ids=[
        "not-json", "array", "string", "not-utf8", "empty-object", "no-key", "no-login",
        "empty-login", "blank-login", "number-login", "list-key", "object-key", "nulls",
        "long-login", "form-no-key", "bad-form", "form-not-utf8", "repeated-field",
        "deeply-nested", "xml", "too-large",
    ],
)  # fmt: skip
def test_bad_bodies_get_a_json_4xx(
    client: Client, body: bytes, content_type: str, status: int
) -> None:
    response = client.post("/authorize/", body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["detail"], str)


def test_validation_errors_name_the_fields(client: Client) -> None:
    response = client.post("/authorize/", {"login": 42}, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "login:" in detail
    assert "api_key:" in detail


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_get_a_json_405(client: Client, method: str) -> None:
    response = getattr(client, method)("/authorize/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert isinstance(response.json()["detail"], str)


def test_the_api_key_never_appears_in_logs_or_answers(
    client: Client, livechat_api: LiveChatApiServer, caplog: pytest.LogCaptureFixture
) -> None:
    # Everything logged, Django's own loggers included.
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django"):
        answers = [
            client.post("/authorize/", CREDENTIALS, content_type="application/json"),
            client.post(
                "/authorize/", {"login": 42, "api_key": API_KEY}, content_type="application/json"
            ),
            client.post(
                "/authorize/",
                {"login": LOGIN, "api_key": API_KEY + "x" * 600},
                content_type="application/json",
            ),
            client.post(
                "/authorize/",
                {"login": "ceo@victim.example", "api_key": API_KEY},
                content_type="application/json",
            ),
        ]
        livechat_api.fail_with = 503
        answers.append(
            client.post(
                "/authorize/",
                {"login": "x@y.z", "api_key": API_KEY},
                content_type="application/json",
            )
        )
    assert [answer.status_code for answer in answers] == [200, 422, 422, 401, 503]
    assert "LiveChat's API failed: HTTP 503" in caplog.text
    for answer in answers:
        assert API_KEY not in answer.content.decode()
    assert API_KEY not in caplog.text
    assert all(API_KEY not in str(record.args) for record in caplog.records)


def test_agent_app_origin_may_call_authorize_from_a_browser(client: Client) -> None:
    response = client.options(
        "/authorize/",
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_the_answer_to_the_agent_app_carries_the_cors_grant(client: Client) -> None:
    response = client.post(
        "/authorize/",
        CREDENTIALS,
        content_type="application/json",
        headers={"Origin": AGENT_APP_ORIGIN},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN


def test_other_origins_get_no_cors_grant(client: Client) -> None:
    response = client.options(
        "/authorize/",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_session_from_authorize_is_the_one_the_signer_accepts(
    client: Client, signer: SessionSigner
) -> None:
    response = client.post("/authorize/", CREDENTIALS, content_type="application/json")
    session = signer.verify(response.json()["session_id"])
    assert session is not None and session.agent == LOGIN

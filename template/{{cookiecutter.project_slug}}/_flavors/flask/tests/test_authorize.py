from __future__ import annotations

import json
import logging
from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from {{ cookiecutter.module_name }} import (
    authorization,
    create_app,
)
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

from livechat_api_server import LiveChatApiServer

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

LOGIN = "agent@example.com"
API_KEY = "dal:Secret-API-key-0123456789"

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def assert_session_for(client: FlaskClient, session_id: str, agent: str) -> None:
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    assert response.get_json()["agent"] == agent


@pytest.mark.parametrize("path", ["/authorize/", "/authorize"])
def test_json_credentials_get_a_session(client: FlaskClient, path: str) -> None:
    response = client.post(path, json={"login": LOGIN, "api_key": API_KEY})
    assert response.status_code == 200
    assert set(response.get_json()) == {"session_id"}
    assert_session_for(client, response.get_json()["session_id"], LOGIN)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", f"login={LOGIN}&api_key={API_KEY}"),
        ("text/plain;charset=UTF-8", json.dumps({"login": LOGIN, "api_key": API_KEY})),
        ("", f"login={LOGIN}&api_key={API_KEY}"),
    ],
    ids=["form", "json-as-text", "form-without-type"],
)
def test_other_encodings_of_the_credentials_are_accepted(
    client: FlaskClient, content_type: str, body: str
) -> None:
    # LiveChat does not document how the Agent App encodes the body: accept what is likely.
    response = client.post("/authorize/", data=body, headers={"Content-Type": content_type})
    assert response.status_code == 200
    assert_session_for(client, response.get_json()["session_id"], LOGIN)


def test_surrounding_whitespace_is_not_part_of_the_login(client: FlaskClient) -> None:
    response = client.post("/authorize/", json={"login": f"  {LOGIN} ", "api_key": API_KEY})
    assert response.status_code == 200
    assert_session_for(client, response.get_json()["session_id"], LOGIN)


def test_session_ids_are_unguessable(client: FlaskClient, livechat_api: LiveChatApiServer) -> None:
    for n in range(3):
        livechat_api.add_agent(f"agent{n}@example.com", API_KEY)
    ids = {
        client.post(
            "/authorize/", json={"login": f"agent{n}@example.com", "api_key": API_KEY}
        ).get_json()["session_id"]
        for n in range(3)
    }
    assert len(ids) == 3
    assert all(len(session_id) >= 40 for session_id in ids)


def test_a_refused_agent_gets_401_and_no_session(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def refuse(login: str) -> bool:
        seen.append(login)
        return False

    monkeypatch.setattr(authorization, "authorize_agent", refuse)
    response = client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY})
    assert response.status_code == 401
    assert "session_id" not in response.get_json()
    assert seen == [LOGIN]


@pytest.mark.parametrize(
    ("login", "api_key"),
    [(LOGIN, "dal:not-the-agents-key"), ("ceo@victim.example", "x")],
    ids=["wrong-key", "any-login"],
)
def test_livechat_must_vouch_for_the_login_and_api_key(
    client: FlaskClient,
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
    response = client.post("/authorize/", json={"login": login, "api_key": api_key})
    assert response.status_code == 401
    assert response.get_json() == {"detail": "LiveChat did not accept this login and API key"}
    # authorize_agent() hears only of agents LiveChat vouched for.
    assert seen == []
    assert livechat_api.requests == [
        {"path": f"/agents/{login.replace('@', '%40')}", "api_version": "2", "login": login}
    ]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_failing_livechat_api_is_a_503(
    client: FlaskClient, livechat_api: LiveChatApiServer, status: int
) -> None:
    livechat_api.fail_with = status
    response = client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY})
    assert response.status_code == 503
    assert response.get_json() == {"detail": "LiveChat's API could not be reached; try again"}
    # Not remembered: once LiveChat answers again, so does the app.
    livechat_api.fail_with = None
    assert client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}).status_code == 200


def test_a_slow_or_unreachable_livechat_api_is_a_503(
    settings: Settings, livechat_api: LiveChatApiServer
) -> None:
    client = create_app(replace(settings, livechat_api_timeout=0.5)).test_client()
    livechat_api.delay = 1.0
    assert client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}).status_code == 503
    livechat_api.stop()
    assert client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}).status_code == 503


def test_livechat_is_asked_once_for_a_pair_it_vouched_for(
    client: FlaskClient, livechat_api: LiveChatApiServer
) -> None:
    for api_key, status in [(API_KEY, 200), ("dal:not-the-agents-key", 401)]:
        for _ in range(3):
            response = client.post("/authorize/", json={"login": LOGIN, "api_key": api_key})
            assert response.status_code == status
    assert len(livechat_api.requests) == 2


def test_without_verification_anyone_gets_a_session_in_development(
    settings: Settings, livechat_api: LiveChatApiServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        client = create_app(replace(settings, verify_agents=False)).test_client()
    assert "VERIFY_AGENTS is false" in caplog.text
    response = client.post("/authorize/", json={"login": "ceo@victim.example", "api_key": "x"})
    assert response.status_code == 200
    assert livechat_api.requests == []


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", JSON, 400),
        (b"[1, 2]", JSON, 400),
        (b'"a string"', JSON, 400),
        (b"\xff\xfe", JSON, 400),
        (b"{}", JSON, 422),
        (b'{"login": "agent@example.com"}', JSON, 422),
        (b'{"api_key": "k"}', JSON, 422),
        (b'{"login": "", "api_key": "k"}', JSON, 422),
        (b'{"login": "   ", "api_key": "k"}', JSON, 422),
        (b'{"login": 42, "api_key": "k"}', JSON, 422),
        (b'{"login": "a@b.c", "api_key": ["k"]}', JSON, 422),
        (b'{"login": null, "api_key": null}', JSON, 422),
        (json.dumps({"login": "a" * 321, "api_key": "k"}).encode(), JSON, 422),
        (b'{"login": "a@b.c", "api_key": "two words"}', JSON, 422),
        ('{"login": "a@b.c", "api_key": "clé"}'.encode(), JSON, 422),
        (b'{"login": "a\\u0000@b.c", "api_key": "k"}', JSON, 422),
        (b'{"login": "\\udfff", "api_key": "k"}', JSON, 400),
        (b"[" * 3000 + b"]" * 3000, JSON, 413),
        (b"[" * 2000 + b"]" * 2000, JSON, 400),
        (b"login=a%40b.c", FORM, 422),
        (b"login&api_key", FORM, 400),
        (b"login=%FF&api_key=k", FORM, 400),
        (b"\xff", FORM, 400),
        (b"login=a%40b.c&login=c%40d.e&api_key=k", FORM, 400),
        (b"<xml/>", {"Content-Type": "application/xml"}, 415),
        (b"x" * 10_000, JSON, 413),
    ],
    ids=[
        "not-json", "array", "string", "not-utf8", "empty-object", "no-key", "no-login",
        "empty-login", "blank-login", "number-login", "list-key", "nulls", "long-login",
        "space-in-key", "non-ascii-key", "control-character-login", "lone-surrogate-login",
        "nested-over-limit", "nested-too-deep", "form-no-key", "bad-form", "form-bad-escape",
        "form-not-utf8", "repeated-login", "xml", "too-large",
    ],
)  # fmt: skip
def test_bad_bodies_get_a_json_4xx(
    client: FlaskClient, body: bytes, headers: dict[str, str], status: int
) -> None:
    response = client.post("/authorize/", data=body, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert isinstance(response.get_json()["detail"], str)


def test_validation_errors_name_every_field_at_fault(client: FlaskClient) -> None:
    response = client.post("/authorize/", json={"login": 42})
    assert response.status_code == 422
    assert response.get_json()["detail"] == "login: must be a string; api_key: field required"


def test_the_api_key_never_appears_in_logs_or_answers(
    client: FlaskClient,
    livechat_api: LiveChatApiServer,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with caplog.at_level(logging.DEBUG):
        answers = [
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}),
            client.post("/authorize/", json={"login": 42, "api_key": API_KEY}),
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY + "x" * 600}),
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY + " x"}),
            client.post("/authorize/", data=f"api_key={API_KEY}&api_key={API_KEY}", headers=FORM),
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY, "x": "x" * 5000}),
            client.post("/authorize/", json={"login": "ceo@victim.example", "api_key": API_KEY}),
        ]
        livechat_api.fail_with = 503
        answers.append(client.post("/authorize/", json={"login": "x@y.z", "api_key": API_KEY}))
        livechat_api.fail_with = None
        monkeypatch.setattr(authorization, "authorize_agent", lambda login: False)
        answers.append(client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}))
    statuses = [answer.status_code for answer in answers]
    assert statuses == [200, 422, 422, 422, 400, 413, 401, 503, 401]
    assert "LiveChat's API failed: HTTP 503" in caplog.text
    for answer in answers:
        assert API_KEY not in answer.text
    assert API_KEY not in caplog.text
    assert all(API_KEY not in str(record.args) for record in caplog.records)
    output = capfd.readouterr()
    assert API_KEY not in output.out + output.err


def test_agent_app_origin_may_call_authorize_from_a_browser(client: FlaskClient) -> None:
    response = client.options(
        "/authorize/",
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN


def test_the_agent_app_can_read_the_answer(client: FlaskClient) -> None:
    response = client.post(
        "/authorize/",
        json={"login": LOGIN, "api_key": API_KEY},
        headers={"Origin": AGENT_APP_ORIGIN},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN


def test_other_origins_get_no_cors_grant(client: FlaskClient) -> None:
    response = client.options(
        "/authorize/",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_session_from_authorize_is_the_one_the_signer_accepts(
    client: FlaskClient, signer: SessionSigner
) -> None:
    answer = client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}).get_json()
    session = signer.verify(answer["session_id"])
    assert session is not None and session.agent == LOGIN

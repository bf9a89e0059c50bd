from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }} import authorization
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

LOGIN = "agent@example.com"
API_KEY = "dal:Secret-API-key-0123456789"

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def assert_session_for(client: TestClient, session_id: str, agent: str) -> None:
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    assert response.json()["agent"] == agent


@pytest.mark.parametrize("path", ["/authorize/", "/authorize"])
def test_json_credentials_get_a_session(client: TestClient, path: str) -> None:
    response = client.post(path, json={"login": LOGIN, "api_key": API_KEY})
    assert response.status_code == 200
    assert set(response.json()) == {"session_id"}
    assert_session_for(client, response.json()["session_id"], LOGIN)


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
    client: TestClient, content_type: str, body: str
) -> None:
    # LiveChat does not document how the Agent App encodes the body: accept what is likely.
    response = client.post("/authorize/", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 200
    assert_session_for(client, response.json()["session_id"], LOGIN)


def test_session_ids_are_unguessable(client: TestClient) -> None:
    ids = {
        client.post(
            "/authorize/", json={"login": f"agent{n}@example.com", "api_key": API_KEY}
        ).json()["session_id"]
        for n in range(3)
    }
    assert len(ids) == 3
    assert all(len(session_id) >= 40 for session_id in ids)


def test_a_refused_agent_gets_401_and_no_session(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []

    async def refuse(login: str, api_key: str) -> bool:
        seen.append((login, api_key))
        return False

    monkeypatch.setattr(authorization, "authorize_agent", refuse)
    response = client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY})
    assert response.status_code == 401
    assert "session_id" not in response.json()
    assert seen == [(LOGIN, API_KEY)]


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
        (b'{"login": "a@b.c", "api_key": "cl\xc3\xa9"}', JSON, 422),
        (b'{"login": "a@b.c", "api_key": "k\\r\\nX: y"}', JSON, 422),
        (b'{"login": "\\ud800", "api_key": "k"}', JSON, 400),
        (b"login=a%40b.c", FORM, 422),
        (b"login&api_key", FORM, 400),
        (b"login=a%40b.c&api_key=k&login=c%40d.e", FORM, 400),
        (b"<xml/>", {"Content-Type": "application/xml"}, 415),
        (b"x" * 10_000, JSON, 413),
    ],
    ids=[
        "not-json", "array", "string", "not-utf8", "empty-object", "no-key", "no-login",
        "empty-login", "blank-login", "number-login", "list-key", "nulls", "non-ascii-key",
        "key-with-newline", "lone-surrogate", "form-no-key", "bad-form", "form-repeated-login",
        "xml", "too-large",
    ],
)  # fmt: skip
def test_bad_bodies_get_a_json_4xx(
    client: TestClient, body: bytes, headers: dict[str, str], status: int
) -> None:
    response = client.post("/authorize/", content=body, headers=headers)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_the_api_key_never_appears_in_logs_or_answers(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        answers = [
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}),
            client.post("/authorize/", data={"login": LOGIN, "api_key": API_KEY}),
            client.post("/authorize/", json={"login": 42, "api_key": API_KEY}),
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY + "x" * 600}),
            client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY + " x"}),
            client.post("/authorize/", json={"login": "x" * 5000, "api_key": API_KEY}),
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 422, 422, 422, 413]
    for answer in answers:
        assert API_KEY not in answer.text
    assert API_KEY not in caplog.text
    assert all(API_KEY not in str(record.args) for record in caplog.records)


def test_agent_app_origin_may_call_authorize_from_a_browser(client: TestClient) -> None:
    response = client.options(
        "/authorize/",
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == AGENT_APP_ORIGIN


def test_other_origins_get_no_cors_grant(client: TestClient) -> None:
    response = client.options(
        "/authorize/",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_session_from_authorize_is_the_one_the_signer_accepts(
    client: TestClient, signer: SessionSigner
) -> None:
    session_id = client.post("/authorize/", json={"login": LOGIN, "api_key": API_KEY}).json()[
        "session_id"
    ]
    session = signer.verify(session_id)
    assert session is not None and session.agent == LOGIN

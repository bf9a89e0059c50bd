from __future__ import annotations

from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
# What the app signs its sessions for: {% if cookiecutter.auth == "sign-in" %}its Client Id (the tests'){% else %}its name{% endif %}.
APP = "{% if cookiecutter.auth == "sign-in" %}test-client-id{% else %}{{ cookiecutter.project_slug }}{% endif %}"


def test_me_answers_with_the_session_agent(client: FlaskClient, signer: SessionSigner) -> None:
    session_id = signer.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    session = signer.verify(session_id)
    assert response.status_code == 200
    assert session is not None
    assert response.get_json() == {"agent": "agent@example.com", "expires_at": session.expires_at}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-a-session"},
        {"Authorization": "Basic YWdlbnQ6a2V5"},
    ],
    ids=["missing", "empty", "forged", "wrong-scheme"],
)
def test_me_requires_a_valid_session(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert isinstance(response.get_json()["detail"], str)


def test_me_wants_the_session_under_the_bearer_scheme(
    client: FlaskClient, signer: SessionSigner
) -> None:
    session_id = signer.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Token {session_id}"})
    assert response.status_code == 401


def test_me_refuses_a_tampered_session(client: FlaskClient, signer: SessionSigner) -> None:
    session_id = signer.issue("agent@example.com")
    tampered = session_id[:-2] + ("AA" if not session_id.endswith("AA") else "BB")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {tampered}"})
    assert response.status_code == 401


def test_me_refuses_a_session_signed_with_another_secret(client: FlaskClient) -> None:
    session_id = SessionSigner("another-secret", 3600, app=APP).issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_a_session_of_another_app_that_shares_the_secret(client: FlaskClient) -> None:
    secret = "a-test-session-secret-0123456789"
    session_id = SessionSigner(secret, 3600, app="another-extension").issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_an_expired_session(client: FlaskClient) -> None:
    secret = "a-test-session-secret-0123456789"
    long_ago = SessionSigner(secret, 60, app=APP, clock=lambda: 1_000_000.0)
    session_id = long_ago.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401
    assert "expired" in response.get_json()["detail"]


def test_agent_app_may_send_the_session_header_from_a_browser(client: FlaskClient) -> None:
    response = client.options(
        "/api/me",
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_calls_without_an_origin_get_no_cors_headers(
    client: FlaskClient, signer: SessionSigner
) -> None:
    session_id = signer.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_follows_the_configured_agent_app_origins(settings: Settings) -> None:
    origin = "https://agents.example"
    client = create_app(replace(settings, agent_app_origins=(origin,))).test_client()

    def preflight(origin: str) -> dict[str, str]:
        headers = {"Origin": origin, "Access-Control-Request-Method": "GET"}
        return dict(client.options("/api/me", headers=headers).headers)

    assert preflight(origin)["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Origin" not in preflight(AGENT_APP_ORIGIN)

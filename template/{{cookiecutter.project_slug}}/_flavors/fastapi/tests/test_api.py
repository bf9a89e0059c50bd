from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

from bad_requests import PAGES, STATIC_FILE

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
# What the app signs its sessions for: {% if cookiecutter.auth == "sign-in" %}its Client Id (the tests'){% else %}its name{% endif %}.
APP = "{% if cookiecutter.auth == "sign-in" %}test-client-id{% else %}{{ cookiecutter.project_slug }}{% endif %}"


def test_me_answers_with_the_session_agent(client: TestClient, signer: SessionSigner) -> None:
    session_id = signer.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    assert response.json()["agent"] == "agent@example.com"


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
def test_me_requires_a_valid_session(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_me_refuses_a_tampered_session(client: TestClient, signer: SessionSigner) -> None:
    session_id = signer.issue("agent@example.com")
    tampered = session_id[:-2] + ("AA" if not session_id.endswith("AA") else "BB")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {tampered}"})
    assert response.status_code == 401


def test_me_refuses_a_session_signed_with_another_secret(client: TestClient) -> None:
    session_id = SessionSigner("another-secret", 3600, app=APP).issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_a_session_of_another_app_that_shares_the_secret(client: TestClient) -> None:
    secret = "a-test-session-secret-0123456789"
    session_id = SessionSigner(secret, 3600, app="another-extension").issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_an_expired_session(client: TestClient) -> None:
    secret = "a-test-session-secret-0123456789"
    long_ago = SessionSigner(secret, 60, app=APP, clock=lambda: 1_000_000.0)
    session_id = long_ago.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_the_agent_app_may_call_the_api_with_a_session(
    client: TestClient, signer: SessionSigner
) -> None:
    preflight = client.options(
        "/api/me",
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == AGENT_APP_ORIGIN
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    session_id = signer.issue("agent@example.com")
    response = client.get(
        "/api/me", headers={"Origin": AGENT_APP_ORIGIN, "Authorization": f"Bearer {session_id}"}
    )
    assert response.headers["access-control-allow-origin"] == AGENT_APP_ORIGIN


def test_other_sites_get_no_cors_grant(client: TestClient, signer: SessionSigner) -> None:
    origin = "https://evil.example"
    preflight = client.options(
        "/api/me", headers={"Origin": origin, "Access-Control-Request-Method": "GET"}
    )
    session_id = signer.issue("agent@example.com")
    response = client.get(
        "/api/me", headers={"Origin": origin, "Authorization": f"Bearer {session_id}"}
    )
    assert "access-control-allow-origin" not in preflight.headers
    # The browser gets the answer but may not show it to the other site's script.
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_cors_follows_the_configured_origins(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"agent_app_origins": ["https://my.example.com"]}))
    with TestClient(app) as client:
        answers = [
            client.options(
                "/api/me", headers={"Origin": origin, "Access-Control-Request-Method": "GET"}
            )
            for origin in ("https://my.example.com", AGENT_APP_ORIGIN)
        ]
    granted = ["access-control-allow-origin" in answer.headers for answer in answers]
    assert granted == [True, False]


@pytest.mark.parametrize("path", [*PAGES, STATIC_FILE, "/healthz"])
def test_only_the_api_is_shared_with_the_agent_app(client: TestClient, path: str) -> None:
    # The page and its files are not for other sites' scripts, the Agent App's included.
    preflight = client.options(
        path, headers={"Origin": AGENT_APP_ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    response = client.get(path, headers={"Origin": AGENT_APP_ORIGIN})
    assert response.status_code == 200
    for answer in (preflight, response):
        assert "access-control-allow-origin" not in answer.headers

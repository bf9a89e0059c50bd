from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

# What the app signs its sessions for: {% if cookiecutter.auth == "sign-in" %}its Client Id (the tests'){% else %}its name{% endif %}.
APP = "{% if cookiecutter.auth == "sign-in" %}test-client-id{% else %}{{ cookiecutter.project_slug }}{% endif %}"


def test_me_answers_with_the_session_agent(client: Client, signer: SessionSigner) -> None:
    session_id = signer.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 200
    assert response.json()["agent"] == "agent@example.com"
    assert isinstance(response.json()["expires_at"], int)


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
def test_me_requires_a_valid_session(client: Client, headers: dict[str, str]) -> None:
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert isinstance(response.json()["detail"], str)


def test_me_refuses_a_tampered_session(client: Client, signer: SessionSigner) -> None:
    session_id = signer.issue("agent@example.com")
    tampered = session_id[:-2] + ("AA" if not session_id.endswith("AA") else "BB")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {tampered}"})
    assert response.status_code == 401


def test_me_refuses_a_session_signed_with_another_secret(client: Client) -> None:
    session_id = SessionSigner("another-secret", 3600, app=APP).issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_a_session_of_another_app_that_shares_the_secret(
    client: Client, settings: Settings
) -> None:
    secret = settings.SECRET_KEY
    session_id = SessionSigner(secret, 3600, app="another-extension").issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_an_expired_session(client: Client, settings: Settings) -> None:
    long_ago = SessionSigner(settings.SECRET_KEY, 60, app=APP, clock=lambda: 1_000_000.0)
    session_id = long_ago.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_takes_get_only(client: Client, signer: SessionSigner) -> None:
    headers = {"Authorization": f"Bearer {signer.issue('agent@example.com')}"}
    response = client.post("/api/me", headers=headers)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", ["/api", "/api/", "/api/nothing-here", "/api/me/"])
def test_unknown_api_paths_get_a_json_404(client: Client, method: str, path: str) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["detail"], str)

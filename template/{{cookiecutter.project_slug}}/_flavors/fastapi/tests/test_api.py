from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.sessions import SessionSigner


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
    session_id = SessionSigner("another-secret", 3600).issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401


def test_me_refuses_an_expired_session(client: TestClient) -> None:
    long_ago = SessionSigner("test-session-secret", 60, clock=lambda: 1_000_000.0)
    session_id = long_ago.issue("agent@example.com")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {session_id}"})
    assert response.status_code == 401

from __future__ import annotations

from django.test import Client


def test_health_needs_no_session(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}

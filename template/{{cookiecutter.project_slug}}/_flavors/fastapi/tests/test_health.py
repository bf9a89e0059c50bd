from __future__ import annotations

from fastapi.testclient import TestClient
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer
{%- endif %}


def test_health_needs_no_session(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
{%- if cookiecutter.auth == "sign-in" %}


def test_health_does_not_ask_livechat(client: TestClient, accounts_server: AccountsServer) -> None:
    # Load balancers call it often: it must stay cheap, and up while LiveChat is down.
    accounts_server.stop()
    assert client.get("/healthz").status_code == 200
    assert accounts_server.requests == []
{%- endif %}

from __future__ import annotations

from flask.testing import FlaskClient
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer
{%- endif %}


def test_healthz_says_ok_without_a_session(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_head_requests(client: FlaskClient) -> None:
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.data == b""
{%- if cookiecutter.auth == "sign-in" %}


def test_healthz_does_not_depend_on_the_accounts_server(
    client: FlaskClient, accounts_server: AccountsServer
) -> None:
    # A health check that waited on LiveChat would take every instance out of the load
    # balancer whenever LiveChat is slow.
    accounts_server.stop()
    assert client.get("/healthz").status_code == 200
    assert accounts_server.requests == []
{%- endif %}

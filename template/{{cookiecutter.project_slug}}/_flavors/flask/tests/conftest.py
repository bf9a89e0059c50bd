from __future__ import annotations
{% if cookiecutter.auth == "sign-in" %}
from collections.abc import Iterator
{% endif %}
import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import Settings
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer

CLIENT_ID = "test-client-id"


@pytest.fixture
def accounts_server() -> Iterator[AccountsServer]:
    """A real HTTP server on 127.0.0.1 standing in for LiveChat's accounts server."""
    with AccountsServer() as server:
        yield server
{%- endif %}


@pytest.fixture
{%- if cookiecutter.auth == "sign-in" %}
def settings(accounts_server: AccountsServer) -> Settings:
    return Settings(
        session_secret="test-session-secret",
        livechat_client_id=CLIENT_ID,
        livechat_accounts_url=accounts_server.url,
        accounts_timeout=2.0,
    )
{%- else %}
def settings() -> Settings:
    return Settings(session_secret="test-session-secret")
{%- endif %}


@pytest.fixture
def app(settings: Settings) -> Flask:
    app = create_app(settings)
    app.testing = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def signer(settings: Settings) -> SessionSigner:
    """A signer with the app's secret, to make sessions the app must accept or refuse."""
    assert settings.session_secret is not None
    return SessionSigner(settings.session_secret, settings.session_max_age)

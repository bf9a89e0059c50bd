from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

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
{%- else %}

from livechat_api_server import LiveChatApiServer

# The agent LiveChat's API (the stand-in) knows.
LOGIN = "agent@example.com"
API_KEY = "dal:Secret-API-key-0123456789"


@pytest.fixture
def livechat_api() -> Iterator[LiveChatApiServer]:
    """A real HTTP server on 127.0.0.1 standing in for LiveChat's REST API."""
    with LiveChatApiServer() as server:
        server.add_agent(LOGIN, API_KEY)
        yield server
{%- endif %}


@pytest.fixture
{%- if cookiecutter.auth == "sign-in" %}
def settings(accounts_server: AccountsServer) -> Settings:
    return Settings(
        session_secret="a-test-session-secret-0123456789",
        livechat_client_id=CLIENT_ID,
        livechat_accounts_url=accounts_server.url,
        accounts_timeout=2.0,
    )
{%- else %}
def settings(livechat_api: LiveChatApiServer) -> Settings:
    return Settings(
        session_secret="a-test-session-secret-0123456789",
        livechat_api_url=livechat_api.url,
        livechat_api_timeout=2.0,
    )
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
def signer(app: Flask) -> SessionSigner:
    """The app's own signer, to make sessions the app must accept or refuse."""
    services = app.extensions["{{ cookiecutter.module_name }}"]
    found: SessionSigner = services.signer
    return found


@pytest.fixture
def app_url(app: Flask) -> Iterator[str]:
    """The app served for real on 127.0.0.1, for the browser tests: the development settings
    above, with the local stand-ins as LiveChat's servers."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    http.server_close()
    thread.join(timeout=5)

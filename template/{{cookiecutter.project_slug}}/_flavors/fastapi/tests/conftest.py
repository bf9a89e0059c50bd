from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import create_app
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


@pytest.fixture
def slow_accounts_server(accounts_server: AccountsServer) -> Iterator[AccountsServer]:
    """The stand-in, answering a second late."""
    accounts_server.delay = 1.0
    yield accounts_server
    # Its late answers go to connections the app gave up on: wait for them, so that its
    # complaints about closed connections land in the test's captured output.
    time.sleep(accounts_server.delay)
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
        _env_file=None,
        session_secret="a-test-session-secret-0123456789",
        livechat_client_id=CLIENT_ID,
        livechat_accounts_url=accounts_server.url,
        accounts_timeout=2.0,
    )
{%- else %}
def settings(livechat_api: LiveChatApiServer) -> Settings:
    return Settings(
        _env_file=None,
        session_secret="a-test-session-secret-0123456789",
        livechat_api_url=livechat_api.url,
        livechat_api_timeout=2.0,
    )
{%- endif %}


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # The context manager runs the app's startup and shutdown, as a server would.
    with TestClient(app) as client:
        yield client


@pytest.fixture
def signer(app: FastAPI) -> SessionSigner:
    """The app's own signer, to make sessions the app must accept or refuse."""
    found: SessionSigner = app.state.signer
    return found


class LiveServer:
    """The app served by uvicorn, in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, app: FastAPI) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]})

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app's server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def app_url(app: FastAPI) -> Iterator[str]:
    """The app served for real, for the browser tests: development settings, the local
    stand-ins as LiveChat's servers."""
    with LiveServer(app) as server:
        yield server.url

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.core.wsgi import get_wsgi_application
from pytest_django import Settings
from werkzeug.serving import make_server

from {{ cookiecutter.module_name }}.extension.api import (
    session_signer,
)
{% if cookiecutter.auth == "sign-in" -%}
from {{ cookiecutter.module_name }}.plumbing import accounts
{% else -%}
from {{ cookiecutter.module_name }}.plumbing import (
    livechat_api as verification,
)
{% endif -%}
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)
{%- if cookiecutter.auth == "sign-in" %}
from {{ cookiecutter.module_name }}.plumbing.token_cache import (
    TokenCache,
)
{%- endif %}
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer


class Clock:
    """A clock that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def accounts_server() -> Iterator[AccountsServer]:
    """A real HTTP server on 127.0.0.1 standing in for LiveChat's accounts server."""
    with AccountsServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _use_the_stand_in(settings: Settings, accounts_server: AccountsServer) -> None:
    # Every test that signs in talks to the stand-in, never to LiveChat.
    settings.LIVECHAT_ACCOUNTS_URL = accounts_server.url
    settings.LIVECHAT_ACCOUNTS_TIMEOUT = 2.0


@pytest.fixture
def cache_clock() -> Clock:
    """The clock of the app's cache of verified tokens."""
    return Clock()


@pytest.fixture(autouse=True)
def verified_tokens(monkeypatch: pytest.MonkeyPatch, cache_clock: Clock) -> TokenCache:
    """An empty cache of verified tokens for each test, on a clock the test moves."""
    cache = TokenCache(clock=cache_clock)
    monkeypatch.setattr(accounts, "verified_tokens", cache)
    return cache
{%- else %}

from livechat_api_server import LiveChatApiServer

# The agent LiveChat's API (the stand-in) knows.
LOGIN = "agent@example.com"
API_KEY = "dal:Secret-API-key-0123456789"


@pytest.fixture(autouse=True)
def livechat_api(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveChatApiServer]:
    """A real HTTP server on 127.0.0.1 standing in for LiveChat's REST API: every test that
    authorizes talks to it, never to LiveChat, and starts with nothing remembered."""
    with LiveChatApiServer() as server:
        server.add_agent(LOGIN, API_KEY)
        settings.LIVECHAT_API_URL = server.url
        settings.LIVECHAT_API_TIMEOUT = 2.0
        monkeypatch.setattr(verification, "verdicts", verification.VerdictCache())
        yield server
{%- endif %}


@pytest.fixture
def signer(settings: Settings) -> SessionSigner:
    """The app's own signer, to make sessions the app must accept or refuse."""
    return session_signer()


@pytest.fixture
def app_url() -> Iterator[str]:
    """The app's WSGI application served over HTTP on 127.0.0.1 by a thread of this process, for
    the browser tests; the tests' settings apply, the local stand-ins among them, and a test may
    swap the app's functions with monkeypatch. (pytest-django's live_server needs a database,
    which this project has none of.)"""
    server = make_server("127.0.0.1", 0, get_wsgi_application(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)

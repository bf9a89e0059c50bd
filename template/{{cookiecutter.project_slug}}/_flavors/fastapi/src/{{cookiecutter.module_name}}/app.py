"""The application factory: everything the app needs comes from its settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

{% if cookiecutter.auth == "sign-in" -%}
from .config import Settings, load_settings, session_secret
from .plumbing import emulator
from .plumbing.accounts import AccountsClient
{%- else -%}
from .config import Settings, agents_verified, load_settings, session_secret
from .plumbing import emulator
{%- endif %}
from .plumbing.cors import ApiCors
{%- if cookiecutter.auth == "basic" %}
from .plumbing.livechat_api import LiveChatApi
{%- endif %}
from .plumbing.payloads import BodySizeLimit
from .plumbing.security import OneTrustedProxy, SecurityHeaders, content_security_policy
from .plumbing.sessions import SessionSigner
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
from .routes import api, health, session, widgets
{%- elif cookiecutter.auth == "sign-in" %}
from .routes import api, health, page, session
{%- else %}
from .routes import api, authorize, health, page
{%- endif %}

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
{%- if cookiecutter.auth == "sign-in" %}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One connection pool for all calls to the accounts server, closed on shutdown.
        async with httpx2.AsyncClient(timeout=settings.accounts_timeout) as http:
            app.state.accounts = AccountsClient(
                http,
                settings.livechat_accounts_url,
                settings.livechat_client_id,
                timeout=settings.accounts_timeout,
            )
            yield

    app = FastAPI(
        title="{{ cookiecutter.project_name }}",
        lifespan=lifespan,
        # /docs, /redoc and /openapi.json in development only: no map of the API in production.
        openapi_url="/openapi.json" if settings.development else None,
        # Starlette's slash redirects name the request's Host header in their Location, which
        # the client writes: the routes take the paths they answer instead.
        redirect_slashes=False,
    )
{%- else %}
    verify_agents = agents_verified(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One connection pool for all calls to LiveChat's API, closed on shutdown.
        async with httpx2.AsyncClient() as http:
            # None when VERIFY_AGENTS is off (development only).
            app.state.livechat_api = (
                LiveChatApi(
                    settings.livechat_api_url, timeout=settings.livechat_api_timeout, http=http
                )
                if verify_agents
                else None
            )
            yield

    app = FastAPI(
        title="{{ cookiecutter.project_name }}",
        lifespan=lifespan,
        # /docs, /redoc and /openapi.json in development only: no map of the API in production.
        openapi_url="/openapi.json" if settings.development else None,
        # Starlette's slash redirects name the request's Host header in their Location, which
        # the client writes: the routes take the paths they answer instead.
        redirect_slashes=False,
    )
{%- endif %}
    app.state.settings = settings
    app.state.signer = SessionSigner(
        session_secret(settings),
        settings.session_max_age,
        # Sessions of this app only: another app's, signed with the same secret, are refused.
{%- if cookiecutter.auth == "sign-in" %}
        app=settings.livechat_client_id,
{%- else %}
        app="{{ cookiecutter.project_slug }}",
{%- endif %}
    )

    # Middleware runs outside in: the last one added sees the request first.
    app.add_middleware(BodySizeLimit)
    app.add_middleware(
        ApiCors,
{%- if cookiecutter.auth == "sign-in" %}
        prefixes=("/api/",),
{%- else %}
        prefixes=("/api/", "/authorize"),
{%- endif %}
        # Browsers may call the API from the Agent App's pages; no other site may.
        allow_origins=settings.agent_app_origins,
    )
    app.add_middleware(
        SecurityHeaders,
        content_security_policy=content_security_policy(
            settings.agent_app_origins, development=settings.development
        ),
    )
    if settings.trust_proxy:
        # The scheme and client address become the ones the proxy saw, so HTTPS behind the
        # proxy counts as HTTPS.
        app.add_middleware(OneTrustedProxy)

    # Routes are tried in order: the most requested first.
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    app.include_router(widgets.router)
{%- else %}
    app.include_router(page.router)
{%- endif %}
{%- if cookiecutter.auth == "sign-in" %}
    app.include_router(session.router)
{%- else %}
    app.include_router(authorize.router)
{%- endif %}
    app.include_router(api.router)
    app.include_router(health.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if settings.development:
        # https://localhost:8000/emulator/ shows the page the way the Agent App does.
        app.include_router(emulator.router)
    return app

"""{{ cookiecutter.project_name }}

A LiveChat Agent App extension built with Flask: create_app() builds the application.
"""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from . import payloads, security
{% if cookiecutter.auth == "sign-in" -%}
from .accounts import AccountsClient
from .blueprints import api, emulator, health, page, sign_in
{%- else -%}
from .blueprints import api, authorize, emulator, health, page
{%- endif %}
from .config import Settings, load_settings, session_secret
from .context import Services
from .errors import register_error_handlers
from .sessions import SessionSigner


def create_app(settings: Settings | None = None) -> Flask:
    """The application, configured by ``settings`` or, by default, by the environment."""
    settings = settings or load_settings()
    app = Flask(__name__)
    Services(
        settings=settings,
        signer=SessionSigner(session_secret(settings), settings.session_max_age),
{%- if cookiecutter.auth == "sign-in" %}
        accounts=AccountsClient(
            settings.livechat_accounts_url,
            settings.livechat_client_id,
            timeout=settings.accounts_timeout,
        ),
{%- endif %}
    ).init_app(app)
    CORS(
        app,
        # Browsers may call the API from the Agent App's pages; no other site may.
{%- if cookiecutter.auth == "sign-in" %}
        resources=[r"/api/.*"],
{%- else %}
        resources=[r"/authorize/?", r"/api/.*"],
{%- endif %}
        origins=list(settings.agent_app_origins),
        methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        # A request without an Origin header is not a browser's cross-origin call: no grant.
        always_send=False,
    )
    security.init_app(app, settings)
    payloads.init_app(app)
    register_error_handlers(app)
    app.register_blueprint(page.bp)
    app.register_blueprint(health.bp)
{%- if cookiecutter.auth == "sign-in" %}
    app.register_blueprint(sign_in.bp)
{%- else %}
    app.register_blueprint(authorize.bp)
{%- endif %}
    app.register_blueprint(api.bp)
    if settings.environment == "development":
        # The Agent App emulator and LiveChat's stand-ins: never in production.
        app.register_blueprint(emulator.bp)
    return app

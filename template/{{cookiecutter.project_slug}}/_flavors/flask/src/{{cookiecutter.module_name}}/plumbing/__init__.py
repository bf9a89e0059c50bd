"""The request plumbing: what every request goes through before and after your views.

You rarely need to edit anything here: what you work on sits beside this folder (``config.py``,
{% if cookiecutter.auth == "basic" %}``authorization.py``, {% endif %}``blueprints/``, ``templates/``, ``static/``).
``init_app()`` wires the plumbing into the app that ``create_app()`` builds:

- ``context.py``: the services the views share (the session signer, {% if cookiecutter.auth == "sign-in" %}the accounts client{% else %}LiveChat's API{% endif %}) and
  ``@session_required``, which guards the API's views;
- ``cors.py``: which origins may call the API from a browser (the Agent App's);
- ``security.py``: the security headers and the Content-Security-Policy on every response;
- ``payloads.py``, ``bodies.py``, ``fields.py``: reading small request bodies, the 4 KiB limit,
  and clear 4xx errors for bad ones;
- ``errors.py``: every error answered as JSON ``{"detail": "..."}``;
- ``sessions.py``: the signed, expiring session ids;
{%- if cookiecutter.auth == "sign-in" %}
- ``accounts.py``, ``token_info.py``, ``token_cache.py``: checking an access token with
  LiveChat's accounts server, and remembering the answer for a while;
{%- else %}
- ``livechat_api.py``: asking LiveChat's REST API whether an agent's login and API key are
  right, and remembering the answer for a while;
{%- endif %}
- ``emulator/``: the Agent App emulator and stand-ins for LiveChat's scripts, development only;
- ``dev_server.py``, ``devcert.py``: the HTTPS development server that ``dev.py`` starts, and
  its self-signed certificate.
"""

from __future__ import annotations

from flask import Flask

{% if cookiecutter.auth == "sign-in" -%}
from ..config import Settings, session_secret
from . import cors, emulator, errors, payloads, security
from .accounts import AccountsClient
from .context import Services
{%- else -%}
from ..config import Settings, agents_verified, session_secret
from . import cors, emulator, errors, payloads, security
from .context import Services
from .livechat_api import LiveChatApi
{%- endif %}
from .sessions import SessionSigner


def init_app(app: Flask, settings: Settings) -> None:
    """Give ``app`` its services, CORS, security headers, body limit and JSON errors."""
    Services(
        settings=settings,
{%- if cookiecutter.auth == "sign-in" %}
        signer=SessionSigner(
            session_secret(settings),
            settings.session_max_age,
            # Sessions of this app only: another app's, signed with the same secret, are refused.
            app=settings.livechat_client_id,
        ),
        accounts=AccountsClient(
            settings.livechat_accounts_url,
            settings.livechat_client_id,
            timeout=settings.accounts_timeout,
        ),
{%- else %}
        signer=SessionSigner(
            session_secret(settings),
            settings.session_max_age,
            # Sessions of this app only: another app's, signed with the same secret, are refused.
            app="{{ cookiecutter.project_slug }}",
        ),
        # None when VERIFY_AGENTS is off (development only).
        livechat_api=(
            LiveChatApi(settings.livechat_api_url, timeout=settings.livechat_api_timeout)
            if agents_verified(settings)
            else None
        ),
{%- endif %}
    ).init_app(app)
    cors.init_app(app, settings)
    security.init_app(app, settings)
    payloads.init_app(app)
    errors.init_app(app)
    if settings.environment == "development":
        # The Agent App emulator and LiveChat's stand-ins: never in production.
        app.register_blueprint(emulator.bp)

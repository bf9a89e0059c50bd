"""The request plumbing: what every request goes through before and after your views.

You rarely need to edit anything here: what you work on sits beside this folder (``config.py``,
{% if cookiecutter.auth == "basic" %}``authorization.py``, {% endif %}``blueprints/``, ``templates/``, ``static/``).
``init_app()`` wires the plumbing into the app that ``create_app()`` builds:

- ``context.py``: the services the views share (the session signer{% if cookiecutter.auth == "sign-in" %}, the accounts client{% endif %}) and
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
{%- endif %}
- ``emulator/``: the Agent App emulator and stand-ins for LiveChat's scripts, development only;
- ``dev_server.py``, ``devcert.py``: the HTTPS development server that ``dev.py`` starts, and
  its self-signed certificate.
"""

from __future__ import annotations

from flask import Flask

from ..config import Settings, session_secret
from . import cors, emulator, errors, payloads, security
{%- if cookiecutter.auth == "sign-in" %}
from .accounts import AccountsClient
{%- endif %}
from .context import Services
from .sessions import SessionSigner


def init_app(app: Flask, settings: Settings) -> None:
    """Give ``app`` its services, CORS, security headers, body limit and JSON errors."""
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
    cors.init_app(app, settings)
    security.init_app(app, settings)
    payloads.init_app(app)
    errors.init_app(app)
    if settings.environment == "development":
        # The Agent App emulator and LiveChat's stand-ins: never in production.
        app.register_blueprint(emulator.bp)

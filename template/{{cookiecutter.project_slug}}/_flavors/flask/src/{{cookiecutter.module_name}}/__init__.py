"""{{ cookiecutter.project_name }}

A LiveChat Agent App extension built with Flask: create_app() builds the application.
"""

from __future__ import annotations

from flask import Flask

from . import plumbing
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
from .blueprints import api, health, session, widgets
{%- elif cookiecutter.auth == "sign-in" %}
from .blueprints import api, health, page, session
{%- else %}
from .blueprints import api, authorize, health, page
{%- endif %}
from .config import Settings, load_settings


def create_app(settings: Settings | None = None) -> Flask:
    """The application, configured by ``settings`` or, by default, by the environment."""
    settings = settings or load_settings()
    app = Flask(__name__)
    # No redirects from the router: werkzeug builds their Location from the request's Host
    # header, which the client writes. "/api/me/" is then a 404, not a redirect to
    # "http://<Host>/api/me".
    app.url_map.strict_slashes = False
    app.url_map.merge_slashes = False
    # What every request goes through (plumbing/): CORS for the Agent App, security headers,
    # the body limit, JSON errors, the session signer; in development, the Agent App emulator.
    plumbing.init_app(app, settings)
    # Your endpoints, one blueprint each (blueprints/).
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    app.register_blueprint(widgets.bp)
{%- else %}
    app.register_blueprint(page.bp)
{%- endif %}
    app.register_blueprint(health.bp)
{%- if cookiecutter.auth == "sign-in" %}
    app.register_blueprint(session.bp)
{%- else %}
    app.register_blueprint(authorize.bp)
{%- endif %}
    app.register_blueprint(api.bp)
    return app

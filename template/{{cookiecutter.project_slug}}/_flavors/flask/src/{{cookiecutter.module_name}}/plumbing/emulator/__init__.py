{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
"""The Agent App emulator, for development only: ``plumbing.init_app()`` registers it then.

``/emulator/`` hosts the widget pages in an iframe the way LiveChat's Agent App does: it is the
parent of the widgets SDK's connection (``postmessage.js``, the parent side of LiveChat's
``@livechat/postmessage``), sends the events the Agent App sends and shows what the widgets send
back. The pages load the real SDK, as in production. In production this blueprint is not
registered, so every ``/emulator/...`` path is a 404.
"""
{%- else -%}
"""The Agent App emulator, for development only: ``plumbing.init_app()`` registers it then.

``/emulator/`` embeds the extension page in an iframe the way LiveChat's Agent App does and
plays LiveChat's side of the extension protocol. Beside it are local stand-ins for LiveChat's
scripts, served as {% if cookiecutter.auth == "sign-in" %}``emulator/livechat.js`` and ``emulator/accounts-sdk.js``{% else %}``emulator/livechat.js``{% endif %}, which the page loads
instead of LiveChat's own only when the emulator asks for them (see ``blueprints/page.py``). In
production this blueprint is not registered, so every ``/emulator/...`` path is a 404.
"""
{%- endif %}

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, redirect, send_from_directory

FOLDER = Path(__file__).resolve().parent

# The emulator's files, by the name they are served at: only these, never this module.
FILES = {
    "emulator.html": "emulator.html",
    "emulator.js": "emulator.js",
    "emulator.css": "emulator.css",
    "customers.json": "customers.json",
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    "postmessage.js": "postmessage.js",
{%- else %}
    "livechat.js": "livechat-stand-in.js",
{%- if cookiecutter.auth == "sign-in" %}
    "accounts-sdk.js": "accounts-sdk-stand-in.js",
{%- endif %}
{%- endif %}
}

# The emulator frames the extension page, on the same origin, and loads only its own files;
# nothing may frame the emulator itself.
POLICY = (
    "default-src 'self'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)

bp = Blueprint("emulator", __name__, url_prefix="/emulator")


@bp.get("", strict_slashes=True)
def emulator_without_slash() -> Response:
    # The emulator's page links its files relatively: it must be served at /emulator/. The
    # Location is a path, never one built from the Host header.
    return redirect("/emulator/", 308)


@bp.get("/", defaults={"name": "emulator.html"}, strict_slashes=True)
@bp.get("/<path:name>")
def emulator_file(name: str) -> Response:
    """One of the emulator's files; any other name is a 404."""
    if name not in FILES:
        abort(404)
    response = send_from_directory(FOLDER, FILES[name])
    response.headers["Content-Security-Policy"] = POLICY
    return response

"""The Agent App emulator, for development only: create_app() registers it in development.

``/emulator/`` embeds the extension page in an iframe the way LiveChat's Agent App does and
plays LiveChat's side of the extension protocol. Beside it are local stand-ins for LiveChat's
scripts ({% if cookiecutter.auth == "sign-in" %}``livechat.js`` and ``accounts-sdk.js``{% else %}``livechat.js``{% endif %}), which the page loads instead of LiveChat's own
only when the emulator asks for them (see ``page.py``). In production
this blueprint is not registered, so every ``/emulator/...`` path is a 404.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory

FOLDER = Path(__file__).resolve().parent.parent / "emulator"

# The emulator frames the extension page, on the same origin, and loads only its own files;
# nothing may frame the emulator itself.
POLICY = (
    "default-src 'self'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)

bp = Blueprint("emulator", __name__, url_prefix="/emulator")


@bp.get("/", defaults={"name": "emulator.html"})
@bp.get("/<path:name>")
def emulator_file(name: str) -> Response:
    """A file of the emulator; send_from_directory refuses paths that leave its folder."""
    response = send_from_directory(FOLDER, name)
    response.headers["Content-Security-Policy"] = POLICY
    return response

{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
"""The Agent App emulator, which hosts the widget pages as the Agent App does: development only.
{%- else -%}
"""The Agent App emulator and the stand-ins of LiveChat's scripts: development only.
{%- endif %}

This folder holds their files; the router below serves them under ``/emulator/``.

``create_app`` includes this router only when ``ENVIRONMENT=development``: in production every
``/emulator/`` path is a 404.
"""

from pathlib import Path

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import FileResponse, RedirectResponse

router = APIRouter(prefix="/emulator", include_in_schema=False)
EMULATOR_DIR = Path(__file__).parent
# What the emulator serves, and nothing else: URL path → (file, media type).
FILES = {
    "": ("emulator.html", "text/html; charset=utf-8"),
    "emulator.js": ("emulator.js", "text/javascript; charset=utf-8"),
    "emulator.css": ("emulator.css", "text/css; charset=utf-8"),
    "customers.json": ("customers.json", "application/json"),
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    # The parent side of LiveChat's frame protocol, which the Agent App runs too.
    "postmessage.js": ("postmessage.js", "text/javascript; charset=utf-8"),
{%- else %}
    # The stand-ins of LiveChat's scripts, which the page loads inside the emulator.
    "livechat.js": ("livechat-stand-in.js", "text/javascript; charset=utf-8"),
{%- if cookiecutter.auth == "sign-in" %}
    "accounts-sdk.js": ("accounts-sdk-stand-in.js", "text/javascript; charset=utf-8"),
{%- endif %}
{%- endif %}
}


@router.get("")
async def emulator_without_slash() -> RedirectResponse:
    # The emulator's page links its files relatively: it must be served at /emulator/. The
    # Location is a path, never one built from the Host header.
    return RedirectResponse("/emulator/")


@router.get("/{name}")
@router.get("/")
async def emulator_file(name: str = "") -> FileResponse:
    if name not in FILES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Not Found")
    filename, media_type = FILES[name]
    return FileResponse(EMULATOR_DIR / filename, media_type=media_type)

"""The extension page that the Agent App shows in its sidebar."""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..config import Settings
from ..dependencies import SettingsDep

router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")

# LiveChat's own scripts: what the page loads in production, and in development outside the
# emulator.
LIVECHAT_LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}"
{%- if cookiecutter.auth == "sign-in" %}
ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}"
{%- endif %}
# Their local stand-ins, which talk to the Agent App emulator (/emulator/) instead of LiveChat.
EMULATOR_SCRIPTS = {
    "livechat_library_js": "emulator/livechat.js",
{%- if cookiecutter.auth == "sign-in" %}
    "accounts_sdk_js": "emulator/accounts-sdk.js",
{%- endif %}
}


def scripts(request: Request, settings: Settings) -> dict[str, str]:
    """LiveChat's scripts, or their stand-ins for the emulator: in development only, on request."""
    if settings.development and request.query_params.get("lcext_emulator") == "1":
        return dict(EMULATOR_SCRIPTS)
{%- if cookiecutter.auth == "sign-in" %}
    return {"livechat_library_js": LIVECHAT_LIBRARY_JS, "accounts_sdk_js": ACCOUNTS_SDK_JS}
{%- else %}
    return {"livechat_library_js": LIVECHAT_LIBRARY_JS}
{%- endif %}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def extension_page(request: Request, settings: SettingsDep) -> HTMLResponse:
{%- if cookiecutter.auth == "sign-in" %}
    context = {"client_id": settings.livechat_client_id, **scripts(request, settings)}
{%- else %}
    context = scripts(request, settings)
{%- endif %}
    return templates.TemplateResponse(request, "index.html", context)

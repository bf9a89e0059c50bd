"""The extension page that the Agent App shows in its sidebar."""

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..config import Settings

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
async def extension_page(request: Request) -> HTMLResponse:
    # Every agent's sidebar loads this page: the settings come straight from the app, which
    # costs less than resolving them as a dependency.
    settings: Settings = request.app.state.settings
{%- if cookiecutter.auth == "sign-in" %}
    context = {"client_id": settings.livechat_client_id, **scripts(request, settings)}
{%- else %}
    context = scripts(request, settings)
{%- endif %}
    if settings.development:
        # Rendered anew for every request, so that edits to the template show on reload.
        return templates.TemplateResponse(request, "index.html", context)
    return HTMLResponse(_rendered_page(tuple(context.items())))


# The values come from the settings: one set per process, a few more in tests.
@lru_cache(maxsize=16)
def _rendered_page(context: tuple[tuple[str, str], ...]) -> bytes:
    """The page for these values: it is the same for every agent, so it is rendered once."""
    return templates.get_template("index.html").render(dict(context)).encode()

"""The widget pages the Agent App shows: register each URL in the Developers Console with its
placement (see "Put it in the Agent App" in the README)."""

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..config import Settings

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")


def render(request: Request, page: str) -> HTMLResponse:
    """``templates/<page>`` with the values the pages need: the Client Id for Sign in with
    LiveChat, and the accounts server its popup opens."""
    # Every agent's Agent App loads these pages: the settings come straight from the app, which
    # costs less than resolving them as a dependency.
    settings: Settings = request.app.state.settings
    context = {
        "client_id": settings.livechat_client_id,
        "accounts_url": settings.livechat_accounts_url,
    }
    if settings.development:
        # Rendered anew for every request, so that edits to the template show on reload.
        return templates.TemplateResponse(request, page, context)
    return HTMLResponse(_rendered_page(page, tuple(context.items())))


# The values come from the settings: one set per process, a few more in tests.
@lru_cache(maxsize=16)
def _rendered_page(page: str, context: tuple[tuple[str, str], ...]) -> bytes:
    """The page for these values: it is the same for every agent, so it is rendered once."""
    return templates.get_template(page).render(dict(context)).encode()
{%- for widget in cookiecutter._livechat.widgets %}


@router.get("/{{ widget.path }}", response_class=HTMLResponse)
async def {{ widget.name }}(request: Request) -> HTMLResponse:
    """{{ widget.title }}: the widget with placement "{{ widget.placement }}"."""
    return render(request, "{{ widget.name }}.html")
{%- endfor %}

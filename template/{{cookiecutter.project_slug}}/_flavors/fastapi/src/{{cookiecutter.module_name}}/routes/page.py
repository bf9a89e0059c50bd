"""The extension page that the Agent App shows in its sidebar."""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
{% if cookiecutter.auth == "sign-in" %}
from ..dependencies import SettingsDep
{% endif %}
router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
{%- if cookiecutter.auth == "sign-in" %}
async def extension_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "index.html", {"client_id": settings.livechat_client_id}
    )
{%- else %}
async def extension_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html")
{%- endif %}

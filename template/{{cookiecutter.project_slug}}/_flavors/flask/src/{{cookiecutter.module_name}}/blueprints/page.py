"""The extension page that the Agent App shows in its sidebar."""

from functools import lru_cache

from flask import Blueprint, render_template, request

from ..config import Settings
from ..plumbing.context import services

bp = Blueprint("page", __name__)

# LiveChat's own scripts: what the page always loads in production.
LIVECHAT_SCRIPTS = {
    "livechat_library_js": "{{ cookiecutter._livechat.extension_library_js }}",
{%- if cookiecutter.auth == "sign-in" %}
    "accounts_sdk_js": "{{ cookiecutter._livechat.accounts_sdk_js }}",
{%- endif %}
}
# Their local stand-ins, served by the development server's Agent App emulator (relative URLs,
# like the page's own files).
EMULATOR_SCRIPTS = {
    "livechat_library_js": "emulator/livechat.js",
{%- if cookiecutter.auth == "sign-in" %}
    "accounts_sdk_js": "emulator/accounts-sdk.js",
{%- endif %}
}


def page_scripts(settings: Settings) -> dict[str, str]:
    """The stand-ins only in development and only for the emulator (``lcext_emulator=1``)."""
    if settings.environment == "development" and request.args.get("lcext_emulator") == "1":
        return EMULATOR_SCRIPTS
    return LIVECHAT_SCRIPTS


@bp.get("/")
def extension_page() -> str:
    settings = services().settings
{%- if cookiecutter.auth == "sign-in" %}
    # LiveChat's accounts SDK on the page needs the app's Client Id.
    values = {"client_id": settings.livechat_client_id, **page_scripts(settings)}
{%- else %}
    values = page_scripts(settings)
{%- endif %}
    if settings.environment == "development":
        # Rendered anew for every request, so that edits to the template show on reload.
        return render_template("index.html", **values)
    return _rendered_page(tuple(values.items()))


# The values come from the settings: one set per app, a few more in tests.
@lru_cache(maxsize=16)
def _rendered_page(values: tuple[tuple[str, str], ...]) -> str:
    """The page for these values: it is the same for every agent, so it is rendered once."""
    return render_template("index.html", **dict(values))

{%- set widgets = cookiecutter._sdks[cookiecutter.sdk].widgets -%}
{%- if widgets -%}
"""The Agent App emulator, for development only: ``/emulator/`` on this site.

It hosts the widget pages in an iframe the way LiveChat's Agent App does: it is the parent of
the widgets SDK's connection (``postmessage.js``, the parent side of LiveChat's
``@livechat/postmessage``), sends the events the Agent App sends and shows what the widgets send
back. The pages load the real SDK, as in production. The project's URLs include it only when
``settings.AGENT_APP_EMULATOR`` is on, which is ``DEBUG``: in production every ``/emulator/``
path is a 404.
"""
{%- else -%}
"""The Agent App emulator, for development only: ``/emulator/`` on this site.

It frames the page the way LiveChat's Agent App does and plays LiveChat's side of the
extension protocol (the files of this folder). The project's URLs include it only when
``settings.AGENT_APP_EMULATOR`` is on, which is ``DEBUG``: in production every ``/emulator/``
path is a 404, and the page always loads LiveChat's real scripts.
"""
{%- endif %}

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from ...extension.api import allow_methods

FILES = Path(__file__).resolve().parent
# Path under /emulator/ → (file in this folder, content type).
ASSETS = {
    "": ("emulator.html", "text/html; charset=utf-8"),
    "emulator.js": ("emulator.js", "text/javascript; charset=utf-8"),
    "emulator.css": ("emulator.css", "text/css; charset=utf-8"),
    "customers.json": ("customers.json", "application/json"),
{%- if widgets %}
    # The parent side of LiveChat's postmessage, which the Agent App runs too.
    "postmessage.js": ("postmessage.js", "text/javascript; charset=utf-8"),
{%- else %}
    # Stand-ins for LiveChat's scripts: same API and wire protocol, trusting the emulator only.
    "livechat.js": ("livechat-stand-in.js", "text/javascript; charset=utf-8"),
{%- if cookiecutter.auth == "sign-in" %}
    "accounts-sdk.js": ("accounts-sdk-stand-in.js", "text/javascript; charset=utf-8"),
{%- endif %}
{%- endif %}
}
# The emulator frames the extension page, on the same origin, and loads only its own files;
# nothing may frame the emulator itself.
POLICY = (
    "default-src 'self'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)
{%- if not widgets %}
# What a page framed by the emulator (?lcext_emulator=1) loads instead of LiveChat's scripts,
# relative to the page at the site's root.
STAND_INS = {
    "livechat_library_js": "emulator/livechat.js",
{%- if cookiecutter.auth == "sign-in" %}
    "accounts_sdk_js": "emulator/accounts-sdk.js",
{%- endif %}
}


def wanted_by(request: HttpRequest) -> bool:
    """Whether a page request comes from the emulator, in a configuration that has one."""
    return settings.AGENT_APP_EMULATOR and request.GET.get("lcext_emulator") == "1"
{%- endif %}


@allow_methods("GET", "HEAD")
def asset(request: HttpRequest, name: str) -> HttpResponse:
    # The URLs hold no emulator in production; this guards against a URLconf that does.
    if not settings.AGENT_APP_EMULATOR:
        raise Http404
    file_name, content_type = ASSETS[name]
    text = (FILES / file_name).read_text("utf-8")
    response = HttpResponse(text, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = POLICY
    return response


urlpatterns = [
    path(name, asset, {"name": name}, name=f"emulator-{name or 'index'}") for name in ASSETS
]

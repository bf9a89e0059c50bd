{%- set widgets = cookiecutter._sdks[cookiecutter.sdk].widgets -%}
"""Security headers on every response: the page may be framed by the Agent App, and only by it.

The Agent App shows the page in an iframe, so there is no ``X-Frame-Options`` (it cannot name
another site); the Content-Security-Policy's ``frame-ancestors`` lists the Agent App's origins
instead, and its other directives allow exactly what the page loads{% if widgets %}: its own files only (the
SDKs are served from ``static/vendor/``){% else %} from LiveChat{% endif %}.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..config import Settings

if TYPE_CHECKING:
    from _typeshed import OptExcInfo
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
{% if not widgets %}
# Where the LiveChat scripts and stylesheet that the page loads come from.
SCRIPT_ORIGINS = {{ cookiecutter._livechat.script_origins | tojson }}
{%- endif %}
{%- if cookiecutter.auth == "sign-in" and not widgets %}
# LiveChat's accounts servers: the accounts SDK calls them and frames their sign-in pages.
ACCOUNTS_ORIGINS = {{ cookiecutter._livechat.accounts_origins | tojson }}
{%- endif %}

HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(agent_app_origins: tuple[str, ...], *, development: bool) -> str:
    """The page's policy; ``frame-ancestors`` names the sites that may show it in a frame.

    In development the page's own origin may frame it too: the Agent App emulator (``/emulator/``)
    shows it in an iframe. Never in production.
    """
    ancestors = ["'self'", *agent_app_origins] if development else list(agent_app_origins)
{%- if widgets %}
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        # Sign in with LiveChat opens its own window (a popup, not a frame) and answers with
        # postMessage: it needs no source here. The API is the app's own.
        "connect-src": "'self'",
        "frame-src": "'none'",
        "frame-ancestors": " ".join(ancestors) or "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
    }
{%- else %}
    scripts = " ".join(["'self'", *SCRIPT_ORIGINS])
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": scripts,
        "font-src": f"{scripts} data:",
        # Broad on purpose: LiveChat's stylesheet{% if cookiecutter.auth == "sign-in" %} and the accounts SDK's sign-in button{% endif %} load
        # images from hosts that LiveChat does not document.
        "img-src": "'self' data: https:",
{%- if cookiecutter.auth == "sign-in" %}
        "connect-src": " ".join(["'self'", *ACCOUNTS_ORIGINS]),
        "frame-src": " ".join(ACCOUNTS_ORIGINS),
{%- else %}
        "connect-src": "'self'",
        "frame-src": "'none'",
{%- endif %}
        "frame-ancestors": " ".join(ancestors) or "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
    }
{%- endif %}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeaders:
    """WSGI middleware that adds fixed headers to every response a view has not set itself.

    The headers never change while the app runs, so they are built once and appended to each
    response's header list as it starts: a fraction of what setting them one by one on Flask's
    response object costs on every request.
    """

    def __init__(
        self, app: WSGIApplication, headers: dict[str, str], https_headers: dict[str, str]
    ) -> None:
        self.app = app
        self._headers = list(headers.items())
        self._https_headers = [*self._headers, *https_headers.items()]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        # Browsers only heed HSTS over HTTPS; over plain HTTP it would be noise.
        https = environ.get("wsgi.url_scheme") == "https"
        extra = self._https_headers if https else self._headers

        def start(
            status: str, headers: list[tuple[str, str]], exc_info: OptExcInfo | None = None
        ) -> Callable[[bytes], object]:
            # A view that sends its own value of one of them (the emulator's policy) keeps it.
            present = {name.lower() for name, _ in headers}
            headers.extend(header for header in extra if header[0].lower() not in present)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def init_app(app: Flask, settings: Settings) -> None:
    """Send the security headers on every response, errors and static files included."""
    policy = content_security_policy(
        settings.agent_app_origins, development=settings.environment == "development"
    )
    app.wsgi_app = SecurityHeaders(  # type: ignore[method-assign]
        app.wsgi_app,
        {
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
        },
        https_headers={"Strict-Transport-Security": HSTS},
    )
    if settings.trust_proxy:
        # Behind one reverse proxy that terminates HTTPS: take the client's address, scheme
        # and host from its X-Forwarded-For, -Proto and -Host headers. Without TRUST_PROXY those
        # headers are ignored, since any client can send them. It wraps SecurityHeaders, which
        # then sees the scheme the client used.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

"""Security headers on every response: the page stays frameable by the Agent App, and only by it."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def content_security_policy(agent_app_origins: Sequence[str], *, development: bool = False) -> str:
    """The widget pages' CSP: they load only this app's files (LiveChat's SDKs are served from
    static/vendor/), call only this app's API, and only the Agent App may frame them.

    Sign in with LiveChat opens the accounts server in a popup, which the CSP does not govern.
    In development the app's own pages may frame them too: the Agent App emulator, served on the
    same origin under /emulator/, shows them in its iframe.
    """
    # The emulator: the only page of the app's own that frames the widgets.
    emulator = ["'self'"] if development else []
    ancestors = " ".join([*emulator, *agent_app_origins])
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src " + (" ".join(emulator) or "'none'"),
        # Never X-Frame-Options: the Agent App must be able to show the pages in its iframe.
        f"frame-ancestors {ancestors}",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)
{%- else %}

# LiveChat's CDN: the only other place the page loads scripts, stylesheets and fonts from.
SCRIPT_ORIGINS = {{ cookiecutter._livechat.script_origins | tojson }}
{%- if cookiecutter.auth == "sign-in" %}
# Sign in with LiveChat talks to these from the browser and opens them in frames and popups.
ACCOUNTS_ORIGINS = {{ cookiecutter._livechat.accounts_origins | tojson }}
{%- endif %}

STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def content_security_policy(agent_app_origins: Sequence[str], *, development: bool = False) -> str:
    """The page's CSP: LiveChat's scripts may load, and only the Agent App may frame the page.

    In development the app's own pages may frame it too: the Agent App emulator, served on
    the same origin under /emulator/, shows the page in its iframe.
    """
    livechat = " ".join(SCRIPT_ORIGINS)
    # The emulator: the only page of the app's own that frames the extension.
    emulator = ["'self'"] if development else []
    ancestors = " ".join([*emulator, *agent_app_origins])
{%- if cookiecutter.auth == "sign-in" %}
    accounts = " ".join(ACCOUNTS_ORIGINS)
    frames = " ".join([*emulator, *ACCOUNTS_ORIGINS])
{%- else %}
    frames = " ".join(emulator) or "'none'"
{%- endif %}
    directives = [
        "default-src 'self'",
        f"script-src 'self' {livechat}",
        f"style-src 'self' {livechat}",
        f"font-src 'self' {livechat} data:",
        # Broad on purpose: LiveChat's stylesheet{% if cookiecutter.auth == "sign-in" %} and the accounts SDK's button{% endif %} can load images
        # from hosts LiveChat does not document.
        "img-src 'self' data: https:",
{%- if cookiecutter.auth == "sign-in" %}
        f"connect-src 'self' {accounts}",
        f"frame-src {frames}",
{%- else %}
        "connect-src 'self'",
        f"frame-src {frames}",
{%- endif %}
        # Never X-Frame-Options: the Agent App must be able to show the page in its iframe.
        f"frame-ancestors {ancestors}",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)
{%- endif %}


class SecurityHeaders:
    """Adds the security headers to every response: the page, static files, API answers, errors.

    HSTS only goes with HTTPS requests: the scheme is the server's, or the proxy's when the app
    trusts the proxy's X-Forwarded-Proto (``TRUST_PROXY``).
    """

    def __init__(self, app: ASGIApp, content_security_policy: str) -> None:
        self.app = app
        headers = {
            "content-security-policy": content_security_policy,
            "x-content-type-options": "nosniff",
            "referrer-policy": "strict-origin-when-cross-origin",
        }
        # Encoded once, as ASGI sends them: every response gets the same ones.
        self._headers = [(name.encode(), value.encode()) for name, value in headers.items()]
        self._https_headers = [
            *self._headers,
            (b"strict-transport-security", STRICT_TRANSPORT_SECURITY.encode()),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._https_headers if scope["scheme"] == "https" else self._headers
        names = {name for name, _ in extra}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # These replace any of the same name the app set.
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class OneTrustedProxy:
    """The scheme and client address the one proxy in front of the app saw (``TRUST_PROXY``).

    A proxy appends what it saw to ``X-Forwarded-Proto`` and ``X-Forwarded-For``, or replaces
    them: either way its entry is the last one, and any entry before it came from the client,
    who can write anything there. uvicorn's own ProxyHeadersMiddleware, trusting every
    address, takes the first.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            scheme = _last_entry(headers.getlist("x-forwarded-proto")).lower()
            if scheme in ("http", "https"):
                scope["scheme"] = scheme
            client = _last_entry(headers.getlist("x-forwarded-for"))
            if client:
                scope["client"] = (client, 0)
        await self.app(scope, receive, send)


def _last_entry(values: list[str]) -> str:
    entries = [entry.strip() for value in values for entry in value.split(",")]
    return entries[-1] if entries else ""

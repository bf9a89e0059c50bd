"""The security headers every answer carries: one table for every server flavor.

Each flavor's ``test_security.py`` checks its answers (the page, files, the API, errors) against
these with ``assert_security_headers``; a header that only one framework sends is checked in that
flavor's test, next to the reason.
"""

from __future__ import annotations

from typing import Protocol

{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

# The widget pages' policy: only the app's own files (LiveChat's SDKs are vendored) and API, and
# only the Agent App may frame them.
PRODUCTION_CSP = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "connect-src 'self'; "
    "frame-src 'none'; "
    "frame-ancestors {{ cookiecutter._livechat.agent_app_origins | join(' ') }}; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "object-src 'none'"
)
{%- else %}

# The policy, spelled out from LiveChat's origins: LiveChat's scripts may load, and only the
# Agent App may frame the page.
PRODUCTION_CSP = (
    "default-src 'self'; "
    "script-src 'self' {{ cookiecutter._livechat.script_origins | join(' ') }}; "
    "style-src 'self' {{ cookiecutter._livechat.script_origins | join(' ') }}; "
    "font-src 'self' {{ cookiecutter._livechat.script_origins | join(' ') }} data:; "
    "img-src 'self' data: https:; "
{%- if cookiecutter.auth == "sign-in" %}
    "connect-src 'self' {{ cookiecutter._livechat.accounts_origins | join(' ') }}; "
    "frame-src {{ cookiecutter._livechat.accounts_origins | join(' ') }}; "
{%- else %}
    "connect-src 'self'; "
    "frame-src 'none'; "
{%- endif %}
    "frame-ancestors {{ cookiecutter._livechat.agent_app_origins | join(' ') }}; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "object-src 'none'"
)
{%- endif %}
# In development the Agent App emulator, on the app's own origin, frames the page as well.
DEVELOPMENT_CSP = PRODUCTION_CSP.replace("frame-ancestors ", "frame-ancestors 'self' ")

# On every answer, over HTTP and HTTPS alike.
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# Over HTTPS only: over plain HTTP browsers ignore it, and it is not sent.
HSTS = "max-age=31536000; includeSubDomains"
# Never: X-Frame-Options cannot name the Agent App, so it would keep the page out of it.
NEVER = ("X-Frame-Options",)


class Headers(Protocol):
    """An answer's headers, looked up by name whatever its case, as every framework's are."""

    def __getitem__(self, name: str, /) -> str | None: ...

    def __contains__(self, name: object, /) -> bool: ...


def directives(policy: str) -> dict[str, set[str]]:
    """A Content-Security-Policy as {directive: sources}.

    Browsers heed neither the order of the directives nor that of their sources, so the tests
    compare policies this way; a directive given twice (browsers take the first) fails.
    """
    parsed: dict[str, set[str]] = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} appears twice in {policy!r}"
        parsed[name] = set(sources)
    return parsed


def assert_security_headers(
    headers: Headers, policy: str = DEVELOPMENT_CSP, *, https: bool = False
) -> None:
    """Check one answer's headers against the table: ``policy`` is the CSP it must carry."""
    assert directives(str(headers["Content-Security-Policy"])) == directives(policy)
    for name, value in HEADERS.items():
        assert headers[name] == value, name
    for name in NEVER:
        assert name not in headers, name
    if https:
        assert headers["Strict-Transport-Security"] == HSTS
    else:
        assert "Strict-Transport-Security" not in headers

"""The security headers that every answer carries: the page, static files, the API, errors."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from pytest_django import Settings

from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

POLICY = (
    "default-src 'self'; "
    "script-src 'self' {{ cookiecutter._livechat.script_origins | join(" ") }}; "
    "style-src 'self' {{ cookiecutter._livechat.script_origins | join(" ") }}; "
    "font-src 'self' {{ cookiecutter._livechat.script_origins | join(" ") }} data:; "
    "img-src 'self' data: https:; "
{%- if cookiecutter.auth == "sign-in" %}
    "connect-src 'self' {{ cookiecutter._livechat.accounts_origins | join(" ") }}; "
    "frame-src {{ cookiecutter._livechat.accounts_origins | join(" ") }}; "
{%- else %}
    "connect-src 'self'; "
    "frame-src 'none'; "
{%- endif %}
    # The tests run in development, where the Agent App emulator on this site frames the page
    # too (test_emulator.py checks that production leaves 'self' out).
    "frame-ancestors {{ cookiecutter._livechat.agent_app_origins | join(" ") }} 'self'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as {directive: sources}: the order of the directives means
    nothing to browsers, so the tests compare them this way."""
    parsed: dict[str, list[str]] = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} appears twice"
        parsed[name] = sources
    return parsed


def fetch(client: Client, method: str, path: str, **extra: object) -> dict[str, str]:
    """The headers of the answer to ``method path``."""
    response = client.generic(method, path, **extra)
    response.close()  # static files are streamed from disk
    return dict(response.headers)


ANSWERS = {
    "page": ("GET", "/", {}),
    "static-file": ("GET", "/static/extension.js", {}),
    "health": ("GET", "/healthz", {}),
    "api-401": ("GET", "/api/me", {}),
    "api-404": ("GET", "/api/nothing-here", {}),
    "page-404": ("GET", "/nothing-here", {}),
    "405": ("DELETE", "/", {}),
    "413": ("POST", "/healthz", {"data": b"x" * 5000, "content_type": "text/plain"}),
    "preflight": (
        "OPTIONS",
        "/api/me",
        {"HTTP_ORIGIN": AGENT_APP_ORIGIN, "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET"},
    ),
}


@pytest.mark.parametrize(("method", "path", "extra"), ANSWERS.values(), ids=ANSWERS.keys())
def test_every_answer_carries_the_security_headers(
    client: Client, method: str, path: str, extra: dict[str, object]
) -> None:
    headers = fetch(client, method, path, **extra)
    assert directives(headers["Content-Security-Policy"]) == directives(POLICY)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # The Agent App frames the page: X-Frame-Options would blank the sidebar.
    assert "X-Frame-Options" not in headers
    # Plain HTTP: HSTS means nothing there, and browsers ignore it.
    assert "Strict-Transport-Security" not in headers


def test_the_policy_allows_exactly_the_livechat_files_the_page_loads(client: Client) -> None:
    response = client.get("/")
    policy = directives(response["Content-Security-Policy"])
    html = response.content.decode()
    scripts = re.findall(r'<script[^>]* src="(https://[^"]+)"', html)
    stylesheets = re.findall(r'<link[^>]* href="(https://[^"]+)"', html)
    assert scripts and stylesheets

    def origins(urls: list[str]) -> set[str]:
        return {f"https://{urlsplit(url).netloc}" for url in urls}

    assert set(policy["script-src"]) == {"'self'"} | origins(scripts)
    assert set(policy["style-src"]) == {"'self'"} | origins(stylesheets)


@pytest.mark.parametrize("path", ["/", "/static/extension.css", "/healthz", "/api/me"])
def test_https_answers_carry_hsts(client: Client, path: str) -> None:
    assert fetch(client, "GET", path, secure=True)["Strict-Transport-Security"] == HSTS


def test_a_forwarded_https_is_ignored_unless_the_proxy_is_trusted(client: Client) -> None:
    # Without TRUST_PROXY anyone could claim HTTPS this way.
    headers = fetch(client, "GET", "/", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in headers


def test_a_trusted_proxy_tells_which_requests_came_by_https(
    client: Client, settings: Settings
) -> None:
    # What TRUST_PROXY=true sets (tests/test_config.py checks that it does).
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    by_https = fetch(client, "GET", "/", HTTP_X_FORWARDED_PROTO="https")
    by_http = fetch(client, "GET", "/", HTTP_X_FORWARDED_PROTO="http")
    assert by_https["Strict-Transport-Security"] == HSTS
    assert "Strict-Transport-Security" not in by_http

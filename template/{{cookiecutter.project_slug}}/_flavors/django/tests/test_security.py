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

from bad_requests import STATIC_FILE
from expected_headers import (
    DEVELOPMENT_CSP,
    HSTS,
    Headers,
    assert_security_headers,
    directives,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
# Django's SecurityMiddleware sends a Cross-Origin-Opener-Policy as well, which the other flavors
# do not: it applies when the page is opened on its own, outside the Agent App's frame.
{%- if cookiecutter.auth == "sign-in" %}
# Sign in with LiveChat's popup must still be able to answer the page (settings.py).
CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"
{%- else %}
CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default
{%- endif %}


def fetch(client: Client, method: str, path: str, **extra: object) -> Headers:
    """The headers of the answer to ``method path``."""
    response = client.generic(method, path, **extra)
    response.close()  # static files are streamed from disk
    return response.headers


ANSWERS = {
    "page": ("GET", "/", {}),
    "static-file": ("GET", STATIC_FILE, {}),
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
    # The tests run in development, over plain HTTP (test_emulator.py checks that production
    # leaves 'self' out of frame-ancestors).
    assert_security_headers(headers, DEVELOPMENT_CSP)
    assert headers["Cross-Origin-Opener-Policy"] == CROSS_ORIGIN_OPENER_POLICY


{% if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
def test_the_policy_allows_exactly_what_the_page_loads(client: Client) -> None:
    response = client.get("/")
    policy = directives(response["Content-Security-Policy"])
    html = response.content.decode()
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    stylesheets = re.findall(r'<link[^>]* href="([^"]+)"', html)
    assert scripts and stylesheets
    # The page's own files only: LiveChat's SDKs are served from static/vendor/.
    assert all(not urlsplit(url).netloc for url in [*scripts, *stylesheets])
    assert policy["script-src"] == policy["style-src"] == {"'self'"}
{%- else -%}
def test_the_policy_allows_exactly_the_livechat_files_the_page_loads(client: Client) -> None:
    response = client.get("/")
    policy = directives(response["Content-Security-Policy"])
    html = response.content.decode()
    scripts = re.findall(r'<script[^>]* src="(https://[^"]+)"', html)
    stylesheets = re.findall(r'<link[^>]* href="(https://[^"]+)"', html)
    assert scripts and stylesheets

    def origins(urls: list[str]) -> set[str]:
        return {f"https://{urlsplit(url).netloc}" for url in urls}

    assert policy["script-src"] == {"'self'"} | origins(scripts)
    assert policy["style-src"] == {"'self'"} | origins(stylesheets)
{%- endif %}


@pytest.mark.parametrize("path", ["/", STATIC_FILE, "/healthz", "/api/me"])
def test_https_answers_carry_hsts(client: Client, path: str) -> None:
    assert_security_headers(fetch(client, "GET", path, secure=True), DEVELOPMENT_CSP, https=True)


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


@pytest.mark.parametrize("path", ["/api/me/", "/healthz/", "//healthz", "/emulator"])
def test_no_redirect_takes_its_host_from_the_request(
    client: Client, settings: Settings, path: str
) -> None:
    # The Host header is the client's to write: a Location built from it could send the agent
    # anywhere. Even where ALLOWED_HOSTS lets any host through.
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(path, headers={"Host": "evil.example"})
    location = response.headers.get("Location")
    assert location is None or (location.startswith("/") and not location.startswith("//"))

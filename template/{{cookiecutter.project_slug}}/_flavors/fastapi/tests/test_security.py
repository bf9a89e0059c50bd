from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
from {{ cookiecutter.module_name }}.plumbing.security import (
    OneTrustedProxy,
)

from bad_requests import BODY_PATH, PAGES, STATIC_FILE
from expected_headers import (
    DEVELOPMENT_CSP,
    PRODUCTION_CSP,
    assert_security_headers,
    directives,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
# FastAPI's one policy goes on every answer, the emulator's page included: in development, the
# emulator frames the page from this origin, so frame-src admits 'self' there too. (Flask and
# Django give the emulator's page a policy of its own, and keep the page's frame-src as it is.)
{%- if cookiecutter.auth == "sign-in" and not cookiecutter._sdks[cookiecutter.sdk].widgets %}
FASTAPI_DEVELOPMENT_CSP = DEVELOPMENT_CSP.replace("frame-src ", "frame-src 'self' ")
{%- else %}
FASTAPI_DEVELOPMENT_CSP = DEVELOPMENT_CSP.replace("frame-src 'none'", "frame-src 'self'")
{%- endif %}


class ExternalResources(HTMLParser):
    """The origins the page loads scripts and stylesheets from, besides its own."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: set[str] = set()
        self.stylesheets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self._add(self.scripts, str(attributes["src"]))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self._add(self.stylesheets, str(attributes["href"]))

    @staticmethod
    def _add(origins: set[str], url: str) -> None:
        parts = urlsplit(url)
        if parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")


JSON = {"Content-Type": "application/json"}
PREFLIGHT = {"Origin": AGENT_APP_ORIGIN, "Access-Control-Request-Method": "POST"}


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("GET", "/", None, {}, 200),
        ("GET", STATIC_FILE, None, {}, 200),
        ("GET", "/static/missing.js", None, {}, 404),
        ("GET", "/healthz", None, {}, 200),
        ("GET", "/api/me", None, {}, 401),
        ("GET", "/api/missing", None, {}, 404),
        ("POST", "/healthz", None, {}, 405),
        ("POST", BODY_PATH, b"{", JSON, 400),
        ("POST", BODY_PATH, b"x" * 5000, JSON, 413),
        ("OPTIONS", BODY_PATH, None, PREFLIGHT, 200),
    ],
    ids=[
        "page", "static-file", "missing-static-file", "health", "api-401", "api-404", "405",
        "bad-body", "too-large", "preflight",
    ],
)  # fmt: skip
def test_every_answer_has_the_security_headers(
    client: TestClient,
    method: str,
    path: str,
    body: bytes | None,
    headers: dict[str, str],
    status: int,
) -> None:
    response = client.request(method, path, content=body, headers=headers)
    assert response.status_code == status
    # The fixture's app runs in development, over plain HTTP.
    assert_security_headers(response.headers, FASTAPI_DEVELOPMENT_CSP)


{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}


@pytest.mark.parametrize("path", PAGES)
def test_the_policy_admits_exactly_the_scripts_and_stylesheets_the_page_loads(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    page = ExternalResources()
    page.feed(response.text)
    policy = directives(response.headers["content-security-policy"])
    # The widget pages load LiveChat's SDKs from the app itself (static/vendor/): nothing else.
    assert page.scripts == page.stylesheets == set()
    assert '<script src="static/vendor/agentapp.umd.min.js" defer>' in response.text
{%- else %}


def test_the_policy_admits_exactly_the_scripts_and_stylesheets_the_page_loads(
    client: TestClient,
) -> None:
    response = client.get("/")
    page = ExternalResources()
    page.feed(response.text)
    policy = directives(response.headers["content-security-policy"])
    assert page.scripts and page.stylesheets
{%- endif %}
    assert set(policy["script-src"]) == {"'self'"} | page.scripts
    assert set(policy["style-src"]) == {"'self'"} | page.stylesheets
    # No inline code or styles, no eval.
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.parametrize(
    ("environment", "own_origin"), [("production", []), ("development", ["'self'"])]
)
def test_frame_ancestors_are_the_configured_agent_app_origins(
    settings: Settings, environment: str, own_origin: list[str]
) -> None:
    # Only in development may the app's own pages (the Agent App emulator) frame the page.
    origins = ["https://my.example.com", "http://localhost:8080"]
    update = {"agent_app_origins": origins, "environment": environment}
    app = create_app(settings.model_copy(update=update))
    with TestClient(app) as client:
        policy = directives(client.get("/").headers["content-security-policy"])
    assert policy["frame-ancestors"] == {*own_origin, *origins}


@pytest.mark.parametrize("path", [*PAGES, "/healthz", STATIC_FILE, "/emulator/"])
def test_production_sends_the_production_policy(settings: Settings, path: str) -> None:
    app = create_app(settings.model_copy(update={"environment": "production"}))
    with TestClient(app) as client:
        response = client.get(path)
    assert_security_headers(response.headers, PRODUCTION_CSP)
    assert "'self'" not in directives(PRODUCTION_CSP)["frame-ancestors"]


def test_https_answers_carry_hsts(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        response = client.get("/")
    assert_security_headers(response.headers, FASTAPI_DEVELOPMENT_CSP, https=True)


@pytest.mark.parametrize(("trust_proxy", "hsts"), [(False, False), (True, True)])
def test_a_proxy_says_https_only_when_it_is_trusted(
    settings: Settings, trust_proxy: bool, hsts: bool
) -> None:
    app = create_app(settings.model_copy(update={"trust_proxy": trust_proxy}))
    with TestClient(app) as client:
        response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert ("strict-transport-security" in response.headers) is hsts


def test_the_trusted_proxy_is_the_last_hop() -> None:
    # Entries before the proxy's own came from the client: none of them counts.
    async def echo(scope: Scope, receive: Receive, send: Send) -> None:
        text = f"{scope['scheme']} {scope['client'][0]}"
        await PlainTextResponse(text)(scope, receive, send)

    forwarded = {
        "X-Forwarded-For": "198.51.100.1, 203.0.113.9",
        "X-Forwarded-Proto": "https, http",
    }
    client = TestClient(OneTrustedProxy(echo))
    assert client.get("/", headers=forwarded).text == "http 203.0.113.9"


@pytest.mark.parametrize("path", ["/api/me/", "/healthz/", "//healthz", "/emulator"])
def test_no_redirect_takes_its_host_from_the_request(client: TestClient, path: str) -> None:
    # The Host header is the client's to write: a Location built from it could send the agent
    # anywhere.
    response = client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
    location = response.headers.get("Location")
    assert location is None or (location.startswith("/") and not location.startswith("//"))

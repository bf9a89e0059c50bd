"""Security headers: the Agent App, and only the Agent App, may show the page in a frame."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)

from bad_requests import BODY_PATH, STATIC_FILE
from expected_headers import (
    DEVELOPMENT_CSP,
    HSTS,
    assert_security_headers,
    directives,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]

# One request of each kind the app answers: the page, files, the API, errors, CORS.
REQUESTS = [
    pytest.param("GET", "/", {}, id="page"),
    pytest.param("GET", STATIC_FILE, {}, id="static-file"),
    pytest.param("GET", "/healthz", {}, id="health"),
    pytest.param("GET", "/api/me", {}, id="api-401"),
    pytest.param("POST", BODY_PATH, {"json": {}}, id="api-422"),
    pytest.param("POST", BODY_PATH, {"data": b"x" * 5000}, id="too-large-413"),
    pytest.param("GET", "/no-such-page", {}, id="not-found-404"),
    pytest.param("DELETE", "/healthz", {}, id="wrong-method-405"),
    pytest.param(
        "OPTIONS",
        BODY_PATH,
        {"headers": {"Origin": AGENT_APP_ORIGIN, "Access-Control-Request-Method": "POST"}},
        id="cors-preflight",
    ),
]


def fetch(client: FlaskClient, method: str, path: str, **options: object) -> TestResponse:
    response = client.open(path, method=method, **options)
    response.close()  # static files are sent from an open file
    return response


def policy(response: TestResponse) -> dict[str, set[str]]:
    """The Content-Security-Policy's directives and their sources."""
    return directives(response.headers["Content-Security-Policy"])


class ExternalResources(HTMLParser):
    """The origins of the page's scripts and stylesheets that are not its own."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: set[str] = set()
        self.stylesheets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.scripts.add(origin(str(attributes["src"])))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.add(origin(str(attributes["href"])))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'"


@pytest.mark.parametrize(("method", "path", "options"), REQUESTS)
def test_every_response_carries_the_security_headers(
    client: FlaskClient, method: str, path: str, options: dict[str, object]
) -> None:
    response = fetch(client, method, path, **options)
    # The fixture's app runs in development, over plain HTTP.
    assert_security_headers(response.headers, DEVELOPMENT_CSP)


def test_an_unexpected_500_carries_them_too(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/fails")
    def fails() -> str:
        raise RuntimeError("internal detail")

    response = app.test_client().get("/fails")
    assert response.status_code == 500
    assert_security_headers(response.headers, DEVELOPMENT_CSP)


@pytest.mark.parametrize(("method", "path", "options"), REQUESTS)
def test_https_requests_get_hsts(
    client: FlaskClient, method: str, path: str, options: dict[str, object]
) -> None:
    response = fetch(client, method, path, base_url="https://localhost", **options)
    assert_security_headers(response.headers, DEVELOPMENT_CSP, https=True)


def test_forwarded_headers_are_ignored_by_default(client: FlaskClient) -> None:
    # Any client can send X-Forwarded-Proto: it only counts from a proxy the app trusts.
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_tells_the_app_about_https(settings: Settings) -> None:
    client = create_app(replace(settings, trust_proxy=True)).test_client()
    forwarded = client.get(
        "/healthz", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    )
    assert forwarded.headers["Strict-Transport-Security"] == HSTS
    # The proxy's own plain HTTP requests stay plain.
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_frame_ancestors_are_the_configured_agent_app_origins(settings: Settings) -> None:
    origins = ("https://agents.example", "https://agents.example.net")
    production = replace(settings, environment="production", agent_app_origins=origins)
    client = create_app(production).test_client()
    # In production only the Agent App may frame the page: not even the app's own origin.
    assert policy(client.get("/"))["frame-ancestors"] == set(origins)


def test_development_lets_the_emulator_frame_the_page(settings: Settings) -> None:
    origins = ("https://agents.example",)
    client = create_app(replace(settings, agent_app_origins=origins)).test_client()
    assert policy(client.get("/"))["frame-ancestors"] == {"'self'", *origins}


def test_no_configured_origin_means_no_frame(settings: Settings) -> None:
    production = replace(settings, environment="production", agent_app_origins=())
    client = create_app(production).test_client()
    assert policy(client.get("/"))["frame-ancestors"] == {"'none'"}


def test_the_policy_allows_exactly_what_the_page_loads(client: FlaskClient) -> None:
    page = ExternalResources()
    page.feed(client.get("/").text)
    sources = policy(client.get("/"))
    assert sources["script-src"] == page.scripts
    assert sources["style-src"] == page.stylesheets
    assert "'unsafe-inline'" not in sources["script-src"]


def test_a_view_may_send_its_own_policy(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/embed")
    def embed() -> tuple[str, dict[str, str]]:
        return "<p>embed</p>", {"Content-Security-Policy": "frame-ancestors *"}

    assert app.test_client().get("/embed").headers["Content-Security-Policy"] == (
        "frame-ancestors *"
    )


@pytest.mark.parametrize("path", ["/api/me/", "/healthz/", "//healthz", "/emulator"])
def test_no_redirect_takes_its_host_from_the_request(client: FlaskClient, path: str) -> None:
    # The Host header is the client's to write: a Location built from it could send the agent
    # anywhere.
    response = client.get(path, headers={"Host": "evil.example"})
    location = response.headers.get("Location")
    assert location is None or (location.startswith("/") and not location.startswith("//"))

"""Whatever a client sends, every endpoint answers a JSON (or, for the page, HTML) 4xx: no 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
from {{ cookiecutter.module_name }}.plumbing import (
    bodies,
)
from {{ cookiecutter.module_name }}.plumbing.payloads import (
    BodySizeLimit,
)
{% if cookiecutter.auth == "sign-in" %}
from accounts_server import AccountsServer
{%- endif %}
from bad_requests import (
    BODY_PATH,
    ENDPOINTS,
    FIELDS,
    JSON,
    MALFORMED,
    MAX_BODY_BYTES,
    PAGES,
    READABLE,
    STATIC_FILE,
    UNSAFE_TEXT,
    with_unsafe,
)
{%- if cookiecutter.auth == "basic" %}
from livechat_api_server import LiveChatApiServer
{%- endif %}

REQUESTS = [(method, path) for path, methods in ENDPOINTS.items() for method in methods]


@pytest.fixture(scope="module")
def shared_client() -> Iterator[TestClient]:
    """One app for the whole corpus, which changes nothing in it: the tests run faster."""
{%- if cookiecutter.auth == "sign-in" %}
    with AccountsServer() as accounts_server:
        settings = Settings(
            _env_file=None,
            session_secret="a-test-session-secret-0123456789",
            livechat_client_id="test-client-id",
            livechat_accounts_url=accounts_server.url,
        )
        with TestClient(create_app(settings)) as client:
            yield client
{%- else %}
    with LiveChatApiServer() as livechat_api:
        settings = Settings(
            _env_file=None,
            session_secret="a-test-session-secret-0123456789",
            livechat_api_url=livechat_api.url,
        )
        with TestClient(create_app(settings)) as client:
            yield client
{%- endif %}


def test_the_shared_limit_is_the_apps() -> None:
    assert bodies.MAX_BODY_BYTES == MAX_BODY_BYTES


@pytest.mark.parametrize(("method", "path"), REQUESTS, ids=[f"{m} {p}" for m, p in REQUESTS])
@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_bodies_never_get_a_500(
    shared_client: TestClient, method: str, path: str, case: str
) -> None:
    body, content_type = MALFORMED[case]
    headers = {} if content_type is None else {"Content-Type": content_type}
    # The endpoint's own method, and POST for those that only answer GET.
    for verb in dict.fromkeys([method, "POST"]):
        response = shared_client.request(verb, path, content=body, headers=headers)
        assert response.status_code < 500, (verb, response.text)
        if case == "over-the-limit":
            assert response.status_code == 413, (verb, response.text)
            assert str(MAX_BODY_BYTES) in response.json()["detail"]
        kind = response.headers["content-type"]
        if verb == "GET" and response.status_code == 200 and is_page(path):
            assert not kind.startswith("application/json"), kind
            continue
        assert kind == "application/json", (verb, response.status_code, kind)
        if response.status_code >= 400:
            assert isinstance(response.json()["detail"], str)
        if verb == "POST" and path.startswith(BODY_PATH.rstrip("/")) and case not in READABLE:
            # None of the others is a body to sign in with.
            assert 400 <= response.status_code < 500, (verb, response.text)


def test_the_agent_app_can_read_a_413(client: TestClient) -> None:
    origin = DEFAULT_AGENT_APP_ORIGINS[0]
    response = client.post(BODY_PATH, content=b"x" * 5000, headers={"Origin": origin})
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] == origin


def test_a_body_at_the_limit_is_read() -> None:
    body = b"x" * MAX_BODY_BYTES
    with TestClient(BodySizeLimit(echo_length_app())) as client:
        assert client.post("/", content=body).text == str(MAX_BODY_BYTES)


def test_a_declared_length_over_the_limit_is_refused_before_the_app_runs() -> None:
    calls: list[str] = []
    with TestClient(BodySizeLimit(echo_length_app(calls))) as client:
        response = client.post("/", content=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    assert calls == []


def test_a_body_without_a_length_is_cut_off_while_it_is_read(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"x" * 1024

    # A generator is sent chunked, without Content-Length.
    response = client.post(BODY_PATH, content=chunks(), headers={"Content-Type": JSON})
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/"),
        ("POST", "/healthz"),
        ("DELETE", "/api/me"),
        ("GET", BODY_PATH),
        ("PATCH", STATIC_FILE),
    ],
)
def test_a_wrong_method_gets_a_json_405(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}


@pytest.mark.parametrize("path", ["/api/missing", "/api/me/x", "/missing", "/static/missing.js"])
def test_an_unknown_path_gets_a_json_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def is_page(path: str) -> bool:
    """The pages and their files: what a client may GET that is not JSON."""
    return path in PAGES or path.startswith("/static/")


def echo_length_app(calls: list[str] | None = None) -> Starlette:
    """An app that reads the whole body and answers its length."""

    async def echo(request: Request) -> PlainTextResponse:
        if calls is not None:
            calls.append(request.method)
        return PlainTextResponse(str(len(await request.body())))

    return Starlette(routes=[Route("/", echo, methods=["POST"])])


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", UNSAFE_TEXT)
def test_unsafe_characters_in_a_field_get_a_422(client: TestClient, field: str, name: str) -> None:
    response = client.post(
        BODY_PATH, content=with_unsafe(field, name), headers={"Content-Type": JSON}
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{field}: ")

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
from {{ cookiecutter.module_name }}.payloads import (
    MAX_BODY_BYTES,
    BodySizeLimit,
)
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer
{%- endif %}

ENDPOINTS = [
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/api/me"),
{%- if cookiecutter.auth == "sign-in" %}
    ("POST", "/api/session"),
{%- else %}
    ("POST", "/authorize/"),
    ("POST", "/authorize"),
{%- endif %}
]
{%- if cookiecutter.auth == "sign-in" %}
BODY_PATH = "/api/session"
{%- else %}
BODY_PATH = "/authorize/"
{%- endif %}

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=x"

# Bodies no endpoint expects: (body, Content-Type or None for none at all).
MALFORMED = {
    "not-json": (b"{not json", JSON),
    "truncated-json": (b'{"login": "agent@example.com", "api_key": "ab', JSON),
    "json-array": (b'[{"login": "agent@example.com"}]', JSON),
    "json-string": (b'"agent@example.com"', JSON),
    "json-number": (b"42", JSON),
    "json-null": (b"null", JSON),
    "json-nan": (b'{"login": NaN, "api_key": Infinity, "access_token": -Infinity}', JSON),
    "deeply-nested": (b"[" * 2000 + b"]" * 2000, JSON),
    "deeply-nested-field": (b'{"login": ' + b"[" * 1500 + b"]" * 1500 + b"}", JSON),
    "huge-number": (b'{"login": 1' + b"0" * 4000 + b"}", JSON),
    "huge-string": (b'{"login": "' + b"a" * 10_000 + b'"}', JSON),
    "long-strings": (b'{"login": "%s", "api_key": "%s"}' % (b"a" * 2000, b"k" * 1500), JSON),
    "wrong-types": (b'{"login": {"$ne": null}, "api_key": [], "access_token": true}', JSON),
    "binary": (bytes(range(256)) * 4, "application/octet-stream"),
    "binary-as-json": (bytes(range(256)) * 4, JSON),
    "nul-bytes": (b"\x00" * 64, JSON),
    "invalid-utf8": (b'{"login": "\xff\xfe", "api_key": "\xc3\x28"}', JSON),
    "lone-surrogate": (b'{"login": "\\ud800", "api_key": "k", "access_token": "\\udfff"}', JSON),
    "control-chars": (b'{"login": "a\\u0000", "api_key": "a\\nb", "access_token": "\\r\\n"}', JSON),
    "non-ascii": ('{"login": "agénte", "api_key": "clé", "access_token": "jeton€"}'.encode(), JSON),
    "xml": (b"<login>agent@example.com</login>", "application/xml"),
    "multipart": (b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', MULTIPART),
    "json-as-form": (b'{"login": "agent@example.com"}', FORM),
    "form-as-json": (b"login=agent%40example.com&api_key=k", JSON),
    "form-repeated-keys": (b"login=a%40example.com&login=b%40example.com&api_key=k", FORM),
    "form-bad-escapes": (b"login=%ZZ&api_key=%FF%FE&access_token=%00", FORM),
    "form-no-values": (b"login&api_key&&=", FORM),
    "empty": (b"", JSON),
    "empty-without-type": (b"", None),
    "garbage-without-type": (b"\x89PNG\r\n\x1a\n", None),
    "bad-content-type": (b"{}", "application/json; charset=nonsense; ;;="),
}  # fmt: skip


@pytest.fixture(scope="module")
def shared_client() -> Iterator[TestClient]:
    """One app for the whole corpus, which changes nothing in it: the tests run faster."""
{%- if cookiecutter.auth == "sign-in" %}
    with AccountsServer() as accounts_server:
        settings = Settings(
            _env_file=None,
            session_secret="test-session-secret",
            livechat_client_id="test-client-id",
            livechat_accounts_url=accounts_server.url,
        )
        with TestClient(create_app(settings)) as client:
            yield client
{%- else %}
    settings = Settings(_env_file=None, session_secret="test-session-secret")
    with TestClient(create_app(settings)) as client:
        yield client
{%- endif %}


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
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
        kind = response.headers["content-type"]
        if verb == "GET" and path == "/" and response.status_code == 200:
            assert kind.startswith("text/html")
            continue
        assert kind == "application/json", (verb, response.status_code, kind)
        if response.status_code >= 400:
            assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
def test_a_body_over_the_limit_gets_a_json_413(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, content=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    assert str(MAX_BODY_BYTES) in response.json()["detail"]


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
        ("PATCH", "/static/extension.js"),
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


def echo_length_app(calls: list[str] | None = None) -> Starlette:
    """An app that reads the whole body and answers its length."""

    async def echo(request: Request) -> PlainTextResponse:
        if calls is not None:
            calls.append(request.method)
        return PlainTextResponse(str(len(await request.body())))

    return Starlette(routes=[Route("/", echo, methods=["POST"])])

"""Whatever a client sends, every endpoint answers a JSON error (or the page) and never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

{% if cookiecutter.auth == "sign-in" -%}
from {{ cookiecutter.module_name }}.extension import (
    accounts,
    views,
)
{%- else -%}
from {{ cookiecutter.module_name }}.extension import (
    authorization,
    views,
)
{%- endif %}

# Every endpoint, with the methods it answers.
ENDPOINTS = {
    "/": ("GET", "HEAD"),
    "/healthz": ("GET",),
    "/api/me": ("GET",),
{%- if cookiecutter.auth == "sign-in" %}
    "/api/session": ("POST",),
}
SIGN_IN = "/api/session"
{%- else %}
    "/authorize/": ("POST",),
    "/authorize": ("POST",),
}
SIGN_IN = "/authorize/"
{%- endif %}
LIMIT = 4096  # bytes

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
# Bodies a careless or hostile client sends: (body, Content-Type).
MALFORMED = {
    "empty": (b"", JSON),
    "not-json": (b"{not json", JSON),
    "truncated-json": (b'{"login": "agent@example.com", "api_k', JSON),
    "json-array": (b"[1, 2, 3]", JSON),
    "json-string": (b'"a string"', JSON),
    "json-number": (b"12345678901234567890", JSON),
    "json-null": (b"null", JSON),
    "json-nan": (b"NaN", JSON),
    "deeply-nested-arrays": (b"[" * 2000 + b"]" * 2000, JSON),
    "deeply-nested-objects": (b'{"a": ' * 500 + b"{}" + b"}" * 500, JSON),
    "huge-strings": (json.dumps({"login": "a" * 1900, "api_key": "k" * 1900}).encode(), JSON),
    "over-the-limit": (json.dumps({"login": "a" * LIMIT}).encode(), JSON),
    "binary": (bytes(range(256)) * 4, "application/octet-stream"),
    "binary-as-json": (bytes(range(256)), JSON),
    "invalid-utf8-json": (b'{"login": "\xff\xfe", "api_key": "\xc3\x28"}', JSON),
    "invalid-utf8-form": (b"login=\xff\xfe&api_key=k", FORM),
    "invalid-utf8-untyped": (b"\xff\xfe\xfd", ""),
    "xml": (b"<login>agent@example.com</login>", "application/xml"),
    "multipart": (
        b'--b\r\nContent-Disposition: form-data; name="login"\r\n\r\nagent\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
    ),
    "json-labelled-form": (b'{"login": "agent@example.com"}', FORM),
    "form-labelled-json": (b"login=agent%40example.com&api_key=k", JSON),
    "missing-content-type": (b'{"login": "agent@example.com"}', ""),
    "garbled-content-type": (b"{}", "not/a type; charset=???"),
    "repeated-keys": (b"login=a&login=b&api_key=k&api_key=l&access_token=t&access_token=u", FORM),
    "blank-keys": (b"=&=x&&", FORM),
}


@pytest.mark.parametrize(("body", "content_type"), MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize("path", ENDPOINTS)
def test_malformed_bodies_never_get_a_500(
    client: Client, path: str, body: bytes, content_type: str
) -> None:
    for method in {"POST", ENDPOINTS[path][0]}:
        response = client.generic(method, path, body, content_type=content_type)
        assert response.status_code < 500, (method, response.content)
        if response["Content-Type"].startswith("text/html"):
            # Only the page answers HTML: itself, to a GET.
            assert (path, method, response.status_code) == ("/", "GET", 200)
            continue
        assert response["Content-Type"] == "application/json", (method, response.content)
        answer = response.json()
        if response.status_code >= 400:
            assert isinstance(answer["detail"], str)
        if method == "POST" and path.startswith(SIGN_IN.rstrip("/")):
            # None of these is a body to sign in with.
            assert 400 <= response.status_code < 500
        if body == MALFORMED["over-the-limit"][0]:
            assert response.status_code == 413


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_over_the_limit_is_refused_before_it_is_read(client: Client, path: str) -> None:
    # The request announces a megabyte and carries two bytes: had the app tried to read the
    # body, the test client would have failed the test.
    response = client.post(path, b"{}", content_type=JSON, CONTENT_LENGTH="1000000")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert str(LIMIT) in response.json()["detail"]


def test_the_limit_is_4_kib(client: Client) -> None:
    at_the_limit = b'{"pad": "' + b"x" * (LIMIT - 11) + b'"}'
    assert len(at_the_limit) == LIMIT
    # Read and validated (no login in it), not refused for its size...
    assert client.post(SIGN_IN, at_the_limit, content_type=JSON).status_code == 422
    # ...while one byte more is too large.
    over = at_the_limit[:-2] + b'x"}'
    assert client.post(SIGN_IN, over, content_type=JSON).status_code == 413


@pytest.mark.parametrize("length", ["a lot", "1e3", "0x10"])
def test_an_invalid_content_length_gets_a_json_400(client: Client, length: str) -> None:
    response = client.post(SIGN_IN, b"{}", content_type=JSON, CONTENT_LENGTH=length)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_wrong_methods_get_a_json_405(client: Client, path: str, method: str) -> None:
    if method in ENDPOINTS[path]:
        method = "GET"
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == ", ".join(ENDPOINTS[path])
    assert isinstance(response.json()["detail"], str)


def test_a_failing_endpoint_answers_a_json_500_that_tells_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object) -> object:
        raise RuntimeError("internal detail")

{%- if cookiecutter.auth == "sign-in" %}

    monkeypatch.setattr(accounts.AccountsClient, "verify", fail)
    body = {"access_token": "token"}
{%- else %}

    monkeypatch.setattr(authorization, "authorize_agent", fail)
    body = {"login": "agent@example.com", "api_key": "key"}
{%- endif %}
    client = Client(raise_request_exception=False)
    response = client.post(SIGN_IN, body, content_type=JSON)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "internal detail" not in response.content.decode()


def test_a_failing_page_answers_django_s_error_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> object:
        raise RuntimeError("internal detail")

    # Tests run with DEBUG off, as in production: the page comes from _rendered_page.
    monkeypatch.setattr(views, "_rendered_page", fail)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "internal detail" not in response.content.decode()

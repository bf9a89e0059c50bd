"""Whatever a client sends, every endpoint answers a JSON error (or the page) and never a 500.

The requests come from ``bad_requests.py``, the table every flavor of lcext's projects answers.
"""

from __future__ import annotations

import pytest
from django.test import Client

{% if cookiecutter.auth == "sign-in" -%}
from {{ cookiecutter.module_name }}.extension import views
from {{ cookiecutter.module_name }}.plumbing import accounts
{%- else -%}
from {{ cookiecutter.module_name }}.extension import views
from {{ cookiecutter.module_name }}.plumbing import livechat_api
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

# STATIC_FILE is served by WhiteNoise, which answers a wrong method with an empty 405 rather
# than JSON.
# The methods each endpoint answers, as its Allow header says (Django answers HEAD with GET).
ALLOW = {path: ", ".join(methods) for path, methods in ENDPOINTS.items()}
ALLOW.update(dict.fromkeys((*PAGES, STATIC_FILE), "GET, HEAD"))


@pytest.mark.parametrize("name", MALFORMED)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_malformed_bodies_never_get_a_500(client: Client, path: str, name: str) -> None:
    body, content_type = MALFORMED[name]
    for method in {"POST", ENDPOINTS[path][0]}:
        # Django's test client sends a Content-Type with every body: an empty one is what Django
        # reads when there is none.
        response = client.generic(method, path, body, content_type=content_type or "")
        assert response.status_code < 500, (method, response.status_code)
        if len(body) > MAX_BODY_BYTES:  # "over-the-limit", and others that are as large
            assert response.status_code == 413, method
        elif method == "GET" and path in (*PAGES, STATIC_FILE):
            assert response.status_code == 200  # the page itself, or its script
            response.close()  # WhiteNoise's answer holds the file open until then
            continue
        elif path == STATIC_FILE:
            assert response.status_code == 405
            continue
        assert response["Content-Type"] == "application/json", (method, response.status_code)
        answer = response.json()
        if response.status_code >= 400:
            assert isinstance(answer["detail"], str)
        if method == "POST" and path.startswith(BODY_PATH.rstrip("/")) and name not in READABLE:
            # None of the others is a body to sign in with.
            assert 400 <= response.status_code < 500, method


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_over_the_limit_is_refused_before_it_is_read(client: Client, path: str) -> None:
    # The request announces a megabyte and carries two bytes: had the app tried to read the
    # body, the test client would have failed the test.
    response = client.post(path, b"{}", content_type=JSON, CONTENT_LENGTH="1000000")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert str(MAX_BODY_BYTES) in response.json()["detail"]


def test_the_limit_is_4_kib(client: Client) -> None:
    at_the_limit = b'{"pad": "' + b"x" * (MAX_BODY_BYTES - 11) + b'"}'
    assert len(at_the_limit) == MAX_BODY_BYTES
    # Read and validated (no field in it), not refused for its size...
    assert client.post(BODY_PATH, at_the_limit, content_type=JSON).status_code == 422
    # ...while one byte more is too large.
    over = at_the_limit[:-2] + b'x"}'
    assert client.post(BODY_PATH, over, content_type=JSON).status_code == 413


@pytest.mark.parametrize("length", ["a lot", "1e3", "0x10"])
def test_an_invalid_content_length_gets_a_json_400(client: Client, length: str) -> None:
    response = client.post(BODY_PATH, b"{}", content_type=JSON, CONTENT_LENGTH=length)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_wrong_methods_get_a_405(client: Client, path: str, method: str) -> None:
    if method in ENDPOINTS[path]:
        method = "GET"
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == ALLOW[path]
    if path != STATIC_FILE:
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

    monkeypatch.setattr(livechat_api.LiveChatApi, "verify", fail)
    body = {"login": "agent@example.com", "api_key": "key"}
{%- endif %}
    client = Client(raise_request_exception=False)
    response = client.post(BODY_PATH, body, content_type=JSON)
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


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", UNSAFE_TEXT)
def test_unsafe_characters_in_a_field_get_a_422(client: Client, field: str, name: str) -> None:
    response = client.post(BODY_PATH, with_unsafe(field, name), content_type=JSON)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}: ")

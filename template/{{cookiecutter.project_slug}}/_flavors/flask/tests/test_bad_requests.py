"""Every error is JSON, and no request a client can make gets a 500.

The endpoints and the bad bodies come from ``bad_requests.py``, the table every flavor shares.
"""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import Settings
from {{ cookiecutter.module_name }}.plumbing import payloads

from bad_requests import (
    BODY_PATH,
    ENDPOINTS,
    FIELDS,
    JSON,
    MALFORMED,
    MAX_BODY_BYTES,
    PAGES,
    READABLE,
    UNSAFE_TEXT,
    with_unsafe,
)

# Each endpoint with its own methods; every bad body also goes to each one as a POST.
OWN_CALLS = [(method, path) for path, methods in ENDPOINTS.items() for method in methods]
CALLS = sorted(set(OWN_CALLS) | {("POST", path) for path in ENDPOINTS})
BODY_CALLS = [("POST", path) for path, methods in ENDPOINTS.items() if "POST" in methods]
TOO_LARGE = {"detail": f"the body is larger than {MAX_BODY_BYTES} bytes"}


def call(
    client: FlaskClient, method: str, path: str, body: bytes, content_type: str | None
) -> TestResponse:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    response = client.open(path, method=method, data=body, headers=headers)
    response.close()
    return response


def test_the_app_has_the_shared_body_limit() -> None:
    assert payloads.MAX_BODY_BYTES == MAX_BODY_BYTES


# With sign-in, bodies with a well-formed token reach the accounts stand-in (the client's
# settings start it), which does not know the token: 401.
@pytest.mark.parametrize("name", MALFORMED)
def test_no_body_gets_a_500_from_any_endpoint(client: FlaskClient, name: str) -> None:
    body, content_type = MALFORMED[name]
    for method, path in CALLS:
        response = call(client, method, path, body, content_type)
        where = f"{method} {path}: {response.status_code} {response.mimetype}"
        assert response.status_code < 500, where
        if name == "over-the-limit":
            assert response.status_code == 413, where
            assert response.get_json() == TOO_LARGE, where
        if response.status_code >= 400:
            assert response.mimetype == "application/json", where
            assert isinstance(response.get_json()["detail"], str), where
        elif path in PAGES:
            assert response.mimetype == "text/html", where
        elif path.startswith("/static/"):
            assert response.mimetype == "text/javascript", where
        else:
            assert response.mimetype == "application/json", where
        if method == "POST" and path.startswith(BODY_PATH.rstrip("/")) and name not in READABLE:
            # None of the others is a body to sign in with.
            assert 400 <= response.status_code < 500, where


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:
        raise AssertionError("the body was read")


@pytest.mark.parametrize(("method", "path"), OWN_CALLS)
def test_a_declared_length_over_the_limit_is_refused_before_reading(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(
        path,
        method=method,
        content_type=JSON,
        environ_overrides={"wsgi.input": Unreadable(), "CONTENT_LENGTH": str(10 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(("method", "path"), BODY_CALLS)
def test_a_body_without_length_is_cut_off_while_reading(
    client: FlaskClient, method: str, path: str
) -> None:
    # A chunked upload: no Content-Length, the server ends the stream.
    stream = io.BytesIO(b"{}" + b" " * (100 * MAX_BODY_BYTES))
    response = client.open(
        path,
        method=method,
        input_stream=stream,
        headers={"Content-Type": JSON, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    # Cut short, the body would be valid JSON ("{}" and spaces): it must be refused instead.
    assert response.status_code == 413
    assert response.get_json() == TOO_LARGE
    assert stream.tell() < 100 * MAX_BODY_BYTES  # refused on the way, not after reading it all


@pytest.mark.parametrize(("method", "path"), BODY_CALLS)
def test_a_body_without_length_under_the_limit_is_read_whole(
    client: FlaskClient, method: str, path: str
) -> None:
    stream = io.BytesIO(b"{}" + b" " * (MAX_BODY_BYTES - 100))
    response = client.open(
        path,
        method=method,
        input_stream=stream,
        headers={"Content-Type": JSON, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 422  # read and parsed: the fields are missing


def test_an_unknown_path_is_a_json_404(client: FlaskClient) -> None:
    for path in ("/no-such-page", "/api/no-such-endpoint", "/static/no-such-file.js"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "application/json", path
        assert "not found" in response.get_json()["detail"], path


@pytest.mark.parametrize(("method", "path"), OWN_CALLS)
def test_a_wrong_method_is_a_json_405_that_names_the_allowed_ones(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(path, method="DELETE")
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert method in response.headers["Allow"]
    assert isinstance(response.get_json()["detail"], str)


def test_an_unexpected_failure_is_a_json_500_that_reveals_nothing(settings: Settings) -> None:
    # Not in testing mode: the app handles the error as it would in production.
    app = create_app(settings)

    @app.get("/fails")
    def fails() -> str:
        raise RuntimeError("internal detail")

    response = app.test_client().get("/fails")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert "internal detail" not in response.text
    assert isinstance(response.get_json()["detail"], str)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", UNSAFE_TEXT)
def test_unsafe_characters_in_a_field_get_a_422(client: FlaskClient, field: str, name: str) -> None:
    response = call(client, "POST", BODY_PATH, with_unsafe(field, name), JSON)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["detail"].startswith(f"{field}: ")

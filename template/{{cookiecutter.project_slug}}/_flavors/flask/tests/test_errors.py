"""Every error is JSON, and no request a client can make gets a 500."""

from __future__ import annotations

import io
import json

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import Settings
from {{ cookiecutter.module_name }}.payloads import MAX_BODY_BYTES
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer

FIELDS = ("access_token",)
BODY_ENDPOINTS = [("POST", "/api/session")]
{%- else %}

FIELDS = ("login", "api_key")
BODY_ENDPOINTS = [("POST", "/authorize/"), ("POST", "/authorize")]
{%- endif %}

# Every endpoint, with the method it answers; the corpus also goes to each one as a POST.
ENDPOINTS = [
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/static/extension.js"),
    ("GET", "/api/me"),
    *BODY_ENDPOINTS,
]
CALLS = sorted(set(ENDPOINTS) | {("POST", path) for _, path in ENDPOINTS})

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def each_field(value: object) -> bytes:
    return json.dumps({field: value for field in FIELDS}).encode()


def form(*pairs: tuple[str, str]) -> bytes:
    return "&".join(f"{name}={value}" for name, value in pairs).encode()


# Bodies a client may send by mistake or on purpose: none may cause a 500.
CORPUS = {
    "empty": (b"", None),
    "empty-json": (b"", JSON),
    "not-json": (b"{not json", JSON),
    "truncated-json": (b'{"' + FIELDS[0].encode() + b'": "agent@exa', JSON),
    "json-array": (b"[1, 2, 3]", JSON),
    "json-string": (b'"a string"', JSON),
    "json-number": (b"42", JSON),
    "json-null": (b"null", JSON),
    "json-true": (b"true", JSON),
    "nested-arrays": (b"[" * 2000 + b"]" * 2000, JSON),
    "nested-objects": (b'{"a":' * 600 + b"1" + b"}" * 600, JSON),
    "nested-as-text": (b"[" * 4000, "text/plain"),
    "huge-string": (json.dumps({FIELDS[0]: "x" * 4000}).encode(), JSON),
    "over-the-limit": (b"x" * (MAX_BODY_BYTES + 1), JSON),
    "huge-number": (b'{"n": ' + b"9" * 4000 + b"}", JSON),
    "fields-of-other-types": (each_field([1, {"a": None}]), JSON),
    "fields-null": (each_field(None), JSON),
    "fields-objects": (each_field({"$ne": ""}), JSON),
    "lone-surrogate": (b'{"' + FIELDS[0].encode() + b'": "\\ud800"}', JSON),
    "control-characters": (each_field("agent\u0000\r\nSet-Cookie: x=1"), JSON),
    "non-ascii": (each_field("ключ-🔑"), JSON),
    "binary": (bytes(range(256)), "application/octet-stream"),
    "binary-as-json": (bytes(range(256)), JSON),
    "binary-as-form": (bytes(range(256)), FORM),
    "binary-without-type": (bytes(range(256)), None),
    "invalid-utf8": (b'{"' + FIELDS[0].encode() + b'": "\xff\xfe"}', JSON),
    "utf16-json": (each_field("agent@example.com").decode().encode("utf-16"), JSON),
    "latin1-json": (json.dumps({FIELDS[0]: "agént"}, ensure_ascii=False).encode("latin-1"), JSON),
    "xml": (b"<login>agent</login>", "application/xml"),
    "multipart": (
        b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
    ),
    "garbage-content-type": (b"{}", "no such type;;; =="),
    "form-repeated-keys": (form(*((field, value) for field in FIELDS for value in "ab")), FORM),
    "form-bad-escapes": (form(*((field, "%ZZ%FF") for field in FIELDS)), FORM),
    "form-without-values": (b"&&=&" + "&".join(FIELDS).encode(), FORM),
    "form-as-text": (form(*((field, "value") for field in FIELDS)), "text/plain"),
}


def call(
    client: FlaskClient, method: str, path: str, body: bytes, content_type: str | None
) -> TestResponse:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    response = client.open(path, method=method, data=body, headers=headers)
    response.close()
    return response


@pytest.mark.parametrize(("body", "content_type"), CORPUS.values(), ids=CORPUS.keys())
def test_no_body_gets_a_500_from_any_endpoint(
{%- if cookiecutter.auth == "sign-in" %}
    client: FlaskClient,
    accounts_server: AccountsServer,
    body: bytes,
    content_type: str | None,
) -> None:
    # Bodies with a well-formed token reach the stand-in, which does not know it: 401.
{%- else %}
    client: FlaskClient, body: bytes, content_type: str | None
) -> None:
{%- endif %}
    for method, path in CALLS:
        response = call(client, method, path, body, content_type)
        where = f"{method} {path}: {response.status_code} {response.mimetype}"
        assert response.status_code < 500, where
        if response.status_code >= 400:
            assert response.mimetype == "application/json", where
            assert isinstance(response.get_json()["detail"], str), where
        elif path == "/":
            assert response.mimetype == "text/html", where
        elif path.startswith("/static/"):
            assert response.mimetype == "text/javascript", where
        else:
            assert response.mimetype == "application/json", where


@pytest.mark.parametrize(("method", "path"), CALLS)
def test_every_endpoint_refuses_a_body_over_the_limit(
    client: FlaskClient, method: str, path: str
) -> None:
    response = call(client, method, path, b"x" * (MAX_BODY_BYTES + 1), JSON)
    assert response.status_code == 413
    assert response.get_json() == {"detail": f"the body is larger than {MAX_BODY_BYTES} bytes"}


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:
        raise AssertionError("the body was read")


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
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


@pytest.mark.parametrize(("method", "path"), BODY_ENDPOINTS)
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
    assert response.get_json() == {"detail": f"the body is larger than {MAX_BODY_BYTES} bytes"}
    assert stream.tell() < 100 * MAX_BODY_BYTES  # refused on the way, not after reading it all


@pytest.mark.parametrize(("method", "path"), BODY_ENDPOINTS)
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


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
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

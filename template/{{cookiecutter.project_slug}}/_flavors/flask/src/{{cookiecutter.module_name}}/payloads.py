"""Reading small request bodies sent as JSON or as form data, with clear 4xx errors."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import Flask, abort, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

# No endpoint of the extension takes more: each one answers a larger body with a 413.
MAX_BODY_BYTES = 4 * 1024
TOO_LARGE = f"the body is larger than {MAX_BODY_BYTES} bytes"

# Credentials travel on in HTTP headers, which hold visible ASCII only.
_VISIBLE_ASCII = re.compile(r"[!-~]+")


def init_app(app: Flask) -> None:
    """Refuse bodies over ``MAX_BODY_BYTES`` on every endpoint with a 413."""
    # Werkzeug stops reading a body without Content-Length (chunked) at this size.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.before_request
    def refuse_large_bodies() -> None:
        # Flask only checks the limit when a view reads the body; a declared length over it
        # is refused up front, by every endpoint, before anything is read.
        if (request.content_length or 0) > MAX_BODY_BYTES:
            abort(413, TOO_LARGE)


@dataclass(frozen=True)
class TextField:
    """A required string field: surrounding whitespace is stripped, a blank value refused."""

    name: str
    max_length: int
    # A credential (API key, access token) must be visible ASCII: no spaces, no other script.
    credential: bool = False


def read_fields(*fields: TextField) -> tuple[str, ...]:
    """The fields' values from the request body, in order.

    Errors answer 4xx with a message that names the fields and never echoes their values.
    """
    data = _decode(_read_body(), request.mimetype)
    values: list[str] = []
    problems: list[str] = []
    for field in fields:
        value = data.get(field.name)
        text = value.strip() if isinstance(value, str) else None
        if field.name not in data:
            problems.append(f"{field.name}: field required")
        elif text is None:
            problems.append(f"{field.name}: must be a string")
        elif not text:
            problems.append(f"{field.name}: must not be blank")
        elif len(text) > field.max_length:
            problems.append(f"{field.name}: at most {field.max_length} characters")
        elif field.credential and not _VISIBLE_ASCII.fullmatch(text):
            problems.append(f"{field.name}: must be visible ASCII characters")
        elif not text.isprintable():
            # Control characters, and the lone surrogates that JSON's \ud800 escapes make.
            problems.append(f"{field.name}: must be printable text")
        else:
            values.append(text)
    if problems:
        abort(422, "; ".join(problems))
    return tuple(values)


def _read_body() -> bytes:
    try:
        body = request.get_data(cache=False)
        # Without Content-Length (a chunked body), Werkzeug stops reading at the limit and
        # returns what it read; reading on raises RequestEntityTooLarge if the body went on.
        request.stream.read(1)
    except RequestEntityTooLarge:
        abort(413, TOO_LARGE)
    return body


def _decode(body: bytes, media_type: str) -> dict[str, object]:
    if media_type == "application/json":
        return _json_object(body)
    if media_type == "application/x-www-form-urlencoded":
        return _form(body)
    if media_type in ("", "text/plain"):
        # LiveChat does not document how the Agent App encodes the /authorize/ body, and a
        # browser's fetch() sends a string body as text/plain: accept JSON or form data here.
        try:
            return _json_object(body)
        except BadRequest:
            return _form(body)
    abort(415, "send the body as application/json or application/x-www-form-urlencoded")


def _json_object(body: bytes) -> dict[str, object]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        abort(400, "the body is not valid JSON")
    except RecursionError:
        abort(400, "the body's JSON is nested too deeply")
    if not isinstance(data, dict):
        abort(400, "the body must be a JSON object")
    return data


def _form(body: bytes) -> dict[str, object]:
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=bool(body),
            errors="strict",  # a %-escape that is not UTF-8 is an error, not a stand-in character
        )
    except (UnicodeDecodeError, ValueError):
        abort(400, "the body is not valid form data")
    data = dict(pairs)
    if len(data) < len(pairs):
        # Which of the values would count is a guess: refuse rather than pick one.
        abort(400, "a form field is given more than once")
    return data

"""Reading the API's small request bodies, with clear 4xx errors (see ``bodies.py``)."""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.exceptions import RequestEntityTooLarge

from .bodies import MAX_BODY_BYTES, TOO_LARGE, BodyError, body_fields
from .fields import TextField, text_values

__all__ = ["MAX_BODY_BYTES", "TextField", "init_app", "read_fields"]


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


def read_fields(*fields: TextField) -> tuple[str, ...]:
    """The fields' values from the request body, in order.

    Errors answer 4xx with a message that names the fields and never echoes their values.
    """
    try:
        return text_values(body_fields(_read_body(), request.content_type or ""), *fields)
    except BodyError as error:
        abort(error.status, error.detail)


def _read_body() -> bytes:
    try:
        body = request.get_data(cache=False)
        # Without Content-Length (a chunked body), Werkzeug stops reading at the limit and
        # returns what it read; reading on raises RequestEntityTooLarge if the body went on.
        request.stream.read(1)
    except RequestEntityTooLarge:
        abort(413, TOO_LARGE)
    return body

"""Reading small request bodies sent as JSON or as form data, with clear 4xx errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import abort, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

MAX_BODY_BYTES = 4 * 1024


@dataclass(frozen=True)
class TextField:
    """A required string field: surrounding whitespace is stripped, a blank value refused."""

    name: str
    max_length: int


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
        else:
            values.append(text)
    if problems:
        abort(422, "; ".join(problems))
    return tuple(values)


def _read_body() -> bytes:
    # The limit applies to this request only: an upload endpoint of yours keeps Flask's own
    # MAX_CONTENT_LENGTH.
    request.max_content_length = MAX_BODY_BYTES
    try:
        return request.get_data(cache=False)
    except RequestEntityTooLarge:
        abort(413, f"the body is larger than {MAX_BODY_BYTES} bytes")


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
    return dict(pairs)

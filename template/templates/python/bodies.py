"""Small request bodies sent as JSON or as form data: their fields, or a 4xx that says why not.

Framework-free, so that every Python flavor reads bodies the same way; each answers a
``BodyError`` in its own way.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from urllib.parse import parse_qsl

# No endpoint of the extension takes more: each one answers a larger body with a 413.
MAX_BODY_BYTES = 4 * 1024
TOO_LARGE = f"the body is larger than {MAX_BODY_BYTES} bytes"


# What no login, API key or access token holds: control characters (\r, \n, \t, \0 and the rest
# of Unicode's Cc), line and paragraph separators, and the controls that reorder text on screen.
# In a header or a log line they would forge a line, or disguise what is shown.
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)
UNSAFE_TEXT = "must not hold control characters, line separators or bidirectional controls"


class BodyError(Exception):
    """The body cannot be used: answer ``status`` with ``detail``, which never quotes it."""

    def __init__(self, status: HTTPStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def body_fields(body: bytes, content_type: str) -> dict[str, object]:
    """The fields of a body of the given Content-Type, as the JSON object or form it holds."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json":
        return _json_object(body)
    if media_type == "application/x-www-form-urlencoded":
        return _form(body)
    if media_type in ("", "text/plain"):
        # LiveChat does not document how the Agent App encodes the /authorize/ body, and a
        # browser's fetch() sends a string body as text/plain: accept JSON or form data here.
        try:
            return _json_object(body)
        except BodyError:
            return _form(body)
    raise BodyError(
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        "send the body as application/json or application/x-www-form-urlencoded",
    )


def _json_object(body: bytes) -> dict[str, object]:
    try:
        data = json.loads(body)
        # Lone surrogates ("\ud800") parse, but no UTF-8 answer or log line can hold them.
        json.dumps(data, ensure_ascii=False).encode()
    # RecursionError: JSON nested a few thousand levels deep.
    except (UnicodeError, ValueError, RecursionError):
        raise BodyError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise BodyError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
    return data


def _form(body: bytes) -> dict[str, object]:
    # Parsed strictly: "login&api_key" is a malformed body, not two blank fields, a %-escape that
    # is not UTF-8 is refused rather than mangled, and a field sent twice is ambiguous rather
    # than the last one winning.
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=bool(body),
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError):
        raise BodyError(HTTPStatus.BAD_REQUEST, "the body is not valid form data") from None
    fields = dict(pairs)
    if len(fields) < len(pairs):
        raise BodyError(HTTPStatus.BAD_REQUEST, "a form field is given more than once")
    return fields

"""Reading small request bodies sent as JSON or as form data, with clear 4xx errors."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import parse_qsl

from django import forms
from django.http import HttpRequest

from {{ cookiecutter.module_name }}.extension.api import ApiError

MAX_BODY_BYTES = 4 * 1024

FormType = TypeVar("FormType", bound=forms.Form)


def read_form(request: HttpRequest, form_class: type[FormType]) -> FormType:
    """The body, validated by ``form_class``; errors name the fields, never echo their values."""
    form = form_class(_decode(_read_body(request), request.content_type or ""))
    if not form.is_valid():
        problems = "; ".join(
            f"{field}: {' '.join(str(message) for message in messages)}"
            for field, messages in form.errors.items()
        )
        raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, problems)
    return form


def _read_body(request: HttpRequest) -> bytes:
    # Django stops reading at the announced Content-Length: reading one byte past the limit
    # tells a body that is too large without ever holding more of it.
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is larger than {MAX_BODY_BYTES} bytes"
        )
    return body


def _decode(body: bytes, content_type: str) -> dict[str, object]:
    media_type = content_type.strip().lower()
    if media_type == "application/json":
        return _json_object(body)
    if media_type == "application/x-www-form-urlencoded":
        return _form(body)
    if media_type in ("", "text/plain"):
        # LiveChat does not document how the Agent App encodes the /authorize/ body, and a
        # browser's fetch() sends a string body as text/plain: accept JSON or form data here.
        try:
            return _json_object(body)
        except ApiError:
            return _form(body)
    raise ApiError(
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        "send the body as application/json or application/x-www-form-urlencoded",
    )


def _json_object(body: bytes) -> dict[str, object]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
    return data


def _form(body: bytes) -> dict[str, object]:
    # Parsed strictly, unlike request.POST: "login&api_key" is a malformed body, not two blank
    # fields, and a value that is not UTF-8 is refused rather than mangled.
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=bool(body),
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body is not valid form data") from None
    return dict(pairs)

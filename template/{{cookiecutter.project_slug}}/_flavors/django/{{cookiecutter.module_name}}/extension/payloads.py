"""Reading small request bodies sent as JSON or as form data, with clear 4xx errors."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, UnreadablePostError

from .api import ApiError

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
    # The limit_request_body middleware has refused larger bodies already; this keeps the
    # answer a JSON 413 for a view reached some other way.
    try:
        return request.body
    except RequestDataTooBig:
        raise ApiError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            f"the body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes",
        ) from None
    except UnreadablePostError:
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body ended early") from None


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
    # RecursionError: JSON nested a few thousand levels deep.
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
    return data


def _form(body: bytes) -> dict[str, object]:
    # Parsed strictly, unlike request.POST: "login&api_key" is a malformed body, not two blank
    # fields, a value that is not UTF-8 is refused rather than mangled, and a field sent twice
    # is ambiguous rather than the last one winning.
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=bool(body),
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body is not valid form data") from None
    fields = dict(pairs)
    if len(fields) < len(pairs):
        raise ApiError(HTTPStatus.BAD_REQUEST, "a field of the form data is repeated")
    return fields

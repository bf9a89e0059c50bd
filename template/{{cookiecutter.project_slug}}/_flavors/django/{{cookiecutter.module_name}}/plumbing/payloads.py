"""Reading the API's small request bodies, with clear 4xx errors (see ``bodies.py``).

Two short string fields need no Django form: a form deep-copies its fields for every request,
which made up a quarter of the time ``/authorize/`` took.
"""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, UnreadablePostError

from ..extension.api import ApiError
from .bodies import BodyError, body_fields
from .fields import TextField, text_values

__all__ = ["TextField", "read_fields"]


def read_fields(request: HttpRequest, *fields: TextField) -> tuple[str, ...]:
    """The fields' values from the request body, in order.

    Errors answer 4xx with a message that names the fields and never echoes their values.
    """
    try:
        return text_values(
            body_fields(_read_body(request), request.META.get("CONTENT_TYPE", "")), *fields
        )
    except BodyError as error:
        raise ApiError(error.status, error.detail) from None


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

"""Small request bodies sent as JSON or as form data: a size limit and clear 4xx JSON errors."""

from __future__ import annotations

import json
import re
from typing import Annotated, TypeVar
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, SecretStr, ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 4 * 1024
TOO_LARGE = f"the body is larger than {MAX_BODY_BYTES} bytes"
# What an API key or an access token may hold: they end up in HTTP headers.
PRINTABLE_ASCII = re.compile(r"[!-~]+")

Model = TypeVar("Model", bound=BaseModel)


class BodySizeLimit:
    """Answers 413 to a body over ``MAX_BODY_BYTES``, on every endpoint.

    A Content-Length over the limit is refused before the app runs; a body without one is
    counted while the app reads it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > MAX_BODY_BYTES:
            response = JSONResponse({"detail": TOO_LARGE}, status.HTTP_413_CONTENT_TOO_LARGE)
            await response(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, TOO_LARGE)
            return message

        await self.app(scope, receive_within_limit, send)


def _declared_length(scope: Scope) -> int:
    try:
        return int(Headers(scope=scope).get("content-length", "0"))
    except ValueError:
        return 0  # the server refuses a malformed Content-Length before it gets here


def _printable_ascii(value: SecretStr) -> SecretStr:
    if not PRINTABLE_ASCII.fullmatch(value.get_secret_value()):
        raise ValueError("must be printable ASCII without spaces")
    return value


# An API key or an access token: kept out of reprs, logs and error messages.
Credential = Annotated[SecretStr, AfterValidator(_printable_ascii)]


async def read_payload(request: Request, model: type[Model]) -> Model:
    """Parse the body into ``model``; errors name the fields, never echo their values."""
    fields = _decode(await request.body(), request.headers.get("content-type", ""))
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors(include_input=False, include_url=False)
        )
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problems) from None


def _decode(body: bytes, content_type: str) -> dict[str, object]:
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
        except HTTPException:
            return _form(body)
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        "send the body as application/json or application/x-www-form-urlencoded",
    )


def _json_object(body: bytes) -> dict[str, object]:
    try:
        data = json.loads(body)
        # Unpaired surrogates ("\ud800") parse, but no UTF-8 answer or log line can hold them.
        json.dumps(data, ensure_ascii=False).encode()
    except (UnicodeError, ValueError, RecursionError):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the body must be a JSON object")
    return data


def _form(body: bytes) -> dict[str, object]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeError, ValueError):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "the body is not valid form data"
        ) from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "send each form field once")
    return fields

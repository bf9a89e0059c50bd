"""The API's small request bodies: a size limit, and their fields (see ``bodies.py``) validated
by pydantic models, with clear 4xx JSON errors."""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, BeforeValidator, SecretStr, ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .bodies import (
    MAX_BODY_BYTES,
    TOO_LARGE,
    UNSAFE_CHARACTERS,
    UNSAFE_TEXT,
    BodyError,
    body_fields,
)

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


def _safe_text(value: object) -> object:
    # Before pydantic strips whitespace: "agent\n" is refused, not quietly read as "agent".
    if isinstance(value, str) and UNSAFE_CHARACTERS.search(value):
        raise ValueError(UNSAFE_TEXT)
    return value


# A login, or any text that goes on to a header or a log line.
SafeText = Annotated[str, BeforeValidator(_safe_text)]
# An API key or an access token: kept out of reprs, logs and error messages.
Credential = Annotated[SecretStr, BeforeValidator(_safe_text), AfterValidator(_printable_ascii)]


async def read_payload(request: Request, model: type[Model]) -> Model:
    """Parse the body into ``model``; errors name the fields, never echo their values."""
    try:
        fields = body_fields(await request.body(), request.headers.get("content-type", ""))
    except BodyError as error:
        raise HTTPException(error.status, error.detail) from None
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors(include_input=False, include_url=False)
        )
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problems) from None

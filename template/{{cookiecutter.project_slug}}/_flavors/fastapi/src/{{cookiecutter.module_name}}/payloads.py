"""Reading small request bodies sent as JSON or as form data, with clear 4xx errors."""

from __future__ import annotations

import json
from typing import TypeVar
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request, status
from pydantic import BaseModel, ValidationError

MAX_BODY_BYTES = 4 * 1024

Model = TypeVar("Model", bound=BaseModel)


async def read_payload(request: Request, model: type[Model]) -> Model:
    """Parse the body into ``model``; errors name the fields, never echo their values."""
    fields = _decode(await _read_body(request), request.headers.get("content-type", ""))
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors(include_input=False, include_url=False)
        )
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problems) from None


async def _read_body(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"the body is larger than {MAX_BODY_BYTES} bytes",
            )
    return bytes(body)


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
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the body must be a JSON object")
    return data


def _form(body: bytes) -> dict[str, object]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "the body is not valid form data"
        ) from None
    return dict(pairs)

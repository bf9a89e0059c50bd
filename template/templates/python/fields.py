"""Required text fields of a request body, checked with errors that never echo a value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus

from .bodies import UNSAFE_CHARACTERS, UNSAFE_TEXT, BodyError

# Credentials travel on in HTTP headers, which hold visible ASCII only.
_VISIBLE_ASCII = re.compile(r"[!-~]+")


@dataclass(frozen=True)
class TextField:
    """A required string field: surrounding whitespace is stripped, a blank value refused."""

    name: str
    max_length: int
    # A credential (API key, access token) must be visible ASCII: no spaces, no other script.
    credential: bool = False


def text_values(data: dict[str, object], *fields: TextField) -> tuple[str, ...]:
    """The values of ``fields`` in ``data``, in order; a 422 names every field that is wrong.

    The message never echoes a value: an API key sent in the wrong field stays out of it.
    """
    values: list[str] = []
    problems: list[str] = []
    for field in fields:
        value = data.get(field.name)
        text = value.strip() if isinstance(value, str) else None
        if value is None:
            problems.append(f"{field.name}: field required")
        elif text is None:
            problems.append(f"{field.name}: must be a string")
        elif UNSAFE_CHARACTERS.search(value):
            # Checked before stripping: "agent\n" is refused, not quietly read as "agent".
            problems.append(f"{field.name}: {UNSAFE_TEXT}")
        elif not text:
            problems.append(f"{field.name}: must not be blank")
        elif len(text) > field.max_length:
            problems.append(f"{field.name}: at most {field.max_length} characters")
        elif field.credential and not _VISIBLE_ASCII.fullmatch(text):
            problems.append(f"{field.name}: must be visible ASCII characters")
        elif not text.isprintable():
            # Control characters, which have no place in a login or an access token.
            problems.append(f"{field.name}: must be printable text")
        else:
            values.append(text)
    if problems:
        raise BodyError(HTTPStatus.UNPROCESSABLE_ENTITY, "; ".join(problems))
    return tuple(values)

"""What the commands share: the option schema, its choices as Typer types, one-line failures."""

from __future__ import annotations

from enum import Enum
from typing import NoReturn

import typer

from lcext.options import ChoiceOption, OptionSchema, load_schema
from lcext.template import template_dir

SCHEMA: OptionSchema = load_schema(template_dir())
AUTH = SCHEMA.choice_options["auth"]
FRAMEWORK = SCHEMA.choice_options["framework"]


def _choice_enum(option: ChoiceOption) -> type[Enum]:
    # Typer lists an Enum's values as the allowed choices and completes them in shells.
    return Enum(option.name.title(), {value: value for value in option.values}, type=str)  # type: ignore[return-value]


# Built from the schema at run time, so mypy cannot use them as types (hence the ignores where
# they annotate parameters).
AuthChoice = _choice_enum(AUTH)
FrameworkChoice = _choice_enum(FRAMEWORK)


def fail(message: str, code: int) -> NoReturn:
    """Report one line on stderr and exit with ``code``: no traceback, ever."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)

"""What the commands share: the option schema, its choices as Typer types, one-line failures."""

from __future__ import annotations

from enum import Enum
from typing import NoReturn

import typer

from lcext.options import ChoiceOption, OptionSchema, load_schema
from lcext.template import template_dir


def current_schema() -> OptionSchema:
    """The options of the template lcext uses now (read when asked, never at import)."""
    return load_schema(template_dir())


def choice_enum(option: ChoiceOption) -> type[Enum]:
    """The option's values as an Enum: Typer lists them as the allowed choices and completes
    them in shells."""
    return Enum(option.name.title(), {value: value for value in option.values}, type=str)  # type: ignore[return-value]


def fail(message: str, code: int) -> NoReturn:
    """Report one line on stderr and exit with ``code``: no traceback, ever."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)

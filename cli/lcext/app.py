"""The ``lcext`` command line: the Typer app. Each command lives in ``lcext.commands``; heavy
imports happen inside the commands, so ``--help`` and ``--version`` stay fast."""

from __future__ import annotations

from typing import Annotated

import typer

from lcext import __version__
from lcext.commands.choices import list_choices
from lcext.commands.common import current_schema
from lcext.commands.doctor import doctor
from lcext.commands.new import new_command
from lcext.commands.update import update


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"lcext {__version__}")
        raise typer.Exit()


def _cli(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Start a LiveChat Agent App extension: a tested project with init and auth in place."""


def build_app() -> typer.Typer:
    """The command line for the template that ``template_dir()`` finds now: ``new``'s flags
    are the schema's choice options."""
    app = typer.Typer(
        name="lcext",
        help="Start a LiveChat Agent App extension: a tested project with init and auth in place.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback()(_cli)
    app.command(name="new")(new_command(current_schema()))
    app.command()(update)
    app.command(name="list")(list_choices)
    app.command()(doctor)
    return app


app = build_app()


def main() -> None:
    app()

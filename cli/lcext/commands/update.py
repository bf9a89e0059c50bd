"""``lcext update``: merge the installed template's changes into a generated project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lcext.commands.common import fail
from lcext.errors import LcextError


def update(
    project: Annotated[
        Path, typer.Argument(help="The generated project's folder.", show_default=True)
    ] = Path("."),
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; exit 1 if the project is behind the template."
        ),
    ] = False,
    set_answers: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Change an answer: project_name or a choice that lcext list shows, e.g. "
            "--set auth=sign-in (repeatable); the change is merged like any template change.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Bring a generated project up to date with the installed template, keeping your edits."""
    from lcext.update import update_project

    try:
        report = update_project(project, changes=_parse_changes(set_answers or []), check=check)
    except LcextError as error:
        fail(str(error), error.exit_code)
    if report.up_to_date:
        typer.echo("Up to date with the template.")
        return
    if check:
        typer.echo(f"Behind the template: {len(report.changed)} file(s) differ.")
        for relative in report.changed:
            typer.echo(f"  {relative}")
        raise typer.Exit(code=1)
    for label, paths in (
        ("Updated", report.written),
        ("Added", report.added),
        ("Removed", report.removed),
        ("Merged", report.merged),
    ):
        for relative in paths:
            typer.echo(f"{label} {relative}")
    if report.conflicts:
        for conflict in report.conflicts:
            typer.echo(f"Conflict {conflict}", err=True)
        fail(f"{len(report.conflicts)} conflict(s) to resolve; the rest is merged", 1)
    typer.echo("Merged the template's changes.")


def _parse_changes(items: list[str]) -> dict[str, str]:
    changes = {}
    for item in items:
        key, separator, value = item.partition("=")
        if not separator or not key:
            fail(f"--set takes KEY=VALUE, such as auth=sign-in; got {item!r}", 2)
        changes[key] = value
    return changes

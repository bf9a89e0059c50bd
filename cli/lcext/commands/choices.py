"""``lcext list``: every choice option with its values, and which combinations are refused."""

from __future__ import annotations

import typer

from lcext.commands.common import current_schema


def list_choices() -> None:
    """List every choice (auth modes, frameworks, ...) and which combinations lcext can create."""
    schema = current_schema()
    for option in schema.choice_options.values():
        typer.echo(f"{option.prompt} (--{option.name}):")
        width = max(len(value) for value in option.values)
        for choice in option.choices:
            typer.echo(f"  {choice.value:{max(width, 9)}} {choice.label}")
        typer.echo("")
    if not schema.forbidden:
        typer.echo("Combinations: every one is allowed.")
        return
    typer.echo("Combinations: every one except")
    for rule in schema.forbidden:
        flags = " ".join(f"--{name} {value}" for name, value in rule.when.items())
        typer.echo(f"  {flags}: {rule.why}")

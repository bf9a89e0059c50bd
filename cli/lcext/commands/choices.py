"""``lcext list``: the frameworks and auth modes, and which combinations are allowed."""

from __future__ import annotations

import typer

from lcext.commands.common import AUTH, FRAMEWORK, SCHEMA


def list_choices() -> None:
    """List the auth modes and frameworks, and which combinations lcext can create."""
    for option, flag in ((AUTH, "--auth"), (FRAMEWORK, "--framework")):
        typer.echo(f"{option.prompt} ({flag}):")
        for choice in option.choices:
            typer.echo(f"  {choice.value:9} {choice.label}")
        typer.echo("")
    typer.echo("Combinations:")
    for framework in FRAMEWORK.values:
        allowed = [a for a in AUTH.values if SCHEMA.allowed({"auth": a, "framework": framework})]
        line = f"  {framework:9} {', '.join(allowed)}"
        for refused in (a for a in AUTH.values if a not in allowed):
            line += (
                f"  (not {refused}: {SCHEMA.refusal({'auth': refused, 'framework': framework})})"
            )
        typer.echo(line)

"""The ``lcext`` command line: parse and prompt, call the core, turn its errors into one line."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from lcext import __version__
from lcext.errors import LcextError
from lcext.options import ChoiceOption, OptionSchema, load_schema
from lcext.template import template_dir

SCHEMA: OptionSchema = load_schema(template_dir())
AUTH = SCHEMA.choice_options["auth"]
FRAMEWORK = SCHEMA.choice_options["framework"]


def _choice_enum(option: ChoiceOption) -> type[Enum]:
    # Typer lists an Enum's values as the allowed choices and completes them in shells.
    return Enum(option.name.title(), {value: value for value in option.values}, type=str)  # type: ignore[return-value]


# Built from the schema at run time, so mypy cannot use them as types (hence the ignores below).
AuthChoice = _choice_enum(AUTH)
FrameworkChoice = _choice_enum(FRAMEWORK)

app = typer.Typer(
    name="lcext",
    help="Start a LiveChat Agent App extension: a tested project with init and auth in place.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"lcext {__version__}")
        raise typer.Exit()


@app.callback()
def cli(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Start a LiveChat Agent App extension: a tested project with init and auth in place."""


@app.command()
def new(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Project name; the folder and package names are derived from it.",
            show_default=False,
        ),
    ] = None,
    auth: Annotated[
        AuthChoice | None,  # type: ignore[valid-type]
        typer.Option(help=AUTH.help_text(), show_default=False),
    ] = None,
    framework: Annotated[
        FrameworkChoice | None,  # type: ignore[valid-type]
        typer.Option(help=FRAMEWORK.help_text(), show_default=False),
    ] = None,
    output_dir: Annotated[
        Path,
        typer.Option("--output-dir", "-o", help="Folder in which to create the project folder."),
    ] = Path("."),
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt: unset choices take the first listed."),
    ] = False,
) -> None:
    """Create a new extension project; prompts for what the options leave out."""
    from lcext.generate import Answers, render_project

    interactive = not no_input and _stdin_is_terminal()
    given: dict[str, Enum | None] = {AUTH.name: auth, FRAMEWORK.name: framework}
    answers = Answers(
        project_name=_project_name(name, interactive),
        **_choices(
            {key: value.value for key, value in given.items() if value is not None}, interactive
        ),
    )
    try:
        project = render_project(answers, output_dir=output_dir)
    except LcextError as error:
        _fail(str(error), error.exit_code)
    typer.echo(f"Created {project} ({answers.auth}, {answers.framework}).")
    typer.echo(f"Next: cd {project} and follow its README.md to run it and its tests.")


@app.command()
def doctor(
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="The extension page's URL, as entered in the Developers Console.",
            show_default=False,
        ),
    ],
    auth: Annotated[
        AuthChoice | None,  # type: ignore[valid-type]
        typer.Option(
            help="Check for this auth mode instead of detecting it from the page.",
            show_default=False,
        ),
    ] = None,
    origin: Annotated[
        list[str] | None,
        typer.Option(
            "--origin",
            metavar="ORIGIN",
            help="Another Agent App origin that must be able to frame and call the page "
            "(repeatable); LiveChat's own are always checked.",
            show_default=False,
        ),
    ] = None,
    insecure: Annotated[
        bool,
        typer.Option(
            "--insecure",
            help="Accept a certificate that does not verify (a self-signed development one), "
            "as a warning.",
        ),
    ] = False,
    ca_file: Annotated[
        Path | None,
        typer.Option(
            "--ca-file",
            metavar="PEM",
            help="Also trust the CA certificates in this PEM file (SSL_CERT_FILE, by contrast, "
            "replaces the system's).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds to wait for each answer.")
    ] = 10.0,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON, for CI.")
    ] = False,
) -> None:
    """Check a running extension the way the Agent App uses it; exit 1 if a check fails."""
    from lcext.doctor import run_doctor

    try:
        report = run_doctor(
            url=url,
            auth=auth.value if auth is not None else None,
            origins=origin or [],
            insecure=insecure,
            ca_file=ca_file,
            timeout=timeout,
        )
    except LcextError as error:
        _fail(str(error), error.exit_code)
    typer.echo(report.as_json() if json_output else report.as_text())
    raise typer.Exit(code=report.exit_code)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _project_name(name: str | None, interactive: bool) -> str:
    if name is not None:
        return name
    if not interactive:
        _fail("no project name given; pass one, as in 'lcext new my-extension --no-input'", 2)
    return str(typer.prompt("Project name", default=SCHEMA.project_name_default))


def _choices(given: dict[str, str], interactive: bool) -> dict[str, str]:
    """Fill in the choice options the flags left out: by prompting, or with the defaults."""
    chosen = dict(given)
    for option in (AUTH, FRAMEWORK):
        if option.name in chosen:
            continue
        if interactive:
            # Only values that the forbidden combinations allow are offered.
            allowed = [v for v in option.values if SCHEMA.allowed({**chosen, option.name: v})]
            chosen[option.name] = _prompt_choice(option, allowed)
        else:
            chosen[option.name] = option.default
    return chosen


def _prompt_choice(option: ChoiceOption, allowed: list[str]) -> str:
    choices = [choice for choice in option.choices if choice.value in allowed]
    if len(choices) == 1:
        return choices[0].value
    typer.echo(option.prompt)
    for number, choice in enumerate(choices, start=1):
        typer.echo(f"  {number}. {choice.value:8}  {choice.label}")
    names = ", ".join(choice.value for choice in choices)
    while True:
        answer = str(typer.prompt("Choose a number or a name", default="1")).strip()
        for number, choice in enumerate(choices, start=1):
            if answer in (str(number), choice.value):
                return choice.value
        typer.echo(f"Please answer 1 to {len(choices)}, or one of: {names}")


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)


def main() -> None:
    app()

"""``lcext new``: create an extension project, asking for what the options leave out.

Its flags follow the option schema: one ``--<name>`` per choice option of the template's
cookiecutter.json, made when the command is built (see ``new_command``).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from lcext.commands.common import choice_enum, fail
from lcext.errors import LcextError
from lcext.options import ChoiceOption, OptionSchema


def new_command(schema: OptionSchema) -> Callable[..., None]:
    """The ``new`` command for ``schema``: the fixed parameters of ``_fixed_parameters`` with one
    ``--<name>`` option per choice option inserted after the name."""

    def new(**arguments: Any) -> None:
        given: dict[str, Enum | None] = {
            option.name: arguments.pop(_parameter_name(option))
            for option in schema.choice_options.values()
        }
        create(
            schema,
            {name: flag.value for name, flag in given.items() if flag is not None},
            **arguments,
        )

    fixed = list(inspect.signature(_fixed_parameters, eval_str=True).parameters.values())
    choices = [
        inspect.Parameter(
            _parameter_name(option),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                choice_enum(option) | None,
                typer.Option(f"--{option.name}", help=option.help_text(), show_default=False),
            ],
        )
        for option in schema.choice_options.values()
    ]
    keyword = inspect.Parameter.KEYWORD_ONLY
    rest = [parameter.replace(kind=keyword) for parameter in fixed[1:]]
    new.__signature__ = inspect.Signature([fixed[0], *choices, *rest])  # type: ignore[attr-defined]
    new.__doc__ = create.__doc__
    return new


def _parameter_name(option: ChoiceOption) -> str:
    # Prefixed, so that no choice option can clash with a fixed parameter's name.
    return f"choice_{option.name}"


def _fixed_parameters(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Project name; the folder and package names are derived from it.",
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path,
        typer.Option("--output-dir", "-o", help="Folder in which to create the project folder."),
    ] = Path("."),
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers-file",
            metavar="FILE",
            help="YAML or JSON file with project_name and any of the choices above; flags win "
            "over it.",
            show_default=False,
        ),
    ] = None,
    replay: Annotated[
        bool, typer.Option("--replay", help="Reuse the answers of the last lcext new.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into an existing project folder, replacing files of the same name "
            "(listed); none of your files is deleted.",
        ),
    ] = False,
    git: Annotated[
        bool,
        typer.Option(
            "--git/--no-git",
            help="Make the project a git repository holding the template baseline that "
            "lcext update merges from (skipped inside another repository).",
        ),
    ] = True,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt: unset choices take the first listed."),
    ] = False,
) -> None:
    """The parameters of ``lcext new`` besides its choices (only its signature is used)."""


def create(
    schema: OptionSchema,
    flags: dict[str, str],
    *,
    name: str | None,
    output_dir: Path,
    answers_file: Path | None,
    replay: bool,
    force: bool,
    git: bool,
    no_input: bool,
) -> None:
    """Create a new extension project; prompts for what the options leave out."""
    from lcext.answers import remember
    from lcext.generate import Answers, render_project

    interactive = not no_input and _stdin_is_terminal()
    try:
        known = _known_answers(schema, answers_file, replay)
    except LcextError as error:
        fail(str(error), error.exit_code)
    known.update(flags)
    if name is not None:
        known["project_name"] = name
    project_name = _project_name(schema, known.pop("project_name", None), interactive)
    answers = Answers(project_name, **_choices(schema, known, interactive))
    try:
        result = render_project(answers, output_dir=output_dir, git=git, force=force)
    except LcextError as error:
        fail(str(error), error.exit_code)
    remember({"project_name": answers.project_name, **result.answers.choices})
    for relative in result.overwritten:
        typer.echo(f"Overwrote {relative}")
    typer.echo(f"Created {result.path} ({', '.join(result.answers.choices.values())}).")
    typer.echo(f"Next: cd {result.path} and follow its README.md to run it and its tests.")


def _known_answers(schema: OptionSchema, answers_file: Path | None, replay: bool) -> dict[str, str]:
    from lcext.answers import last_answers, load_answers_file

    known: dict[str, str] = {}
    if replay:
        known.update(last_answers(schema.answer_keys))
    if answers_file is not None:
        known.update(load_answers_file(answers_file, schema.answer_keys))
    return known


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _project_name(schema: OptionSchema, name: str | None, interactive: bool) -> str:
    from lcext.generate import check_project_name

    if name is not None:
        return name
    if not interactive:
        fail("no project name given; pass one, as in 'lcext new my-extension --no-input'", 2)
    while True:
        answer = str(typer.prompt("Project name", default=schema.project_name_default))
        try:
            check_project_name(answer, schema.template)
        except LcextError as error:
            typer.echo(f"That name does not work: {error}")
            continue
        return answer


def _choices(schema: OptionSchema, given: dict[str, str], interactive: bool) -> dict[str, str]:
    """Fill in the choice options the flags left out: by prompting, or with the defaults."""
    chosen = dict(given)
    for option in schema.choice_options.values():
        if option.name in chosen:
            continue
        # Only values that the forbidden combinations allow are offered or defaulted to.
        allowed = [v for v in option.values if schema.allowed({**chosen, option.name: v})]
        if not allowed:
            continue  # what was given is refused whatever this is; render_project says why
        chosen[option.name] = _prompt_choice(option, allowed) if interactive else allowed[0]
    return chosen


def _prompt_choice(option: ChoiceOption, allowed: list[str]) -> str:
    choices = [choice for choice in option.choices if choice.value in allowed]
    if len(choices) == 1:
        return choices[0].value
    typer.echo(option.prompt)
    width = max(8, *(len(choice.value) for choice in choices))
    for number, choice in enumerate(choices, start=1):
        typer.echo(f"  {number}. {choice.value:{width}}  {choice.label}")
    names = ", ".join(choice.value for choice in choices)
    while True:
        answer = str(typer.prompt("Choose a number or a name", default="1")).strip()
        for number, choice in enumerate(choices, start=1):
            if answer in (str(number), choice.value):
                return choice.value
        typer.echo(f"Please answer 1 to {len(choices)}, or one of: {names}")

"""A choice option declared only in cookiecutter.json reaches every surface of lcext.

A copy of the template gets a made-up option, ``colour``, with prompt labels and a forbidden
combination; no code changes. Each test is one surface (its id names it): a failure names the
surface that did not follow the schema.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import TEMPLATE
from lcext.app import build_app
from lcext.commands import new as new_command_module
from lcext.template import TEMPLATE_ENV

COLOUR_PROMPT = "Colour of the page"
LABELS = {"red": "Red, like a warning light", "blue": "Blue, like the sea"}
WHY = "a blue page cannot be a static site (a made-up rule); use --colour red with it"


def add_colour(cookiecutter_json: Path) -> None:
    context = json.loads(cookiecutter_json.read_text(encoding="utf-8"))
    with_colour = {}
    for key, value in context.items():
        with_colour[key] = value
        if key == "framework":
            with_colour["colour"] = list(LABELS)
    with_colour["__prompts__"]["colour"] = {"__prompt__": COLOUR_PROMPT, **LABELS}
    with_colour["_forbidden"].append(
        {"when": {"colour": "blue", "framework": "static"}, "why": WHY}
    )
    cookiecutter_json.write_text(json.dumps(with_colour, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def coloured_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("coloured") / "template"
    shutil.copytree(TEMPLATE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    add_colour(copy / "cookiecutter.json")
    return copy


@pytest.fixture
def app(coloured_template: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """lcext's command line, pointed at the coloured copy as a user would with LCEXT_TEMPLATE."""
    monkeypatch.setenv(TEMPLATE_ENV, str(coloured_template))
    return build_app()


def answers_of(project: Path) -> dict[str, str]:
    recorded: dict[str, str] = json.loads((project / ".lcext-answers.json").read_text())
    return recorded


def new(runner: CliRunner, app: typer.Typer, *arguments: str, input: str | None = None) -> str:
    result = runner.invoke(app, ["new", *arguments], input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_flag(runner: CliRunner, app: typer.Typer, tmp_path: Path) -> None:
    stdout = new(runner, app, "demo", "--colour", "blue", "--no-input", "--no-git",
                 "-o", str(tmp_path))  # fmt: skip
    assert "(extension-library, sign-in, fastapi, blue)" in stdout, "lcext new --colour"


def test_flag_help(runner: CliRunner, app: typer.Typer) -> None:
    result = runner.invoke(app, ["new", "--help"])
    help_text = " ".join(result.stdout.split())
    assert "--colour" in help_text, "lcext new --help lists no --colour"
    for value, label in LABELS.items():
        assert f"'{value}': {label}" in help_text, "lcext new --help lacks the colour labels"


def test_prompt(
    runner: CliRunner, app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_command_module, "_stdin_is_terminal", lambda: True)
    stdout = new(runner, app, "demo", "--auth", "basic", "--framework", "flask", "--no-git",
                 "-o", str(tmp_path), input="2\n")  # fmt: skip
    assert COLOUR_PROMPT in stdout, "the prompts do not ask for the colour"
    assert LABELS["blue"] in stdout, "the colour prompt does not show the labels"
    assert "(extension-library, basic, flask, blue)" in stdout, (
        "the colour prompt's answer was not used"
    )


def test_prompt_offers_only_allowed_values(
    runner: CliRunner, app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_command_module, "_stdin_is_terminal", lambda: True)
    stdout = new(runner, app, "demo", "--sdk", "extension-library", "--framework", "static",
                 "--no-git", "-o", str(tmp_path))  # fmt: skip
    # Blue is forbidden with static, so red is the one value left: nothing to ask.
    assert COLOUR_PROMPT not in stdout, "the prompt offered a forbidden colour"
    assert "(extension-library, sign-in, static, red)" in stdout


def test_list(runner: CliRunner, app: typer.Typer) -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert f"{COLOUR_PROMPT} (--colour):" in result.stdout, "lcext list lacks the colour"
    assert f"  blue      {LABELS['blue']}" in result.stdout, "lcext list lacks the colour labels"
    assert f"--colour blue --framework static: {WHY}" in result.stdout, (
        "lcext list lacks the colour's forbidden combination"
    )


def test_answers_file(runner: CliRunner, app: typer.Typer, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("project_name: From File\ncolour: blue\nframework: django\n")
    stdout = new(runner, app, "--answers-file", str(answers), "--no-input", "--no-git",
                 "-o", str(tmp_path / "out"))  # fmt: skip
    assert "(extension-library, sign-in, django, blue)" in stdout, (
        "the answers file's colour was not used"
    )


def test_recorded_answers(runner: CliRunner, app: typer.Typer, tmp_path: Path) -> None:
    new(runner, app, "demo", "--colour", "blue", "--no-input", "--no-git", "-o", str(tmp_path))
    recorded = answers_of(tmp_path / "demo")
    assert recorded.get("colour") == "blue", ".lcext-answers.json does not record the colour"


def test_update_set(runner: CliRunner, app: typer.Typer, tmp_path: Path) -> None:
    new(runner, app, "demo", "--colour", "blue", "--no-input", "-o", str(tmp_path))
    project = tmp_path / "demo"
    result = runner.invoke(app, ["update", str(project), "--set", "colour=red"])
    assert result.exit_code == 0, f"lcext update --set colour=red: {result.output}"
    assert answers_of(project)["colour"] == "red", "update --set colour=red was not recorded"
    refused = runner.invoke(app, ["update", str(project), "--set", "colour=green"])
    assert refused.exit_code == 2
    assert "unknown colour 'green'; choose one of: red, blue" in refused.stderr


def test_update_of_a_project_made_before_the_option(
    runner: CliRunner,
    app: typer.Typer,
    coloured_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Made with lcext's own template, which has no colour: its answers file has none either.
    monkeypatch.delenv(TEMPLATE_ENV)
    new(runner, build_app(), "demo", "--no-input", "-o", str(tmp_path))
    project = tmp_path / "demo"
    assert "colour" not in answers_of(project)
    monkeypatch.setenv(TEMPLATE_ENV, str(coloured_template))
    result = runner.invoke(app, ["update", str(project)])
    assert result.exit_code == 0, f"an answers file without the colour: {result.output}"
    assert answers_of(project)["colour"] == "red", "a missing choice did not take its default"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--colour", "green"], "Invalid value for '--colour'"),
        (["--colour", "blue", "--framework", "static"], WHY),
    ],
    ids=["unknown-value", "forbidden-combination"],
)
def test_validation_in_lcext(
    runner: CliRunner, app: typer.Typer, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path), *arguments])
    assert result.exit_code == 2, result.output
    assert message in result.stderr, f"lcext new {' '.join(arguments)} was not refused"
    assert list(tmp_path.iterdir()) == []


def test_answers_file_validation(runner: CliRunner, app: typer.Typer, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"project_name": "x", "colour": "green"}')
    result = runner.invoke(
        app, ["new", "--answers-file", str(answers), "--no-input", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "unknown colour 'green'; choose one of: red, blue" in result.stderr


@pytest.mark.parametrize(
    ("colour", "framework"), [("blue", "static"), ("red", "static")], ids=["refused", "allowed"]
)
def test_validation_in_plain_cookiecutter(
    coloured_template: Path, tmp_path: Path, colour: str, framework: str
) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "cookiecutter", "--no-input", str(coloured_template),
            "--output-dir", str(tmp_path), "project_name=Plain Run", f"colour={colour}",
            f"framework={framework}",
        ],
        # Where cookiecutter leaves the hooks it ran (it never deletes them).
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if colour == "blue":
        assert result.returncode != 0, "plain cookiecutter's hook let a forbidden colour through"
        assert WHY in result.stderr, "plain cookiecutter's hook does not say why"
        assert not (tmp_path / "plain-run").exists()
    else:
        assert result.returncode == 0, result.stderr
        assert answers_of(tmp_path / "plain-run")["colour"] == "red"

"""The ``lcext`` command line, through Typer's CliRunner (and once as a real process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import files_below
from lcext import __version__
from lcext import app as cli_module
from lcext.app import app
from lcext.options import OptionSchema


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"lcext {__version__}\n"


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lcext", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout == f"lcext {__version__}\n"


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage: lcext" in result.output
    assert "new" in result.output


def test_new_help_explains_every_choice(runner: CliRunner, schema: OptionSchema) -> None:
    result = runner.invoke(app, ["new", "--help"])
    assert result.exit_code == 0
    help_text = " ".join(result.stdout.split())  # undo line wrapping
    for option in schema.choice_options.values():
        for choice in option.choices:
            assert f"'{choice.value}': {' '.join(choice.label.split())}" in help_text
    for flag in ("--auth", "--framework", "--output-dir", "--no-input"):
        assert flag in help_text


@pytest.mark.parametrize("auth", ["basic", "sign-in"])
def test_new_with_flags_creates_the_project(runner: CliRunner, tmp_path: Path, auth: str) -> None:
    result = runner.invoke(
        app,
        [
            "new",
            "Demo",
            "--auth",
            auth,
            "--framework",
            "fastapi",
            "--no-input",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Created {tmp_path / 'demo'} ({auth}, fastapi)." in result.stdout
    assert result.stderr == ""
    module_files = files_below(tmp_path / "demo" / "src" / "demo")
    assert ("authorization.py" in module_files) == (auth == "basic")
    assert ("accounts.py" in module_files) == (auth == "sign-in")


def test_no_input_takes_the_first_choice_of_each_option(
    runner: CliRunner, tmp_path: Path, schema: OptionSchema
) -> None:
    result = runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    defaults = [option.default for option in schema.choice_options.values()]
    assert f"({', '.join(defaults)})" in result.stdout


def test_without_a_terminal_lcext_never_prompts(runner: CliRunner, tmp_path: Path) -> None:
    # CliRunner's stdin is not a terminal: no prompt, defaults apply, no input is read.
    result = runner.invoke(app, ["new", "demo", "-o", str(tmp_path)], input="")
    assert result.exit_code == 0, result.output
    assert "Choose" not in result.output
    assert (tmp_path / "demo").is_dir()


def test_a_missing_name_without_a_terminal_names_the_argument(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["new", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no project name given; pass one, as in 'lcext new my-extension --no-input'\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_interactive_prompts_ask_for_what_the_flags_leave_out(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    # Name; auth: "7" is refused and asked again, "2" picks basic; framework: "flask".
    result = runner.invoke(app, ["new", "-o", str(tmp_path)], input="Shop Helper\n7\n2\nflask\n")
    assert result.exit_code == 0, result.output
    assert "Project name" in result.stdout
    assert "How are agents authorized?" in result.stdout
    assert "Please answer 1 to 2" in result.stdout
    assert "Web framework" in result.stdout
    # The basic flow needs a server, so the static site is not offered after "basic".
    assert "static" not in result.stdout.split("Web framework", 1)[1]
    assert "(basic, flask)" in result.stdout
    assert (tmp_path / "shop-helper" / "src" / "shop_helper" / "authorization.py").is_file()


def test_a_choice_that_leaves_one_option_is_not_asked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(
        app, ["new", "demo", "--framework", "static", "-o", str(tmp_path)], input=""
    )
    assert result.exit_code == 0, result.output
    assert "How are agents authorized?" not in result.stdout
    assert "(sign-in, static)" in result.stdout


def test_a_forbidden_combination_is_refused_before_anything_is_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["new", "demo", "--auth", "basic", "--framework", "static", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the basic flow needs a server")
    assert "--auth sign-in" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_interactive_choice_by_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(app, ["new", "demo", "-o", str(tmp_path)], input="sign-in\nfastapi\n")
    assert result.exit_code == 0, result.output
    assert "(sign-in, fastapi)" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--auth", "oauth"], "Invalid value for '--auth'"),
        (["--framework", "rails"], "Invalid value for '--framework'"),
        (["--colour"], "No such option: --colour"),
    ],
)
def test_bad_flags_exit_2_with_a_message_on_stderr(
    runner: CliRunner, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path), *arguments])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_bad_name_exits_2_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "../up", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the project name '../up' contains a path")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_exits_1_and_keeps_the_users_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'demo'} already exists; choose another name or --output-dir, "
        "or move the existing folder away\n"
    )
    assert files_below(tmp_path) == {"demo/keep.txt"}

"""The ``lcext`` command line, through Typer's CliRunner (and once as a real process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import files_below
from lcext import __version__
from lcext.app import app
from lcext.commands import new as cli_module
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
    assert f"Created {tmp_path / 'demo'} (extension-library, {auth}, fastapi)." in result.stdout
    assert result.stderr == ""
    module_files = files_below(tmp_path / "demo" / "src" / "demo")
    assert ("authorization.py" in module_files) == (auth == "basic")
    assert ("plumbing/accounts.py" in module_files) == (auth == "sign-in")


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
    # Name; sdk: "1"; auth: "7" is refused and asked again, "2" picks basic; framework: "flask".
    result = runner.invoke(app, ["new", "-o", str(tmp_path)], input="Shop Helper\n1\n7\n2\nflask\n")
    assert result.exit_code == 0, result.output
    assert "Project name" in result.stdout
    assert "How are agents authorized?" in result.stdout
    assert "Please answer 1 to 2" in result.stdout
    assert "Web framework" in result.stdout
    # The basic flow needs a server, so the static site is not offered after "basic".
    assert "static" not in result.stdout.split("Web framework", 1)[1]
    assert "(extension-library, basic, flask)" in result.stdout
    assert (tmp_path / "shop-helper" / "src" / "shop_helper" / "authorization.py").is_file()


def test_a_choice_that_leaves_one_option_is_not_asked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(
        app,
        ["new", "demo", "--sdk", "extension-library", "--framework", "static", "-o", str(tmp_path)],
        input="",
    )
    assert result.exit_code == 0, result.output
    assert "How are agents authorized?" not in result.stdout
    assert "(extension-library, sign-in, static)" in result.stdout


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


def test_the_widgets_sdk_with_the_basic_flow_is_refused_before_anything_is_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["new", "demo", "--sdk", "agent-app-sdk", "--auth", "basic", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the Agent App widgets SDK has no basic /authorize/")
    assert "--auth sign-in with --sdk agent-app-sdk" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_interactive_choice_by_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(
        app, ["new", "demo", "-o", str(tmp_path)], input="extension-library\nsign-in\nfastapi\n"
    )
    assert result.exit_code == 0, result.output
    assert "(extension-library, sign-in, fastapi)" in result.stdout


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
        "or pass --force to write the project's files into it (none of yours is deleted)\n"
    )
    assert files_below(tmp_path) == {"demo/keep.txt"}


def test_force_writes_into_an_existing_folder_and_says_what_it_replaced(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "notes.txt").write_text("mine")
    (tmp_path / "demo" / "README.md").write_text("my readme")
    result = runner.invoke(app, ["new", "demo", "--no-input", "--force", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Overwrote README.md" in result.stdout
    assert result.stdout.count("Overwrote") == 1
    assert (tmp_path / "demo" / "notes.txt").read_text() == "mine"
    assert (tmp_path / "demo" / "README.md").read_text() != "my readme"
    assert (tmp_path / "demo" / "pyproject.toml").is_file()


def test_force_refuses_a_folder_in_the_way_and_changes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "demo" / "README.md").mkdir(parents=True)
    result = runner.invoke(app, ["new", "demo", "--no-input", "--force", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "is in the way of the project's README.md" in result.stderr
    assert files_below(tmp_path) == set()
    assert [path.name for path in tmp_path.iterdir()] == ["demo"]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_answers_file(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    answers = tmp_path / f"answers{suffix}"
    if suffix == ".json":
        answers.write_text('{"project_name": "From File", "auth": "basic", "framework": "flask"}')
    else:
        answers.write_text("project_name: From File\nauth: basic\nframework: flask\n")
    result = runner.invoke(
        app, ["new", "--answers-file", str(answers), "--no-input", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "(extension-library, basic, flask)" in result.stdout
    assert (tmp_path / "out" / "from-file").is_dir()


def test_flags_win_over_the_answers_file(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"project_name": "From File", "auth": "basic", "framework": "flask"}')
    result = runner.invoke(
        app,
        ["new", "Flagged", "--auth", "sign-in", "--answers-file", str(answers), "--no-input",
         "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(extension-library, sign-in, flask)" in result.stdout
    assert (tmp_path / "out" / "flagged").is_dir()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", "{not json", "is not valid JSON"),
        ("a.yaml", "project_name: [unclosed", "is not valid YAML"),
        ("a.json", '["a list"]', "must hold a mapping"),
        ("a.json", '{"project_name": "x", "colour": "red"}', "unknown keys: colour"),
        ("a.json", '{"project_name": 7}', "project_name must be a string"),
        ("a.json", '{"project_name": "x", "auth": "oauth"}', "unknown auth 'oauth'"),
        ("missing.json", None, "cannot read the answers file"),
    ],
)
def test_bad_answers_files_exit_2_with_one_line(
    runner: CliRunner, tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    answers = tmp_path / name
    if content is not None:
        answers.write_text(content)
    output = tmp_path / "out"
    result = runner.invoke(
        app, ["new", "--answers-file", str(answers), "--no-input", "-o", str(output)]
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not output.exists() or list(output.iterdir()) == []


def test_replay_reuses_the_last_answers(runner: CliRunner, tmp_path: Path) -> None:
    first = runner.invoke(
        app, ["new", "Replayed", "--auth", "basic", "--framework", "django", "--no-input",
              "-o", str(tmp_path / "one")],
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["new", "--replay", "--no-input", "-o", str(tmp_path / "two")])
    assert again.exit_code == 0, again.output
    assert "(extension-library, basic, django)" in again.stdout
    assert (tmp_path / "two" / "replayed").is_dir()


def test_replay_without_last_answers_says_so(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "--replay", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "no last answers to replay" in result.stderr


def test_a_bad_name_at_the_prompt_is_asked_again(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(
        app,
        ["new", "--auth", "basic", "--framework", "fastapi", "-o", str(tmp_path)],
        input="../escape\nclass\nGood Name\n",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("That name does not work") == 2
    assert "contains a path" in result.stdout
    assert "is a Python keyword" in result.stdout
    assert [path.name for path in tmp_path.iterdir()] == ["good-name"]


def test_list_shows_choices_and_allowed_combinations(
    runner: CliRunner, schema: OptionSchema
) -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    for option in schema.choice_options.values():
        width = max(9, *(len(value) for value in option.values))
        for choice in option.choices:
            assert f"{choice.value:{width}} {choice.label}" in result.stdout
    for option in schema.choice_options.values():
        assert f"{option.prompt} (--{option.name}):" in result.stdout
    assert "Combinations: every one except\n" in result.stdout
    assert "  --auth basic --framework static: the basic flow needs a server" in result.stdout


def test_update_in_a_fresh_project_is_up_to_date(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path)])
    result = runner.invoke(app, ["update", str(tmp_path / "demo"), "--check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Up to date with the template.\n"


def test_update_can_switch_the_auth_mode(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["new", "demo", "--auth", "basic", "--no-input", "-o", str(tmp_path)])
    project = tmp_path / "demo"
    check = runner.invoke(app, ["update", str(project), "--check", "--set", "auth=sign-in"])
    assert check.exit_code == 1
    assert "Behind the template" in check.stdout
    result = runner.invoke(app, ["update", str(project), "--set", "auth=sign-in"])
    assert result.exit_code == 0, result.output
    assert "Removed src/demo/authorization.py" in result.stdout
    assert "Added src/demo/plumbing/accounts.py" in result.stdout
    assert (project / "src" / "demo" / "plumbing" / "accounts.py").is_file()


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (
            ["--set", "colour=red"],
            2,
            "cannot set 'colour'; the answers are project_name, sdk, auth",
        ),
        (["--set", "auth"], 2, "--set takes KEY=VALUE"),
        (["--set", "auth=oauth"], 2, "unknown auth 'oauth'"),
    ],
)
def test_update_refuses_bad_changes(
    runner: CliRunner, tmp_path: Path, arguments: list[str], code: int, message: str
) -> None:
    runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path)])
    result = runner.invoke(app, ["update", str(tmp_path / "demo"), *arguments])
    assert result.exit_code == code
    assert message in result.stderr


def test_update_outside_a_project_says_why(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["update", str(tmp_path)])
    assert result.exit_code == 1
    assert "has no .lcext-answers.json" in result.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "the project name is empty"),
        ("x" * 65, "65 characters long"),
        ("a/b", "contains a path"),
        ("{{ x }}", "contains template syntax"),
        ('say "hi"', "contains quotes or control characters"),
        ("9lives", "must start with a letter"),
        ("import", "is a Python keyword"),
        ("asyncio", "standard library"),
        ("django", "would shadow a module"),
    ],
)
def test_every_bad_name_exits_2_with_a_message_and_an_example(
    runner: CliRunner, tmp_path: Path, name: str, message: str
) -> None:
    result = runner.invoke(app, ["new", name, "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "such as '" in result.stderr  # an example of a valid value
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("below", ["", "sub"], ids=["the-file", "below-the-file"])
def test_an_output_dir_that_is_a_file_is_one_line(
    runner: CliRunner, tmp_path: Path, below: str
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    result = runner.invoke(app, ["new", "demo", "--no-input", "-o", str(file / below)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot create the project in {file / below}: ")
    assert "not a folder" in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
    assert file.read_text() == "mine"


def test_an_output_dir_lcext_may_not_write_in_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, a read-only folder is still writable: the refusal is simulated where lcext
    # makes its first file in the output folder.
    import tempfile

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot create the project in {tmp_path}: Permission denied\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"project_name": 5, "auth": "basic"}', "project_name must be a string"),
        ('{"project_name": "demo", "auth": ["basic"]}', "auth must be a string"),
        ('["demo"]', "must hold a JSON object of the project's answers"),
        ('"demo"', "must hold a JSON object of the project's answers"),
        ("null", "must hold a JSON object of the project's answers"),
        ('{"auth": "basic"}', "has no project_name"),
        ("[" * 100_000, "is not valid JSON"),
        (None, "cannot read"),  # a folder where the file should be
    ],
)
def test_update_with_a_bad_answers_file_is_one_line(
    runner: CliRunner, tmp_path: Path, content: str | None, message: str
) -> None:
    runner.invoke(app, ["new", "demo", "--no-input", "-o", str(tmp_path)])
    answers = tmp_path / "demo" / ".lcext-answers.json"
    answers.unlink()
    if content is None:
        answers.mkdir()
    else:
        answers.write_text(content)
    result = runner.invoke(app, ["update", str(tmp_path / "demo")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_update_reports_a_symlinked_file_and_leaves_its_target_alone(
    runner: CliRunner, tmp_path: Path
) -> None:
    runner.invoke(app, ["new", "demo", "--auth", "basic", "--no-input", "-o", str(tmp_path)])
    outside = tmp_path / "outside.md"
    outside.write_text("not the project's")
    (tmp_path / "demo" / "README.md").unlink()
    (tmp_path / "demo" / "README.md").symlink_to(outside)
    result = runner.invoke(app, ["update", str(tmp_path / "demo"), "--set", "auth=sign-in"])
    assert result.exit_code == 1
    assert (
        "Conflict README.md: it is a symbolic link; lcext follows no links and left it alone\n"
        in result.stderr
    )
    assert outside.read_text() == "not the project's"


def test_force_refuses_a_symlinked_file_and_leaves_its_target_alone(
    runner: CliRunner, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("not the project's")
    (tmp_path / "fx").mkdir()
    (tmp_path / "fx" / "README.md").symlink_to(outside)
    result = runner.invoke(app, ["new", "fx", "--no-input", "--force", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'fx' / 'README.md'} is in the way of the project's README.md "
        "(it is a symbolic link; lcext follows no links); move it away\n"
    )
    assert outside.read_text() == "not the project's"

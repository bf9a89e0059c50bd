"""The template as plain cookiecutter sees it: hooks beside cookiecutter.json really run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATE, files_below


def test_hooks_sit_beside_cookiecutter_json() -> None:
    # Cookiecutter only looks for hooks next to cookiecutter.json; template/hooks links to hooks/.
    assert (TEMPLATE / "cookiecutter.json").is_file()
    assert (TEMPLATE / "hooks").resolve() == REPO / "hooks"
    assert {path.name for path in (TEMPLATE / "hooks").glob("*_gen_project.py")} == {
        "pre_gen_project.py",
        "post_gen_project.py",
    }


@pytest.mark.parametrize("auth", ["basic", "sign-in"])
def test_post_generation_hook_prunes_the_other_auth_mode(cookies, auth: str) -> None:  # type: ignore[no-untyped-def]
    result = cookies.bake(
        template=str(TEMPLATE), extra_context={"project_name": "Hook Check", "auth": auth}
    )
    assert result.exit_code == 0, result.exception
    files = files_below(result.project_path)
    # Both auth modes' files exist in the template; only the hook removes one set.
    assert ("src/hook_check/authorization.py" in files) == (auth == "basic")
    assert ("src/hook_check/plumbing/accounts.py" in files) == (auth == "sign-in")


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"project_name": "x", "module_name": "json"}, "standard library"),
        # The standard library's test package is not in sys.stdlib_module_names; the project's
        # own test modules would shadow it first anyway.
        ({"project_name": "test"}, "would be shadowed by the project's own test modules"),
        ({"project_name": "pip"}, "would shadow, or be shadowed by, the module 'pip'"),
        ({"project_name": "x", "project_slug": "Bad Slug"}, "folder name 'Bad Slug'"),
        # Cookiecutter renders answers as templates before the hook sees them: "49" here.
        ({"project_name": "{{ 7 * 7 }}"}, "folder name '49'"),
    ],
)
def test_pre_generation_hook_refuses_bad_answers(
    cookies,  # type: ignore[no-untyped-def]
    capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
    context: dict[str, str],
    message: str,
) -> None:
    result = cookies.bake(template=str(TEMPLATE), extra_context=context)
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "FailedHookException"
    assert message in capfd.readouterr().err
    # Cookiecutter removes the project folder when the pre-generation hook fails
    # (pytest-cookies bakes into tmp_path/cookies/bake00).
    assert list((tmp_path / "cookies" / "bake00").iterdir()) == []


def test_plain_cookiecutter_cli_with_a_relative_template_path(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "cookiecutter", "--no-input", "template",
            "--output-dir", str(tmp_path), "project_name=Plain Run", "auth=sign-in",
        ],
        cwd=REPO,
        # Where cookiecutter leaves the hooks it ran (it never deletes them).
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    files = files_below(tmp_path / "plain-run")
    assert "src/plain_run/plumbing/accounts.py" in files
    assert "src/plain_run/authorization.py" not in files

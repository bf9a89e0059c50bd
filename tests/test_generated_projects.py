"""The decisive check: every generated flavor passes its own tests, run as its README says."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import TEMPLATE, combination_id
from lcext.generate import Answers, render_project
from lcext.options import load_schema

pytestmark = [pytest.mark.generated, pytest.mark.slow]

COMBINATIONS = load_schema(TEMPLATE).combinations()


def readme_commands(readme: str, section: str) -> list[str]:
    """The shell commands of the first code block under a README heading."""
    match = re.search(rf"^## {re.escape(section)}\n.*?```sh\n(.*?)```", readme, re.M | re.S)
    assert match, f"no '{section}' commands in the README"
    return [line for line in match.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_generated_project_passes_its_own_tests(
    combination: dict[str, str], tmp_path: Path, generated_env: dict[str, str]
) -> None:
    name = f"gen {combination_id(combination)}"
    project = render_project(Answers(project_name=name, **combination), output_dir=tmp_path).path
    commands = readme_commands((project / "README.md").read_text(encoding="utf-8"), "Test it")
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=project,
            env=generated_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"$ {command}\n{result.stdout}\n{result.stderr}"
        if command.startswith("pytest"):
            # The suite really ran: a summary with passes and no failures.
            assert re.search(r"\b\d+ passed\b", result.stdout), result.stdout
            assert " failed" not in result.stdout
        if command.startswith("npm test"):
            # node --test's summary lines, as TAP ("# pass N") or from the spec reporter.
            assert re.search(r"^(?:#|ℹ) pass [1-9]\d*$", result.stdout, re.M), result.stdout  # noqa: RUF001
            assert re.search(r"^(?:#|ℹ) fail 0$", result.stdout, re.M), result.stdout  # noqa: RUF001

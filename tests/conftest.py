from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lcext.options import OptionSchema, load_schema
from lcext.template import template_dir

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template"
JINJA_LEFTOVER = re.compile(r"\{\{|\{%|\{#|cookiecutter\.")


def pytest_configure(config: pytest.Config) -> None:
    # The tests below exercise the checkout's template, not some installed copy.
    assert template_dir() == TEMPLATE, f"lcext uses {template_dir()}, not {TEMPLATE}"


@pytest.fixture(scope="session")
def schema() -> OptionSchema:
    return load_schema(TEMPLATE)


@pytest.fixture
def runner() -> CliRunner:
    # A fixed width keeps help output stable whatever terminal runs the tests.
    return CliRunner(env={"COLUMNS": "100", "TERM": "dumb"})


def combination_id(combination: dict[str, str]) -> str:
    return "-".join(combination.values())


def files_below(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}

from __future__ import annotations

import json
import os
import re
import tempfile
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lcext.options import OptionSchema, load_schema
from lcext.template import template_dir

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template"
JINJA_LEFTOVER = re.compile(r"\{\{|\{%|\{#|cookiecutter\.")
# What each framework has (server, language, ...), as cookiecutter.json declares it once.
FRAMEWORKS: dict[str, dict[str, object]] = json.loads(
    (TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8")
)["_frameworks"]
EXPECTED_FILES = Path(__file__).parent / "expected_files"


def pytest_configure(config: pytest.Config) -> None:
    # The tests below exercise the checkout's template, not some installed copy.
    assert template_dir() == TEMPLATE, f"lcext uses {template_dir()}, not {TEMPLATE}"


@pytest.fixture(scope="session", autouse=True)
def temporary_files_in_basetemp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Cookiecutter writes each hook it runs to a temporary file and never deletes it: made in
    # pytest's folder (which pytest prunes), they do not pile up in the system's.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tempfiles")))
        yield


@pytest.fixture(autouse=True)
def lcext_config_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lcext new remembers its answers for --replay: keep that out of the real home folder.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def schema() -> OptionSchema:
    return load_schema(TEMPLATE)


@pytest.fixture
def runner() -> CliRunner:
    # A fixed width keeps help output stable whatever terminal runs the tests.
    return CliRunner(env={"COLUMNS": "100", "TERM": "dumb"})


def combination_id(combination: dict[str, str]) -> str:
    return "-".join(combination.values())


def expected_files(combination: dict[str, str], module: str) -> set[str]:
    """The exact files a flavor gets (tests/expected_files/<framework>.json): a file missing
    or one too many both fail.

    The file lists ``common`` files, then files per chosen value (``"sign-in"``,
    ``"agent-app-sdk"``) or per values chosen together (``"sign-in+extension-library"``).
    """
    flavor = json.loads((EXPECTED_FILES / f"{combination['framework']}.json").read_text())
    chosen = set(combination.values())
    # Every flavor also gets the answers file that lcext update reads.
    paths = {".lcext-answers.json"}
    for key, files in flavor.items():
        if key == "common" or set(key.split("+")) <= chosen:
            paths |= set(files)
    return {path.format(module=module) for path in paths}


def files_below(root: Path) -> set[str]:
    """Project-relative paths of every file below ``root``, leaving out git's own folder."""
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.fixture(scope="session")
def generated_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment generated projects run in: one virtualenv first on PATH, shared by all
    of them so their dependencies install once (LCEXT_GENERATED_VENV reuses one across runs)."""
    env_dir = Path(
        os.environ.get("LCEXT_GENERATED_VENV") or tmp_path_factory.mktemp("generated") / "venv"
    )
    if not (env_dir / "bin" / "python").exists():
        venv.create(env_dir, with_pip=True)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "SSL_CERT_FILE")
    }
    environment["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{environment['PATH']}"
    environment["VIRTUAL_ENV"] = str(env_dir)
    return environment

"""lcext as users install it: from a wheel, in a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATE, combination_id, expected_files, files_below
from lcext.options import load_schema

pytestmark = pytest.mark.slow

COMBINATIONS = load_schema(TEMPLATE).combinations()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("lcext-*.whl")
    return built


def test_wheel_contains_the_template_and_its_hooks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"lcext/template/{path}" for path in files_below(REPO / "template")} | {
        f"lcext/template/hooks/{path}" for path in files_below(REPO / "hooks")
    }
    expected = {name for name in expected if "__pycache__" not in name}
    assert expected <= names
    assert "lcext/template/hooks/pre_gen_project.py" in names
    assert "lcext/template/hooks/post_gen_project.py" in names


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed as pip installs it, the template's
    ``.py`` files byte-compiled in place (pip does that by default; forced here so the test does
    not depend on pip's settings). Returns the environment's bin folder."""
    env_dir = tmp_path_factory.mktemp("installed") / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    pip_install(bin_dir, wheel)
    return bin_dir


def pip_install(bin_dir: Path, wheel: Path, *options: str) -> None:
    python = bin_dir / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", *options, str(wheel)],
        check=True,
        capture_output=True,
    )
    template = Path(run(bin_dir, "python", "-c", SHOW_TEMPLATE).stdout.strip())
    assert template.is_relative_to(bin_dir.parent), template
    # Some of the template's .py files are Jinja, not Python: compileall fails on those and
    # compiles the rest, as pip does.
    run(bin_dir, "python", "-m", "compileall", "-q", "-f", str(template), check=False)
    assert list(template.rglob("*.pyc")), "nothing byte-compiled in the installed template"


SHOW_TEMPLATE = "from lcext.template import template_dir; print(template_dir())"


def run(
    bin_dir: Path, command: str, *args: str, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [bin_dir / command, *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    if check:
        assert result.returncode == 0, f"{command} {' '.join(args)}\n{result.stderr}"
    return result


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_installed_wheel_generates_exactly_the_expected_files(
    installed: Path, tmp_path: Path, combination: dict[str, str]
) -> None:
    flags = [arg for name, value in combination.items() for arg in (f"--{name}", value)]
    run(installed, "lcext", "new", "Acme Notes", *flags, "--no-input", "--no-git", cwd=tmp_path)
    # No bytecode of the installed template, nothing of the other auth mode, nothing missing.
    assert files_below(tmp_path / "acme-notes") == expected_files(combination, "acme_notes")


def test_reinstalling_the_same_wheel_leaves_projects_up_to_date(
    installed: Path, wheel: Path, tmp_path: Path
) -> None:
    run(installed, "lcext", "new", "Wheel Check", "--no-input", cwd=tmp_path)
    pip_install(installed, wheel, "--force-reinstall", "--no-deps")
    result = run(installed, "lcext", "update", "--check", cwd=tmp_path / "wheel-check")
    assert result.stdout == "Up to date with the template.\n"

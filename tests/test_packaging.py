"""lcext as users install it: from a wheel, in a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, files_below

pytestmark = pytest.mark.slow


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


def test_installed_wheel_generates_a_project(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    show_template = "from lcext.template import template_dir; print(template_dir())"
    where = subprocess.run(
        [bin_dir / "python", "-c", show_template],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where
    result = subprocess.run(
        [bin_dir / "lcext", "new", "Wheel Check", "--auth", "basic", "--no-input"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    project = tmp_path / "wheel-check"
    # The hooks ran from the installed copy: the sign-in files were pruned.
    assert (project / "src" / "wheel_check" / "authorization.py").is_file()
    assert not (project / "src" / "wheel_check" / "plumbing" / "accounts.py").exists()

"""``lcext update``: the template's changes merged into a project the user has edited."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TEMPLATE, files_below
from lcext import baseline, projectfiles, update
from lcext.errors import LcextError
from lcext.generate import Answers, render_project
from lcext.update import NotAGeneratedProject, read_answers, update_project

FLAVOR = "{{cookiecutter.project_slug}}/_flavors/fastapi"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return render_project(
        Answers("Shop Helper", auth="basic", framework="fastapi"), tmp_path / "out"
    ).path


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A copy of lcext's template that a test may change, as a newer lcext would."""
    copy = tmp_path / "template"
    shutil.copytree(TEMPLATE, copy)  # follows template/hooks -> hooks/
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot(project: Path) -> dict[str, bytes]:
    return {relative: (project / relative).read_bytes() for relative in files_below(project)}


def test_a_new_project_records_its_answers_and_the_template_baseline(project: Path) -> None:
    recorded = json.loads((project / ".lcext-answers.json").read_text())
    assert recorded == {
        "lcext": recorded["lcext"],
        "project_name": "Shop Helper",
        "sdk": "extension-library",
        "auth": "basic",
        "framework": "fastapi",
    }
    assert read_answers(project) == Answers(
        "Shop Helper", sdk="extension-library", auth="basic", framework="fastapi"
    )
    git_dir = baseline.git_dir_of(project)
    commit = baseline.current(git_dir)
    assert commit is not None
    assert baseline.files(git_dir, commit) == snapshot(project)


def test_an_untouched_project_is_up_to_date(project: Path) -> None:
    before = snapshot(project)
    report = update_project(project)
    assert report.up_to_date
    assert snapshot(project) == before


def test_template_changes_reach_files_the_user_did_not_edit(project: Path, template: Path) -> None:
    edit(template / FLAVOR / "README.md", "## Run it", "## Run it locally")
    user_file = project / "src" / "shop_helper" / "authorization.py"
    edit(user_file, "return True", "return login.endswith('@example.com')")

    report = update_project(project, template=template)

    assert report.written == ["README.md"]
    assert report.conflicts == []
    assert "## Run it locally" in (project / "README.md").read_text()
    assert "return login.endswith('@example.com')" in user_file.read_text()
    assert update_project(project, template=template).up_to_date


def test_edits_of_both_sides_in_one_file_are_merged(project: Path, template: Path) -> None:
    edit(template / FLAVOR / "README.md", "## Run it", "## Run it locally")
    edit(project / "README.md", "## Endpoints", "## Endpoints (ours)")

    report = update_project(project, template=template)

    assert report.merged == ["README.md"]
    readme = (project / "README.md").read_text()
    assert "## Run it locally" in readme
    assert "## Endpoints (ours)" in readme


def test_conflicting_edits_are_reported_and_left_with_markers(
    project: Path, template: Path
) -> None:
    edit(template / FLAVOR / "README.md", "## Run it", "## Run it (template)")
    edit(project / "README.md", "## Run it", "## Run it (yours)")

    report = update_project(project, template=template)

    assert report.conflicts == ["README.md: both changed it; resolve the conflict markers"]
    readme = (project / "README.md").read_text()
    assert "<<<<<<< yours" in readme
    assert "## Run it (yours)" in readme
    assert "## Run it (template)" in readme
    assert ">>>>>>> template (now)" in readme


def test_check_reports_a_project_behind_the_template_and_changes_nothing(
    project: Path, template: Path
) -> None:
    edit(template / FLAVOR / "README.md", "## Run it", "## Run it locally")
    git_dir = baseline.git_dir_of(project)
    before, base_before = snapshot(project), baseline.current(git_dir)

    report = update_project(project, check=True, template=template)

    assert not report.up_to_date
    assert report.changed == ["README.md"]
    assert snapshot(project) == before
    assert baseline.current(git_dir) == base_before


def test_changing_an_answer_goes_through_the_same_merge(project: Path) -> None:
    module = project / "src" / "shop_helper"
    edit(module / "routes" / "api.py", '"""Who the session', '"""Our note. Who the session')

    report = update_project(project, changes={"auth": "sign-in"})

    assert "src/shop_helper/authorization.py" in report.removed
    assert "src/shop_helper/plumbing/accounts.py" in report.added
    assert not (module / "authorization.py").exists()
    assert (module / "plumbing" / "accounts.py").is_file()
    assert "Our note." in (module / "routes" / "api.py").read_text()
    assert read_answers(project).choices["auth"] == "sign-in"
    assert report.conflicts == []


def test_a_removed_file_the_user_edited_is_kept_and_reported(project: Path) -> None:
    authorization = project / "src" / "shop_helper" / "authorization.py"
    edit(authorization, "return True", "return False")

    report = update_project(project, changes={"auth": "sign-in"})

    assert authorization.is_file()
    assert report.conflicts == [
        "src/shop_helper/authorization.py: you changed it, the template removed it"
    ]


def test_outside_a_generated_project_update_says_why(tmp_path: Path) -> None:
    with pytest.raises(NotAGeneratedProject, match=r"no \.lcext-answers\.json"):
        update_project(tmp_path)


def test_without_the_baseline_update_says_why(project: Path) -> None:
    shutil.rmtree(project / ".git")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    with pytest.raises(baseline.BaselineError, match="no template baseline"):
        update_project(project)


def test_a_project_inside_another_repository_gets_no_repository_of_its_own(
    tmp_path: Path,
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    project = render_project(
        Answers("Nested", auth="basic", framework="fastapi"), output_dir=tmp_path
    ).path
    assert not (project / ".git").exists()


# Nothing outside the project: lcext follows no link, and trusts no path of the baseline.


def test_a_symlinked_file_is_reported_and_its_target_left_alone(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("not the project's")
    (project / "README.md").unlink()
    (project / "README.md").symlink_to(outside)

    report = update_project(project, changes={"auth": "sign-in"})

    assert outside.read_text() == "not the project's"
    assert (project / "README.md").is_symlink()
    assert "README.md: it is a symbolic link; lcext follows no links and left it alone" in (
        report.conflicts
    )
    assert "README.md" not in report.written + report.merged


def test_a_symlinked_folder_on_the_way_is_reported_and_left_alone(
    project: Path, tmp_path: Path
) -> None:
    routes = project / "src" / "shop_helper" / "routes"
    outside = tmp_path / "outside-routes"
    shutil.move(routes, outside)
    routes.symlink_to(outside, target_is_directory=True)
    before = {path.name: path.read_bytes() for path in outside.iterdir() if path.is_file()}

    report = update_project(project, changes={"auth": "sign-in"})

    assert {path.name: path.read_bytes() for path in outside.iterdir() if path.is_file()} == before
    link = "src/shop_helper/routes is a symbolic link; lcext follows no links and left it alone"
    assert f"src/shop_helper/routes/authorize.py: {link}" in report.conflicts
    assert f"src/shop_helper/routes/session.py: {link}" in report.conflicts
    assert not any(path.startswith("src/shop_helper/routes/") for path in report.removed)


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "..", "../x", "a/../../x", "./x", "a//b", "a/", ".git/config", ".GIT/x",
     "src/.git/x", ".git./x", "a\\..\\x", "a\nb", ""],
)  # fmt: skip
def test_paths_that_could_leave_the_project_are_refused(path: str) -> None:
    with pytest.raises(projectfiles.UnsafePathError, match="is not a file of the project"):
        projectfiles.checked_parts(path)


def _git(project: Path, *args: str, stdin: bytes = b"") -> str:
    return subprocess.run(
        ["git", "-C", str(project), *args], input=stdin, capture_output=True, check=True
    ).stdout.decode()


def _with_entry(project: Path, tree: str, mode: str, name: str, sha: str) -> str:
    """``tree`` with one more entry, written as is (git's own tools would refuse the name)."""
    raw = _git_raw(project, "cat-file", "tree", tree)
    raw += f"{mode} {name}".encode() + b"\0" + bytes.fromhex(sha)
    return _git(
        project, "hash-object", "-t", "tree", "--literally", "-w", "--stdin", stdin=raw
    ).strip()


def _git_raw(project: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(project), *args], capture_output=True, check=True
    ).stdout


def _baseline_with(project: Path, mode: str, name: str, sha: str) -> None:
    """Make the baseline commit hold ``name`` (may be a folder path such as ``../pwn.txt``)."""
    *folders, leaf = name.split("/")
    entry_mode = mode
    for folder in reversed(folders):
        empty = _git(project, "mktree", stdin=b"").strip()
        sha = _with_entry(project, empty, entry_mode, leaf, sha)
        entry_mode, leaf = "40000", folder
    base = _git(project, "rev-parse", f"{baseline.REF}^{{tree}}").strip()
    tree = _with_entry(project, base, entry_mode, leaf, sha)
    commit = _git(project, "commit-tree", tree, "-p", baseline.REF, "-m", "hostile").strip()
    _git(project, "update-ref", baseline.REF, commit)


@pytest.mark.parametrize(
    ("mode", "name"),
    [
        ("100644", "../pwn.txt"),
        ("100644", ".git/hooks/post-index-change"),
        ("100644", "src/../../pwn.txt"),
        ("120000", "link-to-pwn"),
        ("160000", "submodule"),
    ],
)
def test_a_baseline_with_a_path_outside_the_project_is_refused(
    project: Path, mode: str, name: str
) -> None:
    pwn = project.parent / "pwn.txt"
    pwn.write_bytes(b"next to the project\n")
    content = b"../pwn.txt" if mode == "120000" else pwn.read_bytes()
    sha = _git(project, "hash-object", "-w", "--stdin", stdin=content).strip()
    if mode == "160000":  # a submodule entry names a commit
        sha = _git(project, "rev-parse", baseline.REF).strip()
    _baseline_with(project, mode, name, sha)
    before = snapshot(project)

    for check in (True, False):
        with pytest.raises(baseline.BaselineError, match="refs/lcext/template holds"):
            update_project(project, changes={"auth": "sign-in"}, check=check)

    assert pwn.read_bytes() == b"next to the project\n"
    assert snapshot(project) == before


def _hostile_git_config(project: Path, marker: Path) -> None:
    """Every way a repository's own configuration can make git run a command: each one
    writes to ``marker``."""
    script = project.parent / "hostile.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> {marker}\ncat\n')
    script.chmod(0o755)
    git_dir = project / ".git"
    for hook in ("post-index-change", "reference-transaction", "pre-commit", "post-checkout"):
        (git_dir / "hooks" / hook).write_text(f"#!/bin/sh\necho hook {hook} >> {marker}\n")
        (git_dir / "hooks" / hook).chmod(0o755)
    (git_dir / "info").mkdir(exist_ok=True)
    (git_dir / "info" / "attributes").write_text("* filter=hostile\n")
    for key, value in (
        ("core.fsmonitor", str(script)),
        ("filter.hostile.clean", str(script)),
        ("filter.hostile.smudge", str(script)),
        ("filter.hostile.process", str(script)),
        ("commit.gpgSign", "true"),
        ("gpg.program", str(script)),
    ):
        _git(project, "config", key, value)


def test_the_projects_git_configuration_runs_no_command(
    project: Path, template: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    _hostile_git_config(project, marker)
    edit(template / FLAVOR / "README.md", "## Run it", "## Run it locally")

    assert not update_project(project, check=True, template=template).up_to_date
    assert not marker.exists()
    assert update_project(project, template=template).written == ["README.md"]
    assert not marker.exists()
    assert (
        "src/shop_helper/authorization.py"
        in update_project(project, changes={"auth": "sign-in"}, template=template).removed
    )
    assert not marker.exists()


def test_a_failing_git_merge_file_is_an_error_not_a_conflict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # git merge-file exits 255 when it fails; taken for 255 conflicts, its empty output would
    # have replaced the user's file.
    failed = subprocess.CompletedProcess([], 255, stdout=b"", stderr=b"error: out of memory")
    monkeypatch.setattr(update.subprocess, "run", lambda *args, **kwargs: failed)
    with pytest.raises(LcextError, match="git merge-file failed: error: out of memory"):
        update._three_way(b"ours\n", b"base\n", b"theirs\n")


def test_a_file_update_cannot_write_is_one_error(
    project: Path, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(template / FLAVOR / "README.md", "## Run it", "## Run it locally")
    denied = PermissionError(13, "Permission denied", str(project / "README.md"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise denied

    monkeypatch.setattr(projectfiles, "write", refuse)
    with pytest.raises(LcextError, match=r"could not update .*README.md: Permission denied"):
        update_project(project, template=template)


# The last commit before the ``sdk`` choice existed.
BEFORE_THE_SDK_CHOICE = "fdf3b76"


@pytest.mark.parametrize(
    "choices",
    [{"auth": "basic", "framework": "fastapi"}, {"auth": "sign-in", "framework": "express"}],
    ids=["basic-fastapi", "sign-in-express"],
)
def test_a_project_from_before_the_sdk_choice_updates_cleanly(
    tmp_path: Path, choices: dict[str, str]
) -> None:
    old = tmp_path / "old"
    archive = subprocess.run(
        ["git", "-C", str(TEMPLATE.parent), "archive", BEFORE_THE_SDK_CHOICE, "template", "hooks"],
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, f"this test needs lcext's git history: {archive.stderr!r}"
    subprocess.run(["tar", "-x", "-C", str(tmp_path)], input=archive.stdout, check=True)
    shutil.move(tmp_path / "template", old)
    (old / "hooks").unlink()
    shutil.move(tmp_path / "hooks", old / "hooks")
    project = render_project(Answers("Shop Helper", **choices), tmp_path / "out", template=old).path
    assert "sdk" not in json.loads((project / ".lcext-answers.json").read_text())

    report = update_project(project)

    assert report.conflicts == []
    assert read_answers(project).choices["sdk"] == "extension-library"
    assert update_project(project, check=True).up_to_date

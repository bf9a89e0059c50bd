"""The template's last rendering of a project, kept as a git commit in the project's repository.

``lcext update`` merges three versions of each file: the user's, the template's as it was last
rendered (the baseline), and the template's now. The baseline is stored under the ref
``refs/lcext/template`` of the project's git repository, apart from the user's branches, so it
needs no extra files in the project and survives whatever the user commits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lcext import projectfiles
from lcext.errors import LcextError

REF = "refs/lcext/template"
_IDENTITY = {
    "GIT_AUTHOR_NAME": "lcext",
    "GIT_AUTHOR_EMAIL": "lcext@localhost",
    "GIT_COMMITTER_NAME": "lcext",
    "GIT_COMMITTER_EMAIL": "lcext@localhost",
}


class BaselineError(LcextError):
    """The project has no usable baseline (no git, no repository, or no lcext ref)."""


def git_available() -> bool:
    return shutil.which("git") is not None


def _git(
    git_dir: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> str:
    result = subprocess.run(  # noqa: S603 - git with arguments lcext builds
        ["git", f"--git-dir={git_dir.resolve()}", *args],  # noqa: S607 - git from PATH, as users run it
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    if result.returncode != 0:
        raise BaselineError(
            f"git {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}"
        )
    return result.stdout


def init_repository(project: Path) -> Path:
    """Make ``project`` a git repository of its own and return its git folder."""
    subprocess.run(  # noqa: S603
        ["git", "init", "-q", str(project)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return project / ".git"


def git_dir_of(project: Path) -> Path:
    """The git folder of the repository whose root is ``project``."""
    git_dir = project / ".git"
    if not git_dir.is_dir():
        raise BaselineError(
            f"{project} is not the root of a git repository; lcext update keeps the template's "
            "last rendering there (lcext new sets it up)"
        )
    return git_dir


def tree_of(git_dir: Path, folder: Path) -> str:
    """Store every file below ``folder`` in the repository and return the tree's id."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        # --force: the baseline holds every rendered file, whatever the user's .gitignore says.
        tree = folder.resolve()
        _git(git_dir, f"--work-tree={tree}", "add", "--all", "--force", ".", env=env, cwd=tree)
        return _git(git_dir, "write-tree", env=env).strip()


def record(git_dir: Path, folder: Path, message: str) -> str:
    """Record the rendering in ``folder`` as the new baseline; return its commit id."""
    tree = tree_of(git_dir, folder)
    parent = current(git_dir)
    parents = ["-p", parent] if parent else []
    commit = _git(git_dir, "commit-tree", tree, *parents, "-m", message, env=_IDENTITY).strip()
    _git(git_dir, "update-ref", REF, commit)
    return commit


def current(git_dir: Path) -> str | None:
    """The baseline commit, or None if the repository has none."""
    try:
        return _git(git_dir, "rev-parse", "--verify", "--quiet", f"{REF}^{{commit}}").strip()
    except BaselineError:
        return None


def files(git_dir: Path, commit: str) -> dict[str, bytes]:
    """Every file of a baseline commit, by project-relative path. Only plain files at plain
    paths inside the project are accepted: a baseline holding anything else (``..``, an
    absolute path, a path in .git, a symbolic link, a submodule) is refused as a whole."""
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit)
    blobs: dict[str, str] = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, blob = meta.split()
        problem = None
        if kind != "blob" or mode not in ("100644", "100755"):
            problem = "an entry that is not a plain file"
        else:
            try:
                projectfiles.checked_parts(path)
            except projectfiles.UnsafePathError as error:
                problem = str(error)
        if problem is not None:
            raise BaselineError(
                f"the template baseline {REF} holds {path!r} ({mode} {kind}), which lcext "
                f"will not use: {problem}; restore the ref that lcext recorded"
            )
        blobs[path] = blob
    return {path: _blob(git_dir, blob) for path, blob in blobs.items()}


def _blob(git_dir: Path, blob: str) -> bytes:
    return subprocess.run(  # noqa: S603
        ["git", f"--git-dir={git_dir.resolve()}", "cat-file", "blob", blob],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout


def tree_id(git_dir: Path, commit: str) -> str:
    return _git(git_dir, "rev-parse", f"{commit}^{{tree}}").strip()

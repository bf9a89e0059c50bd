"""The template's last rendering of a project, kept as a git commit in the project's repository.

``lcext update`` merges three versions of each file: the user's, the template's as it was last
rendered (the baseline), and the template's now. The baseline is stored under the ref
``refs/lcext/template`` of the project's git repository, apart from the user's branches, so it
needs no extra files in the project and survives whatever the user commits.
"""

from __future__ import annotations

import os
import shutil
import stat
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


# The project's repository is the user's, or anyone's who sent it: its configuration must not
# make the git that lcext runs start a command. These settings win over the repository's own.
SAFE_CONFIG = (
    "-c", "core.fsmonitor=false",  # an fsmonitor is a command git runs to list changed files
    "-c", f"core.hooksPath={os.devnull}",  # no hook (post-index-change, reference-transaction)
    "-c", "commit.gpgSign=false",  # commit-tree would run gpg.program
)  # fmt: skip


class BaselineError(LcextError):
    """The project has no usable baseline (no git, no repository, or no lcext ref)."""


def git_environment(**extra: str) -> dict[str, str]:
    """The environment of every git lcext runs: no system or global configuration, none of
    the repository-locating variables a calling git may have set, no prompt, no pager."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        **extra,
    )
    return environment


def git_available() -> bool:
    return shutil.which("git") is not None


def _git(
    git_dir: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> str:
    """Run git on the project's repository, from a folder that is no repository."""
    with tempfile.TemporaryDirectory(prefix="lcext-git-") as scratch:
        result = subprocess.run(  # noqa: S603 - git with arguments lcext builds
            # git from PATH, as users run it:
            ["git", f"--git-dir={git_dir.resolve()}", *SAFE_CONFIG, *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            env=git_environment(**(env or {})),
            cwd=scratch,
            input=stdin,
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
    """Store every file below ``folder`` (but its .git) in the repository; return the tree's id.

    The files are stored as they are, with plumbing that reads no attributes and runs no
    filter (``git add`` would run the clean filters the repository's attributes name), and the
    tree holds every one of them, whatever the user's .gitignore says.
    """
    paths, modes = [], []
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        if stat.S_ISDIR(status.st_mode) or ".git" in path.relative_to(folder).parts:
            continue  # the repository itself, when the folder is the project
        if not stat.S_ISREG(status.st_mode):
            raise BaselineError(f"{path} is not a plain file; lcext records only plain files")
        paths.append(path)
        # git's own rule: executable when the owner may execute it.
        modes.append("100755" if status.st_mode & stat.S_IXUSR else "100644")
    listing = "".join(f"{path.resolve()}\n" for path in paths)
    blobs = _git(git_dir, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin=listing)
    entries = "".join(
        f"{mode} {blob}\t{_relative_path(path, folder)}\0"
        for mode, blob, path in zip(modes, blobs.split(), paths, strict=True)
    )
    with tempfile.TemporaryDirectory() as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(git_dir, "update-index", "--add", "-z", "--index-info", env=env, stdin=entries)
        return _git(git_dir, "write-tree", env=env).strip()


def _relative_path(path: Path, folder: Path) -> str:
    relative = path.relative_to(folder).as_posix()
    projectfiles.checked_parts(relative)
    return relative


def record(git_dir: Path, folder: Path, message: str) -> str:
    """Record the rendering in ``folder`` as the new baseline; return its commit id."""
    tree = tree_of(git_dir, folder)
    parent = current(git_dir)
    parents = ["-p", parent] if parent else []
    commit = _git(
        git_dir, "commit-tree", "--no-gpg-sign", tree, *parents, "-m", message, env=_IDENTITY
    ).strip()
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
    with tempfile.TemporaryDirectory(prefix="lcext-git-") as scratch:
        return subprocess.run(  # noqa: S603
            ["git", f"--git-dir={git_dir.resolve()}", *SAFE_CONFIG, "cat-file", "blob", blob],  # noqa: S607
            capture_output=True,
            check=True,
            env=git_environment(),
            cwd=scratch,
        ).stdout


def tree_id(git_dir: Path, commit: str) -> str:
    return _git(git_dir, "rev-parse", f"{commit}^{{tree}}").strip()

"""``lcext update``: bring a generated project up to date with the installed template.

Each file is merged three ways, as copier and cruft do: the user's version, the template's
last rendering (the baseline, kept in the project's git repository) and the template's rendering
now. The user's edits are kept; conflicts are written with git's conflict markers and reported.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lcext import __version__, baseline, projectfiles
from lcext.errors import InvalidOptionError, LcextError
from lcext.generate import Answers, render_project
from lcext.options import load_schema
from lcext.template import template_dir

ANSWERS_FILE = ".lcext-answers.json"


class NotAGeneratedProject(LcextError):
    """The folder has no answers file that lcext can read."""


@dataclass
class UpdateReport:
    up_to_date: bool = True
    changed: list[str] = field(default_factory=list)  # what the template changed
    written: list[str] = field(default_factory=list)  # taken from the template as is
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # your edits and the template's, combined
    conflicts: list[str] = field(default_factory=list)  # "path: what happened"


def read_answers(project: Path, template: Path | None = None) -> Answers:
    """The answers recorded in the project; a choice option it does not record (one added to
    the template since) takes its default, and a key the template no longer has is dropped."""
    path = project / ANSWERS_FILE
    schema = load_schema(template or template_dir())
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotAGeneratedProject(
            f"{project} has no {ANSWERS_FILE}; run lcext update inside a project lcext created"
        ) from None
    except OSError as error:
        raise NotAGeneratedProject(f"cannot read {path}: {error.strerror}") from None
    except (ValueError, RecursionError) as error:
        raise NotAGeneratedProject(f"{path} is not valid JSON ({error})") from None
    if not isinstance(recorded, dict):
        raise NotAGeneratedProject(f"{path} must hold a JSON object of the project's answers")
    for key in ("project_name", *schema.choice_options):
        if key in recorded and not isinstance(recorded[key], str):
            raise NotAGeneratedProject(f"in {path}, {key} must be a string")
    if "project_name" not in recorded:
        raise NotAGeneratedProject(f"{path} has no project_name")
    choices = {name: recorded[name] for name in schema.choice_options if name in recorded}
    return Answers(recorded["project_name"], **schema.complete(choices))


def changed_answers(answers: Answers, changes: Mapping[str, str], template: Path) -> Answers:
    """``answers`` with ``changes`` (keys: project_name or a choice option) applied."""
    keys = load_schema(template).answer_keys
    for key in changes:
        if key not in keys:
            raise InvalidOptionError(f"cannot set {key!r}; the answers are {', '.join(keys)}")
    choices = {**answers.choices, **{k: v for k, v in changes.items() if k != "project_name"}}
    return Answers(changes.get("project_name", answers.project_name), **choices)


def update_project(
    project: Path,
    changes: Mapping[str, str] | None = None,
    check: bool = False,
    template: Path | None = None,
) -> UpdateReport:
    """Merge the template's changes (and any changed answers) into ``project``.

    With ``check``, only report whether the project is behind the template.
    """
    try:
        return _update(project, changes or {}, check, template or template_dir())
    except OSError as error:
        # A file lcext cannot read or write (permissions, a full disk): one line, no traceback.
        where = f" {error.filename}" if error.filename else ""
        raise LcextError(f"could not update{where}: {error.strerror or error}") from None


def _update(project: Path, changes: Mapping[str, str], check: bool, template: Path) -> UpdateReport:
    answers = changed_answers(read_answers(project, template), changes, template)
    git_dir = baseline.git_dir_of(project)
    base_commit = baseline.current(git_dir)
    if base_commit is None:
        raise baseline.BaselineError(
            f"{project} has no template baseline ({baseline.REF}); it was not created by "
            "lcext new in a folder of its own, so lcext cannot tell your edits from the template's"
        )
    with tempfile.TemporaryDirectory(prefix="lcext-update-") as scratch:
        result = render_project(answers, Path(scratch), template=template, git=False)
        rendered, answers = result.path, result.answers
        if baseline.tree_of(git_dir, rendered) == baseline.tree_id(git_dir, base_commit):
            return UpdateReport()
        base = baseline.files(git_dir, base_commit)
        new = {
            path.relative_to(rendered).as_posix(): path.read_bytes()
            for path in rendered.rglob("*")
            if path.is_file()
        }
        report = UpdateReport(up_to_date=False)
        report.changed = sorted(p for p in base.keys() | new.keys() if base.get(p) != new.get(p))
        if check:
            return report
        for relative in report.changed:
            _merge_file(project, relative, base.get(relative), new.get(relative), report)
        baseline.record(
            git_dir,
            rendered,
            f"lcext {__version__}: {answers.describe()}",
        )
    return report


def _merge_file(
    project: Path, relative: str, base: bytes | None, new: bytes | None, report: UpdateReport
) -> None:
    """Apply the template's change to one file, keeping the user's edits; a link, a folder or
    a special file where the file (or a folder on its way) goes is reported and left alone."""
    try:
        _merge_checked(project, relative, base, new, report)
    except projectfiles.InTheWay as blocked:
        obstacle = blocked.obstacle
        subject = "it" if obstacle.path == relative else obstacle.path
        why = "lcext follows no links and left it alone"
        if obstacle.what != "a symbolic link":
            why = "lcext left it alone"
        report.conflicts.append(f"{relative}: {subject} is {obstacle.what}; {why}")


def _merge_checked(
    project: Path, relative: str, base: bytes | None, new: bytes | None, report: UpdateReport
) -> None:
    ours = projectfiles.read(project, relative)
    if ours == new:
        return
    if new is None:  # the template dropped the file
        if ours == base:
            projectfiles.remove(project, relative)
            report.removed.append(relative)
        else:
            report.conflicts.append(f"{relative}: you changed it, the template removed it")
        return
    if ours is None:
        if base is None:
            projectfiles.write(project, relative, new)
            report.added.append(relative)
        else:
            report.conflicts.append(
                f"{relative}: you deleted it, the template changed it "
                f"(see: git show {baseline.REF}:{relative})"
            )
        return
    if ours == base:
        projectfiles.write(project, relative, new)
        report.written.append(relative)
        return
    merged, conflicted = _three_way(ours, base or b"", new)
    projectfiles.write(project, relative, merged)
    if conflicted:
        report.conflicts.append(f"{relative}: both changed it; resolve the conflict markers")
    else:
        report.merged.append(relative)


def _three_way(ours: bytes, base: bytes, theirs: bytes) -> tuple[bytes, bool]:
    # Run in a scratch folder that is no repository, so no repository's configuration applies.
    with tempfile.TemporaryDirectory() as scratch:
        paths = []
        for name, content in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(scratch) / name
            path.write_bytes(content)
            paths.append(str(path))
        result = subprocess.run(  # noqa: S603 - git with arguments lcext builds
            [  # noqa: S607 - git from PATH, as users run it
                "git", *baseline.SAFE_CONFIG, "merge-file", "-p",
                "-L", "yours", "-L", "template (last update)", "-L", "template (now)",
                *paths,
            ],
            capture_output=True,
            check=False,
            cwd=scratch,
            env=baseline.git_environment(GIT_CEILING_DIRECTORIES=str(Path(scratch).parent)),
        )  # fmt: skip
    # merge-file exits with the number of conflicts (at most 127), 255 or a signal on failure.
    if not 0 <= result.returncode <= 127:
        raise LcextError(f"git merge-file failed: {result.stderr.decode(errors='replace')}")
    return result.stdout, result.returncode > 0

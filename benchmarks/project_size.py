"""How big each generated project is, and how much the template's shared files branch.

Prints, for every allowed combination of the schema, the files and lines lcext generates (and
how many of them sit in the plumbing a user rarely opens), and the Jinja branches (``if``,
``elif``, ``else``) in the template's shared files, with how many of those test a framework by
name. Run from a checkout: ``python benchmarks/project_size.py``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "cli"))

from lcext.generate import Answers, render_project  # noqa: E402
from lcext.options import load_schema  # noqa: E402

TEMPLATE = REPO / "template"
BRANCH = re.compile(r"\{%-?\s*(if|elif|else)\b")
FRAMEWORK_NAME_TEST = re.compile(r"cookiecutter\.framework\s*(==|!=|in)")
PLUMBING_PARTS = {"plumbing"}


def shared_files() -> list[Path]:
    """Template files that more than one flavor renders: templates/ and the project's root."""
    project_template = next(TEMPLATE.glob("{{*}}"))
    shared = [path for path in (TEMPLATE / "templates").rglob("*") if path.is_file()]
    shared += [
        path
        for path in project_template.rglob("*")
        if path.is_file() and "_flavors" not in path.relative_to(project_template).parts
    ]
    return sorted(shared)


def branch_counts() -> tuple[int, int]:
    branches = framework_tests = 0
    for path in shared_files():
        text = path.read_text(encoding="utf-8")
        branches += len(BRANCH.findall(text))
        framework_tests += len(FRAMEWORK_NAME_TEST.findall(text))
    return branches, framework_tests


CODE_SUFFIXES = {".py", ".js", ".mjs", ".html", ".css"}


def part_of(relative: Path) -> str:
    """Which part of a project a file belongs to: its tests, the plumbing, the code a user works
    on (the rest of the code: entry point, config, authorization, routes, the page), or the
    project's other files (README, Dockerfile, packaging, CI)."""
    if relative.parts[0] in ("tests", "test"):
        return "tests"
    if PLUMBING_PARTS & set(relative.parts):
        return "plumbing"
    if relative.suffix in CODE_SUFFIXES:
        return "yours"
    return "other"


def project_size(project: Path) -> dict[str, tuple[int, int]]:
    """Files and lines in all, and per part (package-lock.json, which npm writes, left out)."""
    sizes = {part: [0, 0] for part in ("all", "yours", "plumbing", "tests", "other")}
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if not path.is_file() or ".git" in relative.parts or path.name == "package-lock.json":
            continue
        count = len(path.read_bytes().splitlines())
        for part in ("all", part_of(relative)):
            sizes[part][0] += 1
            sizes[part][1] += count
    return {part: (files, lines) for part, (files, lines) in sizes.items()}


def main() -> None:
    schema = load_schema(TEMPLATE)
    parts = ("all", "yours", "plumbing", "tests", "other")
    print(f"{'files / lines':24}" + "".join(f"{part:>14}" for part in parts))
    with tempfile.TemporaryDirectory() as folder:
        for combination in schema.combinations():
            name = "-".join(combination.values())
            answers = Answers(project_name=f"size {name}", **combination)
            project = render_project(answers, output_dir=Path(folder), git=False).path
            sizes = project_size(project)
            cells = [f"{sizes[part][0]} / {sizes[part][1]}" for part in parts]
            print(f"{name:24}" + "".join(f"{cell:>14}" for cell in cells))
    branches, framework_tests = branch_counts()
    print("\nyours: code outside tests/ and plumbing/ (entry point, config, authorization, routes,")
    print("the page); other: README, Dockerfile, packaging, CI; package-lock.json left out")
    print(f"Jinja branches in shared template files: {branches}")
    print(f"of which test a framework by name: {framework_tests}")


if __name__ == "__main__":
    main()

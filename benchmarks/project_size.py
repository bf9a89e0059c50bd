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


def project_size(project: Path) -> tuple[int, int, int, int]:
    files = lines = plumbing_files = plumbing_lines = 0
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if not path.is_file() or ".git" in relative.parts or path.name == "package-lock.json":
            continue
        count = len(path.read_bytes().splitlines())
        files += 1
        lines += count
        if PLUMBING_PARTS & set(relative.parts):
            plumbing_files += 1
            plumbing_lines += count
    return files, lines, plumbing_files, plumbing_lines


def main() -> None:
    schema = load_schema(TEMPLATE)
    print(f"{'combination':36} {'files':>6} {'lines':>7} {'plumbing files':>15} {'lines':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for combination in schema.combinations():
            name = "-".join(combination.values())
            answers = Answers(project_name=f"size {name}", **combination)
            project = render_project(answers, output_dir=Path(folder), git=False).path
            files, lines, plumbing_files, plumbing_lines = project_size(project)
            print(f"{name:36} {files:6} {lines:7} {plumbing_files:15} {plumbing_lines:7}")
    branches, framework_tests = branch_counts()
    print(f"\nJinja branches in shared template files: {branches}")
    print(f"of which test a framework by name: {framework_tests}")
    print("(package-lock.json is left out of the line counts: npm writes it)")


if __name__ == "__main__":
    main()

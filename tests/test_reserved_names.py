"""No project name may give a package that shadows a module its own project imports.

A generated project imports its dependencies (fastapi, flask, ...) and, in its tests, helper
modules that sit beside them (accounts_server, bad_requests, ...). A package of the same name
would be found first, and the project would fail its own tests. Rather than trusting a list kept
by hand, this reads every generated combination's Python files and checks that each top-level
module they import, or provide outside the package, is a name lcext refuses.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from conftest import FRAMEWORKS, TEMPLATE, combination_id
from lcext import generate
from lcext.errors import InvalidOptionError
from lcext.generate import Answers, check_project_name, render_project
from lcext.options import load_schema
from lcext.template import load_hook

PYTHON_COMBINATIONS = [
    combination
    for combination in load_schema(TEMPLATE).combinations()
    if FRAMEWORKS[combination["framework"]]["language"] == "python"
]


def top_level_names(project: Path, package: str) -> set[str]:
    """Modules the project's Python code imports, and modules it provides beside its package."""
    names: set[str] = set()
    for path in project.rglob("*.py"):
        if ".git" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        # Test helpers are imported by their bare name (pytest puts tests/ on sys.path).
        if path.parent.name == "tests":
            names.add(path.stem)
    names |= {path.name for path in project.iterdir() if path.is_dir() and path.name[0] != "."}
    # A leading underscore (typing's _typeshed) is not a package name lcext could derive.
    return {name for name in names if name not in sys.stdlib_module_names and name[0] != "_"} - {
        package
    }


@pytest.mark.parametrize("combination", PYTHON_COMBINATIONS, ids=combination_id)
def test_every_module_the_project_uses_is_a_refused_name(
    combination: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(project_name="names check", **combination)
    project = render_project(answers, output_dir=tmp_path, git=False).path
    # lcext also refuses what its own Python finds installed; the project's environment is not
    # lcext's (playwright, werkzeug, ... need not be beside lcext), so that check is left out.
    rules = load_hook(TEMPLATE, "pre_gen_project")
    monkeypatch.setattr(rules, "installed_module", lambda module: None)
    monkeypatch.setattr(generate, "load_hook", lambda template, name: rules)
    accepted = []
    for name in sorted(top_level_names(project, "names_check")):
        try:
            check_project_name(name.replace("_", "-"))
        except InvalidOptionError:
            continue
        accepted.append(name)
    assert accepted == [], (
        f"lcext accepts project names whose package would shadow what the project uses: "
        f"{', '.join(accepted)}; add them to RESERVED_MODULES in hooks/pre_gen_project.py"
    )

"""Rules shared by lcext and the cookiecutter hooks: which answers are valid, which files to drop.

Plain ``cookiecutter`` runs the hooks in subprocesses; lcext imports this module directly. Both
therefore refuse the same answers with the same message and produce the same file set.
"""

from __future__ import annotations

import keyword
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slugify import slugify

MAX_NAME_LENGTH = 64
EXAMPLE_NAME = "my-extension"
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MODULE_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

# Names a generated package must not take: its own top-level folders and the libraries it imports.
RESERVED_MODULES = frozenset(
    {
        "app", "fastapi", "httpx", "itsdangerous", "jinja2", "multipart", "pydantic",
        "pydantic_settings", "pytest", "python_multipart", "starlette", "src", "static",
        "templates", "tests", "uvicorn",
    }
)  # fmt: skip

# Files that only one value of an option needs, relative to the project root; ``{module_name}``
# is replaced by the answer. Everything else in the template is kept.
PRUNE: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("auth", "sign-in"): (
        "src/{module_name}/authorization.py",
        "src/{module_name}/routes/authorize.py",
        "tests/test_authorize.py",
    ),
    ("auth", "basic"): (
        "src/{module_name}/accounts.py",
        "src/{module_name}/routes/session.py",
        "tests/accounts_server.py",
        "tests/test_session.py",
    ),
}


class InvalidAnswer(ValueError):
    """An answer that would produce a broken project; the message says how to fix it."""


def slug_for(project_name: str) -> str:
    """The folder and distribution name derived from a project name (ASCII, dash-separated)."""
    return slugify(project_name)


def module_for(project_slug: str) -> str:
    """The Python package name derived from a slug."""
    return project_slug.replace("-", "_")


def check_project_name(name: str) -> None:
    if not name.strip():
        raise InvalidAnswer(f"the project name is empty; give one such as '{EXAMPLE_NAME}'")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidAnswer(
            f"the project name is {len(name)} characters long; keep it to {MAX_NAME_LENGTH} "
            f"or fewer, such as '{EXAMPLE_NAME}'"
        )
    if "/" in name or "\\" in name or ".." in name:
        raise InvalidAnswer(
            f"the project name {name!r} contains a path ('/', '\\' or '..'); give a plain name "
            f"such as '{EXAMPLE_NAME}' and choose the parent folder with --output-dir"
        )
    if any(marker in name for marker in ("{{", "{%", "{#", "}}", "%}", "#}")):
        raise InvalidAnswer(
            f"the project name {name!r} contains template syntax; use letters, digits, spaces "
            f"and dashes, such as '{EXAMPLE_NAME}'"
        )
    if any(char in name for char in "\"'`") or any(not char.isprintable() for char in name):
        raise InvalidAnswer(
            f"the project name {name!r} contains quotes or control characters; use letters, "
            f"digits, spaces and dashes, such as '{EXAMPLE_NAME}'"
        )


def check_slug(slug: str) -> None:
    if not SLUG_PATTERN.fullmatch(slug):
        raise InvalidAnswer(
            f"the folder name {slug!r} must start with a letter and hold only lowercase ASCII "
            f"letters, digits and single dashes, such as '{EXAMPLE_NAME}'"
        )


def check_module(module: str) -> None:
    if not MODULE_PATTERN.fullmatch(module):
        raise InvalidAnswer(
            f"the package name {module!r} must start with a letter and hold only lowercase "
            f"ASCII letters, digits and single underscores, such as 'my_extension'"
        )
    if keyword.iskeyword(module) or keyword.issoftkeyword(module):
        raise InvalidAnswer(
            f"the package name {module!r} is a Python keyword; choose another project name, "
            f"such as '{EXAMPLE_NAME}'"
        )
    if module in sys.stdlib_module_names:
        raise InvalidAnswer(
            f"the package name {module!r} would shadow Python's standard library module of "
            f"that name; choose another project name, such as '{module}-extension'"
        )
    if module in RESERVED_MODULES:
        raise InvalidAnswer(
            f"the package name {module!r} would shadow a module the generated project uses; "
            f"choose another project name, such as '{module}-extension'"
        )


def check_combination(answers: Mapping[str, Any]) -> None:
    """Refuse option combinations that ``_forbidden`` in cookiecutter.json rules out."""
    for rule in answers.get("_forbidden", ()):
        if all(answers.get(key) == value for key, value in rule["when"].items()):
            raise InvalidAnswer(rule["why"])


def check_answers(answers: Mapping[str, Any]) -> None:
    """Raise InvalidAnswer for the first answer that would produce a broken project."""
    check_project_name(answers["project_name"])
    check_slug(answers["project_slug"])
    check_module(answers["module_name"])
    check_combination(answers)


def paths_to_prune(answers: Mapping[str, Any]) -> list[str]:
    """Project-relative paths of files that belong to options the user did not choose."""
    paths: list[str] = []
    for (option, value), templates in PRUNE.items():
        if answers.get(option) != value:
            continue
        paths.extend(template.format(module_name=answers["module_name"]) for template in templates)
    return paths


def prune(project_dir: Path, answers: Mapping[str, Any]) -> None:
    """Delete from a freshly rendered project the files of options the user did not choose."""
    for relative in paths_to_prune(answers):
        path = project_dir / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

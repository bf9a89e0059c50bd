"""Pre-generation hook: refuse answers that would produce a broken project, before any file.

lcext imports this module to validate answers before it calls cookiecutter; plain cookiecutter
runs it as a hook. Both refuse the same answers with the same message. Everything down to
"endraw" is plain Python that cookiecutter copies unrendered; only the last lines are rendered.
"""

# {% raw %}
from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Mapping
from typing import Any

from slugify import slugify

MAX_NAME_LENGTH = 64
EXAMPLE_NAME = "my-extension"
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MODULE_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
JINJA_MARKERS = ("{{", "{%", "{#", "}}", "%}", "#}")

# Names a generated package must not take: its own top-level folders and the libraries it imports.
RESERVED_MODULES = frozenset(
    {
        "accounts_server", "app", "bad_requests", "chromium", "conftest", "cors", "corsheaders",
        "django", "dotenv", "expected_headers", "express", "fastapi", "flask", "flask_cors",
        "gunicorn", "httpx", "httpx2", "itsdangerous", "jinja2", "multipart", "pydantic",
        "pydantic_settings", "pytest", "pytest_django", "pytest_env", "python_multipart",
        "servers", "src", "starlette", "static", "templates", "tests", "uvicorn", "whitenoise",
    }
)  # fmt: skip


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
    if any(marker in name for marker in JINJA_MARKERS):
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


def main(answers_json: str) -> None:
    try:
        check_answers(json.loads(answers_json))
    except InvalidAnswer as error:
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)


# {% endraw %}
if __name__ == "__main__":
    main(r"""{{ cookiecutter | jsonify }}""")

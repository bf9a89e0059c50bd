"""Pre-generation hook: refuse answers that would produce a broken project, before any file.

lcext imports this module to validate answers before it calls cookiecutter; plain cookiecutter
runs it as a hook. Both refuse the same answers with the same message. Everything down to
"endraw" is plain Python that cookiecutter copies unrendered; only the last lines are rendered.
"""

# {% raw %}
from __future__ import annotations

import importlib.machinery
import json
import keyword
import os
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from slugify import slugify

MAX_NAME_LENGTH = 64
EXAMPLE_NAME = "my-extension"
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MODULE_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
JINJA_MARKERS = ("{{", "{%", "{#", "}}", "%}", "#}")

# Names a generated package must not take: its own top-level folders, the helper modules its
# tests import by name, and the libraries it imports (tests/test_reserved_names.py reads every
# generated project and fails naming any that is missing here).
RESERVED_MODULES = frozenset(
    {
        "accounts_server", "app", "bad_requests", "chromium", "conftest", "cors", "corsheaders",
        "cryptography", "django", "dotenv", "expected_headers", "express", "fastapi", "flask",
        "flask_cors", "gunicorn", "httpx", "httpx2", "itsdangerous", "jinja2",
        "livechat_api_server", "multipart", "playwright", "pydantic", "pydantic_core",
        "pydantic_settings", "pytest", "pytest_django", "pytest_env", "python_multipart", "servers",
        "src", "starlette", "static", "templates", "tests", "uvicorn", "werkzeug", "whitenoise",
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
    if module == "test" or module.startswith("test_"):
        # pytest puts tests/ first on the import path, where test_<name>.py modules live.
        raise InvalidAnswer(
            f"the package name {module!r} would be shadowed by the project's own test modules; "
            f"choose another project name, such as 'my-{module.replace('_', '-')}'"
        )
    if module in RESERVED_MODULES:
        raise InvalidAnswer(
            f"the package name {module!r} would shadow a module the generated project uses; "
            f"choose another project name, such as '{module}-extension'"
        )
    where = installed_module(module)
    if where is not None:
        raise InvalidAnswer(
            f"the package name {module!r} would shadow, or be shadowed by, the module {module!r} "
            f"that Python already has ({where}); choose another project name, such as "
            f"'{module}-extension'"
        )


def installed_module(module: str) -> str | None:
    """Where this Python finds a top-level module named ``module`` (its standard library, with
    the ``test`` and ``idlelib`` packages that sys.stdlib_module_names leaves out or lists
    apart, and the installed packages), or None.

    Only Python's own finders are asked: they locate a module by looking at files and never
    import or run anything (some finders that packages add do). The folders that only this
    process sees are left out: the current folder and the running script's (cookiecutter runs
    this hook from a temporary file).
    """
    own = {os.path.realpath(os.getcwd())}
    if sys.argv and sys.argv[0]:
        own.add(os.path.realpath(os.path.dirname(os.path.abspath(sys.argv[0]))))
    search = [entry for entry in sys.path if entry and os.path.realpath(entry) not in own]
    spec = (
        importlib.machinery.BuiltinImporter.find_spec(module)
        or importlib.machinery.FrozenImporter.find_spec(module)
        or importlib.machinery.PathFinder.find_spec(module, search)
    )
    if spec is None:
        return None
    if spec.submodule_search_locations:  # a package: its folder
        return str(next(iter(spec.submodule_search_locations)))
    return spec.origin or "built in"


def refusal(answers: Mapping[str, Any], forbidden: Iterable[Mapping[str, Any]]) -> str | None:
    """Why ``forbidden`` (the ``_forbidden`` rules of cookiecutter.json) refuses this combination
    of answers, or None. The one implementation of the rule: lcext's prompts, ``lcext list`` and
    validation call it too. A rule refuses answers that hold every value of its ``when``."""
    for rule in forbidden:
        if all(answers.get(key) == value for key, value in rule["when"].items()):
            return str(rule["why"])
    return None


def check_combination(answers: Mapping[str, Any]) -> None:
    """Refuse option combinations that ``_forbidden`` in cookiecutter.json rules out (cookiecutter
    passes ``_forbidden`` in its context; lcext adds it to its own)."""
    why = refusal(answers, answers["_forbidden"])
    if why is not None:
        raise InvalidAnswer(why)


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

"""Property-based: whatever name a user types, lcext refuses it cleanly or makes a sound project."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TEMPLATE, files_below
from lcext.errors import InvalidOptionError
from lcext.generate import Answers, check_project_name, render_project
from lcext.options import load_schema

COMBINATIONS = load_schema(TEMPLATE).combinations()
# Each example makes its own folder with tmp_path_factory, so reusing the fixture is safe.
FIXTURE_REUSE = HealthCheck.function_scoped_fixture

# Letters from several scripts, digits, spaces, and the characters that break code and paths.
HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ019 -_.")),
        st.sampled_from(
            [
                "/",
                "\\",
                "{",
                "}",
                "%",
                "#",
                "'",
                '"',
                "`",
                "$",
                "<",
                ">",
                "&",
                ";",
                "\t",
                "\n",
                "\x00",
                "\x1b",
            ]
        ),
        st.characters(codec="utf-8", categories=("L", "N", "Zs", "P", "S")),
    ),
    max_size=80,
)


# Names whose package this Python already finds: the standard library's ``test`` and
# ``idlelib`` (which sys.stdlib_module_names leaves out, or lists apart), and what every
# environment installs (pip, setuptools) or pytest brings along. A generated package of that
# name shadows the module or is shadowed by it.
NEAR_MISSES = (
    "test", "Test", "TEST", "idlelib", "pip", "PIP", "setuptools", "pkg_resources",
    "pluggy", "iniconfig", "_pytest", "pytest", "typing_extensions",
)  # fmt: skip
NAMES = st.one_of(HOSTILE, st.sampled_from(NEAR_MISSES))


def module_of(name: str) -> str:
    from slugify import slugify

    return slugify(name).replace("-", "_")


def assert_refused_clearly(name: str, message: str) -> None:
    assert "\n" not in message, message
    assert "such as '" in message, f"{name!r}: {message} (no example of a name that works)"
    if module_of(name) and module_of(name)[0].isalpha():
        example = message.rsplit("such as '", 1)[1].split("'", 1)[0]
        check_project_name(example)  # the example given works


def assert_sound(project: Path) -> None:
    for relative in files_below(project):
        path = project / relative
        if path.suffix == ".py":
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text(encoding="utf-8"))
    assert re.fullmatch(r"[a-z][a-z0-9-]*", project.name)


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE_REUSE])
@given(name=NAMES, combination=st.sampled_from(COMBINATIONS))
def test_any_name_is_refused_cleanly_or_gives_a_sound_project(
    tmp_path_factory: pytest.TempPathFactory, name: str, combination: dict[str, str]
) -> None:
    output = tmp_path_factory.mktemp("names")
    try:
        project = render_project(Answers(name, **combination), output_dir=output, git=False).path
    except InvalidOptionError as error:
        assert "\n" not in str(error)
        assert list(output.iterdir()) == []
        return
    assert [path.name for path in output.iterdir()] == [project.name]
    assert_sound(project)
    # An accepted name's package is nowhere on this Python's path: nothing shadows it.
    assert importlib.util.find_spec(module_of(name)) is None, name


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_names_of_modules_python_already_has_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidOptionError) as refused:
        render_project(
            Answers(name, auth="basic", framework="fastapi"), output_dir=tmp_path, git=False
        )
    assert_refused_clearly(name, str(refused.value))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.generated
@settings(max_examples=2, deadline=None, suppress_health_check=[FIXTURE_REUSE])
@given(
    name=st.one_of(
        st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){0,2}( [0-9]{1,3})?", fullmatch=True),
        st.sampled_from(NEAR_MISSES),
    )
)
def test_accepted_names_give_projects_whose_own_tests_pass(
    tmp_path_factory: pytest.TempPathFactory, generated_env: dict[str, str], name: str
) -> None:
    output = tmp_path_factory.mktemp("accepted")
    try:
        project = render_project(
            Answers(name, auth="basic", framework="fastapi"), output_dir=output
        ).path
    except InvalidOptionError as error:
        # e.g. a standard-library name, or one of a module Python already has
        assert_refused_clearly(name, str(error))
        return
    assert name not in NEAR_MISSES, f"{name!r} was accepted; its package would be shadowed"
    for command in ('pip install -q -e ".[dev]"', "pytest -q -p no:cacheprovider"):
        result = subprocess.run(
            ["bash", "-c", command], cwd=project, env=generated_env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, f"{name!r}: $ {command}\n{result.stdout}\n{result.stderr}"
    assert " passed" in result.stdout and " failed" not in result.stdout

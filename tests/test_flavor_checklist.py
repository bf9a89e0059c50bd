"""Adding a framework is a checklist, and this test is it.

A framework is an entry in cookiecutter.json's ``framework`` choice. Everything that follows from
the schema (flags, prompts, the test matrix, the generation and doctor tests' parameters) needs
nothing more; the places listed here cannot be derived and must name every framework the schema
has. The test fails with the list of what is missing for which framework, so that a contributor
adding one learns every step from one failure (docs/adding-a-framework.md says the same in prose).
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from pathlib import Path

from conftest import FRAMEWORKS, REPO, TEMPLATE
from lcext.options import OptionSchema

CONTEXT = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
FLAVORS = next(TEMPLATE.glob("{{*}}")) / "_flavors"
# What every framework declares in _frameworks: the questions shared template files ask.
CAPABILITIES = {
    "language": {"python", "node"},
    "server": {True, False},
    "async_python": {True, False},
    "accounts_stand_in": str,
    "api_stand_in": str,
    "client_id_from": str,
    # What follows a widget page's name in its URL: "" where the app routes /messagebox, ".html"
    # where a static host serves files.
    "page_suffix": {"", ".html"},
}


def _capabilities(framework: str) -> dict[str, object]:
    return dict(FRAMEWORKS.get(framework, {}))


def _module_level_names(path: Path, assignment: str) -> set[str]:
    """The string keys (or items) of a module-level dict (or tuple) literal, read without
    importing the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        if any(isinstance(target, ast.Name) and target.id == assignment for target in targets):
            value = node.value
            items = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", [])
            return {item.value for item in items if isinstance(item, ast.Constant)}
    raise AssertionError(f"{path.relative_to(REPO)} has no {assignment}")


def _json_keys(path: Path, *inside: str) -> set[str]:
    """The keys of a JSON file's object, or of the object at ``inside`` in it."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for key in inside:
        data = data.get(key, {})
    return set(data)


def _has_test_commands(readme: Path) -> bool:
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    return re.search(r"^## Test it\n.*?```sh\n", text, re.M | re.S) is not None


def _declares_capabilities(capabilities: dict[str, object]) -> bool:
    for key, kind in CAPABILITIES.items():
        if key not in capabilities:
            return False
        value = capabilities[key]
        if not (isinstance(value, kind) if isinstance(kind, type) else value in kind):
            return False
    return True


def missing_places(framework: str, schema: OptionSchema) -> list[str]:
    """Every place a framework must appear that does not name this one."""
    capabilities = _capabilities(framework)
    flavor = FLAVORS / framework
    # The values of every other choice option that this framework allows (also for a framework
    # the schema does not offer yet).
    others = [name for name in schema.choice_options if name != "framework"]
    combinations = [
        combination
        for values in itertools.product(*(schema.choice_options[name].values for name in others))
        if schema.allowed(
            combination := {**dict(zip(others, values, strict=True)), "framework": framework}
        )
    ]
    allowed = {name: {combination[name] for combination in combinations} for name in others}
    auths = allowed.get("auth", set())
    places = {
        "template/cookiecutter.json: a label in __prompts__.framework": (
            framework in CONTEXT["__prompts__"]["framework"]
        ),
        "template/cookiecutter.json: a _frameworks entry declaring "
        + ", ".join(CAPABILITIES): _declares_capabilities(capabilities),
        f"_flavors/{framework}/: the project's files, with README.md and choice-files.json": (
            (flavor / "README.md").is_file() and (flavor / "choice-files.json").is_file()
        ),
        **{
            f"_flavors/{framework}/choice-files.json: under {option!r}, a list for each allowed "
            f"value ({', '.join(sorted(values))})": values
            <= _json_keys(flavor / "choice-files.json", option)
            for option, values in allowed.items()
        },
        f"_flavors/{framework}/README.md: a '## Test it' section with a sh block, which "
        "lcext's tests run as the user would": _has_test_commands(flavor / "README.md"),
        f"tests/expected_files/{framework}.json: the exact files, common and per auth mode": (
            {"common", *auths}
            <= _json_keys(REPO / "tests" / "expected_files" / f"{framework}.json")
        ),
        "tests/test_doctor.py: a row in SERVE, how to serve it over HTTPS for lcext doctor": (
            framework in _module_level_names(REPO / "tests" / "test_doctor.py", "SERVE")
        ),
        f"README.md: a `--framework {framework}` row in the options table": (
            f"`--framework {framework}`" in (REPO / "README.md").read_text(encoding="utf-8")
        ),
    }
    if capabilities.get("server"):
        places["benchmarks/bench_load.py: a row in FLAVORS, its bare endpoint in baselines/"] = (
            framework in _module_level_names(REPO / "benchmarks" / "bench_load.py", "FLAVORS")
        )
        if capabilities.get("language") == "python":
            places["benchmarks/bench_layers.py: FRAMEWORKS, and a builder of its layers"] = (
                framework
                in _module_level_names(REPO / "benchmarks" / "bench_layers.py", "FRAMEWORKS")
            )
    return [place for place, present in places.items() if not present]


def test_every_framework_appears_everywhere_it_must(schema: OptionSchema) -> None:
    missing = {
        framework: places
        for framework in schema.choice_options["framework"].values
        if (places := missing_places(framework, schema))
    }
    report = "\n".join(
        f"{framework}: missing in\n  - " + "\n  - ".join(places)
        for framework, places in missing.items()
    )
    assert not missing, f"frameworks not yet everywhere they must be:\n{report}"


def test_no_capabilities_for_a_framework_the_schema_does_not_offer(schema: OptionSchema) -> None:
    # A leftover entry (a framework renamed or removed) would silently hide a typo.
    offered = set(schema.choice_options["framework"].values)
    assert set(FRAMEWORKS) == offered
    assert {path.name for path in FLAVORS.iterdir()} == offered


def test_the_checklist_names_what_a_new_framework_lacks(schema: OptionSchema) -> None:
    # The checklist itself must be able to fail: a framework that is only in the choice list
    # misses every place.
    places = missing_places("rails", schema)
    assert len(places) >= 8, places
    assert any("_frameworks entry" in place for place in places)
    assert any("tests/expected_files/rails.json" in place for place in places)


def test_shared_template_files_never_test_a_frameworks_name() -> None:
    # Shared files ask what a framework has (cookiecutter._frameworks[...]); a test of its name
    # would be one more place to edit for every new framework.
    project_template = next(TEMPLATE.glob("{{*}}"))
    shared = [path for path in (TEMPLATE / "templates").rglob("*") if path.is_file()]
    shared += [
        path
        for path in project_template.rglob("*")
        if path.is_file() and "_flavors" not in path.relative_to(project_template).parts
    ]
    name_test = re.compile(r"cookiecutter\.framework\s*(==|!=|in\b|not\s+in\b)")
    offenders = [
        str(path.relative_to(TEMPLATE))
        for path in shared
        if name_test.search(path.read_text(encoding="utf-8"))
    ]
    assert shared and offenders == []

"""What lcext promises about a generated project's own files, checked for every combination.

These are lcext's promises, not the user's app's behaviour, so they live here rather than in the
generated suite: a user who edits their Dockerfile or workflow must not break their own tests.
The promises: CI runs exactly the README's test commands; the Dockerfile builds an image that
runs the README's production command as exec, as a user without privileges, with a health check
on /healthz and its dependencies in a layer of their own; the build leaves secrets out.
(The generated suites still start the production command for real and call its health check.)
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import FRAMEWORKS, TEMPLATE, combination_id
from lcext.generate import Answers, render_project
from lcext.options import load_schema

SCHEMA = load_schema(TEMPLATE)
# The flavors with a server of their own: they ship a Dockerfile and a CI workflow.
SERVERS = [c for c in SCHEMA.combinations() if FRAMEWORKS[c["framework"]]["server"]]


@pytest.fixture(scope="module", params=SERVERS, ids=combination_id)
def server_project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    answers = Answers(project_name="promise check", **request.param)
    return render_project(answers, output_dir=tmp_path_factory.mktemp("promises"), git=False).path


def readme_block(project: Path, section: str) -> list[str]:
    """The lines of the first sh block under a README heading."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\n.*?```sh\n(.*?)```", readme, re.M | re.S)
    assert match, f"no sh block under '## {section}' in the README"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def dockerfile(project: Path) -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continued lines joined."""
    text = (project / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, arguments = line.partition(" ")
            instructions.append((name.upper(), " ".join(arguments.split())))
    return instructions


def command_words(arguments: str) -> list[str]:
    """A CMD's words, exec form (JSON) or shell form led by exec."""
    if arguments.startswith("["):
        return list(json.loads(arguments))
    words = shlex.split(arguments)
    assert words[0] == "exec", f"shell-form CMD without exec: {arguments}"
    return words[1:]


def test_ci_runs_the_readme_test_commands(server_project: Path) -> None:
    # (The static flavor ships no workflow: where it is hosted decides how it is built.)
    project = server_project
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no CI workflow"
    steps = [
        step["run"].strip()
        for workflow in workflows
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
        for step in job["steps"]
        if "run" in step
    ]
    commands = readme_block(project, "Test it")
    # Every README command runs in CI, in the README's order.
    positions = [steps.index(command) for command in commands if command in steps]
    assert [command for command in commands if command not in steps] == []
    assert positions == sorted(positions)


def test_the_image_runs_the_readme_production_command(server_project: Path) -> None:
    (cmd,) = [arguments for name, arguments in dockerfile(server_project) if name == "CMD"]
    words = command_words(cmd)
    documented = [shlex.split(line) for line in readme_block(server_project, "Deploy")]
    assert any(words == line or words == line[-len(words) :] for line in documented), (
        f"the Dockerfile's CMD {words} is not the README's production command {documented}"
    )


def test_the_image_runs_as_a_user_without_privileges(server_project: Path) -> None:
    users = [arguments for name, arguments in dockerfile(server_project) if name == "USER"]
    assert users, "the Dockerfile sets no USER"
    assert users[-1] not in ("root", "0")


def test_the_image_checks_healthz(server_project: Path) -> None:
    (check,) = [
        arguments for name, arguments in dockerfile(server_project) if name == "HEALTHCHECK"
    ]
    assert "/healthz" in check


def test_dependencies_are_installed_before_the_code_is_copied(server_project: Path) -> None:
    instructions = dockerfile(server_project)
    install = next(
        index
        for index, (name, arguments) in enumerate(instructions)
        if name == "RUN" and re.search(r"\b(pip install|npm ci)\b", arguments)
    )
    copies = [index for index, (name, _) in enumerate(instructions) if name == "COPY"]
    manifests = [i for i in copies if re.search(r"pyproject\.toml|package", instructions[i][1])]
    code = [i for i in copies if i not in manifests]
    assert manifests and manifests[0] < install, "the dependency manifests are not copied first"
    assert code and min(code) > install, "the code is copied before the dependencies install"


def docker_ignores(patterns: list[str], path: str) -> bool:
    """Whether .dockerignore's patterns leave ``path`` out of the build: the last matching
    pattern wins, ``!`` lets a path back in, and a pattern matching a folder covers its files."""
    parts = path.split("/")
    ancestors = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    ignored = False
    for pattern in patterns:
        allowed = pattern.startswith("!")
        pattern = pattern.removeprefix("!").strip("/")
        if any(fnmatch.fnmatchcase(candidate, pattern) for candidate in ancestors):
            ignored = not allowed
    return ignored


def dockerignore_patterns(project: Path) -> list[str]:
    lines = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_build_leaves_secrets_and_local_state_out(server_project: Path) -> None:
    patterns = dockerignore_patterns(server_project)
    for path in (".env", ".git/config", ".devcert/key.pem"):
        assert docker_ignores(patterns, path), f".dockerignore lets {path} into the build"


def test_the_build_gets_every_file_the_image_copies(server_project: Path) -> None:
    # A COPY of something .dockerignore leaves out fails the build (or copies nothing).
    patterns = dockerignore_patterns(server_project)
    copies = [arguments for name, arguments in dockerfile(server_project) if name == "COPY"]
    sources = [source for arguments in copies for source in arguments.split()[:-1]]
    assert sources
    for source in sources:
        assert (server_project / source).exists(), f"the Dockerfile copies a missing {source}"
        assert not docker_ignores(patterns, source.strip("/")), f".dockerignore drops {source}"


@pytest.mark.parametrize(
    "combination",
    [c for c in SERVERS if FRAMEWORKS[c["framework"]]["language"] == "node"],
    ids=combination_id,
)
def test_npm_start_is_the_images_command(combination: dict[str, str], tmp_path: Path) -> None:
    project = render_project(Answers("promise check", **combination), tmp_path, git=False).path
    (cmd,) = [arguments for name, arguments in dockerfile(project) if name == "CMD"]
    start = json.loads((project / "package.json").read_text(encoding="utf-8"))["scripts"]["start"]
    assert command_words(cmd) == shlex.split(start)


def test_the_image_runs_in_production_mode(server_project: Path) -> None:
    # Without it the app would serve the emulator and development settings.
    settings = " ".join(
        arguments for name, arguments in dockerfile(server_project) if name == "ENV"
    )
    assert re.search(r"\bENVIRONMENT=production\b", settings), settings


def test_ci_tests_on_the_runtime_of_the_image(server_project: Path) -> None:
    (image,) = [arguments for name, arguments in dockerfile(server_project) if name == "FROM"]
    runtime, _, tag = image.partition(":")
    workflow = (server_project / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    versions = [
        str(step["with"][f"{runtime}-version"])
        for job in yaml.safe_load(workflow)["jobs"].values()
        for step in job["steps"]
        if f"{runtime}-version" in step.get("with", {})
    ]
    assert versions == [tag.removesuffix("-slim")], (image, versions)

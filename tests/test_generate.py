"""render_project(): the core that lcext's CLI calls, tested without a terminal."""

from __future__ import annotations

import ast
import errno
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import JINJA_LEFTOVER, TEMPLATE, combination_id, expected_files, files_below
from lcext import __version__, generate
from lcext.errors import InvalidOptionError, OutputExistsError, TemplateError
from lcext.generate import Answers, render_project
from lcext.options import load_schema

COMBINATIONS = load_schema(TEMPLATE).combinations()
SCHEMA = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
# The page templates a server fills in at runtime: the extension page and the widget pages.
PAGE_TEMPLATES = {"index.html"} | {f"{w['name']}.html" for w in SCHEMA["_livechat"]["widgets"]}


@pytest.fixture(scope="module", params=COMBINATIONS, ids=combination_id)
def baked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    combination: dict[str, str] = request.param
    output = tmp_path_factory.mktemp(combination_id(combination))
    project = render_project(Answers("Acme Notes", **combination), output_dir=output).path
    return combination, output, project


def the_page(project: Path) -> Path:
    """The extension page's template (the emulator has an index.html of its own)."""
    return next(path for path in project.rglob("index.html") if "emulator" not in path.parts)


def test_project_folder_is_named_after_the_slug(baked: tuple) -> None:
    _, output, project = baked
    assert project == output / "acme-notes"
    # Nothing else is left in the output folder: no staging folder, no stray files.
    assert [path.name for path in output.iterdir()] == ["acme-notes"]


def test_exact_file_set(baked: tuple) -> None:
    combination, _, project = baked
    assert files_below(project) == expected_files(combination, "acme_notes")


def test_no_jinja_leftovers(baked: tuple) -> None:
    _, _, project = baked
    for relative in files_below(project):
        path = project / relative
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            # The page templates' runtime variables are Jinja on purpose: the app fills them.
            if path.name in PAGE_TEMPLATES and "emulator" not in path.parts:
                for variable in (
                    "client_id",
                    "accounts_url",
                    "livechat_library_js",
                    "accounts_sdk_js",
                ):
                    text = text.replace("{{ %s }}" % variable, "")  # noqa: UP031
            assert not JINJA_LEFTOVER.search(text), f"template syntax left in {path}"


def test_code_compiles_and_structured_files_parse(baked: tuple) -> None:
    _, _, project = baked
    for path in project.rglob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for path in project.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path
    names = []
    if (project / "pyproject.toml").exists():
        pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
        names.append(pyproject["project"]["name"])
    if (project / "package.json").exists():
        names.append(json.loads((project / "package.json").read_text(encoding="utf-8"))["name"])
    assert names == ["acme-notes"]


def test_generated_code_is_lint_clean(baked: tuple) -> None:
    _, _, project = baked
    commands = [["node", "--check", str(path)] for path in project.rglob("*.js")]
    if (project / "pyproject.toml").exists():
        ruff = [sys.executable, "-m", "ruff"]
        commands += [
            [*ruff, "check", "--no-cache", "."],
            [*ruff, "format", "--no-cache", "--check", "."],
        ]
    assert commands
    for command in commands:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_auth_mode_shapes_the_page_script(baked: tuple) -> None:
    combination, _, project = baked
    if SCHEMA["_sdks"][combination["sdk"]]["widgets"]:
        # The widgets SDK has no LiveChat.init(): Chat Details signs in with accounts-sdk 2.x.
        script = next(project.rglob("details.js")).read_text(encoding="utf-8")
        assert "new AccountsSDK(" in script and ".popup()" in script
        assert "LiveChat.init(" not in script
        return
    script = next(project.rglob("extension.js")).read_text(encoding="utf-8")
    if combination["auth"] == "sign-in":
        assert "LiveChat.init({ authorize: false, authorization: false })" in script
        assert "AccountsSDK.init(" in script
        assert "getSessionId" not in script
    else:
        assert "LiveChat.init();" in script
        assert "LiveChat.getSessionId()" in script
        assert "AccountsSDK" not in script


def test_livechat_facts_come_from_cookiecutter_json(baked: tuple) -> None:
    combination, _, project = baked
    livechat = json.loads((TEMPLATE / "cookiecutter.json").read_text())["_livechat"]
    # Server flavors fill the library's URL in at request time, from their own code.
    everything = "\n".join(
        (project / relative).read_text(encoding="utf-8") for relative in files_below(project)
    )
    sdk = SCHEMA["_sdks"][combination["sdk"]]
    if sdk["widgets"]:
        # The widget pages load the pinned SDKs from the app itself, never the 2017 library.
        assert livechat["extension_library_js"] not in everything
        assert sdk["accounts_url"] in everything
        for package in ("agent_app_sdk", "accounts_sdk"):
            assert f"{livechat[package]['package']} {livechat[package]['version']}" in everything
    else:
        page = the_page(project).read_text(encoding="utf-8")
        assert livechat["extension_library_css"] in page
        assert livechat["extension_library_js"] in everything
    if combination["framework"] != "static":  # a static site has no server settings
        env_example = (project / ".env.example").read_text(encoding="utf-8")
        assert ",".join(livechat["agent_app_origins"]) in env_example


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 65, "65 characters"),
        ("../escape", "path"),
        ("a/b", "path"),
        ("{{ evil }}", "template syntax"),
        ("it's", "quotes"),
        ("tab\there", "control characters"),
        ("123", "must start with a letter"),
        ("!!!", "must start with a letter"),
        ("class", "keyword"),
        ("json", "standard library"),
        ("fastapi", "shadow a module"),
        ("tests", "shadow a module"),
    ],
)
def test_bad_names_are_refused_before_anything_is_written(
    tmp_path: Path, name: str, message: str
) -> None:
    with pytest.raises(InvalidOptionError, match=message):
        render_project(Answers(name, auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unicode_names_get_an_ascii_slug(tmp_path: Path) -> None:
    project = render_project(
        Answers("Café Zürich", auth="basic", framework="fastapi"), tmp_path
    ).path
    assert project.name == "cafe-zurich"
    assert (project / "src" / "cafe_zurich" / "app.py").is_file()
    assert "Café Zürich" in (project / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("auth", "framework", "message"),
    [("oauth", "fastapi", "unknown auth 'oauth'"), ("basic", "rails", "unknown framework")],
)
def test_unknown_choices_are_refused(
    tmp_path: Path, auth: str, framework: str, message: str
) -> None:
    with pytest.raises(InvalidOptionError, match=message):
        render_project(Answers("demo", auth=auth, framework=framework), output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_refused_and_left_untouched(tmp_path: Path) -> None:
    existing = tmp_path / "demo"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine")
    with pytest.raises(OutputExistsError, match="already exists"):
        render_project(Answers("demo", auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert files_below(tmp_path) == {"demo/notes.txt"}
    assert (existing / "notes.txt").read_text() == "mine"


def test_a_missing_output_folder_is_created(tmp_path: Path) -> None:
    project = render_project(
        Answers("demo", auth="basic", framework="fastapi"), tmp_path / "a" / "b"
    ).path
    assert project == tmp_path / "a" / "b" / "demo"


def test_a_failure_while_rendering_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_after_writing(template: Path, context: dict[str, str], output_dir: Path) -> Path:
        (output_dir / context["project_slug"]).mkdir()
        (output_dir / context["project_slug"] / "half.txt").write_text("half")
        raise TemplateError("rendering the template failed: boom")

    monkeypatch.setattr(generate, "_render", fail_after_writing)
    with pytest.raises(TemplateError, match="boom"):
        render_project(Answers("demo", auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_while_writing_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cookiecutter.generate

    real_generate_file = cookiecutter.generate.generate_file
    written = []

    def disk_full_after_three_files(
        project_dir: str, infile: str, *args: object, **kw: object
    ) -> None:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(infile)
        real_generate_file(project_dir, infile, *args, **kw)

    monkeypatch.setattr(cookiecutter.generate, "generate_file", disk_full_after_three_files)
    with pytest.raises(TemplateError, match="No space left on device"):
        render_project(Answers("demo", auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert len(written) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_failing_git_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lcext import baseline

    def broken_record(*args: object) -> str:
        raise baseline.BaselineError("git write-tree failed: simulated")

    monkeypatch.setattr(baseline, "record", broken_record)
    with pytest.raises(baseline.BaselineError, match="simulated"):
        render_project(Answers("demo", auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_while_rendering_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(template: Path, context: dict[str, str], output_dir: Path) -> Path:
        (output_dir / context["project_slug"]).mkdir()
        raise KeyboardInterrupt

    monkeypatch.setattr(generate, "_render", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render_project(Answers("demo", auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# A tiny template of lcext's shape, whose pre-generation hook accepts every answer.
MINIMAL_CONTEXT = json.dumps(
    {
        "project_name": "x",
        "project_slug": "x",
        "module_name": "x",
        "auth": ["basic"],
        "framework": ["fastapi"],
    }
)
RULES = """
class InvalidAnswer(ValueError):
    pass

def slug_for(name):
    return name

def module_for(slug):
    return slug

def check_answers(answers):
    pass
"""


def tiny_template(root: Path, content: str, post_gen: str | None = None) -> Path:
    template = root / "template"
    flavor = template / "{{cookiecutter.project_slug}}" / "_flavors" / "fastapi"
    flavor.mkdir(parents=True)
    (flavor / "a.txt").write_text(content)
    (flavor / "choice-files.json").write_text("{}")
    (template / "templates").mkdir()
    (template / "cookiecutter.json").write_text(MINIMAL_CONTEXT)
    (template / "hooks").mkdir()
    (template / "hooks" / "pre_gen_project.py").write_text(RULES)
    real_post_gen = (TEMPLATE / "hooks" / "post_gen_project.py").read_text()
    (template / "hooks" / "post_gen_project.py").write_text(post_gen or real_post_gen)
    return template


@pytest.mark.parametrize(
    ("content", "post_gen", "message"),
    [
        ("{{ cookiecutter.nope }}", None, "undefined variable"),
        ("{% if %}", None, "template is broken"),
        ("fine", "def finish(project, answers):\n    raise RuntimeError('boom')\n", "boom"),
    ],
    ids=["undefined-variable", "syntax-error", "failing-hook"],
)
def test_template_errors_become_one_line_messages(
    tmp_path: Path, content: str, post_gen: str | None, message: str
) -> None:
    template = tiny_template(tmp_path, content, post_gen)
    output = tmp_path / "out"
    with pytest.raises(TemplateError, match=message) as raised:
        render_project(
            Answers("demo", auth="basic", framework="fastapi"), output_dir=output, template=template
        )
    assert "\n" not in str(raised.value)
    assert list(output.iterdir()) == []


def test_tiny_template_renders(tmp_path: Path) -> None:
    # The fixture of the failure tests above is a working template when nothing is broken.
    template = tiny_template(tmp_path, "hello {{ cookiecutter.project_name }}")
    project = render_project(
        Answers("demo", auth="basic", framework="fastapi"), tmp_path / "out", template
    ).path
    assert files_below(project) == {"a.txt"}
    assert (project / "a.txt").read_text() == "hello demo"


def test_same_project_as_plain_cookiecutter(baked: tuple, cookies) -> None:  # type: ignore[no-untyped-def]
    # lcext renders only the chosen flavor and runs the hooks' code in-process; plain
    # cookiecutter renders everything and runs the hooks as scripts. The result is the same.
    combination, _, project = baked
    result = cookies.bake(
        template=str(TEMPLATE), extra_context={"project_name": "Acme Notes", **combination}
    )
    assert result.exit_code == 0, result.exception
    files = files_below(project)
    assert files_below(result.project_path) == files
    for relative in files:
        assert (result.project_path / relative).read_bytes() == (project / relative).read_bytes()


def test_render_does_not_change_the_working_directory(tmp_path: Path) -> None:
    before = os.getcwd()
    render_project(Answers("demo", auth="basic", framework="fastapi"), output_dir=tmp_path)
    assert os.getcwd() == before


def test_the_template_carries_lcext_version() -> None:
    # Plain cookiecutter records the version in .lcext-answers.json from cookiecutter.json.
    context = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    assert context["_lcext_version"] == __version__


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_a_long_project_name_still_gives_lint_clean_code(
    combination: dict[str, str], tmp_path: Path
) -> None:
    name = "An Extension Whose Name Is As Long As lcext Allows For Projects1"
    assert len(name) == 64  # the longest name lcext accepts
    project = render_project(Answers(name, **combination), tmp_path, git=False).path
    if (project / "pyproject.toml").exists():
        for command in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
            result = subprocess.run(
                [sys.executable, "-m", "ruff", *command],
                cwd=project,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stdout + result.stderr
    for path in project.rglob("*.js"):
        if "node_modules" not in path.parts:
            subprocess.run(["node", "--check", str(path)], check=True)


@pytest.mark.parametrize("link", ["README.md", "src"])
def test_force_follows_no_link_and_changes_nothing(tmp_path: Path, link: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "README.md").write_text("not the project's")
    existing = tmp_path / "out" / "fx"
    existing.mkdir(parents=True)
    if link == "src":
        (existing / "src").symlink_to(outside, target_is_directory=True)
    else:
        (existing / "README.md").symlink_to(outside / "README.md")

    with pytest.raises(OutputExistsError) as raised:
        render_project(
            Answers("fx", auth="basic", framework="fastapi"), tmp_path / "out", force=True
        )

    message = str(raised.value)
    assert message.startswith(f"{existing / link} is in the way of the project's {link}")
    assert message.endswith(" (it is a symbolic link; lcext follows no links); move it away")
    assert [path.name for path in outside.iterdir()] == ["README.md"]
    assert (outside / "README.md").read_text() == "not the project's"
    assert [path.name for path in existing.iterdir()] == [link]


def test_force_keeps_the_template_files_modes(tmp_path: Path) -> None:
    (tmp_path / "fx").mkdir()
    fresh = render_project(Answers("fx", auth="basic", framework="fastapi"), tmp_path / "new")
    forced = render_project(Answers("fx", auth="basic", framework="fastapi"), tmp_path, force=True)
    modes = {
        relative: (fresh.path / relative).stat().st_mode for relative in files_below(fresh.path)
    }
    assert {relative: (forced.path / relative).stat().st_mode for relative in modes} == modes

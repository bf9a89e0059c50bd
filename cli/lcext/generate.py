"""Render a new extension project: the one function that wraps cookiecutter."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lcext import __version__, baseline, projectfiles
from lcext.errors import InvalidOptionError, OutputDirError, OutputExistsError, TemplateError
from lcext.options import load_schema
from lcext.template import FLAVORS_DIR, load_hook, template_dir

# Cookiecutter logs a traceback when a hook fails; lcext reports one line instead.
logging.getLogger("cookiecutter").addHandler(logging.NullHandler())


@dataclass(frozen=True, init=False)
class Answers:
    """A project name and one value per choice option of the schema: ``Answers("Order Notes",
    auth="basic", framework="flask")``. Choices left out take their first allowed value."""

    project_name: str
    choices: Mapping[str, str]

    def __init__(self, project_name: str, **choices: str) -> None:
        object.__setattr__(self, "project_name", project_name)
        object.__setattr__(self, "choices", dict(choices))

    def describe(self) -> str:
        """``Order Notes (basic, flask)``: the name and the chosen values."""
        return f"{self.project_name} ({', '.join(self.choices.values())})"


@dataclass(frozen=True)
class Rendered:
    path: Path
    answers: Answers  # as rendered: every choice option set
    # With force: the user's files that the project replaced (project-relative paths).
    overwritten: tuple[str, ...] = ()


def render_project(
    answers: Answers,
    output_dir: Path,
    template: Path | None = None,
    git: bool = True,
    force: bool = False,
) -> Rendered:
    """Render the project for ``answers`` into ``output_dir/<slug>``.

    Every answer is checked before anything is written. The project is rendered into a hidden
    temporary folder beside its destination and moved into place only once complete, so a
    failure at any point leaves nothing behind. An existing folder is refused; with ``force``
    the project's files are written into it, replacing files of the same name (reported in
    ``overwritten``) and never deleting any.

    With ``git`` (and git installed), a project that is not inside another repository becomes
    a git repository holding the template's rendering as the baseline ``lcext update`` needs.
    """
    template = template or template_dir()
    answers, context = _checked(answers, template)
    destination = output_dir / context["project_slug"]
    if destination.exists() and not (force and destination.is_dir()):
        raise OutputExistsError(
            f"{destination} already exists; choose another name or --output-dir, "
            "or pass --force to write the project's files into it (none of yours is deleted)"
        )
    staging = _staging_folder(output_dir)
    message = f"lcext {__version__}: {answers.describe()}"
    try:
        rendered = _render(_flavor_view(template, context["framework"], staging), context, staging)
        if destination.exists():
            overwritten = _overlay(rendered, destination)
            git_dir = _repository_for(destination, output_dir) if git else None
            if git_dir is not None:
                if not git_dir.is_dir():
                    baseline.init_repository(destination)
                baseline.record(git_dir, rendered, message)
            return Rendered(destination, answers, overwritten)
        if git and _repository_for(rendered, output_dir) is not None:
            baseline.record(baseline.init_repository(rendered), rendered, message)
        try:
            # rename() does not replace an existing folder, so a folder that appeared meanwhile
            # is refused rather than overwritten.
            os.rename(rendered, destination)
        except OSError as error:
            raise OutputExistsError(f"could not create {destination}: {error.strerror}") from None
        return Rendered(destination, answers)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _staging_folder(output_dir: Path) -> Path:
    """Make ``output_dir`` if needed and a hidden staging folder in it; any OS error is one
    sentence (a file where the folder should be, a read-only disk, no permission, ...)."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".lcext-", dir=output_dir))
    except OSError as error:
        not_a_folder = next(
            (path for path in (output_dir, *output_dir.parents) if _is_file(path)), None
        )
        reason = (
            f"{not_a_folder} is a file, not a folder"
            if not_a_folder is not None
            else error.strerror or str(error)
        )
        raise OutputDirError(f"cannot create the project in {output_dir}: {reason}") from None


def _is_file(path: Path) -> bool:
    try:
        return path.exists() and not path.is_dir()
    except OSError:
        return False


def _repository_for(project: Path, output_dir: Path) -> Path | None:
    """The git folder to keep the baseline in: the project's own repository, a new one if
    the project is not inside another repository, or None (no git, or inside another one)."""
    if not baseline.git_available():
        return None
    if (project / ".git").is_dir():
        return project / ".git"
    if _inside_repository(output_dir):
        return None
    return project / ".git"


def _inside_repository(folder: Path) -> bool:
    result = subprocess.run(  # noqa: S603
        ["git", "-C", str(folder), *baseline.SAFE_CONFIG, "rev-parse", "--is-inside-work-tree"],  # noqa: S607
        capture_output=True,
        check=False,
        env=baseline.git_environment(),
    )
    return result.returncode == 0


def _overlay(rendered: Path, destination: Path) -> tuple[str, ...]:
    """Write the rendered files into an existing folder; return those that replaced others.
    No link in the folder is followed: a link, a folder or a file where the project has a file
    (or a folder on its way) is refused before anything is written."""
    relatives = sorted(
        path.relative_to(rendered).as_posix()
        for path in rendered.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(rendered).parts
    )
    # Check everything first, so that a clash leaves the folder as it was.
    for relative in relatives:
        obstacle = projectfiles.obstacle(destination, relative)
        if obstacle is not None:
            link = "; lcext follows no links" if obstacle.what == "a symbolic link" else ""
            raise OutputExistsError(
                f"{destination / obstacle.path} is in the way of the project's {relative} "
                f"(it is {obstacle.what}{link}); move it away"
            )
    overwritten = []
    for relative in relatives:
        source = rendered / relative
        content = source.read_bytes()
        existing = projectfiles.read(destination, relative)
        if existing == content:
            continue
        if existing is not None:
            overwritten.append(relative)
        projectfiles.write(destination, relative, content, mode=source.stat().st_mode & 0o777)
    return tuple(sorted(overwritten))


def check_project_name(name: str, template: Path | None = None) -> None:
    """Raise InvalidOptionError if ``name`` would give a broken project (for prompts)."""
    rules = load_hook(template or template_dir(), "pre_gen_project")
    try:
        rules.check_project_name(name)
        slug = rules.slug_for(name)
        rules.check_slug(slug)
        rules.check_module(rules.module_for(slug))
    except rules.InvalidAnswer as error:
        raise InvalidOptionError(str(error)) from None


def _checked(answers: Answers, template: Path) -> tuple[Answers, dict[str, str]]:
    """The answers completed with the defaults of choices left out, and the context for
    cookiecutter; raises InvalidOptionError for the first answer that would break the project."""
    schema = load_schema(template)
    rules = load_hook(template, "pre_gen_project")
    unknown = [name for name in answers.choices if name not in schema.choice_options]
    if unknown:
        raise InvalidOptionError(
            f"unknown option {unknown[0]!r}; the options are {', '.join(schema.answer_keys)}"
        )
    choices = schema.complete(answers.choices)
    for option in schema.choice_options.values():
        if choices[option.name] not in option.values:
            raise InvalidOptionError(
                f"unknown {option.name} {choices[option.name]!r}; "
                f"choose one of: {', '.join(option.values)}"
            )
    slug = rules.slug_for(answers.project_name)
    context = {
        "project_name": answers.project_name.strip(),
        "project_slug": slug,
        "module_name": rules.module_for(slug),
        **choices,
    }
    try:
        # The hook's own check, forbidden combinations included: what plain cookiecutter runs.
        rules.check_answers({**context, "_forbidden": schema.forbidden_rules})
    except rules.InvalidAnswer as error:
        raise InvalidOptionError(str(error)) from None
    return Answers(answers.project_name, **choices), context


def _flavor_view(template: Path, framework: str, staging: Path) -> Path:
    """A copy of the template that holds only the chosen flavor.

    Cookiecutter renders every file of a template; the other flavors would be rendered only
    to be deleted. The copy keeps the template's shape, so the post-generation hook's code
    finishes the project exactly as it does under plain cookiecutter.
    """
    view = staging / "template"
    project_template = next(template.glob("{{*}}"))
    flavors = project_template / FLAVORS_DIR

    def left_out(folder: str, names: list[str]) -> list[str]:
        # Bytecode is never part of a project: pip byte-compiles the installed template's .py
        # files, and their __pycache__ folders (of every auth mode) must not reach the project.
        ignored = [name for name in names if _is_bytecode(name)]
        if Path(folder) == flavors:
            ignored += [name for name in names if name != framework]
        return ignored

    shutil.copytree(project_template, view / project_template.name, ignore=left_out)
    shutil.copy2(template / "cookiecutter.json", view / "cookiecutter.json")
    for shared in ("hooks", "templates"):
        (view / shared).symlink_to((template / shared).resolve(), target_is_directory=True)
    return view


def _is_bytecode(name: str) -> bool:
    return name == "__pycache__" or name.endswith((".pyc", ".pyo"))


def _render(template: Path, context: dict[str, str], output_dir: Path) -> Path:
    """Render with cookiecutter's own generator, then run the hooks' code in this process."""
    # Imported here: only rendering needs them. cookiecutter.generate, unlike cookiecutter.main,
    # does not pull in the network libraries that fetch remote templates.
    from cookiecutter import exceptions
    from cookiecutter.generate import generate_context, generate_files
    from cookiecutter.prompt import prompt_for_config
    from jinja2 import TemplateError as JinjaError

    finish = load_hook(template, "post_gen_project").finish
    try:
        full_context = generate_context(
            context_file=str(template / "cookiecutter.json"), extra_context=context
        )
        full_context["cookiecutter"] = prompt_for_config(full_context, no_input=True)
        full_context["cookiecutter"]["_output_dir"] = str(output_dir)
        project = Path(
            generate_files(
                repo_dir=str(template),
                context=full_context,
                output_dir=str(output_dir),
                accept_hooks=False,
            )
        )
    except exceptions.UndefinedVariableInTemplate as error:
        raise TemplateError(f"the template uses an undefined variable: {error.message}") from None
    except exceptions.CookiecutterException as error:
        raise TemplateError(f"rendering the template failed: {error}") from None
    except JinjaError as error:
        raise TemplateError(f"the template is broken: {error.message}") from None
    except OSError as error:
        raise TemplateError(f"writing the project failed: {error}") from None
    try:
        finish(project, full_context["cookiecutter"])
    except Exception as error:  # the hook's code is the template's, not lcext's
        raise TemplateError(f"the post-generation hook failed: {error}") from None
    return project

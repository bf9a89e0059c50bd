"""Render a new extension project: the one function that wraps cookiecutter."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lcext import __version__, baseline
from lcext.errors import InvalidOptionError, OutputExistsError, TemplateError
from lcext.options import load_schema
from lcext.template import FLAVORS_DIR, load_hook, template_dir

# Cookiecutter logs a traceback when a hook fails; lcext reports one line instead.
logging.getLogger("cookiecutter").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Answers:
    project_name: str
    auth: str
    framework: str


def render_project(
    answers: Answers, output_dir: Path, template: Path | None = None, git: bool = True
) -> Path:
    """Render the project for ``answers`` into ``output_dir`` and return its folder.

    Every answer is checked before anything is written. The project is rendered into a hidden
    temporary folder beside its destination and moved into place only once complete, so a
    failure at any point leaves nothing behind and an existing folder is never touched.

    With ``git`` (and git installed), a project that is not inside another repository becomes
    a git repository holding the template's rendering as the baseline ``lcext update`` needs.
    """
    template = template or template_dir()
    context = _checked_context(answers, template)
    destination = output_dir / context["project_slug"]
    if destination.exists():
        raise OutputExistsError(
            f"{destination} already exists; choose another name or --output-dir, "
            "or move the existing folder away"
        )
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lcext-", dir=output_dir))
    try:
        rendered = _render(_flavor_view(template, context["framework"], staging), context, staging)
        try:
            # rename() does not replace an existing folder, so a folder that appeared meanwhile
            # is refused rather than overwritten.
            os.rename(rendered, destination)
        except OSError as error:
            raise OutputExistsError(f"could not create {destination}: {error.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if git and baseline.git_available() and not _inside_repository(output_dir):
        git_dir = baseline.init_repository(destination)
        baseline.record(
            git_dir,
            destination,
            f"lcext {__version__}: {answers.project_name} ({answers.auth}, {answers.framework})",
        )
    return destination


def _inside_repository(folder: Path) -> bool:
    result = subprocess.run(  # noqa: S603
        ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def _checked_context(answers: Answers, template: Path) -> dict[str, str]:
    schema = load_schema(template)
    rules = load_hook(template, "pre_gen_project")
    for option in schema.choice_options.values():
        value = getattr(answers, option.name)
        if value not in option.values:
            raise InvalidOptionError(
                f"unknown {option.name} {value!r}; choose one of: {', '.join(option.values)}"
            )
    slug = rules.slug_for(answers.project_name)
    context = {
        "project_name": answers.project_name.strip(),
        "project_slug": slug,
        "module_name": rules.module_for(slug),
        "auth": answers.auth,
        "framework": answers.framework,
    }
    try:
        rules.check_answers(context)
    except rules.InvalidAnswer as error:
        raise InvalidOptionError(str(error)) from None
    refusal = schema.refusal(context)
    if refusal is not None:
        raise InvalidOptionError(refusal)
    return context


def _flavor_view(template: Path, framework: str, staging: Path) -> Path:
    """A copy of the template that holds only the chosen flavor.

    Cookiecutter renders every file of a template; the other flavors would be rendered only
    to be deleted. The copy keeps the template's shape, so the post-generation hook's code
    finishes the project exactly as it does under plain cookiecutter.
    """
    view = staging / "template"
    project_template = next(template.glob("{{*}}"))
    flavors = project_template / FLAVORS_DIR

    def other_flavors(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name != framework] if Path(folder) == flavors else []

    shutil.copytree(project_template, view / project_template.name, ignore=other_flavors)
    shutil.copy2(template / "cookiecutter.json", view / "cookiecutter.json")
    for shared in ("hooks", "templates"):
        (view / shared).symlink_to((template / shared).resolve(), target_is_directory=True)
    return view


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

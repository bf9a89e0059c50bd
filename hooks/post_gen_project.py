"""Post-generation hook: keep only the chosen framework's files and the chosen choices' files.

The template holds every flavor in ``_flavors/<framework>/``; each flavor lists in its
``choice-files.json``, for each choice option (``auth``, ``sdk``), the files that only some of
its values need. This hook moves the chosen flavor to the project root and drops the rest.
lcext imports the same code. Everything down to "endraw" is plain Python that cookiecutter
copies unrendered.
"""

# {% raw %}
from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FLAVORS_DIR = "_flavors"
CHOICE_FILES = "choice-files.json"


def paths_to_prune(flavor_dir: Path, answers: Mapping[str, Any]) -> list[str]:
    """Flavor-relative paths of the files the chosen values do not need.

    A file listed under some values of an option is kept only if the chosen value lists it too,
    for every option that lists it: a file of the ``sign-in`` mode and of the ``agent-app-sdk``
    is kept only when both are chosen.
    """
    only_for: dict[str, dict[str, list[str]]] = json.loads(
        (flavor_dir / CHOICE_FILES).read_text("utf-8")
    )
    pruned: set[str] = set()
    for option, files_by_value in only_for.items():
        kept = set(files_by_value.get(answers[option], ()))
        listed = {path for paths in files_by_value.values() for path in paths}
        pruned |= listed - kept
    return sorted(pruned)


def finish(project_dir: Path, answers: Mapping[str, Any]) -> None:
    """Turn the rendered template into the project: the chosen flavor, at the root."""
    flavors = project_dir / FLAVORS_DIR
    flavor = flavors / answers["framework"]
    for relative in paths_to_prune(flavor, answers):
        path = flavor / relative
        path.unlink()
        # A folder that held only the other values' files goes too (static/vendor/ in a project
        # without the widgets SDK).
        for folder in path.parents:
            if folder == flavor or any(folder.iterdir()):
                break
            folder.rmdir()
    (flavor / CHOICE_FILES).unlink()
    for item in flavor.iterdir():
        item.rename(project_dir / item.name)
    shutil.rmtree(flavors)


# {% endraw %}
if __name__ == "__main__":
    finish(Path.cwd(), json.loads(r"""{{ cookiecutter | jsonify }}"""))

"""Post-generation hook: keep only the chosen framework's files and the chosen auth mode's.

The template holds every flavor in ``_flavors/<framework>/``; each flavor lists in its
``auth-files.json`` the files that only one auth mode needs. This hook moves the chosen flavor
to the project root and drops the rest. lcext imports the same code. Everything down to
"endraw" is plain Python that cookiecutter copies unrendered.
"""

# {% raw %}
from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FLAVORS_DIR = "_flavors"
AUTH_FILES = "auth-files.json"


def paths_to_prune(flavor_dir: Path, answers: Mapping[str, Any]) -> list[str]:
    """Flavor-relative paths of the files that belong to auth modes the user did not choose."""
    only_for: dict[str, list[str]] = json.loads((flavor_dir / AUTH_FILES).read_text("utf-8"))
    return [path for auth, paths in only_for.items() if auth != answers["auth"] for path in paths]


def finish(project_dir: Path, answers: Mapping[str, Any]) -> None:
    """Turn the rendered template into the project: the chosen flavor, at the root."""
    flavors = project_dir / FLAVORS_DIR
    flavor = flavors / answers["framework"]
    for relative in paths_to_prune(flavor, answers):
        (flavor / relative).unlink()
    (flavor / AUTH_FILES).unlink()
    for item in flavor.iterdir():
        item.rename(project_dir / item.name)
    shutil.rmtree(flavors)


# {% endraw %}
if __name__ == "__main__":
    finish(Path.cwd(), json.loads(r"""{{ cookiecutter | jsonify }}"""))

"""Post-generation hook: remove the files of the options the user did not choose.

The table below is the one place that says which files belong to one option's value; lcext
imports it too. Everything down to "endraw" is plain Python that cookiecutter copies unrendered.
"""

# {% raw %}
from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Files that only one value of an option needs, relative to the project root; ``{module_name}``
# is replaced by the answer. Everything else in the template is kept.
PRUNE: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("auth", "sign-in"): (
        "src/{module_name}/authorization.py",
        "src/{module_name}/routes/authorize.py",
        "tests/test_authorize.py",
    ),
    ("auth", "basic"): (
        "src/{module_name}/accounts.py",
        "src/{module_name}/routes/session.py",
        "tests/accounts_server.py",
        "tests/test_session.py",
    ),
}


def paths_to_prune(answers: Mapping[str, Any]) -> list[str]:
    """Project-relative paths of files that belong to options the user did not choose."""
    paths: list[str] = []
    for (option, value), templates in PRUNE.items():
        if answers.get(option) != value:
            continue
        paths.extend(template.format(module_name=answers["module_name"]) for template in templates)
    return paths


def prune(project_dir: Path, answers: Mapping[str, Any]) -> None:
    """Delete from a freshly rendered project the files of options the user did not choose."""
    for relative in paths_to_prune(answers):
        path = project_dir / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


# {% endraw %}
if __name__ == "__main__":
    prune(Path.cwd(), json.loads(r"""{{ cookiecutter | jsonify }}"""))

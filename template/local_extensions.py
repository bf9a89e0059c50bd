"""Jinja extension that tells lcext's hooks where their shared rules live.

Cookiecutter runs each hook from a temporary copy, in the new project's folder, so a hook cannot
find ``hooks/project_rules.py`` by itself. Rendering ``{{ hooks_dir }}`` into the hook gives it the
absolute path, whether the template was given to cookiecutter as a relative or an absolute path.
"""

from pathlib import Path

from jinja2 import Environment
from jinja2.ext import Extension

HOOKS_DIR = Path(__file__).resolve().parent / "hooks"


class HooksDir(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["hooks_dir"] = str(HOOKS_DIR)

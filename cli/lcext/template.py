"""Where lcext's cookiecutter template is, and the rules module its hooks share with lcext."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def template_dir() -> Path:
    """The folder holding cookiecutter.json: inside the wheel, or the checkout's ``template/``."""
    installed = _PACKAGE_DIR / "template"
    if (installed / "cookiecutter.json").is_file():
        return installed
    return _PACKAGE_DIR.parents[1] / "template"


def load_rules(template: Path) -> ModuleType:
    """Import ``hooks/project_rules.py`` of a template, the validation code its hooks also run."""
    path = template / "hooks" / "project_rules.py"
    spec = importlib.util.spec_from_file_location(f"_lcext_rules_{abs(hash(path))}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file is part of lcext
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

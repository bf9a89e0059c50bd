"""Where lcext's cookiecutter template is, and its hooks as importable modules."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

_PACKAGE_DIR = Path(__file__).resolve().parent

# The template's project folder holds one folder per framework here (see hooks/post_gen_project).
FLAVORS_DIR = "_flavors"


# Another copy of the template to use instead of lcext's own (to try a change to the template).
TEMPLATE_ENV = "LCEXT_TEMPLATE"


def template_dir() -> Path:
    """The folder holding cookiecutter.json: $LCEXT_TEMPLATE, else the one inside the wheel,
    else the checkout's ``template/``. Looked up on every call, never at import."""
    chosen = os.environ.get(TEMPLATE_ENV)
    if chosen:
        return Path(chosen).resolve()
    installed = _PACKAGE_DIR / "template"
    if (installed / "cookiecutter.json").is_file():
        return installed
    return _PACKAGE_DIR.parents[1] / "template"


def load_hook(template: Path, name: str) -> ModuleType:
    """Import one of the template's hooks as a module: its functions are the rules lcext shares.

    The hooks are plain Python whose only rendered part runs under ``__main__``, so importing one
    runs nothing and gives lcext the very code that plain cookiecutter runs.
    """
    path = template / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_lcext_hook_{name}_{abs(hash(path))}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the hooks are part of lcext
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

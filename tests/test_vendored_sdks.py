"""The SDK files a generated Python project vendors are byte for byte the template's.

template/templates/vendor/ holds LiveChat's SDKs as the pinned packages build to them
(build-vendor.mjs); a Python flavor takes each one with an include, which Jinja could alter
(a template tag in minified code, a newline at the end). Node flavors rebuild theirs from their
lockfile and check the bytes in their own suite (npm run vendor).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TEMPLATE, combination_id
from lcext.generate import Answers, render_project
from lcext.options import load_schema

SCHEMA = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
VENDOR = TEMPLATE / "templates" / "vendor"
# What the pages load and the notices that go with them, and the emulator's parent side.
VENDORED = ("agentapp.umd.min.js", "accounts-sdk.js", "THIRD-PARTY-NOTICES.txt", "postmessage.js")
COMBINATIONS = [
    combination
    for combination in load_schema(TEMPLATE).combinations()
    if SCHEMA["_sdks"][combination["sdk"]]["widgets"]
    and SCHEMA["_frameworks"][combination["framework"]]["language"] == "python"
]


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_the_vendored_files_are_the_templates_bytes(
    combination: dict[str, str], tmp_path: Path
) -> None:
    project = render_project(Answers("Vendor Check", **combination), output_dir=tmp_path).path
    for name in VENDORED:
        copies = [path for path in project.rglob(name) if ".git" not in path.parts]
        assert len(copies) == 1, f"{name}: {copies}"
        assert copies[0].read_bytes() == (VENDOR / name).read_bytes(), copies[0]


def test_every_python_flavor_is_checked() -> None:
    # The check above must not run over nothing: each Python framework has a widgets project.
    python = {
        name for name, flavor in SCHEMA["_frameworks"].items() if flavor["language"] == "python"
    }
    assert {combination["framework"] for combination in COMBINATIONS} == python

"""The widgets projects' copies of LiveChat's SDKs are the pinned packages' code, byte for byte.

``template/templates/vendor/`` holds the browser files built from the packages its
``package.json`` and ``package-lock.json`` pin; every ``--sdk agent-app-sdk`` project includes
them (the Node flavors also rebuild and check them from their own lockfile, in their own suite).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TEMPLATE, combination_id
from lcext.generate import Answers, render_project
from lcext.options import load_schema

VENDOR = TEMPLATE / "templates" / "vendor"
# The built files, and where build-vendor.mjs puts each: beside the pages or the emulator.
BUILT = {
    "agentapp.umd.min.js": "pages",
    "accounts-sdk.js": "pages",
    "THIRD-PARTY-NOTICES.txt": "pages",
    "postmessage.js": "emulator",
}
COMBINATIONS = load_schema(TEMPLATE).combinations()
LIVECHAT = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))["_livechat"]


@pytest.mark.slow
def test_the_vendored_files_are_what_the_pinned_packages_build_to(tmp_path: Path) -> None:
    build = tmp_path / "vendor"
    shutil.copytree(VENDOR, build)
    for name in BUILT:
        (build / name).unlink()
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=build, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run(["node", "build-vendor.mjs", "pages", "emulator"], cwd=build, check=True)
    for name, folder in BUILT.items():
        built = (build / folder / name).read_bytes()
        assert built == (VENDOR / name).read_bytes(), f"{name} is not what the packages build to"


def test_the_pins_are_the_versions_the_template_names() -> None:
    pinned = json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for key in ("agent_app_sdk", "accounts_sdk", "postmessage"):
        package = LIVECHAT[key]
        assert pinned[package["package"]] == package["version"], package["package"]
    notices = (VENDOR / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for key in ("agent_app_sdk", "accounts_sdk", "postmessage"):
        assert f"{LIVECHAT[key]['package']} {LIVECHAT[key]['version']}\n" in notices


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_a_widgets_project_holds_the_vendored_bytes_and_no_other_project_does(
    combination: dict[str, str], tmp_path: Path
) -> None:
    project = render_project(
        Answers("Vendored", **combination), output_dir=tmp_path, git=False
    ).path
    for name in BUILT:
        copies = [path for path in project.rglob(name) if "node_modules" not in path.parts]
        if combination["sdk"] != "agent-app-sdk":
            assert copies == [], f"an extension-library project has {name}"
            continue
        assert len(copies) == 1, f"{name}: {copies}"
        assert copies[0].read_bytes() == (VENDOR / name).read_bytes(), copies[0]

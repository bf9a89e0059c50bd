"""Every flavor writes the same session ids: the Python signer's and Express's verify each other's.

The README promises one format, so that an extension can move between flavors (or run two behind
one load balancer) without signing every agent out. Both signers need only their standard
library, so the generated modules run here as they are.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from lcext.generate import Answers, render_project

SECRET = "a-shared-session-secret-0123456789abcdef"  # noqa: S105 - a test's own
VERIFY_IN_NODE = """
import { SessionSigner } from "./src/plumbing/sessions.js";
const [secret, app, sessionId] = process.argv.slice(1);
const session = new SessionSigner(secret, app, 3600).verify(sessionId);
console.log(JSON.stringify(session && session.agent));
"""
ISSUE_IN_NODE = """
import { SessionSigner } from "./src/plumbing/sessions.js";
const [secret, app, agent] = process.argv.slice(1);
console.log(new SessionSigner(secret, app, 3600).issue(agent));
"""


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path]:
    """The Python flavors' signer (as Flask renders it) and an Express project."""
    folder = tmp_path_factory.mktemp("formats")
    flask = render_project(
        Answers("formats py", auth="basic", framework="flask"), folder, git=False
    )
    express = render_project(
        Answers("formats js", auth="basic", framework="express"), folder, git=False
    )
    path = flask.path / "src" / "formats_py" / "plumbing" / "sessions.py"
    spec = importlib.util.spec_from_file_location("generated_sessions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module, express.path


def node(project: Path, script: str, *args: str) -> str:
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_express_accepts_a_python_session_of_the_same_app(
    projects: tuple[ModuleType, Path],
) -> None:
    sessions, express = projects
    session_id = sessions.SessionSigner(SECRET, 3600, app="one-app").issue("mary@example.com")
    assert node(express, VERIFY_IN_NODE, SECRET, "one-app", session_id) == '"mary@example.com"'
    # ...and refuses it for another app that shares the secret.
    assert node(express, VERIFY_IN_NODE, SECRET, "another-app", session_id) == "null"


def test_python_accepts_an_express_session_of_the_same_app(
    projects: tuple[ModuleType, Path],
) -> None:
    sessions, express = projects
    session_id = node(express, ISSUE_IN_NODE, SECRET, "one-app", "mary@example.com")
    verified = sessions.SessionSigner(SECRET, 3600, app="one-app").verify(session_id)
    assert verified is not None
    assert verified.agent == "mary@example.com"
    assert sessions.SessionSigner(SECRET, 3600, app="another-app").verify(session_id) is None

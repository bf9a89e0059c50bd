"""The production command at work: the Dockerfile's command and health check, run for real.

The servers these tests start run the Dockerfile's command (gunicorn) on 127.0.0.1, with a port
the system picks, and are stopped at the end of each test.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer
{%- else %}

from livechat_api_server import LiveChatApiServer
{%- endif %}

PROJECT = Path(__file__).resolve().parent.parent

SECRET = "a-secret-that-every-instance-shares"
PRODUCTION = {
    "ENVIRONMENT": "production",
    "SESSION_SECRET": SECRET,
    # The Dockerfile's health check sends the first host name; the tests call 127.0.0.1.
    "ALLOWED_HOSTS": "extension.example,127.0.0.1",
    "TRUST_PROXY": "false",
{%- if cookiecutter.auth == "sign-in" %}
    "LIVECHAT_CLIENT_ID": "test-client-id",
{%- endif %}
}
{%- if cookiecutter.auth == "sign-in" %}
TOKEN = "dal:a-production-access-token-0123456789"
{%- else %}
LOGIN = "agent@example.com"
API_KEY = "dal:a-production-API-key-0123456789"
{%- endif %}


# --- the Dockerfile's commands -----------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, as (INSTRUCTION, arguments) with continued lines joined."""
    text = (PROJECT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", "")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (keyword.upper(), arguments.strip())
        for keyword, _, arguments in (
            line.partition(" ") for line in lines if line and not line.startswith("#")
        )
    ]


def instruction(name: str) -> str:
    """The arguments of the last ``name`` instruction (the one that counts)."""
    found = [arguments for keyword, arguments in dockerfile() if keyword == name]
    assert found, f"the Dockerfile has no {name}"
    return found[-1]


def production_command() -> str:
    """The command the image runs (its CMD, without the shell's ``exec``)."""
    return instruction("CMD").removeprefix("exec ")


def healthcheck_code() -> str:
    """The Python code of the Dockerfile's HEALTHCHECK."""
    words = shlex.split(instruction("HEALTHCHECK"))
    command = words[words.index("CMD") + 1 :]
    assert command[:2] == ["python", "-c"]
    return command[2]


# --- the production command at work ---------------------------------------------------------


@dataclass(frozen=True)
class Server:
    url: str
    log: Path

    def get(self, path: str, session_id: str | None = None) -> tuple[int, dict[str, Any]]:
        """The status and JSON answer of ``GET path``, with the session id if one is given."""
        headers = {"Authorization": f"Bearer {session_id}"} if session_id else {}
        return self._call("GET", path, None, headers)

    def post(self, path: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """The status and JSON answer of ``POST path`` with ``data`` as JSON."""
        body = json.dumps(data).encode()
        return self._call("POST", path, body, {"Content-Type": "application/json"})

    def _call(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        address = urlsplit(self.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()


def production_argv() -> list[str]:
    """The production command as this Python runs it, listening on a port the system picks."""
    words = shlex.split(production_command())
    assert words[0] == "gunicorn"
    words[words.index("${WEB_CONCURRENCY:-2}")] = "2"
    words[words.index("--bind") + 1] = "127.0.0.1:0"
    return [sys.executable, "-m", "gunicorn", *words[1:]]


def start(log: Path, environ: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            production_argv(),
            cwd=PROJECT,
            env={**os.environ, **PRODUCTION, **environ},
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def production_server(log: Path, **environ: str) -> Iterator[Server]:
    """The production command serving on 127.0.0.1, until the block ends."""
    process = start(log, environ)
    try:
        deadline = time.monotonic() + 30
        while not (found := re.search(rb"Listening at: (http://\S+)", log.read_bytes())):
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "gunicorn did not start within 30 s"
            time.sleep(0.05)
        server = Server(found.group(1).decode(), log)
        # Once listening, a request waits for a worker to be ready.
        assert server.get("/healthz") == (200, {"status": "ok"})
        yield server
    finally:
        stop(process)
{%- if cookiecutter.auth == "sign-in" %}


def test_a_session_from_one_instance_works_on_another(
    tmp_path: Path, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, entity_id="mary@example.com")
    environ = {"LIVECHAT_ACCOUNTS_URL": accounts_server.url}
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(production_server(tmp_path / f"{name}.log", **environ))
            for name in ("first", "second")
        )
        status, answer = first.post("/api/session", {"access_token": TOKEN})
        assert status == 200, answer
        session_id = answer["session_id"]
        status, me = second.get("/api/me", session_id)
        assert (status, me["agent"]) == (200, "mary@example.com")
    # Signed with the shared secret, not stored: any instance with the secret verifies it.
    assert SessionSigner(SECRET, 3600, app="test-client-id").verify(session_id) is not None
    # Neither instance logged the access token.
    for log in (first.log, second.log):
        assert TOKEN not in log.read_text(errors="replace")
{%- else %}


def test_a_session_from_one_instance_works_on_another(
    tmp_path: Path, livechat_api: LiveChatApiServer
) -> None:
    livechat_api.add_agent(LOGIN, API_KEY)
    environ = {"LIVECHAT_API_URL": livechat_api.url}
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(production_server(tmp_path / f"{name}.log", **environ))
            for name in ("first", "second")
        )
        status, answer = first.post("/authorize/", {"login": LOGIN, "api_key": API_KEY})
        assert status == 200, answer
        session_id = answer["session_id"]
        status, me = second.get("/api/me", session_id)
        assert (status, me["agent"]) == (200, LOGIN)
        livechat_api.fail_with = 503  # so that the app has something to log
        status, _ = first.post("/authorize/", {"login": "other@example.com", "api_key": API_KEY})
        assert status == 503
    # Signed with the shared secret for this app, not stored: any instance verifies it.
    app = "{{ cookiecutter.project_slug }}"
    assert SessionSigner(SECRET, 3600, app=app).verify(session_id) is not None
    assert "LiveChat's API failed: HTTP 503" in first.log.read_text(errors="replace")
    # Neither instance logged the API key.
    for log in (first.log, second.log):
        assert API_KEY not in log.read_text(errors="replace")
{%- endif %}


def test_the_health_check_passes_in_production(tmp_path: Path) -> None:
    with production_server(tmp_path / "server.log") as server:
        code = healthcheck_code().replace("127.0.0.1:8000", urlsplit(server.url).netloc)
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, **PRODUCTION},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 0, result.stderr


def test_a_large_body_is_refused_before_it_arrives(tmp_path: Path) -> None:
    with production_server(tmp_path / "server.log") as server:
        address = urlsplit(server.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            # Announces 100 MB and sends none of it: the answer does not wait for the body.
            connection.putrequest("POST", "{% if cookiecutter.auth == "sign-in" %}/api/session{% else %}/authorize/{% endif %}")
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", str(100 * 1024 * 1024))
            connection.endheaders()
            response = connection.getresponse()
            assert response.status == 413
            assert "detail" in json.loads(response.read())
        finally:
            connection.close()


def test_production_refuses_to_start_without_a_session_secret(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    process = start(log, {"SESSION_SECRET": ""})
    try:
        process.wait(timeout=30)
    finally:
        stop(process)
    assert process.returncode != 0
    assert "SESSION_SECRET is required in production" in log.read_text(errors="replace")

"""The production command, run for real on 127.0.0.1, as the Dockerfile runs it.

Docker does not run in the tests: the command of the Dockerfile's ``CMD`` is started as is, with
the address changed to a free local port, and its ``HEALTHCHECK`` is run against it.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

{% if cookiecutter.auth == "sign-in" -%}
from accounts_server import AccountsServer
{%- else -%}
from livechat_api_server import LiveChatApiServer
{%- endif %}

PROJECT = Path(__file__).resolve().parents[1]
SECRET = "shared-by-all-instances"
JSON = {"Content-Type": "application/json"}
{%- if cookiecutter.auth == "sign-in" %}
CLIENT_ID = "test-client-id"
TOKEN = "dal:production-test-token-0123456789"
AGENT = "mary@example.com"
ENDPOINT = "/api/session"
CREDENTIALS = {"access_token": TOKEN}
{%- else %}
AGENT = "agent@example.com"
API_KEY = "dal:production-test-api-key-0123456789"
ENDPOINT = "/authorize/"
CREDENTIALS = {"login": AGENT, "api_key": API_KEY}
{%- endif %}


def dockerfile_instruction(name: str) -> str:
    """The arguments of the Dockerfile's last instruction ``name`` (the one that counts)."""
    text = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in re.sub(r"\\\n", " ", text).splitlines()]
    found = [
        arguments.strip()
        for kind, _, arguments in (line.partition(" ") for line in lines)
        if kind.upper() == name
    ]
    assert found, f"the Dockerfile has no {name}"
    return found[-1]


def healthcheck_code() -> str:
    """The Python code of the Dockerfile's HEALTHCHECK (python-slim has no curl)."""
    _, _, command = dockerfile_instruction("HEALTHCHECK").partition("CMD")
    program = json.loads(command)
    assert program[:2] == ["python", "-c"]
    return str(program[2])


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def request(
        self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Status, headers and body of the server's answer. An iterable body goes chunked."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        chunked = not isinstance(body, bytes | None)
        try:
            # The server may answer (a 413) and close the connection before a long body is all
            # sent: its answer is still there to read.
            with suppress(BrokenPipeError, ConnectionResetError):
                connection.request(method, path, body, headers or {}, encode_chunked=chunked)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(**settings: str) -> dict[str, str]:
    # Only what the server needs: no setting leaks in from the environment the tests run in.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {"PATH": path, "LANG": "C.UTF-8", "ENVIRONMENT": "production", **settings}


def production_command(port: int) -> list[str]:
    """The Dockerfile's CMD (a shell command, for ${WEB_CONCURRENCY:-2}), on 127.0.0.1:port."""
    command = dockerfile_instruction("CMD")
    local = command.replace("--bind 0.0.0.0:8000", f"--bind 127.0.0.1:{port}")
    assert local != command, command
    return ["/bin/sh", "-c", local]


@contextmanager
def production_server(log_dir: Path, **settings: str) -> Iterator[Server]:
    """The production command on a free port of 127.0.0.1, stopped with SIGTERM at the end."""
    port = free_port()
    log = log_dir / f"server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            production_command(port),
            cwd=PROJECT,  # where gunicorn finds gunicorn.conf.py
            env=server_environment(WEB_CONCURRENCY="2", **settings),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, process, log)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        stop(process)


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server stopped ({server.process.returncode}):\n{server.output()}")
        try:
            if server.request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within 30 s:\n{server.output()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
{%- if cookiecutter.auth == "sign-in" %}
def settings_for_servers(accounts_server: AccountsServer) -> dict[str, str]:
    accounts_server.add_token(TOKEN, entity_id=AGENT)
    return {
        "SESSION_SECRET": SECRET,
        "LIVECHAT_CLIENT_ID": CLIENT_ID,
        "LIVECHAT_ACCOUNTS_URL": accounts_server.url,
    }
{%- else %}
def settings_for_servers(livechat_api: LiveChatApiServer) -> dict[str, str]:
    livechat_api.add_agent(AGENT, API_KEY)
    return {"SESSION_SECRET": SECRET, "LIVECHAT_API_URL": livechat_api.url}
{%- endif %}


def get_session(server: Server) -> str:
    status, _, answer = server.request("POST", ENDPOINT, json.dumps(CREDENTIALS).encode(), JSON)
    assert status == 200, answer
    return str(json.loads(answer)["session_id"])


def get_me(server: Server, session_id: str) -> tuple[int, bytes]:
    status, _, answer = server.request(
        "GET", "/api/me", headers={"Authorization": f"Bearer {session_id}"}
    )
    return status, answer


def test_instances_that_share_the_secret_accept_each_others_sessions(
    tmp_path: Path,
    settings_for_servers: dict[str, str],
{%- if cookiecutter.auth == "sign-in" %}
    accounts_server: AccountsServer,
{%- else %}
    livechat_api: LiveChatApiServer,
{%- endif %}
) -> None:
    with (
        production_server(tmp_path, **settings_for_servers) as first,
        production_server(tmp_path, **settings_for_servers) as second,
    ):
        session_id = get_session(first)
        for server in (first, second):
            status, answer = get_me(server, session_id)
            assert status == 200, answer
            assert json.loads(answer)["agent"] == AGENT
        # A session signed with another secret is refused: the check is real.
        app = {% if cookiecutter.auth == "sign-in" %}CLIENT_ID{% else %}"{{ cookiecutter.project_slug }}"{% endif %}
        forged = SessionSigner("another-secret", 3600, app=app).issue(AGENT)
        assert get_me(second, forged)[0] == 401
{%- if cookiecutter.auth == "sign-in" %}
        accounts_server.fail_with = 503  # so that the app has something to log
        new_token = json.dumps({"access_token": TOKEN + "-new"}).encode()
        assert first.request("POST", ENDPOINT, new_token, JSON)[0] == 503
{%- else %}
        livechat_api.fail_with = 503  # so that the app has something to log
        other = json.dumps({"login": "other@example.com", "api_key": API_KEY}).encode()
        assert first.request("POST", ENDPOINT, other, JSON)[0] == 503
{%- endif %}
    # SIGTERM stopped both: gunicorn's master and all its workers.
    assert first.process.returncode == 0
    assert second.process.returncode == 0
    output = first.output() + second.output()
    assert "Listening at: http://127.0.0.1" in output  # the log was captured
{%- if cookiecutter.auth == "sign-in" %}
    assert "accounts server failed" in output
    assert TOKEN not in output
{%- else %}
    assert "LiveChat's API failed: HTTP 503" in output
    assert API_KEY not in output
{%- endif %}


def test_the_dockerfile_healthcheck_passes_against_the_server(
    tmp_path: Path, settings_for_servers: dict[str, str]
) -> None:
    with production_server(tmp_path, **settings_for_servers) as server:
        code = healthcheck_code().replace("127.0.0.1:8000", f"127.0.0.1:{server.port}")
        assert subprocess.run([sys.executable, "-c", code], timeout=10).returncode == 0
    code = healthcheck_code().replace("127.0.0.1:8000", f"127.0.0.1:{server.port}")
    stopped = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=10)
    assert stopped.returncode != 0


def test_the_server_refuses_a_chunked_body_over_the_limit_while_reading(
    tmp_path: Path, settings_for_servers: dict[str, str]
) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 1024

    with production_server(tmp_path, **settings_for_servers) as server:
        status, _, answer = server.request("POST", ENDPOINT, chunks(), JSON)
    assert status == 413
    assert json.loads(answer)["detail"].startswith("the body is larger")


def test_forwarded_https_counts_only_behind_a_trusted_proxy(
    tmp_path: Path, settings_for_servers: dict[str, str]
) -> None:
    with (
        production_server(tmp_path, **settings_for_servers) as direct,
        production_server(tmp_path, TRUST_PROXY="true", **settings_for_servers) as proxied,
    ):
        # gunicorn would believe X-Forwarded-Proto from 127.0.0.1; gunicorn.conf.py stops it.
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        _, headers, _ = direct.request("GET", "/healthz", headers=forwarded)
        assert headers["Strict-Transport-Security"] is None
        _, headers, _ = proxied.request("GET", "/healthz", headers=forwarded)
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        _, headers, _ = proxied.request("GET", "/healthz")
        assert headers["Strict-Transport-Security"] is None


def test_production_refuses_to_start_without_a_secret(
    settings_for_servers: dict[str, str],
) -> None:
    settings = dict(settings_for_servers)
    del settings["SESSION_SECRET"]
    result = subprocess.run(
        production_command(free_port()),
        cwd=PROJECT,
        env=server_environment(**settings),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "Configuration error: set SESSION_SECRET" in result.stdout + result.stderr
{%- if cookiecutter.auth == "basic" %}


def test_production_refuses_to_start_without_verifying_agents(
    settings_for_servers: dict[str, str],
) -> None:
    result = subprocess.run(
        production_command(free_port()),
        cwd=PROJECT,
        env=server_environment(VERIFY_AGENTS="false", **settings_for_servers),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert (
        "Configuration error: VERIFY_AGENTS=false is refused in production: anyone could get a "
        "session for any login"
    ) in result.stdout + result.stderr
{%- endif %}

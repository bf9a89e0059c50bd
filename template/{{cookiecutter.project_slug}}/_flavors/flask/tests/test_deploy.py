"""The deployment files, and the production command run for real on 127.0.0.1.

Docker does not run in the tests: the Dockerfile is read for what the image must do, and the
command it runs is started as is, with the address changed to a free local port.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest

from {{ cookiecutter.module_name }}.sessions import SessionSigner
{%- if cookiecutter.auth == "sign-in" %}

from accounts_server import AccountsServer
{%- endif %}

PROJECT = Path(__file__).resolve().parents[1]
WSGI_APP = "{{ cookiecutter.module_name }}.wsgi:app"
# The production command, as the README's "Deploy" section and the Dockerfile give it.
PRODUCTION_COMMAND = (
    "gunicorn --preload --workers ${WEB_CONCURRENCY:-2} --bind 0.0.0.0:8000 " + WSGI_APP
)
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


# --- the files ---------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (NAME, arguments), continued lines joined."""
    text = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in re.sub(r"\\\n", " ", text).splitlines()]
    instructions = [line.partition(" ") for line in lines if line and not line.startswith("#")]
    return [(name.upper(), arguments.strip()) for name, _, arguments in instructions]


def instruction(name: str) -> str:
    """The arguments of the last instruction ``name``: the one that counts."""
    found = [arguments for kind, arguments in dockerfile() if kind == name]
    assert found, f"the Dockerfile has no {name}"
    return found[-1]


def test_the_image_runs_the_production_command() -> None:
    # Shell form for ${WEB_CONCURRENCY:-2}; exec makes gunicorn PID 1, so it gets SIGTERM.
    assert instruction("CMD") == f"exec {PRODUCTION_COMMAND}"


def test_the_image_is_a_slim_python_in_production_mode() -> None:
    assert instruction("FROM") == "python:3.12-slim"
    environment = dict(
        pair.split("=", 1)
        for name, arguments in dockerfile()
        if name == "ENV"
        for pair in shlex.split(arguments)
    )
    assert environment["ENVIRONMENT"] == "production"


def test_the_image_runs_as_a_user_without_privileges() -> None:
    user = instruction("USER").split(":")[0]
    assert user not in ("root", "0")
    names = [name for name, _ in dockerfile()]
    assert names.index("USER") > max(i for i, name in enumerate(names) if name == "RUN")


def test_the_image_installs_its_dependencies_before_copying_the_code() -> None:
    # A layer that changes only with pyproject.toml: editing the code does not reinstall them.
    copies = [arguments for name, arguments in dockerfile() if name == "COPY"]
    assert copies[0] == "pyproject.toml ./"
    assert any("src" in copy for copy in copies[1:])


def healthcheck_code() -> str:
    _, _, command = instruction("HEALTHCHECK").partition("CMD")
    program = json.loads(command)
    assert program[:2] == ["python", "-c"]  # python-slim has no curl
    return str(program[2])


def test_the_image_checks_its_health_on_healthz() -> None:
    assert "http://127.0.0.1:8000/healthz" in healthcheck_code()


def ignored_by_docker(path: str) -> bool:
    """Whether .dockerignore keeps ``path`` out of the build: the last matching line wins, and
    a line matches a path or any folder above it."""
    patterns = [
        line.strip()
        for line in (PROJECT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for pattern in patterns:
        keep = pattern.startswith("!")
        if any(fnmatch(prefix, pattern.lstrip("!").rstrip("/")) for prefix in prefixes):
            ignored = not keep
    return ignored


def test_the_build_gets_the_app_and_no_secrets() -> None:
    for path in (".env", "key.pem", ".venv/bin/python", ".git/config", "tests/conftest.py"):
        assert ignored_by_docker(path), path
    for path in (
        "pyproject.toml",
        "README.md",
        "gunicorn.conf.py",
        "src/{{ cookiecutter.module_name }}/wsgi.py",
    ):
        assert not ignored_by_docker(path), path
    for copy in (arguments for name, arguments in dockerfile() if name == "COPY"):
        for source in copy.split()[:-1]:
            assert not ignored_by_docker(source), source


def readme_commands(section: str) -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {section}\n.*?```sh\n(.*?)```", readme, re.M | re.S)
    assert match, f"the README has no {section} commands"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_the_readme_deploys_with_the_same_command() -> None:
    assert readme_commands("Deploy") == [PRODUCTION_COMMAND]


def test_ci_runs_the_readme_test_commands() -> None:
    workflow = (PROJECT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    run_steps = re.findall(r"^\s*- run: (.+)$", workflow, re.M)
    assert run_steps == readme_commands("Test it")


# --- the production server ---------------------------------------------------------------------


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
    command = PRODUCTION_COMMAND.replace("--bind 0.0.0.0:8000", f"--bind 127.0.0.1:{port}")
    assert command != PRODUCTION_COMMAND
    return ["/bin/sh", "-c", f"exec {command}"]


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
def settings_for_servers() -> dict[str, str]:
    return {"SESSION_SECRET": SECRET}
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
        forged = SessionSigner("another-secret", 3600).issue(AGENT)
        assert get_me(second, forged)[0] == 401
{%- if cookiecutter.auth == "sign-in" %}
        accounts_server.fail_with = 503  # so that the app has something to log
        new_token = json.dumps({"access_token": TOKEN + "-new"}).encode()
        assert first.request("POST", ENDPOINT, new_token, JSON)[0] == 503
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

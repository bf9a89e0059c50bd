{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
"""The production command, run for real on 127.0.0.1, as the Dockerfile runs it.

Docker does not run in the tests: the command of the Dockerfile's ``CMD`` is started as is, with
the address changed to a free local port, and its ``HEALTHCHECK`` is run against it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

{% if cookiecutter.auth == "sign-in" -%}
from accounts_server import AccountsServer
{% else -%}
from livechat_api_server import LiveChatApiServer
{% endif -%}
from servers import PROJECT, Server, dockerfile_instruction, free_port, server_environment

SECRET = "shared-by-all-instances-0123456789"
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


def healthcheck_code() -> str:
    """The Python code of the Dockerfile's HEALTHCHECK (python-slim has no curl)."""
    _, _, command = dockerfile_instruction("HEALTHCHECK").partition("CMD")
    program = json.loads(command)
    assert program[:2] == ["python", "-c"]
    return str(program[2])


def production_command(port: int) -> list[str]:
    """The Dockerfile's CMD (a shell command, for ${WEB_CONCURRENCY:-2}), on 127.0.0.1:port."""
    command = dockerfile_instruction("CMD")
    local = command.replace("--bind 0.0.0.0:8000", f"--bind 127.0.0.1:{port}")
    assert local != command, command
    return ["/bin/sh", "-c", local]


def production_server(logs: Path, **settings: str) -> Server:
    """The production command on a free port of 127.0.0.1; ``with`` waits until it answers, and
    stops it with SIGTERM at the end."""
    port = free_port()
    environment = server_environment(ENVIRONMENT="production", WEB_CONCURRENCY="2", **settings)
    # From the project's folder, where gunicorn finds gunicorn.conf.py.
    return Server(production_command(port), port, environment=environment, cwd=PROJECT, logs=logs)


@pytest.fixture
{%- if cookiecutter.auth == "sign-in" %}
def settings_for_servers(accounts_server: AccountsServer) -> dict[str, str]:
    accounts_server.add_token(TOKEN, {{ agent_field }}=AGENT)
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
        # One proxy: its own entry is the last; the client wrote the ones before it.
        appended = {"X-Forwarded-Proto": "https, http"}
        _, headers, _ = proxied.request("GET", "/healthz", headers=appended)
        assert headers["Strict-Transport-Security"] is None


def test_production_refuses_to_start_without_a_secret(
    settings_for_servers: dict[str, str],
) -> None:
    settings = dict(settings_for_servers)
    del settings["SESSION_SECRET"]
    result = subprocess.run(
        production_command(free_port()),
        cwd=PROJECT,
        env=server_environment(ENVIRONMENT="production", **settings),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "Configuration error: set SESSION_SECRET" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ({"SESSION_SECRET": "shared-by-all"}, "SESSION_SECRET is too weak for production"),
        ({"AGENT_APP_ORIGINS": "*"}, "set AGENT_APP_ORIGINS (https origins"),
        # Unset, the server would run with development's leniency.
        ({"ENVIRONMENT": ""}, "set ENVIRONMENT to production (or development)"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(
    settings_for_servers: dict[str, str], settings: dict[str, str], error: str
) -> None:
    result = subprocess.run(
        production_command(free_port()),
        cwd=PROJECT,
        env=server_environment(**{"ENVIRONMENT": "production", **settings_for_servers, **settings}),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert f"Configuration error: {error}" in result.stdout + result.stderr
{%- if cookiecutter.auth == "basic" %}


def test_production_refuses_to_start_without_verifying_agents(
    settings_for_servers: dict[str, str],
) -> None:
    result = subprocess.run(
        production_command(free_port()),
        cwd=PROJECT,
        env=server_environment(
            ENVIRONMENT="production", VERIFY_AGENTS="false", **settings_for_servers
        ),
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

{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
"""The production command at work: the Dockerfile's command and health check, run for real.

The servers these tests start run the Dockerfile's command (gunicorn) on 127.0.0.1 and a free
port (tests/servers.py), and are stopped at the end of each test.
"""

from __future__ import annotations

import http.client
import json
import shlex
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

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


def production_command() -> str:
    """The command the image runs (its CMD, without the shell's ``exec``)."""
    return dockerfile_instruction("CMD").removeprefix("exec ")


def healthcheck_code() -> str:
    """The Python code of the Dockerfile's HEALTHCHECK."""
    words = shlex.split(dockerfile_instruction("HEALTHCHECK"))
    command = words[words.index("CMD") + 1 :]
    assert command[:2] == ["python", "-c"]
    return command[2]


# --- the production command at work ---------------------------------------------------------


def call(
    server: Server, method: str, path: str, data: dict[str, str] | None = None, session: str = ""
) -> tuple[int, dict[str, Any]]:
    """The status and JSON answer of ``method path``, with ``data`` as JSON and the session id."""
    headers = {"Content-Type": "application/json"}
    if session:
        headers["Authorization"] = f"Bearer {session}"
    body = json.dumps(data).encode() if data is not None else None
    status, _, answer = server.request(method, path, body, headers)
    return status, json.loads(answer)


def production_argv(port: int) -> list[str]:
    """The production command as this Python runs it, listening on 127.0.0.1:``port``."""
    words = shlex.split(production_command())
    assert words[0] == "gunicorn"
    words[words.index("${WEB_CONCURRENCY:-2}")] = "2"
    words[words.index("--bind") + 1] = f"127.0.0.1:{port}"
    return [sys.executable, "-m", "gunicorn", *words[1:]]


def production_server(logs: Path, **environ: str) -> Server:
    """The production command serving on 127.0.0.1: ``with`` waits until it answers, and stops
    it at the end."""
    port = free_port()
    environment = server_environment(**{**PRODUCTION, **environ})
    return Server(production_argv(port), port, environment=environment, cwd=PROJECT, logs=logs)


{%- if cookiecutter.auth == "sign-in" %}


def test_a_session_from_one_instance_works_on_another(
    tmp_path: Path, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, {{ agent_field }}="mary@example.com")
    environ = {"LIVECHAT_ACCOUNTS_URL": accounts_server.url}
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(production_server(tmp_path, **environ)) for _ in range(2)
        )
        status, answer = call(first, "POST", "/api/session", {"access_token": TOKEN})
        assert status == 200, answer
        session_id = answer["session_id"]
        status, me = call(second, "GET", "/api/me", session=session_id)
        assert (status, me["agent"]) == (200, "mary@example.com")
    # Signed with the shared secret, not stored: any instance with the secret verifies it.
    assert SessionSigner(SECRET, 3600, app="test-client-id").verify(session_id) is not None
    # Neither instance logged the access token.
    for server in (first, second):
        assert TOKEN not in server.output()
{%- else %}


def test_a_session_from_one_instance_works_on_another(
    tmp_path: Path, livechat_api: LiveChatApiServer
) -> None:
    livechat_api.add_agent(LOGIN, API_KEY)
    environ = {"LIVECHAT_API_URL": livechat_api.url}
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(production_server(tmp_path, **environ)) for _ in range(2)
        )
        status, answer = call(first, "POST", "/authorize/", {"login": LOGIN, "api_key": API_KEY})
        assert status == 200, answer
        session_id = answer["session_id"]
        status, me = call(second, "GET", "/api/me", session=session_id)
        assert (status, me["agent"]) == (200, LOGIN)
        livechat_api.fail_with = 503  # so that the app has something to log
        other = {"login": "other@example.com", "api_key": API_KEY}
        assert call(first, "POST", "/authorize/", other)[0] == 503
    # Signed with the shared secret for this app, not stored: any instance verifies it.
    app = "{{ cookiecutter.project_slug }}"
    assert SessionSigner(SECRET, 3600, app=app).verify(session_id) is not None
    assert "LiveChat's API failed: HTTP 503" in first.output()
    # Neither instance logged the API key.
    for server in (first, second):
        assert API_KEY not in server.output()
{%- endif %}


def test_the_health_check_passes_in_production(tmp_path: Path) -> None:
    with production_server(tmp_path) as server:
        code = healthcheck_code().replace("127.0.0.1:8000", f"127.0.0.1:{server.port}")
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=server_environment(**PRODUCTION),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 0, result.stderr


def test_a_large_body_is_refused_before_it_arrives(tmp_path: Path) -> None:
    with production_server(tmp_path) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
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


HSTS = "max-age=31536000; includeSubDomains"


def test_forwarded_https_counts_only_behind_a_trusted_proxy(tmp_path: Path) -> None:
    with (
        production_server(tmp_path) as direct,
        production_server(tmp_path, TRUST_PROXY="true") as proxied,
    ):
        # gunicorn would believe X-Forwarded-Proto from 127.0.0.1; gunicorn.conf.py stops it.
        forwarded = {"X-Forwarded-Proto": "https"}
        _, headers, _ = direct.request("GET", "/healthz", headers=forwarded)
        assert headers["Strict-Transport-Security"] is None
        _, headers, _ = proxied.request("GET", "/healthz", headers=forwarded)
        assert headers["Strict-Transport-Security"] == HSTS
        # One proxy: its own entry is the last; the client wrote the ones before it.
        appended = {"X-Forwarded-Proto": "https, http"}
        _, headers, _ = proxied.request("GET", "/healthz", headers=appended)
        assert headers["Strict-Transport-Security"] is None


def test_production_refuses_to_start_without_a_session_secret(tmp_path: Path) -> None:
    server = production_server(tmp_path, SESSION_SECRET="")
    try:
        server.process.wait(timeout=30)
    finally:
        server.stop()
    assert server.process.returncode != 0
    assert "Configuration error: set SESSION_SECRET in production" in server.output()


@pytest.mark.parametrize(
    ("environ", "error"),
    [
        # Unset, the server would run with DEBUG on: error pages that show the settings.
        ({"ENVIRONMENT": ""}, "set ENVIRONMENT to production (or development)"),
        ({"SESSION_SECRET": "a-short-secret"}, "SESSION_SECRET is too weak for production"),
        ({"AGENT_APP_ORIGINS": "*"}, "AGENT_APP_ORIGINS must be https origins"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(
    tmp_path: Path, environ: dict[str, str], error: str
) -> None:
    server = production_server(tmp_path, **environ)
    try:
        server.process.wait(timeout=30)
    finally:
        server.stop()
    assert server.process.returncode != 0
    # One line from the app (gunicorn adds its own report of a worker that failed to boot).
    assert f"Configuration error: {error}" in server.output()


def test_a_request_for_another_host_gets_no_technical_page(tmp_path: Path) -> None:
    with production_server(tmp_path) as server:
        status, _, body = server.request("GET", "/", headers={"Host": "evil.example"})
    assert status == 400
    # Django's plain page, not DEBUG's, which names the setting and shows the request.
    assert b"DisallowedHost" not in body and b"ALLOWED_HOSTS" not in body
    assert b"evil.example" not in body

{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].token_info_path == "/v2/info" else "entity_id" -%}
"""The image's production command run for real: two instances, several workers each."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

{% if cookiecutter.auth == "sign-in" -%}
from accounts_server import AccountsServer
{% else -%}
from livechat_api_server import LiveChatApiServer
{% endif -%}
from servers import Server, dockerfile_instruction, free_port, server_environment
{%- if cookiecutter.auth == "sign-in" %}

CLIENT_ID = "deploy-test-client-id"
TOKEN = "dal:deploy-test-access-token-0123456789"
{%- else %}

LOGIN = "agent@example.com"
API_KEY = "dal:Deploy-test-API-key-0123456789"
{%- endif %}

# Every instance shares it; production refuses a short or repetitive one.
SECRET = "deploy-test-shared-secret-0123456789"


def dockerfile_command(instruction: str) -> str:
    """The shell command of the Dockerfile's CMD or HEALTHCHECK, its spaces collapsed."""
    command = " ".join(dockerfile_instruction(instruction).split())
    # HEALTHCHECK's options come before its own CMD.
    return command.partition("CMD ")[2] if instruction == "HEALTHCHECK" else command


# The production command, as the image runs it.
SERVE = dockerfile_command("CMD").removeprefix("exec ")


def start_server(environment: dict[str, str], workdir: Path) -> Server:
    """The production command on 127.0.0.1 and a free port, run away from any .env of yours."""
    port = free_port()
    command = SERVE.replace("--host 0.0.0.0", "--host 127.0.0.1")
    command = command.replace("--port 8000", f"--port {port}")
    return Server(
        ["bash", "-c", f"exec {command}"], port, environment=environment, cwd=workdir, logs=workdir
    )
{%- if cookiecutter.auth == "sign-in" %}


@pytest.fixture(scope="module")
def accounts() -> Iterator[AccountsServer]:
    with AccountsServer() as server:
        server.add_token(TOKEN, client_id=CLIENT_ID, {{ agent_field }}="mary@example.com")
        yield server
{%- else %}


@pytest.fixture(scope="module")
def livechat() -> Iterator[LiveChatApiServer]:
    with LiveChatApiServer() as server:
        server.add_agent(LOGIN, API_KEY)
        yield server
{%- endif %}


@pytest.fixture(scope="module")
{%- if cookiecutter.auth == "sign-in" %}
def instances(
    accounts: AccountsServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Server]]:
{%- else %}
def instances(
    livechat: LiveChatApiServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Server]]:
{%- endif %}
    """Two instances of the app behind an imaginary load balancer: they share only the secret."""
    environment = server_environment(
        ENVIRONMENT="production",
        SESSION_SECRET=SECRET,
{%- if cookiecutter.auth == "sign-in" %}
        LIVECHAT_CLIENT_ID=CLIENT_ID,
        LIVECHAT_ACCOUNTS_URL=accounts.url,
{%- else %}
        LIVECHAT_API_URL=livechat.url,
{%- endif %}
    )
    workdir = tmp_path_factory.mktemp("instances")
    servers = [start_server(environment, workdir), start_server(environment, workdir)]
    try:
        for server in servers:
            server.wait_until_up()
        yield servers
    finally:
        for server in servers:
            server.stop()


def start_session(server: Server) -> str:
{%- if cookiecutter.auth == "sign-in" %}
    response = httpx2.post(server.url("/api/session"), json={"access_token": TOKEN})
{%- else %}
    response = httpx2.post(server.url("/authorize/"), json={"login": LOGIN, "api_key": API_KEY})
{%- endif %}
    assert response.status_code == 200, response.text
    return response.json()["session_id"]


def test_a_session_from_one_instance_works_on_the_other(instances: list[Server]) -> None:
    first, second = instances
    for issuer, checker in ((first, second), (second, first)):
        session_id = start_session(issuer)
        # Several calls: with two workers per instance, more than one is likely to answer.
        for _ in range(4):
            response = httpx2.get(
                checker.url("/api/me"), headers={"Authorization": f"Bearer {session_id}"}
            )
            assert response.status_code == 200, response.text
{%- if cookiecutter.auth == "sign-in" %}
            assert response.json()["agent"] == "mary@example.com"
{%- else %}
            assert response.json()["agent"] == LOGIN
{%- endif %}


def test_a_session_signed_with_another_secret_is_refused(instances: list[Server]) -> None:
    app = {% if cookiecutter.auth == "sign-in" %}CLIENT_ID{% else %}"{{ cookiecutter.project_slug }}"{% endif %}
    session_id = SessionSigner("another-secret", 3600, app=app).issue("agent@example.com")
    response = httpx2.get(
        instances[0].url("/api/me"), headers={"Authorization": f"Bearer {session_id}"}
    )
    assert response.status_code == 401


{% if cookiecutter.auth == "sign-in" -%}
def test_the_access_token_never_reaches_the_server_logs(instances: list[Server]) -> None:
    secret = TOKEN
{%- else -%}
def test_the_api_key_never_reaches_the_server_logs(instances: list[Server]) -> None:
    secret = API_KEY
{%- endif %}
    for server in instances:
        start_session(server)
    for server in instances:
        log = server.output()
        assert "Application startup complete" in log  # the capture works
        assert secret not in log


def test_the_health_check_passes_on_a_live_server(instances: list[Server]) -> None:
    command = dockerfile_command("HEALTHCHECK")
    assert "127.0.0.1:8000/" in command
    environment = server_environment()
    up = command.replace("127.0.0.1:8000/", f"127.0.0.1:{instances[0].port}/")
    assert subprocess.run(["bash", "-c", up], env=environment, check=False).returncode == 0
    # And it fails where nothing answers.
    down = command.replace("127.0.0.1:8000/", f"127.0.0.1:{free_port()}/")
    result = subprocess.run(["bash", "-c", down], env=environment, capture_output=True, check=False)
    assert result.returncode != 0


HSTS = "max-age=31536000; includeSubDomains"


def hsts(server: Server, forwarded_proto: str) -> str | None:
    response = httpx2.get(server.url("/healthz"), headers={"X-Forwarded-Proto": forwarded_proto})
    return response.headers.get("strict-transport-security")


def test_forwarded_https_counts_only_behind_a_trusted_proxy(
    instances: list[Server], tmp_path: Path
) -> None:
    # uvicorn would believe X-Forwarded-Proto from 127.0.0.1; the command tells it not to.
    assert hsts(instances[0], "https") is None
    environment = server_environment(
        ENVIRONMENT="production",
        SESSION_SECRET="a-proxy-test-secret-0123456789abcdef",
{%- if cookiecutter.auth == "sign-in" %}
        LIVECHAT_CLIENT_ID=CLIENT_ID,
{%- endif %}
        TRUST_PROXY="true",
    )
    with start_server(environment, tmp_path) as proxied:
        assert hsts(proxied, "https") == HSTS
        # One proxy: its own entry is the last; the client wrote the ones before it.
        assert hsts(proxied, "https, http") is None


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
{%- if cookiecutter.auth == "sign-in" %}
    environment = server_environment(ENVIRONMENT="production", LIVECHAT_CLIENT_ID=CLIENT_ID)
{%- else %}
    environment = server_environment(ENVIRONMENT="production")
{%- endif %}
    server = start_server(environment, tmp_path)
    try:
        server.process.wait(timeout=30)
    finally:
        server.stop()
    assert "Configuration error: set SESSION_SECRET" in server.output()
    # The workers are not started again and again: nothing is left answering.
    with pytest.raises(httpx2.TransportError):
        httpx2.get(server.url("/healthz"), timeout=1)


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        # Unset, the server would run with development's leniency.
        ({"SESSION_SECRET": SECRET}, "set ENVIRONMENT to production (or development)"),
        (
            {"ENVIRONMENT": "production", "SESSION_SECRET": "deploy-test-shared-secret"},
            "SESSION_SECRET is too weak for production",
        ),
        (
            {"ENVIRONMENT": "production", "AGENT_APP_ORIGINS": "*", "SESSION_SECRET": SECRET},
            "AGENT_APP_ORIGINS: must be https origins",
        ),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(
    tmp_path: Path, settings: dict[str, str], error: str
) -> None:
{%- if cookiecutter.auth == "sign-in" %}
    environment = server_environment(LIVECHAT_CLIENT_ID=CLIENT_ID, **settings)
{%- else %}
    environment = server_environment(**settings)
{%- endif %}
    server = start_server(environment, tmp_path)
    try:
        server.process.wait(timeout=30)
    finally:
        server.stop()
    assert f"Configuration error: {error}" in server.output()
    assert "Traceback" not in server.output()
{%- if cookiecutter.auth == "basic" %}


def test_production_refuses_to_start_without_verifying_agents(tmp_path: Path) -> None:
    environment = server_environment(
        ENVIRONMENT="production", SESSION_SECRET=SECRET, VERIFY_AGENTS="false"
    )
    server = start_server(environment, tmp_path)
    try:
        server.process.wait(timeout=30)
    finally:
        server.stop()
    assert (
        "Configuration error: VERIFY_AGENTS=false is refused in production: anyone could get a "
        "session for any login"
    ) in server.output()
{%- endif %}

"""``python tests/accounts_server.py``: the accounts stand-in as a command, for development."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

COMMAND = [sys.executable, str(Path(__file__).with_name("accounts_server.py"))]


def started_url(process: subprocess.Popen[str]) -> str:
    """The URL the stand-in prints once it listens (``--port 0`` picks a free port)."""
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "LIVECHAT_ACCOUNTS_URL=" in line, line
    return line.rsplit("LIVECHAT_ACCOUNTS_URL=", 1)[1].strip()


def token_info(url: str, token: str) -> tuple[int, dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}"}
    request = urllib.request.Request(f"{url}/info", headers=headers)  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - 127.0.0.1
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_it_vouches_for_the_emulators_token_with_your_client_id() -> None:
    with subprocess.Popen(
        [*COMMAND, "--port", "0", "--client-id", "my-client-id"],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            url = started_url(process)
            assert url.startswith("http://127.0.0.1:")
            status, info = token_info(url, "emulator-access-token")
            assert status == 200
            assert info["client_id"] == "my-client-id"
            assert info["entity_id"] == "agent@example.com"
            assert token_info(url, "another-token")[0] == 401
        finally:
            process.terminate()


def test_it_reads_your_client_id_from_env_like_the_app(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SESSION_SECRET=x\nLIVECHAT_CLIENT_ID='from-dot-env'\n")
    with subprocess.Popen(
        [*COMMAND, "--port", "0"], cwd=tmp_path, env={}, stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            status, info = token_info(started_url(process), "emulator-access-token")
            assert (status, info["client_id"]) == (200, "from-dot-env")
        finally:
            process.terminate()


def test_it_needs_your_client_id(tmp_path: Path) -> None:
    # No LIVECHAT_CLIENT_ID in the environment, and no .env where it runs.
    result = subprocess.run(
        COMMAND, cwd=tmp_path, capture_output=True, text=True, env={}, check=False
    )
    assert result.returncode == 2
    assert "set LIVECHAT_CLIENT_ID (in .env, as for the app) or pass --client-id" in result.stderr


def test_a_port_in_use_is_one_line_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*COMMAND, "--client-id", "x", "--port", str(port)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr

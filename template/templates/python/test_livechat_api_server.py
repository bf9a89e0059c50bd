"""``python tests/livechat_api_server.py``: the LiveChat API stand-in as a command."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

COMMAND = [sys.executable, str(Path(__file__).with_name("livechat_api_server.py"))]


def started_url(process: subprocess.Popen[str]) -> str:
    """The URL the stand-in prints once it listens (``--port 0`` picks a free port)."""
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "LIVECHAT_API_URL=" in line, line
    return line.rsplit("LIVECHAT_API_URL=", 1)[1].strip()


def agent(url: str, login: str, api_key: str) -> tuple[int, dict[str, object]]:
    credentials = base64.b64encode(f"{login}:{api_key}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        f"{url}/agents/{login.replace('@', '%40')}",
        headers={"Authorization": f"Basic {credentials}", "X-API-Version": "2"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - 127.0.0.1
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_it_vouches_for_the_emulators_login_and_api_key() -> None:
    with subprocess.Popen([*COMMAND, "--port", "0"], stdout=subprocess.PIPE, text=True) as process:
        try:
            url = started_url(process)
            assert url.startswith("http://127.0.0.1:")
            status, answer = agent(url, "agent@example.com", "emulator-api-key")
            assert (status, answer["login"]) == (200, "agent@example.com")
            assert agent(url, "agent@example.com", "another-key")[0] == 401
        finally:
            process.terminate()


def test_a_port_in_use_is_one_line_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*COMMAND, "--port", str(port)], capture_output=True, text=True, check=False
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr

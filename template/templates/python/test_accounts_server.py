"""The accounts stand-in: its v2 answers and sign-in popup, and ``python tests/accounts_server.py``,
the stand-in as a command for development."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from accounts_server import ACCOUNT_ID, ORGANIZATION_ID, AccountsServer

COMMAND = [sys.executable, str(Path(__file__).with_name("accounts_server.py"))]
# What accounts-sdk 2.x's popup asks for (its authorizeURL), from a page on 127.0.0.1:8000.
POPUP_QUERY = {
    "client_id": "my-client-id",
    "redirect_uri": "https://127.0.0.1:8000/?plugin_id=x",
    "state": "a-random-state",
    "response_type": "token",
    "flow": "button",
}


def started_url(process: subprocess.Popen[str]) -> str:
    """The URL the stand-in prints once it listens (``--port 0`` picks a free port)."""
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "LIVECHAT_ACCOUNTS_URL=" in line, line
    return line.rsplit("LIVECHAT_ACCOUNTS_URL=", 1)[1].strip()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - 127.0.0.1
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def token_info(url: str, token: str, path: str = "/info") -> tuple[int, dict[str, object]]:
    status, body = get(f"{url}{path}", {"Authorization": f"Bearer {token}"})
    return status, json.loads(body)


def popup(url: str, **query: str) -> tuple[int, str]:
    return get(f"{url}/?{urlencode({**POPUP_QUERY, **query})}")


def popup_answer(page: str) -> tuple[dict[str, Any], str]:
    """The answer the popup's page posts to its opener, and the origin it posts it to."""
    answer = re.search(r"const answer = (.*);$", page, re.MULTILINE)
    target = re.search(r"postMessage\(answer, (.*)\);$", page, re.MULTILINE)
    assert answer and target, page
    return json.loads(answer[1]), json.loads(target[1])


@pytest.fixture
def stand_in() -> Iterator[AccountsServer]:
    with AccountsServer() as server:
        yield server


def test_v2_info_answers_with_the_account_not_the_email(stand_in: AccountsServer) -> None:
    stand_in.add_token("t", client_id="my-client-id")
    status, info = token_info(stand_in.url, "t", "/v2/info")
    assert status == 200
    # The shape of accounts.livechat.com/v2/info: no e-mail, no license.
    assert info == {
        "access_token": "t",
        "account_id": ACCOUNT_ID,
        "client_id": "my-client-id",
        "expires_in": 3600,
        "organization_id": ORGANIZATION_ID,
        "scope": "agents--my:ro,chats--my:ro",
        "token_type": "Bearer",
    }
    assert stand_in.requests == [{"path": "/v2/info", "authorization": "Bearer t"}]
    # /info keeps its own shape for the same token.
    assert token_info(stand_in.url, "t")[1]["entity_id"] == "agent@example.com"
    assert token_info(stand_in.url, "unknown", "/v2/info")[0] == 401


def test_the_popup_hands_out_its_token_to_the_redirect_uris_origin(
    stand_in: AccountsServer,
) -> None:
    stand_in.add_token("t", client_id="my-client-id", expires_in=1800)
    stand_in.popup_token = "t"
    status, page = popup(stand_in.url)
    assert status == 200
    answer, target = popup_answer(page)
    # What accounts-sdk's popup listener resolves with, for the token flow.
    assert answer == {
        "data": {
            "access_token": "t",
            "token_type": "Bearer",
            "expires_in": 1800,
            "state": "a-random-state",
            "scope": "agents--my:ro,chats--my:ro",
            "account_id": ACCOUNT_ID,
            "organization_id": ORGANIZATION_ID,
            "client_id": "my-client-id",
        }
    }
    assert target == "https://127.0.0.1:8000"
    assert stand_in.popups == [POPUP_QUERY]
    # Opening the popup is no token-info request.
    assert stand_in.requests == []


def test_the_popup_can_hand_out_another_apps_token(stand_in: AccountsServer) -> None:
    stand_in.add_token("foreign", client_id="another-app")
    stand_in.popup_token = "foreign"
    answer, _ = popup_answer(popup(stand_in.url)[1])
    assert answer["data"]["client_id"] == "another-app"


def test_without_a_token_the_popup_says_the_agent_is_unknown(stand_in: AccountsServer) -> None:
    answer, _ = popup_answer(popup(stand_in.url)[1])
    assert answer == {"error": {"identity_exception": "unauthorized"}}


def test_the_popups_answer_cannot_end_its_script(stand_in: AccountsServer) -> None:
    stand_in.add_token("t")
    stand_in.popup_token = "t"
    status, page = popup(stand_in.url, state="</script><script>alert(1)</script>")
    assert status == 200
    assert page.count("</script>") == 1
    assert popup_answer(page)[0]["data"]["state"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("redirect_uri", ["", "javascript:alert(1)", "/relative"])
def test_a_popup_without_a_web_redirect_uri_is_refused(
    stand_in: AccountsServer, redirect_uri: str
) -> None:
    stand_in.popup_token = "t"
    assert popup(stand_in.url, redirect_uri=redirect_uri)[0] == 400
    assert stand_in.popups == []


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
            status, info = token_info(url, "emulator-access-token", "/v2/info")
            assert (status, info["client_id"]) == (200, "my-client-id")
            # Its sign-in popup hands out the token it vouches for.
            answer, _ = popup_answer(popup(url, client_id="my-client-id")[1])
            assert answer["data"]["access_token"] == "emulator-access-token"
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

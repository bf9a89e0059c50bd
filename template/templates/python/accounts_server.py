"""A stand-in for LiveChat's accounts server: a real HTTP server on 127.0.0.1.

For the tokens a test registers it answers what a backend asks, ``GET /info`` (the shape of
``accounts.livechatinc.com/info``) and ``GET /v2/info`` (the shape of
``accounts.livechat.com/v2/info``), and records every such request so that tests can check what
the app sent. It also serves what the accounts SDK's sign-in popup opens, ``GET /?client_id=...``:
a page that hands the page that opened it the token in ``popup_token``, as LiveChat's does once
the agent has signed in.

Run as a command, it vouches for one token while you develop, and its popup hands that token
out, so that "Sign in with LiveChat" completes in the Agent App emulator without a real token::

    python tests/accounts_server.py      # then start the app with the URL it prints
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

# Who the default token belongs to: /info names the agent by e-mail and the license, /v2/info
# by account and organization ids.
AGENT_EMAIL = "agent@example.com"
ACCOUNT_ID = "6c6b5fb4-7d1e-4f2a-9b3c-0d4e5f6a7b8c"
ORGANIZATION_ID = "2f1e0d9c-8b7a-4c5d-9e6f-a0b1c2d3e4f5"
_V1_DEFAULTS: dict[str, Any] = {"entity_id": AGENT_EMAIL, "license_id": 1234567}
_V2_DEFAULTS: dict[str, Any] = {"account_id": ACCOUNT_ID, "organization_id": ORGANIZATION_ID}

# The popup's page: it hands the answer to the page that opened it, as LiveChat's popup does,
# and closes. The answer is JSON in a script, with "<" escaped so that it cannot end the script.
_POPUP_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in with LiveChat (stand-in)</title></head>
<body>
<p>The accounts stand-in answers the accounts SDK's popup.</p>
<script>
  const answer = %(answer)s;
  if (window.opener) {
    window.opener.postMessage(answer, %(target)s);
    window.close();
  }
</script>
</body>
</html>
"""


class _QuietServer(ThreadingHTTPServer):
    # socketserver's default backlog is 5: more callers at once (an app's first requests under
    # load) would wait a second for their SYN to be retried.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a test of a slow server) closes the connection before the
        # late answer: that is expected, not worth a traceback in the test output.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class AccountsServer:
    def __init__(self, port: int = 0) -> None:
        self.tokens: dict[str, dict[str, Any]] = {}
        # The token-info requests (/info, /v2/info): {"path", "authorization"} each.
        self.requests: list[dict[str, str]] = []
        # The token the sign-in popup hands out (None: the popup says the agent is unknown),
        # and the query of every popup opened.
        self.popup_token: str | None = None
        self.popups: list[dict[str, str]] = []
        # When set, every request is answered with this status and an error body.
        self.fail_with: int | None = None
        # Seconds to wait before answering: a slow accounts server.
        self.delay = 0.0
        self._server = _QuietServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def add_token(self, token: str, **info: Any) -> None:
        """Make ``token`` valid; ``info`` overrides fields of the token-info answers."""
        self.tokens[token] = {
            "access_token": token,
            "client_id": "test-client-id",
            "expires_in": 3600,
            "scope": "agents--my:ro,chats--my:ro",
            "token_type": "Bearer",
            **info,
        }

    def token_info(self, path: str, token: str) -> dict[str, Any] | None:
        """The answer to ``GET path`` about ``token``: /info's shape or /v2/info's."""
        info = self.tokens.get(token)
        if info is None:
            return None
        if path == "/v2/info":
            # No e-mail and no license in v2: the account and the organization instead.
            v2 = {key: value for key, value in info.items() if key not in _V1_DEFAULTS}
            return {**_V2_DEFAULTS, **v2}
        return {**_V1_DEFAULTS, **info}

    def popup_answer(self, query: dict[str, str]) -> dict[str, Any]:
        """What the popup hands the page that opened it: the token flow's result."""
        token = self.popup_token
        info = self.token_info("/v2/info", token) if token else None
        if token is None or info is None:
            return {"error": {"identity_exception": "unauthorized"}}
        return {
            "data": {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": info["expires_in"],
                "state": query.get("state", ""),
                "scope": info["scope"],
                "account_id": info["account_id"],
                "organization_id": info["organization_id"],
                "client_id": info["client_id"],
            }
        }

    def stop(self) -> None:
        """Stop answering: the port refuses connections from now on."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> AccountsServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._thread.is_alive():
            self.stop()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/":
                    self._popup(url.query)
                    return
                stand_in.requests.append(
                    {"path": self.path, "authorization": self.headers.get("Authorization", "")}
                )
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                if stand_in.fail_with is not None:
                    self._answer(stand_in.fail_with, {"error": "server_error"})
                    return
                if self.path not in ("/info", "/v2/info"):
                    self._answer(404, {"error": "not_found"})
                    return
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                info = stand_in.token_info(self.path, token)
                if info is None:
                    self._answer(401, {"error": "invalid_token"})
                else:
                    self._answer(200, info)

            def _popup(self, query_string: str) -> None:
                query = {key: values[0] for key, values in parse_qs(query_string).items()}
                redirect = urlsplit(query.get("redirect_uri", ""))
                if redirect.scheme not in ("http", "https") or not redirect.netloc:
                    self._answer(400, {"error": "invalid_request"})
                    return
                stand_in.popups.append(query)
                # The answer goes to the redirect URI's origin only, as LiveChat's does.
                target = f"{redirect.scheme}://{redirect.netloc}"
                page = _POPUP_PAGE % {
                    "answer": _script_json(stand_in.popup_answer(query)),
                    "target": _script_json(target),
                }
                self._send(200, "text/html; charset=utf-8", page.encode())

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                self._send(status, "application/json", json.dumps(body).encode())

            def _send(self, status: int, content_type: str, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output quiet

        return Handler


def _script_json(value: object) -> str:
    """``value`` as JSON that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c")


def _from_env_file(name: str, path: Path = Path(".env")) -> str | None:
    """``name``'s value in the project's ``.env`` (``NAME=value`` lines), if it has one."""
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        key, equals, value = line.partition("=")
        if equals and key.strip() == name:
            return value.strip().strip("'\"") or None
    return None


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is not a port (0 to 65535)")
    return port


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Vouch for one access token, and hand it out from the sign-in popup, as "
        "LiveChat's accounts server would for a real one (development only)."
    )
    parser.add_argument("--port", type=_port, default=8001, help="0: any free port")
    parser.add_argument("--token", default="emulator-access-token", help="the emulator's")
    parser.add_argument("--agent", default=AGENT_EMAIL, help="the agent's e-mail (/info)")
    parser.add_argument("--account-id", default=ACCOUNT_ID, help="the agent's account (/v2/info)")
    parser.add_argument(
        "--client-id",
        default=os.environ.get("LIVECHAT_CLIENT_ID") or _from_env_file("LIVECHAT_CLIENT_ID"),
        help="your app's Client Id, which the backend checks (default: LIVECHAT_CLIENT_ID, "
        "from the environment or .env, as the app reads it)",
    )
    args = parser.parse_args()
    if not args.client_id:
        parser.error("set LIVECHAT_CLIENT_ID (in .env, as for the app) or pass --client-id")
    try:
        stand_in = AccountsServer(args.port)
    except OSError as error:
        parser.error(f"cannot listen on 127.0.0.1:{args.port} ({error.strerror}); try --port")
    stand_in.add_token(
        args.token, client_id=args.client_id, entity_id=args.agent, account_id=args.account_id
    )
    stand_in.popup_token = args.token
    with stand_in:
        print(
            f"Accounts stand-in on {stand_in.url}, vouching for the token {args.token!r} "
            f"({args.agent}). Start the app with LIVECHAT_ACCOUNTS_URL={stand_in.url}",
            flush=True,
        )
        # Until Ctrl-C (or a signal) stops it.
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

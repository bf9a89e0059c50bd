"""A stand-in for LiveChat's accounts server: a real HTTP server on 127.0.0.1.

It answers ``GET /info`` the way ``accounts.livechatinc.com/info`` does, for the tokens a test
registers, and records every request so tests can check what the app sent.

Run as a command, it vouches for the Agent App emulator's access token while you develop, so
that the emulator's "Sign in with LiveChat" completes without a real token::

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
        self.requests: list[dict[str, str]] = []
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
        """Make ``token`` valid; ``info`` overrides fields of the token-info answer."""
        self.tokens[token] = {
            "access_token": token,
            "client_id": "test-client-id",
            "entity_id": "agent@example.com",
            "license_id": 1234567,
            "expires_in": 3600,
            "scope": "agents--my:ro,chats--my:ro",
            "token_type": "Bearer",
            **info,
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
                stand_in.requests.append(
                    {"path": self.path, "authorization": self.headers.get("Authorization", "")}
                )
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                if stand_in.fail_with is not None:
                    self._answer(stand_in.fail_with, {"error": "server_error"})
                    return
                if self.path != "/info":
                    self._answer(404, {"error": "not_found"})
                    return
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                info = stand_in.tokens.get(token)
                if info is None:
                    self._answer(401, {"error": "invalid_token"})
                else:
                    self._answer(200, info)

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output quiet

        return Handler


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
        description="Vouch for the Agent App emulator's access token, as LiveChat's accounts "
        "server would for a real one (development only)."
    )
    parser.add_argument("--port", type=_port, default=8001, help="0: any free port")
    parser.add_argument("--token", default="emulator-access-token", help="the emulator's")
    parser.add_argument("--agent", default="agent@example.com", help="the agent's e-mail")
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
    stand_in.add_token(args.token, client_id=args.client_id, entity_id=args.agent)
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

"""A stand-in for LiveChat's REST API (version 2): a real HTTP server on 127.0.0.1.

It answers ``GET /agents/<login>`` the way ``api.livechatinc.com`` does for a request
authenticated with HTTP Basic ``login:api_key`` and ``X-API-Version: 2``, for the agents a test
registers, and records every request (the API key left out) so tests can check what the app sent.

Run as a command, it vouches for the Agent App emulator's login and API key while you develop,
so that the emulator's basic flow completes without a real LiveChat account::

    python tests/livechat_api_server.py      # then start the app with the URL it prints
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote


class _QuietServer(ThreadingHTTPServer):
    # socketserver's default backlog is 5: more callers at once (an app's first requests under
    # load) would wait a second for their SYN to be retried.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a test of a slow server) closes the connection before the
        # late answer: that is expected, not worth a traceback in the test output.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def basic_credentials(header: str) -> tuple[str, str] | None:
    """The (login, api_key) of an ``Authorization: Basic ...`` header, or None."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        login, colon, api_key = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (login, api_key) if colon else None


class LiveChatApiServer:
    def __init__(self, port: int = 0) -> None:
        self.agents: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, str] = {}
        # What each request asked: path, X-API-Version, and the login it authenticated as.
        self.requests: list[dict[str, str]] = []
        # When set, every request is answered with this status and an error body.
        self.fail_with: int | None = None
        # Seconds to wait before answering: a slow API.
        self.delay = 0.0
        self._server = _QuietServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def add_agent(self, login: str, api_key: str, **details: Any) -> None:
        """Make ``login`` an agent whose API key is ``api_key``; ``details`` override fields
        of the agent's answer."""
        self._keys[login] = api_key
        self.agents[login] = {
            "login": login,
            "name": "Agent Smith",
            "permission": "normal",
            "status": "accepting chats",
            **details,
        }

    def stop(self) -> None:
        """Stop answering: the port refuses connections from now on."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LiveChatApiServer:
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

    def _authenticated(self, credentials: tuple[str, str] | None) -> str | None:
        """The login of the credentials when its API key is right, or None."""
        if credentials is None:
            return None
        login, api_key = credentials
        known = self._keys.get(login)
        if known is None or not hmac.compare_digest(known.encode(), api_key.encode()):
            return None
        return login

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                credentials = basic_credentials(self.headers.get("Authorization", ""))
                caller = stand_in._authenticated(credentials)
                stand_in.requests.append(
                    {
                        "path": self.path,
                        "api_version": self.headers.get("X-API-Version", ""),
                        "login": credentials[0] if credentials else "",
                    }
                )
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                if stand_in.fail_with is not None:
                    self._answer(stand_in.fail_with, {"error": "Internal server error"})
                    return
                if not self.path.startswith("/agents/"):
                    self._answer(404, {"error": "Not found"})
                    return
                if caller is None:
                    self._answer(401, {"error": "Authentication failed"})
                    return
                login = unquote(self.path.removeprefix("/agents/"))
                if login != caller:
                    # An agent may read its own details; others' need an administrator.
                    self._answer(403, {"error": "Access denied"})
                    return
                self._answer(200, stand_in.agents[login])

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


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is not a port (0 to 65535)")
    return port


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Vouch for the Agent App emulator's login and API key, as LiveChat's API "
        "would for a real agent (development only)."
    )
    parser.add_argument("--port", type=_port, default=8002, help="0: any free port")
    parser.add_argument("--login", default="agent@example.com", help="the emulator's")
    parser.add_argument("--api-key", default="emulator-api-key", help="the emulator's")
    args = parser.parse_args()
    try:
        stand_in = LiveChatApiServer(args.port)
    except OSError as error:
        parser.error(f"cannot listen on 127.0.0.1:{args.port} ({error.strerror}); try --port")
    stand_in.add_agent(args.login, args.api_key)
    with stand_in:
        print(
            f"LiveChat API stand-in on {stand_in.url}, vouching for {args.login} and its API "
            f"key. Start the app with LIVECHAT_API_URL={stand_in.url}",
            flush=True,
        )
        # Until Ctrl-C (or a signal) stops it.
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

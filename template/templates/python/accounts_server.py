"""A stand-in for LiveChat's accounts server: a real HTTP server on 127.0.0.1 for the tests.

It answers ``GET /info`` the way ``accounts.livechatinc.com/info`` does, for the tokens a test
registers, and records every request so tests can check what the app sent.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a test of a slow server) closes the connection before the
        # late answer: that is expected, not worth a traceback in the test output.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class AccountsServer:
    def __init__(self) -> None:
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, str]] = []
        # When set, every request is answered with this status and an error body.
        self.fail_with: int | None = None
        # Seconds to wait before answering: a slow accounts server.
        self.delay = 0.0
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
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

"""Servers on 127.0.0.1 for doctor's tests: a well-behaved extension, and ways to break it.

``ExtensionServer`` answers from a table of routes, over real TLS with a certificate from the
test CA (or another context, or plain HTTP). ``basic_routes()`` and ``sign_in_routes()`` are
extensions that pass every check, ``widget_routes()`` an Agent App widget on the real widgets SDK
(the build lcext vendors); each test replaces the one route it breaks.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lcext.template import template_dir

LIBRARY_JS = "https://cdn.livechatinc.com/boilerplate/1.1.js"
LIBRARY_CSS = "https://cdn.livechatinc.com/boilerplate/1.1.css"
ACCOUNTS_SDK_JS = "https://cdn.livechatinc.com/accounts/accounts-sdk.min.js"
AGENT_APP = "https://my.livechatinc.com"
AGENT_APP_ORIGINS = (AGENT_APP, "https://my.livechat.com")

BASIC_SCRIPT = """\
"use strict";
// Hides the Agent App's loader; the Agent App then POSTs to /authorize/.
LiveChat.on("customer_profile", (data) => {
  document.getElementById("name").textContent = data.name;
});
LiveChat.init();
"""
SIGN_IN_SCRIPT = """\
"use strict";
LiveChat.init({ authorize: false, authorization: false });
AccountsSDK.init({ client_id: "test-client", onIdentityFetched: () => {} });
"""

JS = "text/javascript; charset=utf-8"
# The real @livechat/agent-app-sdk build, as lcext vendors it into projects.
WIDGETS_SDK = (template_dir() / "templates" / "vendor" / "agentapp.umd.min.js").read_bytes()
WIDGETS_SDK_SRC = "static/vendor/agentapp.umd.min.js"
# What a widget page does: create its widget, and explain itself outside the Agent App.
WIDGET_SCRIPT = """\
"use strict";
LiveChat.%s()
  .then((widget) => {
    widget.on("customer_profile", (profile) => {
      document.getElementById("name").textContent = profile.name;
    });
  })
  .catch(() => {
    document.getElementById("outside").hidden = false;
  });
"""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: str | bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


Route = Reply | Callable[[Request], Reply]
Routes = dict[tuple[str, str], Route]  # (method, path) -> what to answer


def page(
    *,
    head: str = "",
    script_src: str | None = "static/extension.js",
    library: bool = True,
    stylesheet: bool = True,
    body: str = "",
) -> str:
    """An extension page; by default it loads LiveChat's library and its own script."""
    tags = [
        f'<link rel="stylesheet" href="{LIBRARY_CSS}">' if stylesheet else "",
        f'<script src="{LIBRARY_JS}"></script>' if library else "",
        head,
        f'<script src="{script_src}" defer></script>' if script_src else "",
    ]
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>Test extension</title>\n"
        + "\n".join(tag for tag in tags if tag)
        + "\n<!-- The page calls LiveChat.init() once loaded. -->\n</head>\n"
        + f'<body><p id="name"></p>{body}</body></html>\n'
    )


def widget_page(
    *, head: str = "", sdk: str | None = WIDGETS_SDK_SRC, own: str = "static/widget.js"
) -> str:
    """An Agent App widget page: the widgets SDK, then the page's own script."""
    tags = [
        head,
        f'<script src="{sdk}" defer></script>' if sdk else "",
        f'<script src="{own}" defer></script>' if own else "",
    ]
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>Test widget</title>\n"
        + "\n".join(tag for tag in tags if tag)
        + '\n</head>\n<body><p id="name"></p>'
        + '<p id="outside" hidden>Open this page in the Agent App.</p></body></html>\n'
    )


def widget_routes(factory: str = "createDetailsWidget", script: str | None = None) -> Routes:
    """A widget page that loads the vendored SDK and calls ``factory`` (or runs ``script``)."""
    return {
        ("GET", "/"): Reply(body=widget_page()),
        ("GET", f"/{WIDGETS_SDK_SRC}"): Reply(body=WIDGETS_SDK, content_type=JS),
        ("GET", "/static/widget.js"): javascript(
            WIDGET_SCRIPT % factory if script is None else script
        ),
    }


def javascript(code: str) -> Reply:
    return Reply(body=code, content_type=JS)


def json_reply(status: int, data: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(data), "application/json", headers or {})


def cors_headers(request: Request, origins: tuple[str, ...] = AGENT_APP_ORIGINS) -> dict[str, str]:
    origin = request.headers.get("origin", "")
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin in origins else {}


def authorize_ok(request: Request) -> Reply:
    return json_reply(200, {"session_id": "s3ss10n"}, cors_headers(request))


def preflight_ok(request: Request, origins: tuple[str, ...] = AGENT_APP_ORIGINS) -> Reply:
    allowed = cors_headers(request, origins)
    if not allowed:
        return Reply(400, "Disallowed CORS origin", "text/plain")
    allowed |= {
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
    }
    return Reply(200, "OK", "text/plain", allowed)


def basic_routes(script: str = BASIC_SCRIPT) -> Routes:
    return {
        ("GET", "/"): Reply(body=page()),
        ("GET", "/static/extension.js"): javascript(script),
        ("POST", "/authorize/"): authorize_ok,
        ("OPTIONS", "/authorize/"): preflight_ok,
    }


def sign_in_routes(script: str = SIGN_IN_SCRIPT) -> Routes:
    return {
        ("GET", "/"): Reply(body=page(head=f'<script src="{ACCOUNTS_SDK_JS}"></script>')),
        ("GET", "/static/extension.js"): javascript(script),
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests read the answers, not the log

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            self.command,
            self.path,
            {key.lower(): value for key, value in self.headers.items()},
            self.rfile.read(length),
        )
        self.server.requests.append(request)
        route = self.server.routes.get((self.command, self.path.split("?")[0]))
        if route is None:
            reply = Reply(404, "Not found", "text/plain")
        else:
            reply = route(request) if callable(route) else route
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_OPTIONS = do_PUT = do_HEAD = _answer


class _Server(ThreadingHTTPServer):
    def __init__(self, routes: Routes, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.tls = tls
        self.requests: list[Request] = []

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = self.socket.accept()
        if self.tls is None:
            return connection, address
        # The handshake happens in the request's thread (finish_request), not in the accept loop.
        wrapped = self.tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return wrapped, address

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(5)
        if isinstance(request, ssl.SSLSocket):
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                return  # the client refused our certificate, or spoke plain HTTP
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up early is part of some tests


class ExtensionServer:
    """A threaded server on 127.0.0.1 that answers from ``routes``; stops when the block ends."""

    def __init__(self, routes: Routes, tls: ssl.SSLContext | None) -> None:
        self._server = _Server(routes, tls)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def requests(self) -> list[Request]:
        return self._server.requests

    def __enter__(self) -> ExtensionServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@contextmanager
def silent_port() -> Iterator[str]:
    """A port that accepts connections and never answers: every request times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"https://127.0.0.1:{listener.getsockname()[1]}/"


def closed_port_url() -> str:
    """A URL on a port nothing listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"https://127.0.0.1:{port}/"


def self_signed_context(folder: Path) -> ssl.SSLContext:
    """A server context whose certificate for 127.0.0.1 is signed by its own key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "self-signed.pem", folder / "self-signed.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context

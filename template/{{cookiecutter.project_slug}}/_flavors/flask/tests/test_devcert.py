"""The development server's certificate: made once, and one that TLS accepts for localhost."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

from {{ cookiecutter.module_name }}.devcert import (
    ensure_certificate,
)


def test_the_certificate_is_made_once(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    first = certificate.read_bytes(), key.read_bytes()
    assert key.stat().st_mode & 0o077 == 0  # the private key is the user's alone
    assert ensure_certificate(tmp_path / ".devcert") == (certificate, key)
    assert (certificate.read_bytes(), key.read_bytes()) == first


def test_tls_accepts_it_for_localhost(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate, key)
    # A client that trusts this certificate, and checks the host name as browsers do.
    client_context = ssl.create_default_context(cafile=str(certificate))

    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def serve_one() -> None:
            connection, _ = listener.accept()
            with server_context.wrap_socket(connection, server_side=True) as tls:
                tls.sendall(b"hello")

        thread = threading.Thread(target=serve_one, daemon=True)
        thread.start()
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            client_context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            assert tls.recv(5) == b"hello"
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
        thread.join(timeout=5)

"""The development server: its certificate, and its refusal to run in production."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

from {{ cookiecutter.module_name }}.plumbing.devcert import (
    ensure_certificate,
)

PROJECT = Path(__file__).resolve().parent.parent
DEV_SERVER = "{{ cookiecutter.module_name }}.dev"


def test_the_certificate_is_made_once_and_reused(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    made = certificate.read_bytes(), key.read_bytes()
    assert ensure_certificate(tmp_path / ".devcert") == (certificate, key)
    assert (certificate.read_bytes(), key.read_bytes()) == made
    assert key.stat().st_mode & 0o077 == 0  # the private key is readable by its owner only


def test_python_tls_accepts_the_certificate_for_localhost(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate, key)
    # A client that trusts the certificate, checking the host name as browsers do.
    client_context = ssl.create_default_context(cafile=str(certificate))

    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def serve_one() -> None:
            connection, _ = listener.accept()
            with server_context.wrap_socket(connection, server_side=True) as tls:
                tls.sendall(b"hello")

        server = threading.Thread(target=serve_one)
        server.start()
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            client_context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            assert tls.recv(5) == b"hello"
        server.join(timeout=5)


def test_the_dev_server_refuses_production() -> None:
    environment = {
        **os.environ,
        "ENVIRONMENT": "production",
        "SESSION_SECRET": "a-production-secret-that-is-long-and-random-enough-0123456789",
        "ALLOWED_HOSTS": "extension.example",
    }
    result = subprocess.run(
        [sys.executable, "-m", DEV_SERVER],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "development only" in result.stderr
    assert "https://localhost" not in result.stdout  # it never started

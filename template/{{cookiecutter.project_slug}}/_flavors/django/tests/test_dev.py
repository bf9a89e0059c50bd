"""The development server: its certificate, and its refusal to run in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from {{ cookiecutter.module_name }}.plumbing.devcert import (
    ensure_certificate,
)

from servers import PROJECT, tls_handshake

DEV_SERVER = "{{ cookiecutter.module_name }}.dev"


def test_the_certificate_is_made_once_and_reused(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    made = certificate.read_bytes(), key.read_bytes()
    assert ensure_certificate(tmp_path / ".devcert") == (certificate, key)
    assert (certificate.read_bytes(), key.read_bytes()) == made
    assert key.stat().st_mode & 0o077 == 0  # the private key is readable by its owner only


def test_python_tls_accepts_the_certificate_for_localhost(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    # From a client that trusts the certificate, checking the host name as browsers do.
    assert tls_handshake(certificate, key, "localhost") in ("TLSv1.2", "TLSv1.3")


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

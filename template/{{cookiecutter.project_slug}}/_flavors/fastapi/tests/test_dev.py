"""The development server's command and its self-signed certificate for localhost."""

from __future__ import annotations

import ipaddress
import os
import runpy
import ssl
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from {{ cookiecutter.module_name }} import dev
from {{ cookiecutter.module_name }}.plumbing import (
    dev_server,
)
from {{ cookiecutter.module_name }}.plumbing.devcert import (
    ensure_certificate,
)

from servers import tls_handshake


def test_the_certificate_is_made_once_and_reused(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    made = certificate.read_bytes()
    assert key.stat().st_mode & 0o077 == 0  # the private key is the user's alone
    assert ensure_certificate(tmp_path / ".devcert") == (certificate, key)
    assert certificate.read_bytes() == made


@pytest.mark.parametrize("hostname", ["localhost", "127.0.0.1"])
def test_python_tls_accepts_the_certificate_for_localhost(tmp_path: Path, hostname: str) -> None:
    certificate, key = ensure_certificate(tmp_path)
    assert tls_handshake(certificate, key, hostname) in ("TLSv1.2", "TLSv1.3")


def test_the_certificate_is_for_localhost_only(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path)
    names = (
        x509.load_pem_x509_certificate(certificate.read_bytes())
        .extensions.get_extension_for_class(x509.SubjectAlternativeName)
        .value
    )
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert names.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    ]
    with pytest.raises(ssl.SSLCertVerificationError):
        tls_handshake(certificate, key, "example.com")


def test_the_dev_command_serves_https_with_the_certificate(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    # Unset, and restored afterwards: the command sets it.
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.delenv("ENVIRONMENT")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(dev_server.uvicorn, "run", lambda app, **options: calls.append(options))
    # What `python -m <package>.dev` runs, as a fresh module.
    monkeypatch.delitem(sys.modules, dev.__name__)
    runpy.run_module(dev.__name__, run_name="__main__")
    [options] = calls
    assert os.environ["ENVIRONMENT"] == "development"
    assert options["port"] == 8000
    assert options["reload"] is True
    # Your code, all of it, is watched for changes.
    assert options["reload_dirs"] == [str(Path(dev.__file__).resolve().parent)]
    assert Path(options["ssl_certfile"]) == Path(".devcert/localhost.pem")
    assert Path(options["ssl_keyfile"]) == Path(".devcert/localhost-key.pem")
    assert (tmp_path / ".devcert" / "localhost.pem").is_file()

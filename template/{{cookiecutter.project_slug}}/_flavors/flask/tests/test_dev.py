"""The development server's command, and its certificate: made once, accepted for localhost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from {{ cookiecutter.module_name }}.plumbing import dev_server
from {{ cookiecutter.module_name }}.plumbing.devcert import (
    ensure_certificate,
)

from servers import tls_handshake
{%- if cookiecutter.auth == "sign-in" %}

DEVELOPMENT = {"ENVIRONMENT": "development", "LIVECHAT_CLIENT_ID": "test-client-id"}
{%- else %}

DEVELOPMENT = {"ENVIRONMENT": "development"}
{%- endif %}


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """What the command asks Flask's server to do, run in an empty folder; nothing listens."""
    monkeypatch.chdir(tmp_path)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(Flask, "run", lambda app, **options: calls.append(options))
    return calls


def test_the_dev_command_serves_https_on_localhost(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, runs: list[dict[str, Any]]
) -> None:
    for name, value in DEVELOPMENT.items():
        monkeypatch.setenv(name, value)
    dev_server.main()
    [options] = runs
    assert (options["host"], options["port"]) == ("localhost", 8000)
    assert options["debug"] is True
    certificate, key = (Path(path) for path in options["ssl_context"])
    assert certificate == Path(".devcert/localhost.pem")
    assert key == Path(".devcert/localhost-key.pem")
    assert (tmp_path / ".devcert" / "localhost.pem").is_file()


def test_the_dev_command_refuses_production(
    monkeypatch: pytest.MonkeyPatch, runs: list[dict[str, Any]]
) -> None:
    for name, value in DEVELOPMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SESSION_SECRET", "a-secret")
    with pytest.raises(SystemExit, match="needs ENVIRONMENT=development"):
        dev_server.main()
    assert runs == []


def test_the_certificate_is_made_once(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path / ".devcert")
    first = certificate.read_bytes(), key.read_bytes()
    assert key.stat().st_mode & 0o077 == 0  # the private key is the user's alone
    assert ensure_certificate(tmp_path / ".devcert") == (certificate, key)
    assert (certificate.read_bytes(), key.read_bytes()) == first


def test_tls_accepts_it_for_localhost(tmp_path: Path) -> None:
    certificate, key = ensure_certificate(tmp_path)
    # From a client that trusts this certificate, and checks the host name as browsers do.
    assert tls_handshake(certificate, key, "localhost") in ("TLSv1.2", "TLSv1.3")

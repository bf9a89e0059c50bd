"""The development server that ``python -m <package>.dev`` starts (see the README).

It serves the app and the Agent App emulator over HTTPS on https://localhost:8000, with a
self-signed certificate for localhost made on first run (kept in ``.devcert/``), and restarts
when the code changes. Never use it in production: see "Deploy" in the README.
"""

from __future__ import annotations

import os
from pathlib import Path

import uvicorn

from .devcert import ensure_certificate

# The package: a change anywhere in it restarts the server.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = 8000


def main() -> None:
    # The emulator only exists in development; this server is for nothing else.
    os.environ.setdefault("ENVIRONMENT", "development")
    certificate, key = ensure_certificate()
    print(f"Agent App emulator: https://localhost:{PORT}/emulator/ (accept the certificate once)")
    uvicorn.run(
        "{{ cookiecutter.module_name }}.main:app",
        host=HOST,
        port=PORT,
        ssl_certfile=str(certificate),
        ssl_keyfile=str(key),
        reload=True,
        # As in production: the app decides whom to believe (TRUST_PROXY), not uvicorn.
        proxy_headers=False,
        reload_dirs=[str(PACKAGE_DIR)],
    )

"""The development server that ``dev.py`` starts (see its docstring for the command).

It serves the app and the Agent App emulator over HTTPS on https://localhost:8000, with a
self-signed certificate for localhost that it makes on first run (``devcert.py``, kept in
``.devcert/``), and reloads on code changes. Settings come from the environment and ``.env``, as
for ``flask run``. Never use it in production: gunicorn serves the app there (README, "Deploy").
"""

from __future__ import annotations

import os

from flask.cli import load_dotenv

from .. import create_app
from ..config import ConfigurationError, load_settings
from .devcert import ensure_certificate

HOST = "localhost"
PORT = 8000


def main() -> None:
    load_dotenv()  # like flask run: .env fills in what the environment does not set
    try:
        settings = load_settings()
    except ConfigurationError as error:
        raise SystemExit(f"Configuration error: {error}") from None
    if settings.environment != "development":
        raise SystemExit(
            "Configuration error: the development server needs ENVIRONMENT=development; "
            "in production run gunicorn (see the README's Deploy section)"
        )
    certificate, key = ensure_certificate()
    app = create_app(settings)
    if not os.environ.get("WERKZEUG_RUN_MAIN"):  # once, not again in the reloader's process
        print(f"Agent App emulator: https://{HOST}:{PORT}/emulator/")
        print("Your browser warns about the self-signed certificate once: accept it for localhost.")
    app.run(
        host=HOST,
        port=PORT,
        ssl_context=(str(certificate), str(key)),
        # The debugger and the reloader: development only, on localhost only.
        debug=True,
        load_dotenv=False,
    )

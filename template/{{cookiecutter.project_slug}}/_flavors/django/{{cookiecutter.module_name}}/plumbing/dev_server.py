"""The development server: the app and the Agent App emulator over HTTPS, on localhost.

    python -m {{ cookiecutter.module_name }}.dev

(``dev.py`` calls :func:`main`.)

On first run it makes a self-signed certificate for localhost in ``.devcert/`` (see
``devcert.py``), then serves https://localhost:8000/ (the extension) and
https://localhost:8000/emulator/ (the Agent App emulator), reloading when the code changes.
Development only: it refuses to start with ``ENVIRONMENT=production``. Needs the ``dev`` extras
(``pip install -e ".[dev]"``).
"""

from __future__ import annotations

import argparse
import os
import sys

# The project's package, which holds this one.
PROJECT = __name__.rsplit(".", 2)[0]
DESCRIPTION = "The app and the Agent App emulator over HTTPS on localhost, for development."


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {PROJECT}.dev", description=DESCRIPTION)
    parser.add_argument("--port", type=int, default=8000, help="default: 8000")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{PROJECT}.settings")
    # Development unless said otherwise (the production entry points need it said).
    os.environ.setdefault("ENVIRONMENT", "development")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.wsgi import get_wsgi_application
    from werkzeug.serving import run_simple

    from .devcert import ensure_certificate

    try:
        application = get_wsgi_application()
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
    if not settings.DEBUG:
        sys.exit(
            "The development server runs in development only (ENVIRONMENT=development); "
            "in production use the command in the README's Deploy section"
        )
    certificate, key = ensure_certificate(settings.BASE_DIR / ".devcert")
    if not os.environ.get("WERKZEUG_RUN_MAIN"):  # once, not again in the reloaded process
        print(
            f"The extension: https://localhost:{args.port}/\n"
            f"The Agent App emulator: https://localhost:{args.port}/emulator/\n"
            "Your browser warns about the self-signed certificate once: accept it for localhost."
        )
    run_simple(
        "localhost",
        args.port,
        application,
        ssl_context=(str(certificate), str(key)),
        use_reloader=True,
    )

"""The WSGI application that production servers run: ``gunicorn ... <this module>:app``.

The README's "Deploy" section and the Dockerfile give the whole command.
"""

from . import create_app
from .config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts.
    raise SystemExit(f"Configuration error: {error}") from None

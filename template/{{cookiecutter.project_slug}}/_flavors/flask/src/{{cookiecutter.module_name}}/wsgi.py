"""The WSGI application that production servers run: ``gunicorn ... <this module>:app``.

The README's "Deploy" section and the Dockerfile give the whole command.
"""

from . import create_app
from .config import ConfigurationError, load_server_settings

try:
    # ENVIRONMENT must be set here; the development server (dev.py) runs in development.
    app = create_app(load_server_settings())
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts.
    raise SystemExit(f"Configuration error: {error}") from None

"""The WSGI application that production servers run, as the README shows:

gunicorn --preload {{ cookiecutter.module_name }}.wsgi:app
"""

from . import create_app
from .config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts.
    raise SystemExit(f"Configuration error: {error}") from None

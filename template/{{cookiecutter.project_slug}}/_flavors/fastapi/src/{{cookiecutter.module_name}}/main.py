"""The ASGI application that servers run: ``uvicorn {{ cookiecutter.module_name }}.main:app``."""

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts.
    raise SystemExit(f"Configuration error: {error}") from None

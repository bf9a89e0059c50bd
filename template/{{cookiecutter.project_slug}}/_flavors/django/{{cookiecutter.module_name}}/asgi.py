"""The ASGI application, for ASGI servers such as uvicorn."""

import os
import sys

from django.conf import settings
from django.core.asgi import get_asgi_application

from .config import ConfigurationError, require_environment

os.environ.setdefault(
    "DJANGO_SETTINGS_MODULE",
    "{{ cookiecutter.module_name }}.settings",
)

try:
    application = get_asgi_application()
    require_environment(settings.ENVIRONMENT)
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts; status 3
    # is "the app cannot start" to gunicorn and uvicorn, which then stop rather than retry.
    print(f"Configuration error: {error}", file=sys.stderr)
    sys.exit(3)

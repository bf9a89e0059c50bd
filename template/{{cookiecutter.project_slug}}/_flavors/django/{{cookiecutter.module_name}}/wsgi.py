"""The WSGI application that gunicorn serves (see "Deploy" in the README)."""

import os
import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from .config import ConfigurationError, require_environment

os.environ.setdefault(
    "DJANGO_SETTINGS_MODULE",
    "{{ cookiecutter.module_name }}.settings",
)

try:
    application = get_wsgi_application()
    require_environment(settings.ENVIRONMENT)
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts; status 3
    # is "the app cannot start" to gunicorn and uvicorn, which then stop rather than retry.
    print(f"Configuration error: {error}", file=sys.stderr)
    sys.exit(3)

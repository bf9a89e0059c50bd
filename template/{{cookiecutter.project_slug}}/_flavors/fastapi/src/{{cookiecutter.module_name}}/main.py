"""The ASGI application that uvicorn serves: see "Deploy" in the README for the command."""

import sys

from .app import create_app
from .config import ConfigurationError, load_server_settings

# The exit status uvicorn (and gunicorn) take as "the app cannot start": with several
# workers the server then stops, instead of starting the same failing worker again and again.
STARTUP_FAILURE = 3

try:
    # ENVIRONMENT must be set here; the development server (dev.py) sets it itself.
    app = create_app(load_server_settings())
except ConfigurationError as error:
    # One line that says what to set, instead of a traceback when the server starts.
    print(f"Configuration error: {error}", file=sys.stderr)
    sys.exit(STARTUP_FAILURE)

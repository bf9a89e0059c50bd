"""Every error answers JSON ``{"detail": "..."}``: Flask's HTML error pages never reach clients."""

from __future__ import annotations

import json

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response


def init_app(app: Flask) -> None:
    # HTTPException covers every 4xx raised by abort() or by Flask itself (404, 405, ...) and
    # the 500 that Flask makes of an unhandled exception.
    app.register_error_handler(HTTPException, _json_error)


def _json_error(error: HTTPException) -> Response:
    # Werkzeug's response keeps the status and headers (Allow on 405, WWW-Authenticate on
    # 401); only its HTML body is replaced.
    response = error.get_response()
    response.data = json.dumps({"detail": error.description or error.name})
    response.content_type = "application/json"
    return response

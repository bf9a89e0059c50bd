"""What every API view shares: JSON errors, the allowed methods, and the caller's session."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache, wraps
from http import HTTPStatus
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from ..plumbing.sessions import Session, SessionSigner

P = ParamSpec("P")

# The paths whose errors are answered as JSON.
API_PATH = re.compile(r"^/(api(?:/|$)|{% if cookiecutter.auth == "basic" %}authorize/?$|{% endif %}healthz$)")


class ApiError(Exception):
    """Stops a view and answers ``{"detail": ...}`` with ``status`` instead."""

    def __init__(
        self, status: HTTPStatus, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})


def error_response(
    status: HTTPStatus, detail: str, headers: Mapping[str, str] | None = None
) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, headers=headers)


def allow_methods(
    *methods: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Answer a request with any other method than ``methods`` with a JSON 405."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if request.method not in methods:
                return error_response(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    f"{request.method} is not allowed here; use {' or '.join(methods)}",
                    headers={"Allow": ", ".join(methods)},
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def api_view(
    *methods: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Make a view an API endpoint for ``methods``: every error it raises is answered as JSON.

    API views are exempt from Django's CSRF check, which protects requests that a browser
    authenticates with its cookies. The API uses none:
{%- if cookiecutter.auth == "sign-in" %}
    /api/session gets the agent's access token in its body, and the other endpoints take the
    session id from the Authorization header, which a browser never adds by itself.
{%- else %}
    the Agent App POSTs /authorize/ without a CSRF token, and the other endpoints take the
    session id from the Authorization header, which a browser never adds by itself.
{%- endif %}
    Every other view of the site keeps the check.
    """

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(error.status, error.detail, error.headers)

        return csrf_exempt(allow_methods(*methods)(wrapper))

    return decorator


def session_signer() -> SessionSigner:
    """The signer for session ids, from the current settings."""
    return _signer(settings.SECRET_KEY, settings.SESSION_MAX_AGE)


# One per set of settings (tests change them), not one per request: a signer derives its key
# from the secret when it is made.
@lru_cache(maxsize=4)
def _signer(secret: str, max_age: int) -> SessionSigner:
    # Sessions of this app only: another app's, signed with the same secret, are refused.
{%- if cookiecutter.auth == "sign-in" %}
    return SessionSigner(secret, max_age, app=settings.LIVECHAT_CLIENT_ID)
{%- else %}
    return SessionSigner(
        secret,
        max_age,
        app="{{ cookiecutter.project_slug }}",
    )
{%- endif %}


def session_required(
    view: Callable[Concatenate[HttpRequest, Session, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Pass the caller's session, from ``Authorization: Bearer <session id>``, to ``view``.

    Without a valid session the view is not called: the answer is 401.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        scheme, _, session_id = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not session_id.strip():
            raise ApiError(
                HTTPStatus.UNAUTHORIZED,
                "send the session id as 'Authorization: Bearer <session id>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        session = session_signer().verify(session_id.strip())
        if session is None:
            raise ApiError(
                HTTPStatus.UNAUTHORIZED,
                "the session id is invalid or has expired; authorize again",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return view(request, session, *args, **kwargs)

    return wrapper


# Exempt from the CSRF check for the reason api_view gives, so that a POST to an unknown path gets
# this answer too, rather than Django's HTML 403 page.
@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    """Any other path under /api/: a JSON 404 rather than Django's HTML page."""
    return error_response(HTTPStatus.NOT_FOUND, "there is no API endpoint at this path")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: a JSON 500 for the API, Django's own page for the rest of the site.

    Either way the answer tells nothing about the error; Django logs it.
    """
    if API_PATH.match(request.path_info):
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, "the server failed to answer")
    return defaults.server_error(request)

"""The extension's middleware: the Content-Security-Policy, request bodies stay small, and the
scheme comes from the one trusted proxy."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ..extension.api import error_response


def last_forwarded_proto(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Keep only the last X-Forwarded-Proto entry, the one the trusted proxy added (TRUST_PROXY).

    A proxy appends its entry or replaces the header: any entry before its own came from the
    client, who can write anything there. Django's SECURE_PROXY_SSL_HEADER reads the first.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if settings.SECURE_PROXY_SSL_HEADER:
            header = settings.SECURE_PROXY_SSL_HEADER[0]
            value = request.META.get(header)
            if value is not None:
                request.META[header] = value.rsplit(",", 1)[-1].strip()
        return get_response(request)

    return middleware


def limit_request_body(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Answer a JSON 413 to any request whose body is over DATA_UPLOAD_MAX_MEMORY_SIZE.

    Django enforces that setting only once a view reads the body, and then answers 400. This
    refuses every path by the Content-Length header alone, before a byte of the body is read.
    Django reads no further than that header announces, so a body cannot be larger than it says.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(HTTPStatus.BAD_REQUEST, "the Content-Length header is invalid")
        if length > limit:
            return error_response(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is larger than {limit} bytes"
            )
        return get_response(request)

    return middleware


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Send ``settings.CONTENT_SECURITY_POLICY`` on every response that has no policy of its own.

    The policy is the same for every response, so it is written out once, when the server
    starts. (django-csp, the usual package for this, rebuilds it for each response: a fifth of
    what this app spent on a request.)
    """
    policy = "; ".join(
        f"{directive} {' '.join(sources)}"
        for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware

{%- set widgets = cookiecutter._sdks[cookiecutter.sdk].widgets -%}
"""The extension's views: {% if widgets %}the widgets' pages{% else %}the page{% endif %}, {% if cookiecutter.auth == "sign-in" %}signing in{% else %}LiveChat's basic authorization{% endif %} and the API.

Add your own endpoints beside ``me``: ``api_view`` answers their errors as JSON, and
``session_required`` passes them the caller's session (or answers 401 without one).
"""

import logging
{%- if widgets %}
import re
from dataclasses import asdict
{%- endif %}
from functools import lru_cache
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

{% if widgets -%}
from ..plumbing import accounts, token_info
{% elif cookiecutter.auth == "sign-in" -%}
from ..plumbing import accounts, emulator, token_info
{% else -%}
from ..plumbing import emulator, livechat_api
{% endif -%}
from ..plumbing.payloads import TextField, read_fields
from ..plumbing.sessions import Session
{% if cookiecutter.auth == "basic" -%}
from . import authorization
{% endif -%}
{% if widgets -%}
from . import customers
{% endif -%}
from .api import (
    ApiError,
    allow_methods,
    api_view,
    session_required,
    session_signer,
)

logger = logging.getLogger(__name__)

{% if cookiecutter.auth == "sign-in" -%}
# The access token that Sign in with LiveChat gave the page.
ACCESS_TOKEN = TextField("access_token", max_length=4096, credential=True)
{%- else -%}
# What the Agent App sends for the agent. The API key is the agent's credential: never logged,
# stored or sent back (errors do not echo it).
LOGIN = TextField("login", max_length=320)
API_KEY = TextField("api_key", max_length=512, credential=True)
{%- endif %}


{% if widgets -%}
# Customer ids are LiveChat's: letters, digits and a few separators. Anything else never reaches
# your lookup.
CUSTOMER_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
CUSTOMER_ID_RULE = "customer_id: 1 to 128 letters, digits, dots, colons, hyphens or underscores"


@allow_methods("GET", "HEAD")
def widget(request: HttpRequest, name: str) -> HttpResponse:
    """A widget's page (``urls.py`` routes each one), with what accounts-sdk needs to sign in."""
    template = f"extension/{name}.html"
    context = {
        "client_id": settings.LIVECHAT_CLIENT_ID,
        "accounts_url": settings.LIVECHAT_ACCOUNTS_URL,
    }
    if settings.DEBUG:
        # Rendered anew for every request, so that edits to the template show on reload.
        return render(request, template, context)
    return HttpResponse(_rendered_page(template, tuple(context.items())))


# The values come from the settings: one set per process, a few more in tests.
@lru_cache(maxsize=16)
def _rendered_page(template: str, context: tuple[tuple[str, str], ...]) -> bytes:
    """The page for these values: it is the same for every agent, so it is rendered once."""
    return render_to_string(template, dict(context)).encode()
{%- else -%}
@allow_methods("GET", "HEAD")
def page(request: HttpRequest) -> HttpResponse:
    """The page that the Agent App shows in its sidebar."""
    context = {
        "livechat_library_js": settings.LIVECHAT_LIBRARY_JS,
{%- if cookiecutter.auth == "sign-in" %}
        "accounts_sdk_js": settings.LIVECHAT_ACCOUNTS_SDK_JS,
        "client_id": settings.LIVECHAT_CLIENT_ID,
{%- endif %}
    }
    # Framed by the Agent App emulator (development only): LiveChat's scripts' local stand-ins.
    if emulator.wanted_by(request):
        context.update(emulator.STAND_INS)
    if settings.DEBUG:
        # Rendered anew for every request, so that edits to the template show on reload.
        return render(request, "extension/index.html", context)
    return HttpResponse(_rendered_page(tuple(context.items())))


# The values come from the settings: one set per process, a few more in tests.
@lru_cache(maxsize=16)
def _rendered_page(context: tuple[tuple[str, str], ...]) -> bytes:
    """The page for these values: it is the same for every agent, so it is rendered once."""
    return render_to_string("extension/index.html", dict(context)).encode()
{%- endif %}
{% if cookiecutter.auth == "sign-in" %}

@api_view("POST")
def create_session(request: HttpRequest) -> JsonResponse:
    """Sign in with LiveChat: trade a verified access token for the extension's own session."""
    (access_token,) = read_fields(request, ACCESS_TOKEN)
    client = accounts.AccountsClient(
        settings.LIVECHAT_ACCOUNTS_URL,
        settings.LIVECHAT_CLIENT_ID,
        timeout=settings.LIVECHAT_ACCOUNTS_TIMEOUT,
        # Looked up on the module each time, so that tests can swap the cache.
        cache=accounts.verified_tokens,
    )
    try:
        identity = client.verify(access_token)
    except token_info.TokenRejected as error:
        raise ApiError(HTTPStatus.UNAUTHORIZED, str(error)) from None
    except token_info.AccountsUnavailable:
        raise ApiError(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "LiveChat's accounts server cannot be reached; try again shortly",
        ) from None
    # The session never outlives the token it was made from.
    session_id = session_signer().issue(identity.agent, lifetime=identity.expires_in)
    return JsonResponse({"session_id": session_id, "agent": identity.agent})
{%- else %}

@api_view("POST")
def authorize(request: HttpRequest) -> JsonResponse:
    """LiveChat's basic flow: the Agent App POSTs the agent's login and API key here."""
    login, api_key = read_fields(request, LOGIN, API_KEY)
    if settings.VERIFY_AGENTS:
        # Anyone can send any login: it counts once LiveChat vouches for it with the API key.
        client = livechat_api.LiveChatApi(
            settings.LIVECHAT_API_URL,
            timeout=settings.LIVECHAT_API_TIMEOUT,
            # Looked up on the module each time, so that tests can swap the cache.
            cache=livechat_api.verdicts,
        )
        try:
            client.verify(login, api_key)
        except livechat_api.AgentRejected as error:
            raise ApiError(HTTPStatus.UNAUTHORIZED, str(error)) from None
        except livechat_api.LiveChatUnavailable as error:
            # The reason is for you, the API key is not: the log never holds it.
            logger.warning("LiveChat's API failed: %s", error)
            raise ApiError(HTTPStatus.SERVICE_UNAVAILABLE, livechat_api.UNAVAILABLE) from None
    # Looked up on the module each time, so that tests (and you) can swap the function.
    if not authorization.authorize_agent(login):
        raise ApiError(HTTPStatus.UNAUTHORIZED, "this agent may not use the extension")
    return JsonResponse({"session_id": session_signer().issue(login)})
{%- endif %}


@api_view("GET")
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and Docker's HEALTHCHECK: needs no session, calls no other server."""
    return JsonResponse({"status": "ok"})


@api_view("GET")
@session_required
def me(request: HttpRequest, session: Session) -> JsonResponse:
    """Who the session belongs to: the sample of an endpoint that requires a session."""
    return JsonResponse({"agent": session.agent, "expires_at": session.expires_at})
{%- if widgets %}


@api_view("GET")
@session_required
def customer_details(request: HttpRequest, session: Session, customer_id: str) -> JsonResponse:
    """The rows the Details widget shows in its customer-details section."""
    if not CUSTOMER_ID.fullmatch(customer_id):
        raise ApiError(HTTPStatus.BAD_REQUEST, CUSTOMER_ID_RULE)
    # Looked up on the module each time, so that tests (and you) can swap the function.
    rows = customers.customer_details(customer_id, session.agent)
    return JsonResponse({"rows": [asdict(row) for row in rows]})
{%- endif %}

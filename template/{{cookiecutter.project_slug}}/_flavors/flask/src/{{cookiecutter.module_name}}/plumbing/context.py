"""What the views share: the services built once per app, and the caller's session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

from flask import Flask, abort, current_app, g, request
from werkzeug.datastructures import WWWAuthenticate

from ..config import Settings
{%- if cookiecutter.auth == "sign-in" %}
from .accounts import AccountsClient
{%- else %}
from .livechat_api import LiveChatApi
{%- endif %}
from .sessions import SessionSigner

P = ParamSpec("P")
R = TypeVar("R")

EXTENSION_KEY = "{{ cookiecutter.module_name }}"


@dataclass(frozen=True)
class Services:
    settings: Settings
    signer: SessionSigner
{%- if cookiecutter.auth == "sign-in" %}
    accounts: AccountsClient
{%- else %}
    livechat_api: LiveChatApi | None
{%- endif %}

    def init_app(self, app: Flask) -> None:
        # Where Flask extensions keep their per-app state: no globals, one set per app.
        app.extensions[EXTENSION_KEY] = self


def services() -> Services:
    """The current application's services (inside a request or an app context)."""
    found: Services = current_app.extensions[EXTENSION_KEY]
    return found


def session_required(view: Callable[P, R]) -> Callable[P, R]:
    """Answer 401 unless the request carries ``Authorization: Bearer <session id>``.

    The view finds the verified session in ``g.session``.
    """

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        credentials = request.authorization
        if credentials is None or credentials.type != "bearer" or not credentials.token:
            _unauthorized("send the session id as 'Authorization: Bearer <session id>'")
        session = services().signer.verify(credentials.token)
        if session is None:
{%- if cookiecutter.auth == "sign-in" %}
            _unauthorized("the session id is invalid or has expired; sign in again")
{%- else %}
            _unauthorized("the session id is invalid or has expired; authorize again")
{%- endif %}
        g.session = session
        return view(*args, **kwargs)

    return guarded


def _unauthorized(message: str) -> NoReturn:
    abort(401, message, www_authenticate=WWWAuthenticate("bearer"))

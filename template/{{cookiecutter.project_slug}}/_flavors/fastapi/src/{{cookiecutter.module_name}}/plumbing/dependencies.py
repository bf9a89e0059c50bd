"""FastAPI dependencies: the app's shared objects, and the session every API call needs.

Your routes take ``CurrentSession`` to answer only requests with a valid session id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
{% if cookiecutter.auth == "sign-in" %}
from .accounts import AccountsClient
{%- endif %}
from .sessions import Session, SessionSigner

_bearer = HTTPBearer(auto_error=False)

# The dependencies are ``async def`` though none of them waits for anything: FastAPI runs a
# plain ``def`` dependency in a worker thread, and the hop there and back would cost more than
# the rest of the request.


async def get_signer(request: Request) -> SessionSigner:
    return request.app.state.signer
{% if cookiecutter.auth == "sign-in" %}

async def get_accounts(request: Request) -> AccountsClient:
    return request.app.state.accounts
{% endif %}

async def current_session(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    signer: Annotated[SessionSigner, Depends(get_signer)],
) -> Session:
    """The caller's session, from ``Authorization: Bearer <session id>``."""
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "send the session id as 'Authorization: Bearer <session id>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    session = signer.verify(credentials.credentials)
    if session is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "the session id is invalid or has expired; authorize again",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return session


SignerDep = Annotated[SessionSigner, Depends(get_signer)]
CurrentSession = Annotated[Session, Depends(current_session)]
{%- if cookiecutter.auth == "sign-in" %}
AccountsDep = Annotated[AccountsClient, Depends(get_accounts)]
{%- endif %}

"""What LiveChat's accounts server says about an access token, and whether to trust it.

The Python flavors share this module; each one's accounts.py asks the server (through the shared
``outbound.py``, async or not), hands the answer to ``identity_from_answer`` and keeps the
verdict in the shared ``token_cache.TokenCache``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus

REJECTED = "LiveChat did not accept the access token"


class TokenRejected(Exception):
    """The token is not one this extension may trust: the agent has to sign in again."""


class AccountsUnavailable(Exception):
    """The accounts server could not be asked, or answered something unusable."""


@dataclass(frozen=True)
class AgentIdentity:
    agent: str
    license: str | None
    scopes: tuple[str, ...]
    expires_in: int


def identity_from_answer(status: int, body: bytes, client_id: str) -> AgentIdentity:
    """The agent behind the accounts server's answer (its status and body) about a token."""
    if status in (HTTPStatus.REQUEST_TIMEOUT, HTTPStatus.TOO_MANY_REQUESTS):
        # "Not now" says nothing about the token: the agent should try again, not sign in anew.
        raise AccountsUnavailable(f"HTTP {status}")
    if 400 <= status < 500:
        raise TokenRejected(REJECTED)
    if status != HTTPStatus.OK:
        raise AccountsUnavailable(f"HTTP {status}")
    try:
        info = json.loads(body)
    except (ValueError, RecursionError):
        raise AccountsUnavailable("the answer is not JSON") from None
    if not isinstance(info, dict):
        raise AccountsUnavailable("the answer is not a JSON object")
    return identity_from_token_info(info, client_id)


def identity_from_token_info(info: dict[str, object], client_id: str) -> AgentIdentity:
    """The agent behind a token-info answer, if the token is this app's and still valid."""
    if info.get("client_id") != client_id:
        raise TokenRejected("the access token was issued to another application")
    expires_in = info.get("expires_in")
    # bool is an int in Python: "expires_in": true is no lifetime either.
    if not isinstance(expires_in, int) or isinstance(expires_in, bool) or expires_in <= 0:
        raise TokenRejected("the access token has expired")
    # accounts.livechatinc.com/info names the agent "entity_id" (their e-mail) and the license
    # "license_id"; the newer /v2/info answers "account_id" and "organization_id". Both shapes
    # are accepted.
    agent = info.get("entity_id") or info.get("account_id")
    if not isinstance(agent, str) or not agent:
        raise AccountsUnavailable("the answer names no agent")
    license_id = info.get("license_id") or info.get("organization_id")
    return AgentIdentity(
        agent=agent,
        license=None if license_id is None else str(license_id),
        scopes=_scopes(info.get("scope")),
        expires_in=expires_in,
    )


def _scopes(scope: object) -> tuple[str, ...]:
    # A comma-separated string in the documented answer; a JSON list is tolerated too.
    items = scope.split(",") if isinstance(scope, str) else scope
    if not isinstance(items, list):
        return ()
    return tuple(str(item).strip() for item in items if str(item).strip())

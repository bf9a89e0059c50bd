"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server."""

from __future__ import annotations

from dataclasses import dataclass

import httpx2


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


class AccountsClient:
    def __init__(self, base_url: str, client_id: str, timeout: float) -> None:
        self._info_url = base_url.rstrip("/") + "/info"
        self._client_id = client_id
        self._timeout = timeout

    def verify(self, access_token: str) -> AgentIdentity:
        """Ask the accounts server who ``access_token`` belongs to, and check it is ours."""
        try:
            # One request per sign-in: no connection pool to keep between requests.
            response = httpx2.get(
                self._info_url,
                headers={"Authorization": f"Bearer {access_token}"},
                timeout=self._timeout,
            )
        except httpx2.HTTPError as error:
            raise AccountsUnavailable(type(error).__name__) from None
        if 400 <= response.status_code < 500:
            raise TokenRejected("LiveChat did not accept the access token")
        if response.status_code != httpx2.codes.OK:
            raise AccountsUnavailable(f"HTTP {response.status_code}")
        try:
            info = response.json()
        except ValueError:
            raise AccountsUnavailable("the answer is not JSON") from None
        if not isinstance(info, dict):
            raise AccountsUnavailable("the answer is not a JSON object")
        return self._identity(info)

    def _identity(self, info: dict[str, object]) -> AgentIdentity:
        if info.get("client_id") != self._client_id:
            raise TokenRejected("the access token was issued to another application")
        expires_in = info.get("expires_in")
        # bool is an int in Python, but "expires_in": true is no lifetime.
        if not isinstance(expires_in, int) or isinstance(expires_in, bool) or expires_in <= 0:
            raise TokenRejected("the access token has expired")
        # accounts.livechatinc.com/info names the agent "entity_id" (their e-mail) and the
        # license "license_id"; the newer /v2/info answers "account_id" and "organization_id".
        # Both shapes are accepted.
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
    # A comma-separated string in the documented answer; a list is accepted as well.
    items = scope.split(",") if isinstance(scope, str) else scope
    if not isinstance(items, list):
        return ()
    return tuple(str(item).strip() for item in items if str(item).strip())

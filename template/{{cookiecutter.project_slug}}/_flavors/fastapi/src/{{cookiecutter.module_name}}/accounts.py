"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

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


class TokenCache:
    """Identities the accounts server vouched for, so that a token is not checked on every call.

    An identity is kept for ``max_age`` seconds at most, and never past its token's expiry.
    Entries are keyed by the token's SHA-256: the tokens themselves are not kept.
    """

    def __init__(
        self,
        max_age: float = 300,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_age = max_age
        self._max_entries = max_entries
        self._clock = clock
        # key -> (identity, when its token expires, when the entry expires)
        self._entries: dict[str, tuple[AgentIdentity, float, float]] = {}

    def get(self, token: str) -> AgentIdentity | None:
        key = _key(token)
        if key not in self._entries:
            return None
        identity, token_expires_at, entry_expires_at = self._entries[key]
        now = self._clock()
        remaining = int(token_expires_at - now)
        if now >= entry_expires_at or remaining <= 0:
            del self._entries[key]
            return None
        return replace(identity, expires_in=remaining)

    def put(self, token: str, identity: AgentIdentity) -> None:
        now = self._clock()
        if len(self._entries) >= self._max_entries:
            self._make_room(now)
        lifetime = min(identity.expires_in, self._max_age)
        self._entries[_key(token)] = (identity, now + identity.expires_in, now + lifetime)

    def _make_room(self, now: float) -> None:
        expired = [key for key, (_, _, until) in self._entries.items() if until <= now]
        for key in expired:
            del self._entries[key]
        while len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]  # the oldest entry


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountsClient:
    def __init__(
        self,
        http: httpx2.AsyncClient,
        base_url: str,
        client_id: str,
        *,
        timeout: float,
        cache: TokenCache | None = None,
    ) -> None:
        self._http = http
        self._info_url = base_url.rstrip("/") + "/info"
        self._client_id = client_id
        self._timeout = timeout
        self._cache = TokenCache() if cache is None else cache

    async def verify(self, access_token: str) -> AgentIdentity:
        """Who ``access_token`` belongs to, once the accounts server vouches it is ours."""
        identity = self._cache.get(access_token)
        if identity is None:
            identity = await self._ask(access_token)
            # Only tokens the server accepted are kept: a refused one is asked about again.
            self._cache.put(access_token, identity)
        return identity

    async def _ask(self, access_token: str) -> AgentIdentity:
        try:
            # The whole exchange, not each step of it, must fit in the timeout.
            async with asyncio.timeout(self._timeout):
                response = await self._http.get(
                    self._info_url, headers={"Authorization": f"Bearer {access_token}"}
                )
        except TimeoutError:
            raise AccountsUnavailable(f"no answer within {self._timeout} s") from None
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
        if not isinstance(expires_in, int) or expires_in <= 0:
            raise TokenRejected("the access token has expired")
        # accounts.livechatinc.com/info names the agent "entity_id" (their e-mail) and the
        # license "license_id"; the newer /v2/info answers "account_id" and "organization_id".
        # Both shapes are accepted.
        agent = info.get("entity_id") or info.get("account_id")
        if not isinstance(agent, str) or not agent:
            raise AccountsUnavailable("the answer names no agent")
        license_id = info.get("license_id") or info.get("organization_id")
        scope = info.get("scope")
        items = scope.split(",") if isinstance(scope, str) else scope
        scopes = [str(item).strip() for item in items] if isinstance(items, list) else []
        return AgentIdentity(
            agent=agent,
            license=None if license_id is None else str(license_id),
            scopes=tuple(item for item in scopes if item),
            expires_in=expires_in,
        )

"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import replace

import httpx2

from .token_info import (
    AccountsUnavailable,
    AgentIdentity,
    TokenRejected,
    identity_from_token_info,
)


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
        return identity_from_token_info(info, self._client_id)

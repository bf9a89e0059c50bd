"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import httpx2

from .token_info import (
    AccountsUnavailable,
    AgentIdentity,
    TokenRejected,
    identity_from_token_info,
)

# How long a verified token is trusted without asking again: a token revoked at LiveChat stops
# working here within this time.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class _Verified:
    identity: AgentIdentity
    expires_at: float  # when the token expires, on the cache's clock
    keep_until: float


class VerifiedTokens:
    """The identities the accounts server vouched for, so that it is not asked at every sign-in.

    Each is kept for the token's remaining lifetime, and CACHE_SECONDS at most. Entries are
    found by the SHA-256 of the token: the token itself is never kept. Refused tokens are not
    kept. Each worker process has its own cache.
    """

    def __init__(
        self,
        max_age: float = CACHE_SECONDS,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_age = max_age
        self._max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, _Verified] = {}
        self._lock = threading.Lock()

    def get(self, access_token: str) -> AgentIdentity | None:
        """The identity behind ``access_token``, with the lifetime it has left, if kept."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(_key(access_token))
        if entry is None or entry.keep_until <= now:
            return None
        remaining = int(entry.expires_at - now)
        # Under a second left: ask again rather than make a session that ends at once.
        return replace(entry.identity, expires_in=remaining) if remaining > 0 else None

    def add(self, access_token: str, identity: AgentIdentity) -> None:
        now = self._clock()
        entry = _Verified(
            identity=identity,
            expires_at=now + identity.expires_in,
            keep_until=now + min(identity.expires_in, self._max_age),
        )
        with self._lock:
            if len(self._entries) >= self._max_entries:
                self._forget_expired(now)
            if len(self._entries) >= self._max_entries:
                # Still full: drop the oldest entry.
                del self._entries[next(iter(self._entries))]
            self._entries[_key(access_token)] = entry

    def _forget_expired(self, now: float) -> None:
        for key in [key for key, entry in self._entries.items() if entry.keep_until <= now]:
            del self._entries[key]


def _key(access_token: str) -> str:
    return hashlib.sha256(access_token.encode()).hexdigest()


# The cache of this process, shared by its requests.
verified_tokens = VerifiedTokens()


class AccountsClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        timeout: float,
        cache: VerifiedTokens | None = None,
    ) -> None:
        self._info_url = base_url.rstrip("/") + "/info"
        self._client_id = client_id
        self._timeout = timeout
        self._cache = cache

    def verify(self, access_token: str) -> AgentIdentity:
        """Who ``access_token`` belongs to, once the accounts server says it is ours.

        Raises TokenRejected for a token not to trust, AccountsUnavailable when the accounts
        server cannot be asked or does not answer within the timeout.
        """
        identity = self._cache.get(access_token) if self._cache is not None else None
        if identity is None:
            identity = self._ask(access_token)
            if self._cache is not None:
                self._cache.add(access_token, identity)
        return identity

    def _ask(self, access_token: str) -> AgentIdentity:
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
        return identity_from_token_info(info, self._client_id)

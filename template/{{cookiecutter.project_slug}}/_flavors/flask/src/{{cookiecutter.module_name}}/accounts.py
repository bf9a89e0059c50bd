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

# How long a verified token is trusted without asking again (never past its own expiry): a
# token revoked at LiveChat still opens sessions for this long.
CACHE_SECONDS = 300
# Tokens remembered at most, per worker process.
CACHE_SIZE = 10_000


class AccountsClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        *,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._info_url = base_url.rstrip("/") + "/info"
        self._client_id = client_id
        self._timeout = timeout
        self._clock = clock
        self._cache = TokenCache(clock)

    def verify(self, access_token: str) -> AgentIdentity:
        """Who ``access_token`` belongs to, once the accounts server says it is ours.

        The answer is remembered for a while, so that an agent who reloads the extension does
        not cost a call to the accounts server each time; refusals are not remembered.
        """
        identity = self._cache.get(access_token)
        if identity is None:
            # Read before the call, so that the token's expiry is never placed later than it is.
            asked_at = self._clock()
            identity = self._ask(access_token)
            self._cache.put(access_token, identity, asked_at)
        return identity

    def _ask(self, access_token: str) -> AgentIdentity:
        try:
            # One call per new token, so a connection per call: no pool to close when the
            # app stops. The timeout keeps a slow accounts server from holding a worker.
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


@dataclass(frozen=True)
class _Entry:
    identity: AgentIdentity
    token_expires_at: float
    fresh_until: float


class TokenCache:
    """Verified identities by token, each kept until the token expires or for at most
    ``CACHE_SECONDS``, whichever comes first.

    Keys are SHA-256 digests of the tokens: the cache never holds a token itself.
    """

    def __init__(self, clock: Callable[[], float], size: int = CACHE_SIZE) -> None:
        self._clock = clock
        self._size = size
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()  # `flask run` and threaded workers share the cache

    def get(self, access_token: str) -> AgentIdentity | None:
        """The identity verified for ``access_token`` if still fresh, with the token's
        remaining lifetime as ``expires_in``."""
        key, now = _digest(access_token), self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            remaining = int(entry.token_expires_at - now)
            if now >= entry.fresh_until or remaining <= 0:
                del self._entries[key]
                return None
        return replace(entry.identity, expires_in=remaining)

    def put(self, access_token: str, identity: AgentIdentity, verified_at: float) -> None:
        entry = _Entry(
            identity=identity,
            token_expires_at=verified_at + identity.expires_in,
            fresh_until=verified_at + min(identity.expires_in, CACHE_SECONDS),
        )
        with self._lock:
            if len(self._entries) >= self._size:
                self._make_room()
            self._entries[_digest(access_token)] = entry

    def _make_room(self) -> None:
        now = self._clock()
        for key in [key for key, entry in self._entries.items() if now >= entry.fresh_until]:
            del self._entries[key]
        if len(self._entries) >= self._size:
            # Still full of fresh entries: forget the oldest (dicts keep insertion order).
            del self._entries[next(iter(self._entries))]


def _digest(access_token: str) -> str:
    return hashlib.sha256(access_token.encode()).hexdigest()

"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server.

The client of the Python flavors whose servers are not async (Flask, Django).
"""

from __future__ import annotations

import httpx2

from .token_cache import TokenCache
from .token_info import (
    AccountsUnavailable,
    AgentIdentity,
    identity_from_answer,
)


class AccountsClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        *,
        timeout: float,
        cache: TokenCache | None = None,
    ) -> None:
        self._info_url = base_url.rstrip("/") + "/info"
        self._client_id = client_id
        self._timeout = timeout
        # Shared by the app's threads: the cache has a lock.
        self._cache = TokenCache() if cache is None else cache

    def verify(self, access_token: str) -> AgentIdentity:
        """Who ``access_token`` belongs to, once the accounts server says it is ours.

        The answer is remembered for a while, so that an agent who reloads the extension does
        not cost a call to the accounts server each time; refusals are not remembered.
        """
        identity = self._cache.get(access_token)
        if identity is None:
            # Read before the call, so that the token's expiry is never placed later than it is.
            asked_at = self._cache.now()
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
        return identity_from_answer(response.status_code, response.content, self._client_id)

"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server."""

from __future__ import annotations

import asyncio

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
            # Read before the call, so that the token's expiry is never placed later than it is.
            asked_at = self._cache.now()
            identity = await self._ask(access_token)
            # Only tokens the server accepted are kept: a refused one is asked about again.
            self._cache.put(access_token, identity, asked_at)
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
        return identity_from_answer(response.status_code, response.content, self._client_id)

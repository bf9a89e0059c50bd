"""Verifying Sign in with LiveChat access tokens with LiveChat's accounts server.

The client of the Python flavors whose servers are not async (Flask, Django).
"""

from __future__ import annotations

from . import outbound
from .token_cache import TokenCache
from .token_info import (
    AccountsUnavailable,
    AgentIdentity,
    TokenRejected,
    identity_from_answer,
)

# Where the accounts server says who a token belongs to, under LIVECHAT_ACCOUNTS_URL.
INFO_PATH = "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}"


class AccountsClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        *,
        timeout: float,
        cache: TokenCache | None = None,
    ) -> None:
        self._info_url = base_url.rstrip("/") + INFO_PATH
        self._client_id = client_id
        self._timeout = timeout
        # Shared by the app's threads: the cache has a lock.
        self._cache = TokenCache() if cache is None else cache

    def verify(self, access_token: str) -> AgentIdentity:
        """Who ``access_token`` belongs to, once the accounts server says it is ours.

        The answer is remembered for a while, so that an agent who reloads the extension, or a
        refused token sent again and again, does not cost a call to the accounts server each
        time; "could not be asked" is not remembered.
        """
        identity = self._cache.get(access_token)  # raises TokenRejected if refused lately
        if identity is None:
            # Read before the call, so that the token's expiry is never placed later than it is.
            asked_at = self._cache.now()
            try:
                identity = self._ask(access_token)
            except TokenRejected as error:
                self._cache.refuse(access_token, str(error))
                raise
            self._cache.put(access_token, identity, asked_at)
        return identity

    def _ask(self, access_token: str) -> AgentIdentity:
        headers = {"Authorization": f"Bearer {access_token}"}
        try:
            # The whole call must fit in the timeout, so a slow accounts server cannot hold a
            # worker for longer.
            status, body = outbound.get_now(self._info_url, headers, within=self._timeout)
        except outbound.Unanswered as error:
            raise AccountsUnavailable(str(error)) from None
        return identity_from_answer(status, body, self._client_id)

{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] -%}
"""Verifying the basic flow's login and API key with LiveChat's REST API.

The Agent App sends the agent's login and LiveChat API key to ``/authorize/``; anyone can send
any login, so the pair counts only once LiveChat vouches for it: ``GET /agents/<login>``,
authenticated with HTTP Basic ``login:api_key``, answers 200 with the agent for a right pair.
{%- if flavor.async_python %}
The client waits for LiveChat without holding the event loop.
{%- else %}
The client is synchronous, for a threaded server.
{%- endif %}
The call itself, its deadline and its size cap, is ``outbound.py``'s.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote
{% if flavor.async_python %}
import httpx2
{% endif %}
from . import outbound

# How long an answer is remembered, so that an agent who reloads the extension, or one bad key
# sent again and again, does not cost a call to LiveChat each time. A key revoked at LiveChat
# still opens sessions for VERIFIED_MAX_AGE seconds.
VERIFIED_MAX_AGE = 300
REFUSED_MAX_AGE = 30
# Pairs remembered at most: many logins cannot make the process grow without bound.
MAX_ENTRIES = 10_000

REJECTED = "LiveChat did not accept this login and API key"
UNAVAILABLE = "LiveChat's API could not be reached; try again"


class AgentRejected(Exception):
    """LiveChat says the login and API key are not an agent's: answer 401."""


class LiveChatUnavailable(Exception):
    """LiveChat could not be asked, or answered something unusable: answer 503.

    The message says why, for your logs; it never holds the API key.
    """


def check_answer(status: int, body: bytes, login: str) -> None:
    """Raise unless LiveChat's answer (its status and body) vouches for ``login``."""
    if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND):
        raise AgentRejected(REJECTED)
    if status != HTTPStatus.OK:
        # 429 and 5xx say nothing about the pair; nor does anything else unexpected.
        raise LiveChatUnavailable(f"HTTP {status}")
    try:
        agent = json.loads(body)
    except (ValueError, RecursionError):
        raise LiveChatUnavailable("the answer is not JSON") from None
    if not isinstance(agent, dict):
        raise LiveChatUnavailable("the answer is not a JSON object")
    if agent.get("login") != login:
        # Right key, someone else's details: an administrator's key can read other agents.
        raise AgentRejected(REJECTED)


def agent_request(base_url: str, login: str, api_key: str) -> tuple[str, dict[str, str]]:
    """The URL and headers that ask LiveChat about the pair."""
    credentials = base64.b64encode(f"{login}:{api_key}".encode()).decode("ascii")
    headers = {
        "Authorization": f"Basic {credentials}",
        "X-API-Version": "2",
        "Accept": "application/json",
    }
    return f"{base_url.rstrip('/')}/agents/{quote(login, safe='')}", headers


@dataclass(frozen=True)
class _Verdict:
    verified: bool
    keep_until: float


class VerdictCache:
    """LiveChat's recent answers about login and API key pairs: verified, or refused.

    Keys are SHA-256 digests of the pairs: the cache never holds an API key. "Could not be
    asked" is never kept: the next request asks again.
    """

    def __init__(
        self,
        *,
        verified_max_age: float = VERIFIED_MAX_AGE,
        refused_max_age: float = REFUSED_MAX_AGE,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_ages = {True: verified_max_age, False: refused_max_age}
        self._max_entries = max_entries
        # Monotonic by default: setting the system's clock back must not stretch a verdict.
        self._clock = clock
        self._entries: dict[str, _Verdict] = {}
        # Threads of one process share the cache; nothing awaits while holding the lock.
        self._lock = threading.Lock()

    def get(self, login: str, api_key: str) -> bool | None:
        """True if LiveChat vouched for the pair lately, False if it refused it, else None."""
        key, now = _key(login, api_key), self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if now >= entry.keep_until:
                del self._entries[key]
                return None
            return entry.verified

    def put(self, login: str, api_key: str, *, verified: bool) -> None:
        now = self._clock()
        entry = _Verdict(verified, keep_until=now + self._max_ages[verified])
        key = _key(login, api_key)
        with self._lock:
            # The later answer about a pair replaces the earlier one and counts as the newest.
            self._entries.pop(key, None)
            if len(self._entries) >= self._max_entries:
                for stale in [k for k, e in self._entries.items() if now >= e.keep_until]:
                    del self._entries[stale]
            # Still full of entries in their time: forget the oldest (dicts keep their order).
            while len(self._entries) >= self._max_entries:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = entry


def _key(login: str, api_key: str) -> str:
    # "\0" cannot be part of either (the request fields refuse control characters), so two
    # different pairs never make the same text.
    return hashlib.sha256(f"{login}\0{api_key}".encode()).hexdigest()


class LiveChatApi:
    """Whether LiveChat vouches for an agent's login and API key, remembered for a while."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        cache: VerdictCache | None = None,
{%- if flavor.async_python %}
        http: httpx2.AsyncClient,
{%- endif %}
    ) -> None:
        self._base_url = base_url
        self._timeout = timeout
        self._cache = VerdictCache() if cache is None else cache
{%- if flavor.async_python %}
        # The app's connection pool, closed when the app stops.
        self._http = http
{%- endif %}

    def __repr__(self) -> str:
        return f"LiveChatApi({self._base_url!r})"

    {% if flavor.async_python %}async {% endif %}def verify(self, login: str, api_key: str) -> None:
        """Return if LiveChat vouches for the pair; raise AgentRejected or LiveChatUnavailable."""
        verified = self._cache.get(login, api_key)
        if verified is None:
            try:
                url, headers = agent_request(self._base_url, login, api_key)
{%- if flavor.async_python %}
                status, body = await outbound.get(self._http, url, headers, within=self._timeout)
{%- else %}
                status, body = outbound.get_now(url, headers, within=self._timeout)
{%- endif %}
            except outbound.Unanswered as error:
                raise LiveChatUnavailable(str(error)) from None
            try:
                check_answer(status, body, login)
            except AgentRejected:
                self._cache.put(login, api_key, verified=False)
                raise
            self._cache.put(login, api_key, verified=True)
        elif not verified:
            raise AgentRejected(REJECTED)

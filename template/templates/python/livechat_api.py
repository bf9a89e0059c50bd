{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] -%}
"""Verifying the basic flow's login and API key with LiveChat's REST API.

The Agent App sends the agent's login and LiveChat API key to ``/authorize/``; anyone can send
any login, so the pair counts only once LiveChat vouches for it: ``GET /agents/<login>``,
authenticated with HTTP Basic ``login:api_key``, answers 200 with the agent for a right pair.
{%- if flavor.async_python %}
The client waits for LiveChat without holding the event loop.
{%- else %}
The client is synchronous, for a threaded server; it runs the one call in an event loop of its
own, the way to give the whole exchange a single deadline.
{%- endif %}
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote

import httpx2

# A larger answer is not one about a single agent: reading it all would only cost memory.
MAX_ANSWER_BYTES = 64 * 1024
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
        # Counted as sent: a compressed answer could grow past the limit only once unpacked.
        "Accept-Encoding": "identity",
    }
    return f"{base_url.rstrip('/')}/agents/{quote(login, safe='')}", headers


async def ask_livechat(
    http: httpx2.AsyncClient, base_url: str, login: str, api_key: str, *, within: float
) -> None:
    """Ask LiveChat about the pair, for ``within`` seconds at most: return if it vouches for
    it, raise if not."""
    url, headers = agent_request(base_url, login, api_key)
    try:
        # One deadline for the whole exchange: httpx's own timeouts count each read apart, so
        # an API that drips its answer would hold the request far longer.
        async with asyncio.timeout(within):
            async with http.stream("GET", url, headers=headers) as response:
                body = await _limited_body(response)
    except TimeoutError:
        raise LiveChatUnavailable(f"no answer within {within} s") from None
    except httpx2.HTTPError as error:
        raise LiveChatUnavailable(type(error).__name__) from None
    check_answer(response.status_code, body, login)


async def _limited_body(response: httpx2.Response) -> bytes:
    if response.headers.get("Content-Encoding", "identity") != "identity":
        raise LiveChatUnavailable("the answer is compressed")
    body = bytearray()
    async for chunk in response.aiter_raw():
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise LiveChatUnavailable(f"the answer is larger than {MAX_ANSWER_BYTES} bytes")
    return bytes(body)


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
{%- if flavor.async_python %}
                await ask_livechat(self._http, self._base_url, login, api_key, within=self._timeout)
{%- else %}
                asyncio.run(self._ask(login, api_key))
{%- endif %}
            except AgentRejected:
                self._cache.put(login, api_key, verified=False)
                raise
            self._cache.put(login, api_key, verified=True)
        elif not verified:
            raise AgentRejected(REJECTED)
{%- if not flavor.async_python %}

    async def _ask(self, login: str, api_key: str) -> None:
        # A connection per call, in the call's own event loop: nothing to close when the app
        # stops, and a verified pair is not asked about again for minutes.
        async with httpx2.AsyncClient() as http:
            await ask_livechat(http, self._base_url, login, api_key, within=self._timeout)
{%- endif %}

{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] -%}
"""Verifying login and API key pairs with LiveChat's REST API, against the stand-in."""

from __future__ import annotations

{% if flavor.async_python -%}
import asyncio
{% endif -%}
import socket
import threading
import time
from collections.abc import Iterator

{% if flavor.async_python -%}
import httpx2
{% endif -%}
import pytest

# The client every Python flavor shares (templates/python/livechat_api.py).
from {{ python_package }}.livechat_api import (
    AgentRejected,
    LiveChatApi,
    LiveChatUnavailable,
    VerdictCache,
    check_answer,
)
from {{ python_package }}.outbound import (
    MAX_ANSWER_BYTES,
)

from livechat_api_server import LiveChatApiServer

LOGIN = "agent@example.com"
API_KEY = "dal:test-api-key-0123456789"


class Clock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def livechat_api() -> Iterator[LiveChatApiServer]:
    with LiveChatApiServer() as server:
        server.add_agent(LOGIN, API_KEY)
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(clock: Clock) -> VerdictCache:
    return VerdictCache(clock=clock)


def verify(
    url: str, login: str, api_key: str, *, cache: VerdictCache, timeout: float = 2.0
) -> None:
    """One verification, the way the app makes it."""
{%- if flavor.async_python %}

    async def verify_with_a_pool() -> None:
        async with httpx2.AsyncClient() as http:
            api = LiveChatApi(url, timeout=timeout, cache=cache, http=http)
            await api.verify(login, api_key)

    asyncio.run(verify_with_a_pool())
{%- else %}
    LiveChatApi(url, timeout=timeout, cache=cache).verify(login, api_key)
{%- endif %}


def test_livechat_vouches_for_a_right_pair(
    livechat_api: LiveChatApiServer, cache: VerdictCache
) -> None:
    verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    # The documented request: the login percent-encoded, API version 2, HTTP Basic.
    assert livechat_api.requests == [
        {"path": "/agents/agent%40example.com", "api_version": "2", "login": LOGIN}
    ]


def test_a_login_cannot_change_the_path(
    livechat_api: LiveChatApiServer, cache: VerdictCache
) -> None:
    with pytest.raises(AgentRejected):
        verify(livechat_api.url, "../../agents/x?y#z", API_KEY, cache=cache)
    assert livechat_api.requests[0]["path"] == "/agents/..%2F..%2Fagents%2Fx%3Fy%23z"


@pytest.mark.parametrize(
    ("login", "api_key"),
    [(LOGIN, "dal:wrong-key"), ("someone@example.com", API_KEY)],
    ids=["wrong-key", "unknown-login"],
)
def test_a_wrong_pair_is_rejected_without_the_key_in_the_error(
    livechat_api: LiveChatApiServer, cache: VerdictCache, login: str, api_key: str
) -> None:
    with pytest.raises(AgentRejected) as rejected:
        verify(livechat_api.url, login, api_key, cache=cache)
    assert str(rejected.value) == "LiveChat did not accept this login and API key"
    assert api_key not in repr(rejected.value)


@pytest.mark.parametrize("status", [401, 403, 404])
def test_refusals_are_rejections(status: int) -> None:
    with pytest.raises(AgentRejected):
        check_answer(status, b'{"error": "x"}', LOGIN)


def test_an_answer_about_another_agent_is_a_rejection() -> None:
    # An administrator's key may read other agents: the answer must be about the login sent.
    with pytest.raises(AgentRejected):
        check_answer(200, b'{"login": "admin@example.com"}', LOGIN)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (429, b"{}"),
        (500, b"{}"),
        (502, b"<html>"),
        (503, b"{}"),
        (302, b""),
        (200, b"<html>not json</html>"),
        (200, b'["agent@example.com"]'),
        (200, b"[" * 5000 + b"]" * 5000),
    ],
    ids=["429", "500", "502", "503", "redirect", "not-json", "not-an-object", "too-deep"],
)
def test_anything_else_is_unavailable(status: int, body: bytes) -> None:
    with pytest.raises(LiveChatUnavailable):
        check_answer(status, body, LOGIN)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_failing_api_is_unavailable_and_never_remembered(
    livechat_api: LiveChatApiServer, cache: VerdictCache, status: int
) -> None:
    livechat_api.fail_with = status
    with pytest.raises(LiveChatUnavailable):
        verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    livechat_api.fail_with = None
    verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    assert len(livechat_api.requests) == 2


def test_an_unreachable_api_is_unavailable(cache: VerdictCache) -> None:
    with LiveChatApiServer() as stopped:
        url = stopped.url
    with pytest.raises(LiveChatUnavailable):
        verify(url, LOGIN, API_KEY, cache=cache)


def test_a_slow_api_is_unavailable_at_the_timeout(
    livechat_api: LiveChatApiServer, cache: VerdictCache
) -> None:
    livechat_api.delay = 1.5
    started = time.monotonic()
    with pytest.raises(LiveChatUnavailable, match=r"no answer within 0\.5 s"):
        verify(livechat_api.url, LOGIN, API_KEY, cache=cache, timeout=0.5)
    assert time.monotonic() - started < 1.2


@pytest.fixture
def dripping_api() -> Iterator[str]:
    """An API that answers a byte every 0.2 s: each read is quick, the whole answer is not."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            try:
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n":
                    connection.sendall(bytes([byte]))
                    if stop.wait(0.2):
                        return
            except OSError:
                return  # the client gave up, as it should

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_the_timeout_is_a_deadline_for_the_whole_call(
    dripping_api: str, cache: VerdictCache
) -> None:
    started = time.monotonic()
    with pytest.raises(LiveChatUnavailable):
        verify(dripping_api, LOGIN, API_KEY, cache=cache, timeout=1.0)
    assert time.monotonic() - started < 1.8


def test_a_larger_answer_than_the_limit_is_unavailable(
    livechat_api: LiveChatApiServer, cache: VerdictCache
) -> None:
    livechat_api.add_agent(LOGIN, API_KEY, notes="x" * MAX_ANSWER_BYTES)
    with pytest.raises(LiveChatUnavailable, match="larger than"):
        verify(livechat_api.url, LOGIN, API_KEY, cache=cache)


def test_a_verified_pair_is_remembered_for_five_minutes_at_most(
    livechat_api: LiveChatApiServer, cache: VerdictCache, clock: Clock
) -> None:
    verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    clock.now += 299
    verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    assert len(livechat_api.requests) == 1
    clock.now += 1
    verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    assert len(livechat_api.requests) == 2


def test_a_refused_pair_is_remembered_for_thirty_seconds(
    livechat_api: LiveChatApiServer, cache: VerdictCache, clock: Clock
) -> None:
    for _ in range(3):
        with pytest.raises(AgentRejected):
            verify(livechat_api.url, LOGIN, "dal:wrong-key", cache=cache)
    assert len(livechat_api.requests) == 1
    clock.now += 30
    with pytest.raises(AgentRejected):
        verify(livechat_api.url, LOGIN, "dal:wrong-key", cache=cache)
    assert len(livechat_api.requests) == 2


def test_a_remembered_pair_is_exactly_that_pair(
    livechat_api: LiveChatApiServer, cache: VerdictCache
) -> None:
    verify(livechat_api.url, LOGIN, API_KEY, cache=cache)
    with pytest.raises(AgentRejected):
        verify(livechat_api.url, LOGIN, API_KEY + "x", cache=cache)
    assert len(livechat_api.requests) == 2


def test_the_cache_holds_no_key_and_stays_bounded(clock: Clock) -> None:
    cache = VerdictCache(max_entries=2, clock=clock)
    for n in range(3):
        cache.put(f"agent{n}@example.com", API_KEY, verified=True)
    assert cache.get("agent0@example.com", API_KEY) is None
    assert cache.get("agent2@example.com", API_KEY) is True
    assert API_KEY not in repr(vars(cache))

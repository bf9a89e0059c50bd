from __future__ import annotations

import hashlib
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

# The cache of verified tokens every Python flavor shares (templates/python/token_cache.py).
from {{ python_package }}.token_cache import (
    TokenCache,
)
from {{ python_package }}.token_info import (
    AgentIdentity,
    TokenRejected,
)

TOKEN = "dal:test-access-token-0123456789"


class Clock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def identity(expires_in: int = 3_600) -> AgentIdentity:
    return AgentIdentity("agent@example.com", "1234567", ("chats--my:ro",), expires_in)


def test_an_identity_is_kept_for_five_minutes_at_most() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.put(TOKEN, identity(), verified_at=clock.now)
    clock.now += 299
    # The token has aged meanwhile, and so has what the app knows of its lifetime.
    assert cache.get(TOKEN) == identity(expires_in=3_600 - 299)
    clock.now += 1
    assert cache.get(TOKEN) is None


def test_the_maximum_age_can_be_chosen() -> None:
    clock = Clock()
    cache = TokenCache(max_age=10, clock=clock)
    cache.put(TOKEN, identity(), verified_at=clock.now)
    clock.now += 9
    assert cache.get(TOKEN) is not None
    clock.now += 1
    assert cache.get(TOKEN) is None


def test_an_identity_is_not_kept_past_its_token() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.put(TOKEN, identity(expires_in=60), verified_at=clock.now)
    clock.now += 59
    kept = cache.get(TOKEN)
    assert kept is not None
    assert kept.expires_in == 1
    clock.now += 1
    assert cache.get(TOKEN) is None


def test_under_a_second_left_counts_as_none() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.put(TOKEN, identity(expires_in=60), verified_at=clock.now)
    clock.now += 59.5
    assert cache.get(TOKEN) is None


def test_the_lifetime_counts_from_the_time_read_before_asking() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    asked_at = cache.now()
    clock.now += 10  # a slow answer: the server counted expires_in from some moment in these 10 s
    cache.put(TOKEN, identity(expires_in=60), verified_at=asked_at)
    kept = cache.get(TOKEN)
    assert kept is not None
    assert kept.expires_in == 50
    clock.now = asked_at + 60
    assert cache.get(TOKEN) is None


def test_an_entry_past_its_time_is_dropped_when_asked_for() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.put(TOKEN, identity(expires_in=60), verified_at=clock.now)
    clock.now += 60
    assert cache.get(TOKEN) is None
    assert hashlib.sha256(TOKEN.encode()).hexdigest() not in repr(vars(cache))


def test_the_cache_keeps_digests_of_tokens_not_tokens() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.put(TOKEN, identity(), verified_at=clock.now)
    kept = repr(vars(cache))
    assert TOKEN not in kept
    assert hashlib.sha256(TOKEN.encode()).hexdigest() in kept
    assert cache.get(TOKEN) == identity()
    assert cache.get(TOKEN + "-other") is None


def test_a_full_cache_drops_entries_past_their_time_then_the_oldest() -> None:
    clock = Clock()
    cache = TokenCache(max_entries=2, clock=clock)
    cache.put("short", identity(expires_in=10), verified_at=clock.now)
    cache.put("long", identity(), verified_at=clock.now)
    clock.now += 20
    cache.put("new", identity(), verified_at=clock.now)
    assert cache.get("short") is None
    assert cache.get("long") is not None
    cache.put("newest", identity(), verified_at=clock.now)
    assert cache.get("long") is None  # the oldest
    assert cache.get("new") == cache.get("newest") == identity()


def test_a_token_put_again_counts_as_the_newest() -> None:
    clock = Clock()
    cache = TokenCache(max_entries=2, clock=clock)
    for token in ("first", "second", "first", "third"):
        cache.put(token, identity(), verified_at=clock.now)
    assert cache.get("second") is None
    assert cache.get("first") is not None
    assert cache.get("third") is not None


def test_threads_can_share_the_cache() -> None:
    # As the threads of a Flask or Django server do; the size stays bounded.
    cache = TokenCache(max_entries=50)

    def sign_ins(worker: int) -> None:
        for n in range(500):
            token = f"token-{worker}-{n % 80}"
            if cache.get(token) is None:
                cache.put(token, identity(), verified_at=cache.now())

    # Threads take turns as often as they can, for any race to show.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            for done in [pool.submit(sign_ins, worker) for worker in range(8)]:
                done.result()  # raises what the thread raised
    finally:
        sys.setswitchinterval(interval)
    kept = [f"token-{w}-{n}" for w in range(8) for n in range(80)]
    assert 0 < sum(cache.get(token) is not None for token in kept) <= 50


def test_the_cache_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError, match="max_entries"):
        TokenCache(max_entries=0)


def test_a_refused_token_is_remembered_for_thirty_seconds() -> None:
    clock = Clock()
    cache = TokenCache(clock=clock)
    cache.refuse(TOKEN, "the access token was issued to another application")
    clock.now += 29
    with pytest.raises(TokenRejected, match="another application"):
        cache.get(TOKEN)
    clock.now += 1
    assert cache.get(TOKEN) is None
    # A later verdict replaces it.
    cache.refuse(TOKEN, "refused")
    cache.put(TOKEN, identity(), verified_at=clock.now)
    assert cache.get(TOKEN) == identity()

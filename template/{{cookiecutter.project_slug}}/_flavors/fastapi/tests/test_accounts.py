from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator

import httpx2
import pytest

from {{ cookiecutter.module_name }}.accounts import (
    AccountsClient,
    AccountsUnavailable,
    AgentIdentity,
    TokenCache,
    TokenRejected,
)

from accounts_server import AccountsServer

CLIENT_ID = "test-client-id"
TOKEN = "dal:test-access-token-0123456789"

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # what uvicorn runs the app on


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def accounts(accounts_server: AccountsServer, clock: Clock) -> AsyncIterator[AccountsClient]:
    async with httpx2.AsyncClient() as http:
        yield AccountsClient(
            http, accounts_server.url, CLIENT_ID, timeout=2.0, cache=TokenCache(clock=clock)
        )


async def test_an_identity_is_cached_for_five_minutes_at_most(
    accounts: AccountsClient, accounts_server: AccountsServer, clock: Clock
) -> None:
    accounts_server.add_token(TOKEN, expires_in=3600)
    first = await accounts.verify(TOKEN)
    clock.now += 299
    cached = await accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    # The token has aged meanwhile, and so has what the app knows of its lifetime.
    assert (cached.agent, cached.expires_in) == (first.agent, 3600 - 299)
    clock.now += 1
    await accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 2


async def test_an_identity_is_not_cached_past_its_token(
    accounts: AccountsClient, accounts_server: AccountsServer, clock: Clock
) -> None:
    accounts_server.add_token(TOKEN, expires_in=60)
    await accounts.verify(TOKEN)
    clock.now += 59
    assert (await accounts.verify(TOKEN)).expires_in == 1
    assert len(accounts_server.requests) == 1
    clock.now += 1
    await accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 2


async def test_refused_tokens_are_not_cached(
    accounts: AccountsClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, client_id="another-app")
    for _ in range(2):
        with pytest.raises(TokenRejected):
            await accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 2


async def test_failures_of_the_accounts_server_are_not_cached(
    accounts: AccountsClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN)
    accounts_server.fail_with = 503
    with pytest.raises(AccountsUnavailable):
        await accounts.verify(TOKEN)
    accounts_server.fail_with = None
    assert (await accounts.verify(TOKEN)).agent == "agent@example.com"
    assert len(accounts_server.requests) == 2


async def test_the_whole_call_must_fit_in_the_timeout(
    slow_accounts_server: AccountsServer,
) -> None:
    slow_accounts_server.add_token(TOKEN)
    async with httpx2.AsyncClient() as http:  # whose own timeouts are 5 s for each step
        accounts = AccountsClient(http, slow_accounts_server.url, CLIENT_ID, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(AccountsUnavailable):
            await accounts.verify(TOKEN)
    assert time.monotonic() - started < slow_accounts_server.delay


def identity(expires_in: int = 3600) -> AgentIdentity:
    return AgentIdentity("agent@example.com", "1234567", ("chats--my:ro",), expires_in)


def test_the_cache_keeps_hashes_of_tokens_not_tokens(clock: Clock) -> None:
    cache = TokenCache(clock=clock)
    cache.put(TOKEN, identity())
    kept = str(vars(cache))
    assert TOKEN not in kept
    assert hashlib.sha256(TOKEN.encode()).hexdigest() in kept
    assert cache.get(TOKEN) == identity()
    assert cache.get(TOKEN + "-other") is None


def test_a_full_cache_drops_expired_entries_then_the_oldest(clock: Clock) -> None:
    cache = TokenCache(max_entries=2, clock=clock)
    cache.put("short", identity(expires_in=10))
    cache.put("long", identity())
    clock.now += 20
    cache.put("new", identity())
    assert cache.get("short") is None
    assert cache.get("long") is not None
    cache.put("newest", identity())
    assert cache.get("long") is None  # the oldest
    assert cache.get("new") == cache.get("newest") == identity()

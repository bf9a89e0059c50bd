from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx2
import pytest

from {{ cookiecutter.module_name }}.plumbing.accounts import (
    AccountsClient,
)
from {{ cookiecutter.module_name }}.plumbing.token_cache import (
    TokenCache,
)
from {{ cookiecutter.module_name }}.plumbing.token_info import (
    AccountsUnavailable,
    TokenRejected,
)

{% if cookiecutter._sdks[cookiecutter.sdk].token_info_path == "/v2/info" -%}
from accounts_server import ACCOUNT_ID, AccountsServer
{% else -%}
from accounts_server import AGENT_EMAIL, AccountsServer
{% endif -%}
from servers import dripping_server

CLIENT_ID = "test-client-id"
# Whom the stand-in says its tokens belong to: {{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }} names the agent by
# {% if cookiecutter._sdks[cookiecutter.sdk].token_info_path == "/v2/info" %}account id{% else %}e-mail{% endif %}.
DEFAULT_AGENT = {% if cookiecutter._sdks[cookiecutter.sdk].token_info_path == "/v2/info" %}ACCOUNT_ID{% else %}AGENT_EMAIL{% endif %}
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


async def test_a_cached_lifetime_counts_from_before_the_call(
    accounts_server: AccountsServer,
) -> None:
    # The server counts expires_in from some moment during the call: counted from its start,
    # what the app caches never outlives the token. On the real clock, as the app runs.
    accounts_server.add_token(TOKEN, expires_in=60)
    accounts_server.delay = 1.1
    async with httpx2.AsyncClient() as http:
        accounts = AccountsClient(http, accounts_server.url, CLIENT_ID, timeout=5.0)
        assert (await accounts.verify(TOKEN)).expires_in == 60  # as the server said
        cached = await accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    assert cached.expires_in <= 58  # 59 if counted from the answer


async def test_a_refused_token_is_remembered_for_thirty_seconds(
    accounts: AccountsClient, accounts_server: AccountsServer, clock: Clock
) -> None:
    # One bad token sent again and again costs one call, not one per request.
    accounts_server.add_token(TOKEN, client_id="another-app")
    for _ in range(2):
        with pytest.raises(TokenRejected, match="another application"):
            await accounts.verify(TOKEN)
    assert len(accounts_server.requests) == 1
    clock.now += 30
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
    assert (await accounts.verify(TOKEN)).agent == DEFAULT_AGENT
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


async def test_an_answer_over_64_kib_is_unavailable(
    accounts: AccountsClient, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, padding="x" * 64 * 1024)
    with pytest.raises(AccountsUnavailable, match="larger than"):
        await accounts.verify(TOKEN)


async def test_a_dripping_accounts_server_cannot_hold_a_call_past_the_timeout() -> None:
    # One byte every 0.5 s: no single read waits a whole second, the answer takes 20 s.
    with dripping_server() as url:
        async with httpx2.AsyncClient() as http:
            accounts = AccountsClient(http, url, CLIENT_ID, timeout=1.0)
            started = time.monotonic()
            with pytest.raises(AccountsUnavailable, match="no answer within"):
                await accounts.verify(TOKEN)
            assert time.monotonic() - started < 1.8

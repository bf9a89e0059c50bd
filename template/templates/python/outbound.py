"""One call to LiveChat (its REST API, its accounts server): a deadline for the whole exchange
and a cap on the answer's size.

The Python flavors share this module: the client of LiveChat's REST API and the accounts
client both make their calls here, so that both wait and read alike.
"""

from __future__ import annotations

import asyncio

import httpx2

# A larger answer is not one about a single agent or token: reading it all would only cost
# memory.
MAX_ANSWER_BYTES = 64 * 1024


class Unanswered(Exception):
    """No usable answer came: the message says why, for logs, and never holds a credential."""


async def get(
    http: httpx2.AsyncClient, url: str, headers: dict[str, str], *, within: float
) -> tuple[int, bytes]:
    """The status and body of ``GET url``, for ``within`` seconds at most."""
    # Counted as sent: a compressed answer could grow past the limit only once unpacked.
    headers = {**headers, "Accept-Encoding": "identity"}
    try:
        # One deadline for the whole exchange: httpx's own timeouts count each read apart, so
        # a server that drips its answer would hold the request far longer.
        async with asyncio.timeout(within):
            async with http.stream("GET", url, headers=headers) as response:
                body = await _limited_body(response)
    except TimeoutError:
        raise Unanswered(f"no answer within {within} s") from None
    except httpx2.HTTPError as error:
        raise Unanswered(type(error).__name__) from None
    return response.status_code, body


def get_now(url: str, headers: dict[str, str], *, within: float) -> tuple[int, bytes]:
    """``get`` for a threaded server: the call runs in an event loop of its own, the way to
    give the whole exchange a single deadline, with a connection of its own (no pool to close
    when the app stops)."""
    return asyncio.run(_get_once(url, headers, within))


async def _get_once(url: str, headers: dict[str, str], within: float) -> tuple[int, bytes]:
    async with httpx2.AsyncClient() as http:
        return await get(http, url, headers, within=within)


async def _limited_body(response: httpx2.Response) -> bytes:
    if response.headers.get("Content-Encoding", "identity") != "identity":
        raise Unanswered("the answer is compressed")
    body = bytearray()
    async for chunk in response.aiter_raw():
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise Unanswered(f"the answer is larger than {MAX_ANSWER_BYTES} bytes")
    return bytes(body)

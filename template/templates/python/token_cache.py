"""What LiveChat's accounts server said about tokens lately, remembered so that it is not asked
at every sign-in.

The Python flavors share this module; each one's accounts client asks the server in its own
way (async or not), puts here the identities the server vouched for and, for a shorter while,
the tokens it refused (so that one bad token sent again and again costs one call). A token the
server could not be asked about is never kept: the next request asks again. Each worker
process has its own cache.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from .token_info import AgentIdentity, TokenRejected

# How long a verified token is trusted without asking again (never past its own expiry): a
# token revoked at LiveChat still opens sessions for this long.
MAX_AGE = 300
# How long a refused token stays refused without asking again.
REFUSED_MAX_AGE = 30
# Tokens remembered at most: many tokens cannot make the process grow without bound.
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class _Entry:
    identity: AgentIdentity | None  # None: the server refused the token, for ``refusal``
    token_expires_at: float  # on the cache's clock
    keep_until: float  # the token's expiry, or max_age after it was verified if sooner
    refusal: str = ""


class TokenCache:
    """Verified identities by token, each kept for the token's remaining lifetime and
    ``max_age`` seconds at most.

    Keys are SHA-256 digests of the tokens: the cache never holds a token itself, so nothing
    in it can be replayed against LiveChat.
    """

    def __init__(
        self,
        *,
        max_age: float = MAX_AGE,
        refused_max_age: float = REFUSED_MAX_AGE,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_age = max_age
        self._refused_max_age = refused_max_age
        self._max_entries = max_entries
        # Monotonic by default: setting the system's clock back must not stretch a lifetime.
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        # Threaded servers (`flask run`, gunicorn's threads, Django's runserver) share the
        # cache between threads; under asyncio nothing awaits while holding it, so it never
        # waits.
        self._lock = threading.Lock()

    def now(self) -> float:
        """The time on the cache's clock: read it before asking the accounts server, for ``put``."""
        return self._clock()

    def get(self, token: str) -> AgentIdentity | None:
        """The identity verified for ``token``, with the token's remaining lifetime as
        ``expires_in``; None if none is kept or it is past its time.

        Raises TokenRejected if the server refused the token lately.
        """
        key, now = _key(token), self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            # Whole seconds, as the accounts server counts them. Under a second left counts as
            # none: better ask again than make a session that ends at once.
            remaining = int(entry.token_expires_at - now)
            if now >= entry.keep_until or remaining <= 0:
                del self._entries[key]
                return None
        if entry.identity is None:
            raise TokenRejected(entry.refusal)
        return replace(entry.identity, expires_in=remaining)

    def put(self, token: str, identity: AgentIdentity, verified_at: float) -> None:
        """Keep ``identity``, which the accounts server vouched for as ``token``'s owner.

        ``verified_at`` is the time read with ``now`` *before* asking: the server counted
        ``expires_in`` from some moment during the call, so counting from its start never
        places the token's expiry later than it is.
        """
        entry = _Entry(
            identity=identity,
            token_expires_at=verified_at + identity.expires_in,
            keep_until=verified_at + min(identity.expires_in, self._max_age),
        )
        self._keep(token, entry)

    def refuse(self, token: str, refusal: str) -> None:
        """Remember for ``refused_max_age`` seconds that the server refused ``token``, and why."""
        keep_until = self._clock() + self._refused_max_age
        self._keep(token, _Entry(None, keep_until, keep_until, refusal))

    def _keep(self, token: str, entry: _Entry) -> None:
        key = _key(token)
        with self._lock:
            # Two requests may verify the same token at once: the later answer replaces the
            # earlier one and counts as the newest entry.
            self._entries.pop(key, None)
            if len(self._entries) >= self._max_entries:
                self._make_room()
            self._entries[key] = entry

    def _make_room(self) -> None:
        now = self._clock()
        for key in [key for key, entry in self._entries.items() if now >= entry.keep_until]:
            del self._entries[key]
        # Still full of entries in their time: forget the oldest (dicts keep insertion order).
        while len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

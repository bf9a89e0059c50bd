"""Session ids the backend can verify without storing them: signed, with an expiry.

Any instance that shares ``SESSION_SECRET`` accepts a session another one issued, so the
extension runs behind a load balancer with no session store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer


@dataclass(frozen=True)
class Session:
    agent: str
    expires_at: int


class SessionSigner:
    def __init__(self, secret: str, max_age: int, clock: Callable[[], float] = time.time) -> None:
        self._serializer = URLSafeSerializer(secret, salt="extension-session")
        self._max_age = max_age
        self._clock = clock

    def issue(self, agent: str, lifetime: int | None = None) -> str:
        """A session id for ``agent``, valid for ``lifetime`` seconds at most."""
        seconds = self._max_age if lifetime is None else min(lifetime, self._max_age)
        expires_at = int(self._clock()) + seconds
        return self._serializer.dumps({"agent": agent, "exp": expires_at})

    def verify(self, session_id: str) -> Session | None:
        """The session behind ``session_id``, or None if it is forged, tampered or expired."""
        try:
            payload = self._serializer.loads(session_id)
        except BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        agent, expires_at = payload.get("agent"), payload.get("exp")
        if not isinstance(agent, str) or not isinstance(expires_at, int):
            return None
        if expires_at <= self._clock():
            return None
        return Session(agent=agent, expires_at=expires_at)

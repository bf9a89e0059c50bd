"""Session ids the backend can verify without storing them: signed, with an expiry.

Any instance of the app that shares ``SESSION_SECRET`` accepts a session another one issued, so
the extension runs behind a load balancer with no session store. Another app given the same
secret does not: the signing key is derived for one app (its Client Id, or in the basic flow its
name), so a session of one extension never opens another.

A session id is ``<payload>.<signature>``: the payload is the JSON ``{"agent", "exp"}`` in
unpadded base64url, the signature its HMAC-SHA256, also in base64url, keyed with
``HMAC-SHA256(secret, "extension-session:" + app)``. Every lcext flavor writes the same format,
and the standard library's ``hmac`` makes and checks it in a few microseconds: ``/authorize/``
issues one per call.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Session:
    agent: str
    expires_at: int


class SessionSigner:
    def __init__(
        self, secret: str, max_age: int, *, app: str, clock: Callable[[], float] = time.time
    ) -> None:
        # A key for this app's session ids only: nothing else the secret signs, and no other
        # app that shares the secret, can make something that passes for one.
        label = f"extension-session:{app}".encode()
        self._key = hmac.digest(secret.encode(), label, hashlib.sha256)
        self._max_age = max_age
        self._clock = clock

    def issue(self, agent: str, lifetime: int | None = None) -> str:
        """A session id for ``agent``, valid for ``lifetime`` seconds at most."""
        seconds = self._max_age if lifetime is None else min(lifetime, self._max_age)
        expires_at = int(self._clock()) + seconds
        claims = json.dumps({"agent": agent, "exp": expires_at}, separators=(",", ":"))
        payload = _encode(claims.encode())
        return f"{payload}.{self._sign(payload)}"

    def verify(self, session_id: str) -> Session | None:
        """The session behind ``session_id``, or None if it is forged, tampered or expired."""
        payload, dot, signature = session_id.partition(".")
        # In constant time: how long the check takes must not tell how much of a forgery is right.
        if not dot or not hmac.compare_digest(
            signature.encode("ascii", "replace"), self._sign(payload).encode()
        ):
            return None
        try:
            data = json.loads(_decode(payload))
        except (binascii.Error, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        agent, expires_at = data.get("agent"), data.get("exp")
        if not isinstance(agent, str) or type(expires_at) is not int:
            return None
        if expires_at <= self._clock():
            return None
        return Session(agent=agent, expires_at=expires_at)

    def _sign(self, payload: str) -> str:
        return _encode(hmac.digest(self._key, payload.encode("utf-8", "replace"), hashlib.sha256))


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

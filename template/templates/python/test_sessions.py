from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

# The session signer every Python flavor shares (templates/python/sessions.py).
from {{ sessions_module }} import (
    SessionSigner,
)

APP = "order-notes"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_session_is_valid_until_it_expires() -> None:
    clock = Clock(1_000.0)
    signer = SessionSigner("secret", max_age=60, app=APP, clock=clock)
    session_id = signer.issue("agent@example.com")
    clock.now = 1_059.0
    session = signer.verify(session_id)
    assert session is not None
    assert (session.agent, session.expires_at) == ("agent@example.com", 1_060)
    clock.now = 1_060.0
    assert signer.verify(session_id) is None


def test_a_shorter_lifetime_wins_over_the_maximum_age() -> None:
    clock = Clock(1_000.0)
    signer = SessionSigner("secret", max_age=3_600, app=APP, clock=clock)
    short = signer.verify(signer.issue("agent@example.com", lifetime=30))
    long = signer.verify(signer.issue("agent@example.com", lifetime=10_000))
    assert short is not None and short.expires_at == 1_030
    assert long is not None and long.expires_at == 4_600


def test_session_ids_differ_between_secrets_and_do_not_verify_across_them() -> None:
    first = SessionSigner("first-secret", max_age=60, app=APP)
    second = SessionSigner("second-secret", max_age=60, app=APP)
    assert second.verify(first.issue("agent@example.com")) is None
    assert first.verify(first.issue("agent@example.com")) is not None


def test_apps_that_share_a_secret_do_not_accept_each_others_sessions() -> None:
    # Two extensions deployed with the same SESSION_SECRET (copied from one .env to another).
    ours = SessionSigner("shared-secret", max_age=60, app=APP)
    theirs = SessionSigner("shared-secret", max_age=60, app="another-extension")
    assert ours.verify(theirs.issue("agent@example.com")) is None
    assert theirs.verify(ours.issue("agent@example.com")) is None
    assert ours.verify(ours.issue("agent@example.com")) is not None


def _signed(claims: bytes, secret: bytes = b"secret") -> str:
    """A session id made by hand, the way the module's docstring describes the format."""
    key = hmac.digest(secret, f"extension-session:{APP}".encode(), hashlib.sha256)
    payload = base64.urlsafe_b64encode(claims).rstrip(b"=")
    signature = base64.urlsafe_b64encode(hmac.digest(key, payload, hashlib.sha256)).rstrip(b"=")
    return f"{payload.decode()}.{signature.decode()}"


def test_the_format_is_the_documented_one_that_every_flavor_writes() -> None:
    claims = json.dumps({"agent": "agent@example.com", "exp": 4_000_000_000}).encode()
    session = SessionSigner("secret", max_age=60, app=APP).verify(_signed(claims))
    assert session is not None
    assert (session.agent, session.expires_at) == ("agent@example.com", 4_000_000_000)


def _tampered_ids(session_id: str) -> list[str]:
    payload, signature = session_id.split(".")
    other_payload = _signed(b'{"agent":"boss@example.com","exp":4000000000}').split(".")[0]
    return [
        "",
        ".",
        payload,
        f"{payload}.",
        f".{signature}",
        f"{other_payload}.{signature}",
        f"{payload}.{signature[:-1]}",
        f"{payload}.{signature}A",
        f"{payload}x.{signature}",
        f"{payload}.{signature}.{signature}",
        f"{payload}.\u00e9{signature[1:]}",
        f"\ud800.{signature}",
    ]


@pytest.mark.parametrize("index", range(12))
def test_a_tampered_or_malformed_session_id_is_refused(index: int) -> None:
    signer = SessionSigner("secret", max_age=60, app=APP)
    tampered = _tampered_ids(signer.issue("agent@example.com"))[index]
    assert signer.verify(tampered) is None


@pytest.mark.parametrize(
    "claims",
    [b"[]", b"not json", b'{"agent": 1, "exp": 4000000000}', b'{"agent": "a", "exp": true}'],
)
def test_a_signed_payload_that_is_not_a_session_is_refused(claims: bytes) -> None:
    assert SessionSigner("secret", max_age=60, app=APP).verify(_signed(claims)) is None


def test_a_session_id_from_another_secret_is_refused() -> None:
    claims = b'{"agent":"agent@example.com","exp":4000000000}'
    assert SessionSigner("secret", max_age=60, app=APP).verify(_signed(claims, b"other")) is None

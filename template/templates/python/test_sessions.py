from __future__ import annotations

# The session signer every Python flavor shares (templates/python/sessions.py).
from {{ sessions_module }} import (
    SessionSigner,
)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_session_is_valid_until_it_expires() -> None:
    clock = Clock(1_000.0)
    signer = SessionSigner("secret", max_age=60, clock=clock)
    session_id = signer.issue("agent@example.com")
    clock.now = 1_059.0
    session = signer.verify(session_id)
    assert session is not None
    assert (session.agent, session.expires_at) == ("agent@example.com", 1_060)
    clock.now = 1_060.0
    assert signer.verify(session_id) is None


def test_a_shorter_lifetime_wins_over_the_maximum_age() -> None:
    clock = Clock(1_000.0)
    signer = SessionSigner("secret", max_age=3_600, clock=clock)
    short = signer.verify(signer.issue("agent@example.com", lifetime=30))
    long = signer.verify(signer.issue("agent@example.com", lifetime=10_000))
    assert short is not None and short.expires_at == 1_030
    assert long is not None and long.expires_at == 4_600


def test_session_ids_differ_between_secrets_and_do_not_verify_across_them() -> None:
    first = SessionSigner("first-secret", max_age=60)
    second = SessionSigner("second-secret", max_age=60)
    assert second.verify(first.issue("agent@example.com")) is None
    assert first.verify(first.issue("agent@example.com")) is not None

"""The checks of the settings that production relies on, which ``config.py`` applies.

A guessable SESSION_SECRET lets anyone sign session ids; an AGENT_APP_ORIGINS entry that is not
exactly an https origin goes into the CORS and Content-Security-Policy headers as it is, where a
wildcard, an http:// site or a stray ``;`` would let other pages frame the app or call its API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The command that makes a SESSION_SECRET, for the messages that ask for one.
GENERATE_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
SECRET_MIN_LENGTH = 32
SECRET_MIN_DISTINCT = 12  # characters: "aaaa…" or "secretsecret…" is not a secret

# What AGENT_APP_ORIGINS must hold, for the messages that refuse it.
ORIGINS_RULE = "https origins such as https://my.livechatinc.com (no path), separated by commas"

# https://host[:port] exactly as browsers send it in the Origin header: lower case, no path.
_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
_ORIGIN = re.compile(rf"https://{_LABEL}(\.{_LABEL})*(:(?P<port>[1-9][0-9]{{0,4}}))?")


def secret_problem(secret: str | None) -> str | None:
    """Why ``secret`` will not do as SESSION_SECRET in production, or None if it will."""
    if not secret:
        return f"set SESSION_SECRET in production (make one with: {GENERATE_COMMAND})"
    if len(secret) < SECRET_MIN_LENGTH or len(set(secret)) < SECRET_MIN_DISTINCT:
        return (
            "SESSION_SECRET is too weak for production: use at least "
            f"{SECRET_MIN_LENGTH} characters, {SECRET_MIN_DISTINCT} of them different "
            f"(make one with: {GENERATE_COMMAND})"
        )
    return None


def split_origins(value: str) -> tuple[str, ...]:
    """The entries of a comma-separated AGENT_APP_ORIGINS, blank ones left out."""
    return tuple(entry.strip() for entry in value.split(",") if entry.strip())


def are_origins(origins: Iterable[str]) -> bool:
    """Whether every entry is an https origin (``https://host[:port]``) and nothing more."""
    return all(_is_origin(origin) for origin in origins)


def _is_origin(text: str) -> bool:
    match = _ORIGIN.fullmatch(text)
    if match is None:
        return False
    port = int(match["port"] or 0)
    # 443 is https's own port: browsers leave it out of Origin, so that entry would never match.
    return port != 443 and port <= 65535

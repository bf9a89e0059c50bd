"""Settings, read from environment variables (``flask run`` also loads them from ``.env``).

A small typed record rather than Flask's ``app.config`` dictionary: the app reads a handful of
values, and a dataclass keeps their names and types checked where they are used.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
{%- if cookiecutter.auth == "sign-in" %}
from pathlib import Path
{%- endif %}
from typing import Literal, cast, get_args

{% if cookiecutter.auth == "sign-in" -%}
from .plumbing.manifest import MANIFEST_FILE, ManifestError, choose_client_id
{% endif -%}
from .plumbing.settings_checks import ORIGINS_RULE, are_origins, secret_problem, split_origins

logger = logging.getLogger(__name__)

Environment = Literal["development", "production"]

# The Agent App's origins: the only sites allowed to frame the page and to call the API from a
# browser.
DEFAULT_AGENT_APP_ORIGINS = {{ cookiecutter._livechat.agent_app_origins | tojson }}
DEFAULT_SESSION_MAX_AGE = 8 * 60 * 60  # seconds
{%- if cookiecutter.auth == "sign-in" %}
DEFAULT_ACCOUNTS_URL = "{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}"
DEFAULT_ACCOUNTS_TIMEOUT = 5.0  # seconds
{%- else %}
# LiveChat's REST API v2, which LiveChat has deprecated: configurable for that reason, and so that
# tests can point the app at a stand-in.
DEFAULT_LIVECHAT_API_URL = "https://api.livechatinc.com"
DEFAULT_LIVECHAT_API_TIMEOUT = 5.0  # seconds for the whole call
{%- endif %}

# How TRUST_PROXY may be spelled.
TRUE_VALUES = ("true", "1", "yes", "on")
FALSE_VALUES = ("false", "0", "no", "off")


class ConfigurationError(Exception):
    """The settings are missing or invalid; the message names the environment variable."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    environment: Environment = "development"
    # Signs session ids. Required in production; every instance behind a load balancer
    # must share it. Kept out of repr() so that it never lands in a log.
    session_secret: str | None = field(default=None, repr=False)
    session_max_age: int = DEFAULT_SESSION_MAX_AGE
    agent_app_origins: tuple[str, ...] = tuple(DEFAULT_AGENT_APP_ORIGINS)
    # Believe the X-Forwarded-* headers of one reverse proxy in front of the app: only then is
    # a request that reached the proxy over HTTPS known to be HTTPS.
    trust_proxy: bool = False
{%- if cookiecutter.auth == "sign-in" %}
    # LIVECHAT_CLIENT_ID, else auth.clientId in livechat.config.json (plumbing/manifest.py).
    livechat_client_id: str
    livechat_accounts_url: str = DEFAULT_ACCOUNTS_URL
    accounts_timeout: float = DEFAULT_ACCOUNTS_TIMEOUT  # seconds for each call
{%- else %}
    # Ask LiveChat whether the login and API key sent to /authorize/ are an agent's. Off, anyone
    # gets a session for any login: development only.
    verify_agents: bool = True
    livechat_api_url: str = DEFAULT_LIVECHAT_API_URL
    livechat_api_timeout: float = DEFAULT_LIVECHAT_API_TIMEOUT
{%- endif %}


{% if cookiecutter.auth == "sign-in" -%}
def load_settings(
    environ: Mapping[str, str] = os.environ, manifest: Path | None = MANIFEST_FILE
) -> Settings:
    """Settings from the environment variables named like the fields, upper-cased; the Client
    Id from ``manifest`` (livechat.config.json) when LIVECHAT_CLIENT_ID is not set."""
{%- else -%}
def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """Settings from the environment variables named like the fields, upper-cased."""
{%- endif %}
    problems: list[str] = []

    def value(name: str) -> str | None:
        # "SESSION_SECRET=" as copied from .env.example means "not set", not an empty secret.
        return environ.get(name, "").strip() or None

    environment = value("ENVIRONMENT") or "development"
    if environment not in get_args(Environment):
        problems.append("ENVIRONMENT (development or production)")

    try:
        max_age = int(value("SESSION_MAX_AGE") or DEFAULT_SESSION_MAX_AGE)
    except ValueError:
        max_age = 0
    if max_age <= 0:
        problems.append("SESSION_MAX_AGE (a positive number of seconds)")

    # They go into the CORS and CSP headers as they are (plumbing/settings_checks.py).
    origins = split_origins(value("AGENT_APP_ORIGINS") or "")
    if not are_origins(origins):
        problems.append(f"AGENT_APP_ORIGINS ({ORIGINS_RULE})")

    trust_proxy = (value("TRUST_PROXY") or "false").lower()
    if trust_proxy not in TRUE_VALUES + FALSE_VALUES:
        problems.append("TRUST_PROXY (true or false)")
{%- if cookiecutter.auth == "sign-in" %}

    try:
        client_id = choose_client_id(
            value("LIVECHAT_CLIENT_ID"), manifest, development=environment == "development"
        )
    except ManifestError as error:
        client_id = None
        problems.append(f"LIVECHAT_CLIENT_ID ({error})")
    else:
        if client_id is None:
            problems.append(
                "LIVECHAT_CLIENT_ID (or let lcdev bootstrap write auth.clientId into "
                'livechat.config.json: see "Register it" in the README)'
            )

    accounts_url = value("LIVECHAT_ACCOUNTS_URL") or DEFAULT_ACCOUNTS_URL
    if not accounts_url.startswith(("https://", "http://")):
        problems.append("LIVECHAT_ACCOUNTS_URL (an http:// or https:// URL)")

    try:
        accounts_timeout = float(value("ACCOUNTS_TIMEOUT") or DEFAULT_ACCOUNTS_TIMEOUT)
    except ValueError:
        accounts_timeout = 0.0
    # Not NaN, not infinite: a timeout that never fires holds a worker for good.
    if not 0 < accounts_timeout <= 60:
        problems.append("ACCOUNTS_TIMEOUT (seconds, more than 0 and at most 60)")
{%- else %}

    verify_agents = (value("VERIFY_AGENTS") or "true").lower()
    if verify_agents not in TRUE_VALUES + FALSE_VALUES:
        problems.append("VERIFY_AGENTS (true or false)")
    api_url = value("LIVECHAT_API_URL") or DEFAULT_LIVECHAT_API_URL
    if not api_url.startswith(("https://", "http://")):
        problems.append("LIVECHAT_API_URL (an http:// or https:// URL)")
    try:
        api_timeout = float(value("LIVECHAT_API_TIMEOUT") or DEFAULT_LIVECHAT_API_TIMEOUT)
    except ValueError:
        api_timeout = 0.0
    if not 0 < api_timeout <= 60:
        problems.append("LIVECHAT_API_TIMEOUT (seconds, more than 0 and at most 60)")
{%- endif %}

    if problems:
        raise ConfigurationError(
            f"set {', '.join(problems)} in the environment or in .env (see .env.example)"
        )
    return Settings(
        environment=cast(Environment, environment),
        session_secret=value("SESSION_SECRET"),
        session_max_age=max_age,
        agent_app_origins=origins or tuple(DEFAULT_AGENT_APP_ORIGINS),
        trust_proxy=trust_proxy in TRUE_VALUES,
{%- if cookiecutter.auth == "sign-in" %}
        livechat_client_id=cast(str, client_id),
        livechat_accounts_url=accounts_url,
        accounts_timeout=accounts_timeout,
{%- else %}
        verify_agents=verify_agents in TRUE_VALUES,
        livechat_api_url=api_url,
        livechat_api_timeout=api_timeout,
{%- endif %}
    )


def load_server_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings of the production entry point (``wsgi.py``): ENVIRONMENT must be said, not
    defaulted, or a server deployed without it would run with development's leniency."""
    if not environ.get("ENVIRONMENT", "").strip():
        raise ConfigurationError(
            "set ENVIRONMENT to production (or development) in the environment"
        )
    return load_settings(environ)


def session_secret(settings: Settings) -> str:
    """The secret that signs session ids; a random one in development if none is set."""
    secret = settings.session_secret
    if settings.environment == "production" and (problem := secret_problem(secret)):
        raise ConfigurationError(problem)
    if secret is not None:
        return secret
    logger.warning(
        "SESSION_SECRET is not set: using a random one, so sessions end when the server "
        "restarts and other instances do not accept them"
    )
    return secrets.token_urlsafe(32)
{%- if cookiecutter.auth == "basic" %}


def agents_verified(settings: Settings) -> bool:
    """Whether /authorize/ asks LiveChat about each agent; production refuses to go without."""
    if settings.verify_agents:
        return True
    if settings.environment == "production":
        raise ConfigurationError(
            "VERIFY_AGENTS=false is refused in production: anyone could get a session for any login"
        )
    logger.warning(
        "VERIFY_AGENTS is false: /authorize/ gives a session to anyone, for any login, without "
        "asking LiveChat. Never in production"
    )
    return False
{%- endif %}

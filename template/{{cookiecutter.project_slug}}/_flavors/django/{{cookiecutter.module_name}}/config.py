"""The settings that differ between machines, read from the environment or a ``.env`` file.

``settings.py`` calls :func:`load_config` once; the variable names are the ones in
``.env.example``. A blank variable counts as unset.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from dotenv import dotenv_values

{% if cookiecutter.auth == "sign-in" -%}
from .plumbing.manifest import ManifestError, choose_client_id
{% endif -%}
from .plumbing.settings_checks import ORIGINS_RULE, are_origins, secret_problem, split_origins

logger = logging.getLogger(__name__)

ENVIRONMENTS = ("development", "production")
# The Agent App's origins: the only sites allowed to call the API from a browser.
DEFAULT_AGENT_APP_ORIGINS = {{ cookiecutter._livechat.agent_app_origins | tojson }}
# What Django itself allows when DEBUG is on and ALLOWED_HOSTS is empty: this machine.
DEVELOPMENT_HOSTS = (".localhost", "127.0.0.1", "[::1]")
DEFAULT_SESSION_MAX_AGE = 8 * 60 * 60  # seconds
{%- if cookiecutter.auth == "sign-in" %}
DEFAULT_ACCOUNTS_URL = "{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}"
{%- else %}
# LiveChat's REST API v2, which LiveChat has deprecated: configurable for that reason, and so that
# tests can point the app at a stand-in.
DEFAULT_LIVECHAT_API_URL = "https://api.livechatinc.com"
DEFAULT_LIVECHAT_API_TIMEOUT = 5.0  # seconds for the whole call
{%- endif %}


class ConfigurationError(ImproperlyConfigured):
    """The settings are missing or invalid; the message names the environment variables."""


@dataclass(frozen=True)
class Config:
    # None when ENVIRONMENT is not set: then neither DEBUG nor production's checks, and the
    # entry points that serve refuse to start (require_environment).
    environment: str | None
    # Signs session ids; every instance behind a load balancer must share it.
    session_secret: str
    session_max_age: int
    agent_app_origins: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    # Whether a proxy in front of the app says, in X-Forwarded-Proto, that a request came by HTTPS.
    trust_proxy: bool
{%- if cookiecutter.auth == "sign-in" %}
    # LIVECHAT_CLIENT_ID, else auth.clientId in livechat.config.json (plumbing/manifest.py).
    livechat_client_id: str
    livechat_accounts_url: str
{%- else %}
    # Ask LiveChat whether the login and API key sent to /authorize/ are an agent's. Off, anyone
    # gets a session for any login: development only.
    verify_agents: bool
    livechat_api_url: str
    livechat_api_timeout: float
{%- endif %}

    @property
    def debug(self) -> bool:
        return self.environment == "development"


def load_config(
    environ: Mapping[str, str], env_file: Path | None = None, manifest: Path | None = None
) -> Config:
    """The settings from ``environ``, and from ``env_file`` for the variables it does not set;
    the Client Id from ``manifest`` (livechat.config.json) when neither sets LIVECHAT_CLIENT_ID.

    Raises ConfigurationError naming every variable to fix, in one line.
    """
    values = _read(environ, env_file)
    problems: list[str] = []

    environment = values.get("ENVIRONMENT")
    if environment is not None and environment not in ENVIRONMENTS:
        problems.append("ENVIRONMENT must be development or production")
    production = environment == "production"

    try:
        session_max_age = _positive_int(values.get("SESSION_MAX_AGE"), DEFAULT_SESSION_MAX_AGE)
    except ValueError:
        problems.append("SESSION_MAX_AGE must be a positive number of seconds")
        session_max_age = DEFAULT_SESSION_MAX_AGE

    allowed_hosts = _split(values.get("ALLOWED_HOSTS", ""))
    if production and not allowed_hosts:
        # Django would answer every request with 400 Bad Request.
        problems.append("ALLOWED_HOSTS is required in production (your site's host names)")

    try:
        trust_proxy = _boolean(values.get("TRUST_PROXY"), default=False)
    except ValueError:
        problems.append("TRUST_PROXY must be true or false")
        trust_proxy = False
{%- if cookiecutter.auth == "sign-in" %}

    try:
        livechat_client_id = choose_client_id(
            values.get("LIVECHAT_CLIENT_ID"), manifest, development=environment == "development"
        )
    except ManifestError as error:
        livechat_client_id = None
        problems.append(f"LIVECHAT_CLIENT_ID: {error}")
    else:
        if livechat_client_id is None:
            problems.append(
                "LIVECHAT_CLIENT_ID is required (Developers Console → your app → Authorization; "
                "or let lcdev bootstrap write auth.clientId into livechat.config.json)"
            )
{%- else %}

    try:
        verify_agents = _boolean(values.get("VERIFY_AGENTS"), default=True)
    except ValueError:
        problems.append("VERIFY_AGENTS must be true or false")
        verify_agents = True
    if production and not verify_agents:
        problems.append(
            "VERIFY_AGENTS=false is refused in production: anyone could get a session for any login"
        )
    livechat_api_url = values.get("LIVECHAT_API_URL", DEFAULT_LIVECHAT_API_URL)
    if not livechat_api_url.startswith(("https://", "http://")):
        problems.append("LIVECHAT_API_URL must be an http:// or https:// URL")
    try:
        api_timeout = float(values.get("LIVECHAT_API_TIMEOUT", DEFAULT_LIVECHAT_API_TIMEOUT))
    except ValueError:
        api_timeout = 0.0
    # Not NaN, not infinite: a timeout that never fires holds a worker for good.
    if not 0 < api_timeout <= 60:
        problems.append("LIVECHAT_API_TIMEOUT must be seconds, more than 0 and at most 60")
{%- endif %}

    # They go into the CORS and CSP headers as they are (plumbing/settings_checks.py).
    origins = split_origins(values.get("AGENT_APP_ORIGINS", ""))
    if not are_origins(origins):
        problems.append(f"AGENT_APP_ORIGINS must be {ORIGINS_RULE}")

    session_secret = values.get("SESSION_SECRET", "")
    if production and (problem := secret_problem(session_secret)):
        problems.append(problem)

    if problems:
        where = "it" if len(problems) == 1 else "them"
        raise ConfigurationError(
            f"{'; '.join(problems)}. Set {where} in the environment or in .env (see .env.example)"
        )
    if not session_secret:
        logger.warning(
            "SESSION_SECRET is not set: using a random one, so sessions end when the server "
            "restarts and are not shared between workers"
        )
        session_secret = secrets.token_urlsafe(50)
{%- if cookiecutter.auth == "basic" %}
    if not verify_agents:
        logger.warning(
            "VERIFY_AGENTS is false: /authorize/ gives a session to anyone, for any login, "
            "without asking LiveChat. Never in production"
        )
{%- endif %}

    return Config(
        environment=environment,
        session_secret=session_secret,
        session_max_age=session_max_age,
        agent_app_origins=origins or tuple(DEFAULT_AGENT_APP_ORIGINS),
        allowed_hosts=allowed_hosts or DEVELOPMENT_HOSTS,
        trust_proxy=trust_proxy,
{%- if cookiecutter.auth == "sign-in" %}
        livechat_client_id=livechat_client_id or "",
        livechat_accounts_url=values.get("LIVECHAT_ACCOUNTS_URL", DEFAULT_ACCOUNTS_URL),
{%- else %}
        verify_agents=verify_agents,
        livechat_api_url=livechat_api_url,
        livechat_api_timeout=api_timeout,
{%- endif %}
    )


def require_environment(environment: str | None) -> None:
    """For the entry points that serve (``wsgi.py``, ``asgi.py``, so runserver too): ENVIRONMENT
    must be said, not defaulted, or a server deployed without it would run with development's
    leniency. The development server (``dev.py``) sets it itself."""
    if environment is None:
        raise ConfigurationError(
            "set ENVIRONMENT to production (or development) in the environment or in .env"
        )


def _read(environ: Mapping[str, str], env_file: Path | None) -> dict[str, str]:
    """The variables that are set and not blank; the environment wins over the file."""
    from_file: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        from_file = dotenv_values(env_file, interpolate=False)
    merged = {**from_file, **environ}
    return {name: value.strip() for name, value in merged.items() if value and value.strip()}


def _split(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _boolean(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    words = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    try:
        return words[value.lower()]
    except KeyError:
        raise ValueError(value) from None


def _positive_int(value: str | None, default: int) -> int:
    if value is None:
        return default
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number

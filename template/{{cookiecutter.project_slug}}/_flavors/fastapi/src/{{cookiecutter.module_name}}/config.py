"""Settings, read from the environment and, in development, from a ``.env`` file."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .plumbing.settings_checks import ORIGINS_RULE, are_origins, secret_problem, split_origins

logger = logging.getLogger(__name__)

# The Agent App's origins: the only sites allowed to frame the page and call the API.
DEFAULT_AGENT_APP_ORIGINS = {{ cookiecutter._livechat.agent_app_origins | tojson }}


class ConfigurationError(Exception):
    """The settings are missing or invalid; the message names the environment variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    # Signs session ids. Required in production; every instance behind a load balancer
    # must share it.
    session_secret: SecretStr | None = None
    session_max_age: int = Field(default=8 * 60 * 60, gt=0, description="seconds")
    # Comma-separated in the environment.
    agent_app_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_AGENT_APP_ORIGINS), min_length=1
    )
    # Believe X-Forwarded-Proto and X-Forwarded-For from any client: only behind a proxy
    # that sets them and is the only way in.
    trust_proxy: bool = False
{%- if cookiecutter.auth == "sign-in" %}
    # From the Developers Console: your app → Authorization → Client Id.
    livechat_client_id: str = Field(min_length=1)
    livechat_accounts_url: str = "{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}"
    accounts_timeout: float = Field(default=5.0, gt=0, description="seconds")
{%- else %}
    # Ask LiveChat whether the login and API key sent to /authorize/ are an agent's. Off, anyone
    # gets a session for any login: development only.
    verify_agents: bool = True
    # LiveChat's REST API v2, which LiveChat has deprecated: configurable for that reason, and
    # so that tests can point the app at a stand-in.
    livechat_api_url: str = Field(default="https://api.livechatinc.com", pattern=r"^https?://")
    livechat_api_timeout: float = Field(default=5.0, gt=0, le=60, description="whole call, s")
{%- endif %}

    @property
    def development(self) -> bool:
        """Development serves the Agent App emulator and LiveChat's stand-ins; production never."""
        return self.environment == "development"

    @field_validator("session_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # "SESSION_SECRET=" as copied from .env.example means "not set", not an empty secret.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("agent_app_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        return list(split_origins(value)) if isinstance(value, str) else value

    @field_validator("agent_app_origins")
    @classmethod
    def _check_origins(cls, origins: list[str]) -> list[str]:
        # They go into the CORS and CSP headers as they are (plumbing/settings_checks.py).
        if not are_origins(origins):
            raise PydanticCustomError("origins", f"must be {ORIGINS_RULE}")
        return origins


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{str(problem['loc'][0]).upper()}: {problem['msg']}"
            for problem in error.errors(include_input=False, include_url=False)
        )
        raise ConfigurationError(
            f"{problems} (settings come from the environment or from .env; see .env.example)"
        ) from None


def load_server_settings() -> Settings:
    """The settings of the production entry point (``main.py``): ENVIRONMENT must be said, not
    defaulted, or a server deployed without it would run with development's leniency."""
    settings = load_settings()
    if "environment" not in settings.model_fields_set:
        raise ConfigurationError(
            "set ENVIRONMENT to production (or development) in the environment or in .env"
        )
    return settings


def session_secret(settings: Settings) -> str:
    """The secret that signs session ids; a random one in development if none is set."""
    secret = settings.session_secret.get_secret_value() if settings.session_secret else None
    if settings.environment == "production" and (problem := secret_problem(secret)):
        raise ConfigurationError(problem)
    if secret is not None:
        return secret
    logger.warning(
        "SESSION_SECRET is not set: using a random one, so sessions end when the server "
        "restarts and are not shared between workers"
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

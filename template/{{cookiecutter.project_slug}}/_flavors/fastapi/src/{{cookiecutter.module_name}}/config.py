"""Settings, read from the environment and, in development, from a ``.env`` file."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

logger = logging.getLogger(__name__)

# The Agent App's origins: the only sites allowed to call the API from a browser.
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
        default_factory=lambda: list(DEFAULT_AGENT_APP_ORIGINS)
    )
{%- if cookiecutter.auth == "sign-in" %}
    # From the Developers Console: your app → Authorization → Client Id.
    livechat_client_id: str = Field(min_length=1)
    livechat_accounts_url: str = "{{ cookiecutter._livechat.accounts_url }}"
    accounts_timeout: float = Field(default=5.0, gt=0, description="seconds")
{%- endif %}

    @field_validator("session_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # "SESSION_SECRET=" as copied from .env.example means "not set", not an empty secret.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("agent_app_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        names = ", ".join(str(problem["loc"][0]).upper() for problem in error.errors())
        raise ConfigurationError(
            f"set {names} in the environment or in .env (see .env.example)"
        ) from None


def session_secret(settings: Settings) -> str:
    """The secret that signs session ids; a random one in development if none is set."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    if settings.environment == "production":
        raise ConfigurationError(
            "set SESSION_SECRET in production (for example: python -c "
            "'import secrets; print(secrets.token_urlsafe(32))')"
        )
    logger.warning(
        "SESSION_SECRET is not set: using a random one, so sessions end when the server "
        "restarts and are not shared between workers"
    )
    return secrets.token_urlsafe(32)

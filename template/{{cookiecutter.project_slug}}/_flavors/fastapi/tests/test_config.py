from __future__ import annotations

import logging
from pathlib import Path

import pytest

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import (
    ConfigurationError,
    Settings,
    load_settings,
    session_secret,
)

{% if cookiecutter.auth == "sign-in" -%}
REQUIRED = {"livechat_client_id": "test-client-id"}
{%- else -%}
REQUIRED: dict[str, str] = {}
{%- endif %}


def test_production_refuses_to_start_without_a_session_secret() -> None:
    settings = Settings(_env_file=None, environment="production", **REQUIRED)
    with pytest.raises(ConfigurationError, match="SESSION_SECRET"):
        create_app(settings)


def test_development_uses_a_random_secret_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(_env_file=None, session_secret="  ", **REQUIRED)
    with caplog.at_level(logging.WARNING):
        first, second = session_secret(settings), session_secret(settings)
    assert len(first) >= 32 and first != second
    assert "SESSION_SECRET is not set" in caplog.text


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # away from any .env file of yours
    monkeypatch.setenv("SESSION_SECRET", "from-the-environment")
    monkeypatch.setenv("AGENT_APP_ORIGINS", "https://one.example, https://two.example")
{%- if cookiecutter.auth == "sign-in" %}
    monkeypatch.setenv("LIVECHAT_CLIENT_ID", "client-from-env")
{%- endif %}
    monkeypatch.setenv("TRUST_PROXY", "true")
    settings = load_settings()
    assert session_secret(settings) == "from-the-environment"
    assert settings.agent_app_origins == ["https://one.example", "https://two.example"]
    assert settings.trust_proxy is True
{%- if cookiecutter.auth == "sign-in" %}
    assert settings.livechat_client_id == "client-from-env"
{%- endif %}


def test_proxies_are_not_trusted_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUST_PROXY", raising=False)
    assert Settings(_env_file=None, **REQUIRED).trust_proxy is False


@pytest.mark.parametrize(
    "origins",
    [
        "",
        " , ",
        "my.livechatinc.com",
        "https://my.livechatinc.com/",
        "https://my.livechatinc.com/path",
        "https://my.livechatinc.com; script-src *",
        "https://my.livechatinc.com https://evil.example",
        "javascript:alert(1)",
        "*",
    ],
)
def test_agent_app_origins_must_be_origins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, origins: str
) -> None:
    # They go into the CORS and CSP headers as they are.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AGENT_APP_ORIGINS", origins)
{%- if cookiecutter.auth == "sign-in" %}
    monkeypatch.setenv("LIVECHAT_CLIENT_ID", "client-from-env")
{%- endif %}
    with pytest.raises(ConfigurationError, match="AGENT_APP_ORIGINS"):
        load_settings()
{%- if cookiecutter.auth == "sign-in" %}


def test_a_missing_client_id_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIVECHAT_CLIENT_ID", raising=False)
    with pytest.raises(ConfigurationError, match="LIVECHAT_CLIENT_ID"):
        load_settings()
{%- endif %}
{%- if cookiecutter.auth == "basic" %}


def test_agents_are_verified_with_livechat_by_default() -> None:
    settings = Settings(_env_file=None)
    assert settings.verify_agents is True
    assert settings.livechat_api_url == "https://api.livechatinc.com"
    assert settings.livechat_api_timeout == 5.0


def test_production_refuses_to_start_without_verifying_agents() -> None:
    settings = Settings(
        _env_file=None, environment="production", session_secret="s" * 40, verify_agents=False
    )
    with pytest.raises(ConfigurationError, match="anyone could get a session for any login"):
        create_app(settings)


def test_development_without_verifying_agents_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        create_app(Settings(_env_file=None, session_secret="s" * 40, verify_agents=False))
    assert "VERIFY_AGENTS is false: /authorize/ gives a session to anyone" in caplog.text


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("VERIFY_AGENTS", "maybe"),
        ("LIVECHAT_API_URL", "api.example"),
        ("LIVECHAT_API_TIMEOUT", "0"),
        ("LIVECHAT_API_TIMEOUT", "nan"),
        ("LIVECHAT_API_TIMEOUT", "soon"),
    ],
)
def test_invalid_verification_settings_are_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name):
        load_settings()
{%- endif %}

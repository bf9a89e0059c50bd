from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import (
    ConfigurationError,
    Settings,
    load_server_settings,
    load_settings,
    session_secret,
)

{% if cookiecutter.auth == "sign-in" -%}
REQUIRED = {"livechat_client_id": "test-client-id"}
{%- else -%}
REQUIRED: dict[str, str] = {}
{%- endif %}
# Strong enough for production: 32 characters, more than 12 of them different.
SECRET = "a-test-session-secret-0123456789"


def test_production_refuses_to_start_without_a_session_secret() -> None:
    settings = Settings(_env_file=None, environment="production", **REQUIRED)
    with pytest.raises(ConfigurationError, match="SESSION_SECRET"):
        create_app(settings)


@pytest.mark.parametrize(
    "secret",
    [
        "deploy-test-shared-secret",  # too short
        "secretsecretsecretsecretsecretsecret",  # long, but of few characters
        "a" * 64,
    ],
)
def test_production_refuses_a_weak_session_secret(secret: str) -> None:
    settings = Settings(_env_file=None, environment="production", session_secret=secret, **REQUIRED)
    with pytest.raises(ConfigurationError) as refused:
        session_secret(settings)
    message = str(refused.value)
    assert message.startswith("SESSION_SECRET is too weak for production: use at least 32")
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in message
    assert "\n" not in message and secret not in message


def test_production_takes_a_strong_session_secret() -> None:
    secret = "Vq3xL9-mZ2_tR8wK4nB7cY1sD6fH0jPa"
    settings = Settings(_env_file=None, environment="production", session_secret=secret, **REQUIRED)
    assert session_secret(settings) == secret


def test_the_server_needs_environment_said(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Unset, a deployed server would run with development's leniency: the emulator, a random
    # secret, the API's docs.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENVIRONMENT", raising=False)
{%- if cookiecutter.auth == "sign-in" %}
    monkeypatch.setenv("LIVECHAT_CLIENT_ID", "client-from-env")
{%- endif %}
    with pytest.raises(ConfigurationError, match=r"^set ENVIRONMENT to production"):
        load_server_settings()
    (tmp_path / ".env").write_text("ENVIRONMENT=development\n")
    assert load_server_settings().environment == "development"


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_the_api_docs_are_served_in_development_only(settings: Settings, path: str) -> None:
    development = TestClient(create_app(settings.model_copy(update={"environment": "development"})))
    assert development.get(path).status_code == 200
    production = TestClient(create_app(settings.model_copy(update={"environment": "production"})))
    assert production.get(path).status_code == 404


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
        "https://*.livechatinc.com",
        "http://my.livechatinc.com",
        "https://my.livechatinc.com, http://localhost:3000",
        "https://My.LiveChatInc.com",
        "https://my.livechatinc.com:443",
        "https://my.livechatinc.com'",
        "https://my.livechatinc.com?x=1",
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
    with pytest.raises(ConfigurationError, match=r"^AGENT_APP_ORIGINS: "):
        load_settings()


def test_a_wrong_origin_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AGENT_APP_ORIGINS", "http://my.livechatinc.com")
{%- if cookiecutter.auth == "sign-in" %}
    monkeypatch.setenv("LIVECHAT_CLIENT_ID", "client-from-env")
{%- endif %}
    with pytest.raises(ConfigurationError) as refused:
        load_settings()
    assert str(refused.value) == (
        "AGENT_APP_ORIGINS: must be https origins such as https://my.livechatinc.com (no path), "
        "separated by commas (settings come from the environment or from .env; see .env.example)"
    )
{%- if cookiecutter.auth == "sign-in" %}


def test_a_missing_client_id_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIVECHAT_CLIENT_ID", raising=False)
    with pytest.raises(ConfigurationError, match="LIVECHAT_CLIENT_ID"):
        load_settings()


def test_the_client_id_comes_from_the_manifest_unless_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # lcdev bootstrap writes it into livechat.config.json, in the folder the app starts in.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIVECHAT_CLIENT_ID", raising=False)
    (tmp_path / "livechat.config.json").write_text('{"auth": {"clientId": "from-manifest"}}')
    assert load_settings().livechat_client_id == "from-manifest"
    monkeypatch.setenv("LIVECHAT_CLIENT_ID", "client-from-env")
    assert load_settings().livechat_client_id == "client-from-env"
{%- endif %}
{%- if cookiecutter.auth == "basic" %}


def test_agents_are_verified_with_livechat_by_default() -> None:
    settings = Settings(_env_file=None)
    assert settings.verify_agents is True
    assert settings.livechat_api_url == "https://api.livechatinc.com"
    assert settings.livechat_api_timeout == 5.0


def test_production_refuses_to_start_without_verifying_agents() -> None:
    settings = Settings(
        _env_file=None, environment="production", session_secret=SECRET, verify_agents=False
    )
    with pytest.raises(ConfigurationError, match="anyone could get a session for any login"):
        create_app(settings)


def test_development_without_verifying_agents_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        create_app(Settings(_env_file=None, session_secret=SECRET, verify_agents=False))
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

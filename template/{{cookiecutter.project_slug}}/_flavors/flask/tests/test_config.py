from __future__ import annotations

import logging
import runpy
{%- if cookiecutter.auth == "sign-in" %}
from pathlib import Path
{%- endif %}

import pytest
from flask import Flask

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    DEFAULT_SESSION_MAX_AGE,
    ConfigurationError,
    load_settings,
    session_secret,
)

WSGI_MODULE = "{{ cookiecutter.module_name }}.wsgi"

{% if cookiecutter.auth == "sign-in" -%}
REQUIRED = {"LIVECHAT_CLIENT_ID": "client-from-env"}
{%- else -%}
REQUIRED: dict[str, str] = {}
{%- endif %}
# Strong enough for production: 32 characters, more than 12 of them different.
SECRET = "a-test-session-secret-0123456789"


def test_production_refuses_to_start_without_a_session_secret() -> None:
    settings = load_settings({**REQUIRED, "ENVIRONMENT": "production", "SESSION_SECRET": ""})
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
    settings = load_settings({**REQUIRED, "ENVIRONMENT": "production", "SESSION_SECRET": secret})
    with pytest.raises(ConfigurationError) as refused:
        session_secret(settings)
    message = str(refused.value)
    assert message.startswith("SESSION_SECRET is too weak for production: use at least 32")
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in message
    assert "\n" not in message and secret not in message


def test_production_takes_a_strong_session_secret() -> None:
    secret = "Vq3xL9-mZ2_tR8wK4nB7cY1sD6fH0jPa"
    settings = load_settings({**REQUIRED, "ENVIRONMENT": "production", "SESSION_SECRET": secret})
    assert session_secret(settings) == secret


@pytest.mark.parametrize(
    "origins",
    [
        "*",
        "my.livechatinc.com",
        "https://*.livechatinc.com",
        "http://my.livechatinc.com",
        "https://my.livechatinc.com, http://localhost:3000",
        "https://my.livechatinc.com/",
        "https://my.livechatinc.com/path",
        "https://my.livechatinc.com; script-src *",
        "https://my.livechatinc.com https://evil.example",
        "https://my.livechatinc.com'",
        "https://My.LiveChatInc.com",
        "https://my.livechatinc.com:443",
    ],
)
def test_agent_app_origins_must_be_https_origins(origins: str) -> None:
    # They go into the CORS and CSP headers as they are.
    with pytest.raises(ConfigurationError) as refused:
        load_settings({**REQUIRED, "AGENT_APP_ORIGINS": origins})
    assert str(refused.value) == (
        "set AGENT_APP_ORIGINS (https origins such as https://my.livechatinc.com (no path), "
        "separated by commas) in the environment or in .env (see .env.example)"
    )


def test_development_uses_a_random_secret_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings({**REQUIRED, "SESSION_SECRET": "  "})
    with caplog.at_level(logging.WARNING):
        first, second = session_secret(settings), session_secret(settings)
    assert len(first) >= 32 and first != second
    assert "SESSION_SECRET is not set" in caplog.text


def test_defaults_fill_what_is_not_set() -> None:
    settings = load_settings(REQUIRED)
    assert settings.environment == "development"
    assert settings.session_secret is None
    assert settings.session_max_age == DEFAULT_SESSION_MAX_AGE
    assert settings.agent_app_origins == tuple(DEFAULT_AGENT_APP_ORIGINS)
    assert settings.trust_proxy is False
{%- if cookiecutter.auth == "sign-in" %}
    assert settings.livechat_accounts_url == "{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}"
    assert settings.accounts_timeout == 5.0
{%- else %}
    assert settings.verify_agents is True
    assert settings.livechat_api_url == "https://api.livechatinc.com"
    assert settings.livechat_api_timeout == 5.0
{%- endif %}


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        **REQUIRED,
        "ENVIRONMENT": "production",
        "SESSION_SECRET": SECRET,
        "SESSION_MAX_AGE": "600",
        "AGENT_APP_ORIGINS": "https://one.example, https://two.example,",
        "TRUST_PROXY": "true",
{%- if cookiecutter.auth == "sign-in" %}
        "LIVECHAT_ACCOUNTS_URL": "http://127.0.0.1:9",
        "ACCOUNTS_TIMEOUT": "2.5",
{%- else %}
        "LIVECHAT_API_URL": "http://127.0.0.1:9",
        "LIVECHAT_API_TIMEOUT": "2.5",
{%- endif %}
    }.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.environment == "production"
    assert session_secret(settings) == SECRET
    assert settings.session_max_age == 600
    assert settings.agent_app_origins == ("https://one.example", "https://two.example")
    assert settings.trust_proxy is True
{%- if cookiecutter.auth == "sign-in" %}
    assert settings.livechat_client_id == "client-from-env"
    assert settings.livechat_accounts_url == "http://127.0.0.1:9"
    assert settings.accounts_timeout == 2.5
{%- else %}
    assert settings.livechat_api_url == "http://127.0.0.1:9"
    assert settings.livechat_api_timeout == 2.5
{%- endif %}


@pytest.mark.parametrize(
    ("value", "trusted"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
     ("false", False), ("0", False), ("no", False), ("off", False), ("", False)],
)  # fmt: skip
def test_trust_proxy_reads_the_usual_booleans(value: str, trusted: bool) -> None:
    assert load_settings({**REQUIRED, "TRUST_PROXY": value}).trust_proxy is trusted


def test_the_secret_stays_out_of_reprs() -> None:
    settings = load_settings({**REQUIRED, "SESSION_SECRET": "do-not-print-me"})
    assert "do-not-print-me" not in repr(settings)


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"ENVIRONMENT": "staging"}, "ENVIRONMENT"),
        ({"SESSION_MAX_AGE": "0"}, "SESSION_MAX_AGE"),
        ({"SESSION_MAX_AGE": "-60"}, "SESSION_MAX_AGE"),
        ({"SESSION_MAX_AGE": "an hour"}, "SESSION_MAX_AGE"),
        ({"TRUST_PROXY": "maybe"}, "TRUST_PROXY"),
{%- if cookiecutter.auth == "sign-in" %}
        ({"LIVECHAT_ACCOUNTS_URL": "accounts.example"}, "LIVECHAT_ACCOUNTS_URL"),
        ({"ACCOUNTS_TIMEOUT": "0"}, "ACCOUNTS_TIMEOUT"),
        ({"ACCOUNTS_TIMEOUT": "-1"}, "ACCOUNTS_TIMEOUT"),
        ({"ACCOUNTS_TIMEOUT": "nan"}, "ACCOUNTS_TIMEOUT"),
        ({"ACCOUNTS_TIMEOUT": "inf"}, "ACCOUNTS_TIMEOUT"),
        ({"ACCOUNTS_TIMEOUT": "soon"}, "ACCOUNTS_TIMEOUT"),
{%- else %}
        ({"VERIFY_AGENTS": "maybe"}, "VERIFY_AGENTS"),
        ({"LIVECHAT_API_URL": "api.example"}, "LIVECHAT_API_URL"),
        ({"LIVECHAT_API_TIMEOUT": "0"}, "LIVECHAT_API_TIMEOUT"),
        ({"LIVECHAT_API_TIMEOUT": "nan"}, "LIVECHAT_API_TIMEOUT"),
        ({"LIVECHAT_API_TIMEOUT": "soon"}, "LIVECHAT_API_TIMEOUT"),
{%- endif %}
    ],
)
def test_invalid_settings_are_named(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        load_settings({**REQUIRED, **environ})
{%- if cookiecutter.auth == "basic" %}


@pytest.mark.parametrize("value", ["false", "0", "no", "off"])
def test_production_refuses_to_start_without_verifying_agents(value: str) -> None:
    settings = load_settings(
        {"ENVIRONMENT": "production", "SESSION_SECRET": SECRET, "VERIFY_AGENTS": value}
    )
    assert settings.verify_agents is False
    with pytest.raises(ConfigurationError, match="anyone could get a session for any login"):
        create_app(settings)


def test_development_without_verifying_agents_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        create_app(load_settings({"SESSION_SECRET": SECRET, "VERIFY_AGENTS": "false"}))
    assert "VERIFY_AGENTS is false: /authorize/ gives a session to anyone" in caplog.text
{%- endif %}
{%- if cookiecutter.auth == "sign-in" %}


@pytest.mark.parametrize("client_id", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_a_missing_client_id_is_named(client_id: str | None) -> None:
    environ = {} if client_id is None else {"LIVECHAT_CLIENT_ID": client_id}
    with pytest.raises(ConfigurationError, match="LIVECHAT_CLIENT_ID"):
        # Without the manifest, whose auth.clientId would stand in (tests/test_manifest.py).
        load_settings(environ, manifest=None)


def test_the_client_id_comes_from_the_manifest_unless_set(tmp_path: Path) -> None:
    # lcdev bootstrap writes it into livechat.config.json, in the folder the app starts in.
    manifest = tmp_path / "livechat.config.json"
    manifest.write_text('{"auth": {"clientId": "from-manifest"}}')
    assert load_settings({}, manifest).livechat_client_id == "from-manifest"
    assert load_settings(REQUIRED, manifest).livechat_client_id == "client-from-env"
{%- endif %}


def production(monkeypatch: pytest.MonkeyPatch, **environ: str) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SESSION_SECRET", raising=False)
    for name, value in {**REQUIRED, **environ}.items():
        monkeypatch.setenv(name, value)


def test_the_production_server_stops_with_one_line_that_names_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch)
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module(WSGI_MODULE)
    message = str(stopped.value)
    assert message.startswith("Configuration error: set SESSION_SECRET")
    assert "\n" not in message


def test_the_production_server_needs_environment_said(monkeypatch: pytest.MonkeyPatch) -> None:
    # Unset, a deployed server would run with development's leniency: the emulator, a random
    # secret.
    production(monkeypatch, SESSION_SECRET=SECRET)
    monkeypatch.delenv("ENVIRONMENT")
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module(WSGI_MODULE)
    assert str(stopped.value) == (
        "Configuration error: set ENVIRONMENT to production (or development) in the environment"
    )


def test_the_production_server_gets_its_app_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch, SESSION_SECRET=SECRET)
    app = runpy.run_module(WSGI_MODULE)["app"]
    assert isinstance(app, Flask)
    assert app.test_client().get("/").status_code == 200

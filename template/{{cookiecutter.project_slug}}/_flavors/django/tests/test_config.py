from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    DEVELOPMENT_HOSTS,
    ConfigurationError,
    load_config,
    require_environment,
)

PROJECT = Path(__file__).resolve().parent.parent

{% if cookiecutter.auth == "sign-in" -%}
REQUIRED = {"LIVECHAT_CLIENT_ID": "test-client-id"}
{%- else -%}
REQUIRED: dict[str, str] = {}
{%- endif %}
PRODUCTION = {**REQUIRED, "ENVIRONMENT": "production", "ALLOWED_HOSTS": "extension.example"}
# Strong enough for production: 32 characters, more than 12 of them different.
SECRET = "a-test-session-secret-0123456789"


def test_development_has_a_default_for_the_rest() -> None:
    config = load_config({**REQUIRED, "ENVIRONMENT": "development"})
    assert config.debug
    assert config.allowed_hosts == DEVELOPMENT_HOSTS
    assert config.agent_app_origins == tuple(DEFAULT_AGENT_APP_ORIGINS)
    assert config.session_max_age == 28800
    assert not config.trust_proxy
{%- if cookiecutter.auth == "basic" %}
    assert config.verify_agents
    assert config.livechat_api_url == "https://api.livechatinc.com"
    assert config.livechat_api_timeout == 5.0
{%- endif %}


def test_debug_is_never_on_by_default() -> None:
    config = load_config(REQUIRED)
    assert config.environment is None
    assert not config.debug
    with pytest.raises(ConfigurationError, match=r"^set ENVIRONMENT to production"):
        require_environment(config.environment)


@pytest.mark.parametrize(
    "secret",
    [
        "deploy-test-shared-secret",  # too short
        "secretsecretsecretsecretsecretsecret",  # long, but of few characters
        "a" * 64,
    ],
)
def test_production_refuses_a_weak_session_secret(secret: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_config({**PRODUCTION, "SESSION_SECRET": secret})
    message = str(refused.value)
    assert message.startswith("SESSION_SECRET is too weak for production: use at least 32")
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in message
    assert "\n" not in message and secret not in message


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
        load_config({**REQUIRED, "AGENT_APP_ORIGINS": origins})
    assert str(refused.value) == (
        "AGENT_APP_ORIGINS must be https origins such as https://my.livechatinc.com (no path), "
        "separated by commas. Set it in the environment or in .env (see .env.example)"
    )


def test_development_uses_a_random_secret_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        first = load_config({**REQUIRED, "SESSION_SECRET": "  "}).session_secret
        second = load_config(REQUIRED).session_secret
    assert len(first) >= 32 and first != second
    assert "SESSION_SECRET is not set" in caplog.text


def test_production_refuses_to_start_without_a_session_secret() -> None:
    with pytest.raises(ConfigurationError, match="SESSION_SECRET"):
        load_config(PRODUCTION)


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    environ = {**PRODUCTION, "SESSION_SECRET": SECRET, "ALLOWED_HOSTS": " "}
    with pytest.raises(ConfigurationError, match="ALLOWED_HOSTS"):
        load_config(environ)


{% if cookiecutter.auth == "basic" -%}
@pytest.mark.parametrize("value", ["false", "0", "no"])
def test_production_refuses_to_start_without_verifying_agents(value: str) -> None:
    environ = {**PRODUCTION, "SESSION_SECRET": SECRET, "VERIFY_AGENTS": value}
    with pytest.raises(ConfigurationError, match="anyone could get a session for any login"):
        load_config(environ)


def test_development_without_verifying_agents_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        config = load_config({"SESSION_SECRET": SECRET, "VERIFY_AGENTS": "false"})
    assert not config.verify_agents
    assert "VERIFY_AGENTS is false: /authorize/ gives a session to anyone" in caplog.text


{% endif -%}
def test_production_turns_debug_off() -> None:
    config = load_config({**PRODUCTION, "SESSION_SECRET": SECRET})
    assert not config.debug
    assert config.allowed_hosts == ("extension.example",)
    assert config.session_secret == SECRET


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ENVIRONMENT", "staging"),
        ("SESSION_MAX_AGE", "soon"),
        ("SESSION_MAX_AGE", "0"),
        ("SESSION_MAX_AGE", "-60"),
        ("TRUST_PROXY", "maybe"),
{%- if cookiecutter.auth == "basic" %}
        ("VERIFY_AGENTS", "maybe"),
        ("LIVECHAT_API_URL", "api.example"),
        ("LIVECHAT_API_TIMEOUT", "0"),
        ("LIVECHAT_API_TIMEOUT", "nan"),
        ("LIVECHAT_API_TIMEOUT", "soon"),
{%- endif %}
    ],
)
def test_invalid_values_are_named(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        load_config({**REQUIRED, name: value})


def test_settings_come_from_the_environment() -> None:
    config = load_config(
        {
            **REQUIRED,
            "SESSION_SECRET": SECRET,
            "SESSION_MAX_AGE": "600",
            "AGENT_APP_ORIGINS": "https://one.example, https://two.example",
            "ALLOWED_HOSTS": "localhost, extension.example",
            "TRUST_PROXY": "true",
{%- if cookiecutter.auth == "sign-in" %}
            "LIVECHAT_CLIENT_ID": "client-from-env",
            "LIVECHAT_ACCOUNTS_URL": "http://127.0.0.1:9",
{%- else %}
            "LIVECHAT_API_URL": "http://127.0.0.1:9",
            "LIVECHAT_API_TIMEOUT": "2.5",
{%- endif %}
        }
    )
    assert config.session_secret == SECRET
    assert config.session_max_age == 600
    assert config.agent_app_origins == ("https://one.example", "https://two.example")
    assert config.allowed_hosts == ("localhost", "extension.example")
    assert config.trust_proxy
{%- if cookiecutter.auth == "sign-in" %}
    assert config.livechat_client_id == "client-from-env"
    assert config.livechat_accounts_url == "http://127.0.0.1:9"
{%- else %}
    assert config.livechat_api_url == "http://127.0.0.1:9"
    assert config.livechat_api_timeout == 2.5
{%- endif %}


def test_the_env_file_fills_in_what_the_environment_leaves_out(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SESSION_SECRET=from-the-file\nSESSION_MAX_AGE=600\nAGENT_APP_ORIGINS=https://file.example\n"
    )
    config = load_config({**REQUIRED, "SESSION_MAX_AGE": "900"}, env_file=env_file)
    assert config.session_secret == "from-the-file"
    assert config.session_max_age == 900
    assert config.agent_app_origins == ("https://file.example",)


def test_a_missing_env_file_is_fine(tmp_path: Path) -> None:
    config = load_config({**REQUIRED, "SESSION_SECRET": "s"}, env_file=tmp_path / ".env")
    assert config.session_secret == "s"
{%- if cookiecutter.auth == "sign-in" %}


@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_a_missing_client_id_is_named(value: str | None) -> None:
    environ = {} if value is None else {"LIVECHAT_CLIENT_ID": value}
    with pytest.raises(ConfigurationError, match="LIVECHAT_CLIENT_ID"):
        load_config(environ)


def test_the_client_id_comes_from_the_manifest_unless_set(tmp_path: Path) -> None:
    # lcdev bootstrap writes it into livechat.config.json, which settings.py passes.
    manifest = tmp_path / "livechat.config.json"
    manifest.write_text('{"auth": {"clientId": "from-manifest"}}')
    assert load_config({}, manifest=manifest).livechat_client_id == "from-manifest"
    assert load_config(REQUIRED, manifest=manifest).livechat_client_id == "test-client-id"
{%- endif %}


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py as you would, with the tests' environment changed by ``environ``."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**os.environ, **environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_manage_py_stops_with_one_line_naming_the_setting() -> None:
    # A blank SESSION_SECRET in the environment wins over any in your .env file.
    result = manage("check", **PRODUCTION, SESSION_SECRET="")
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: ")
    assert "SESSION_SECRET" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
{%- if cookiecutter.auth == "basic" %}


def test_manage_py_refuses_production_without_verifying_agents() -> None:
    result = manage("check", **PRODUCTION, SESSION_SECRET=SECRET, VERIFY_AGENTS="false")
    assert result.returncode == 1
    assert result.stderr == (
        "Configuration error: VERIFY_AGENTS=false is refused in production: anyone could get a "
        "session for any login. Set it in the environment or in .env (see .env.example)\n"
    )
{%- endif %}


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes", "false", "0", "no"])
def test_trust_proxy_takes_the_usual_words(value: str) -> None:
    config = load_config({**REQUIRED, "TRUST_PROXY": value})
    assert config.trust_proxy is (value.lower() in ("true", "1", "yes"))


def django_settings(**environ: str) -> dict[str, Any]:
    """Django's settings as the project makes them of the environment, changed by ``environ``."""
    show = (
        "import json; from django.conf import settings; print(json.dumps("
        "{name: getattr(settings, name) for name in dir(settings) if name.isupper()}, default=str))"
    )
    result = manage("shell", "--no-imports", "--command", show, **environ)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_django_settings_follow_the_environment() -> None:
    settings = django_settings(
        **PRODUCTION,
        SESSION_SECRET=SECRET,
        SESSION_MAX_AGE="600",
        AGENT_APP_ORIGINS="https://one.example, https://two.example",
        TRUST_PROXY="true",
    )
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["extension.example"]
    assert settings["SECRET_KEY"] == SECRET
    assert settings["SESSION_MAX_AGE"] == 600
    origins = ["https://one.example", "https://two.example"]
    # Only these sites may call the API from a browser, and frame the page.
    assert settings["CORS_ALLOWED_ORIGINS"] == origins
    assert settings["CONTENT_SECURITY_POLICY"]["frame-ancestors"] == origins
    # The proxy says which requests came by HTTPS.
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_forwarded_headers_are_not_trusted_by_default() -> None:
    settings = django_settings(**PRODUCTION, SESSION_SECRET=SECRET, TRUST_PROXY="")
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    frame_ancestors = settings["CONTENT_SECURITY_POLICY"]["frame-ancestors"]
    assert frame_ancestors == DEFAULT_AGENT_APP_ORIGINS


def test_the_system_checks_pass() -> None:
    result = manage("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_pass_in_production() -> None:
    secret = "a-production-secret-that-is-long-and-random-enough-0123456789"
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SESSION_SECRET=secret
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout

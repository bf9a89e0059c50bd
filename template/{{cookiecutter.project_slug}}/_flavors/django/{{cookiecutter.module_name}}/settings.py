"""Django settings for {{ cookiecutter.project_name }}.

What differs between machines comes from the environment or ``.env`` (see ``.env.example``),
read and checked by ``config.load_config``; the rest is fixed here.
"""

import os
from pathlib import Path

from .config import load_config

BASE_DIR = Path(__file__).resolve().parent.parent

{%- if cookiecutter.auth == "sign-in" %}
# livechat.config.json: the Client Id that lcdev bootstrap writes, when LIVECHAT_CLIENT_ID is unset.
config = load_config(
    os.environ, env_file=BASE_DIR / ".env", manifest=BASE_DIR / "livechat.config.json"
)
{%- else %}
config = load_config(os.environ, env_file=BASE_DIR / ".env")
{%- endif %}

# Development only, when ENVIRONMENT says so: never by default (its error pages show settings).
DEBUG = config.debug
# None when not set; wsgi.py and asgi.py then refuse to serve.
ENVIRONMENT = config.environment
# SESSION_SECRET signs the extension's session ids, and is Django's secret key as well.
SECRET_KEY = config.session_secret
ALLOWED_HOSTS = list(config.allowed_hosts)

INSTALLED_APPS = [
    # WhiteNoise serves the static files under runserver too, the way it does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "{{ cookiecutter.module_name }}.extension",
]

MIDDLEWARE = [
    # Before anything asks whether the request came by HTTPS.
    "{{ cookiecutter.module_name }}.plumbing.middleware.last_forwarded_proto",
    # Security headers and the Content-Security-Policy go on every answer: the page, the static
    # files, the API and the error pages.
    "django.middleware.security.SecurityMiddleware",
    "{{ cookiecutter.module_name }}.plumbing.middleware.content_security_policy",
    "corsheaders.middleware.CorsMiddleware",
    # Before anything reads a body: one that is too large is refused unread.
    "{{ cookiecutter.module_name }}.plumbing.middleware.limit_request_body",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # No XFrameOptionsMiddleware: the Agent App shows the page in an iframe, which
    # "X-Frame-Options: DENY" would forbid (the CSP's frame-ancestors admits the Agent App only).
    # No sessions or auth middleware either: in that third-party iframe cookies are unreliable,
    # so the API takes a bearer session id instead.
]

ROOT_URLCONF = "{{ cookiecutter.module_name }}.urls"
WSGI_APPLICATION = (
    # What runserver serves; the production command gives gunicorn the same.
    "{{ cookiecutter.module_name }}.wsgi.application"
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
    },
]

# No database: session ids are signed and carry their own expiry, so nothing is stored.
DATABASES: dict[str, dict[str, str]] = {}

# Django sets the process's time zone from this (its own default is America/Chicago): it only
# shows in log times, since sessions expire by Unix time.
TIME_ZONE = "UTC"

# The page links its script and stylesheet relatively, as static/extension.js and so on.
STATIC_URL = "static/"
# WhiteNoise serves the app's static folder directly: no collectstatic step to deploy.
WHITENOISE_USE_FINDERS = True

# The API's paths are exact: a redirect to add a slash would lose a POST's body.
APPEND_SLASH = False

# Every request body is small: larger ones get a JSON 413 (see plumbing/middleware.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024  # bytes

# SecurityMiddleware: "X-Content-Type-Options: nosniff" (Django's default), a strict referrer
# policy, and HSTS on HTTPS requests.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# A proxy that terminates HTTPS forwards plain HTTP: with TRUST_PROXY, its X-Forwarded-Proto
# entry (the last one, see plumbing/middleware.py) says whether the request came by HTTPS. Never
# trust it from clients directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if config.trust_proxy else None
# Only sent over HTTPS, should a page of the site ever set Django's CSRF cookie.
CSRF_COOKIE_SECURE = not DEBUG
{%- if cookiecutter.auth == "sign-in" %}
# Cross-Origin-Opener-Policy applies when the page is opened on its own, outside the Agent App:
# Sign in with LiveChat's popup must still be able to answer it.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"
{%- endif %}

# "manage.py check --deploy" warns of choices this project makes on purpose.
SILENCED_SYSTEM_CHECKS = [
    # No X-Frame-Options: the Agent App frames the page; the CSP's frame-ancestors limits who may.
    "security.W002",
    # No redirect to HTTPS: the proxy or platform in front of the app does it (behind a proxy
    # that is not trusted, every request looks like plain HTTP and would redirect forever).
    "security.W008",
    # No HSTS preload: putting the domain on browsers' preload list is its owner's decision.
    "security.W021",
]
{% if cookiecutter._sdks[cookiecutter.sdk].widgets %}
# The Agent App emulator at /emulator/ hosts the widget pages as the Agent App does (see
# plumbing/emulator/); it exists in development only.
AGENT_APP_EMULATOR = DEBUG

# The Content-Security-Policy (plumbing/middleware.py): the widget pages load their own files only
# (LiveChat's SDKs are served from the app's static/vendor/), and only the Agent App may frame
# them (in development, the emulator on this site too). Sign in with LiveChat opens a popup
# window, not a frame, and answers with postMessage: it needs no source here.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'none'"],
    "frame-ancestors": [*config.agent_app_origins, *(["'self'"] if AGENT_APP_EMULATOR else [])],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
{%- else %}
# LiveChat's scripts, which the page always loads in production. In development the Agent App
# emulator at /emulator/ frames the page with ?lcext_emulator=1, and the page then loads local
# stand-ins instead (see plumbing/emulator/); the emulator exists in development only.
LIVECHAT_LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}"
{%- if cookiecutter.auth == "sign-in" %}
LIVECHAT_ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}"
{%- endif %}
AGENT_APP_EMULATOR = DEBUG

# The Content-Security-Policy (plumbing/middleware.py): the page loads LiveChat's scripts and
# its own files only, and only the Agent App may frame it (in development, the emulator on this
# site too).
LIVECHAT_SCRIPT_ORIGINS = {{ cookiecutter._livechat.script_origins | tojson }}
{%- if cookiecutter.auth == "sign-in" %}
# The accounts SDK talks to, and frames, LiveChat's accounts server.
LIVECHAT_ACCOUNTS_ORIGINS = {{ cookiecutter._livechat.accounts_origins | tojson }}
{%- endif %}
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", *LIVECHAT_SCRIPT_ORIGINS],
    "style-src": ["'self'", *LIVECHAT_SCRIPT_ORIGINS],
    "font-src": ["'self'", *LIVECHAT_SCRIPT_ORIGINS, "data:"],
    # Any HTTPS image: LiveChat's stylesheet and the accounts SDK's button load images from hosts
    # they do not document.
    "img-src": ["'self'", "data:", "https:"],
{%- if cookiecutter.auth == "sign-in" %}
    "connect-src": ["'self'", *LIVECHAT_ACCOUNTS_ORIGINS],
    "frame-src": LIVECHAT_ACCOUNTS_ORIGINS,
{%- else %}
    "connect-src": ["'self'"],
    "frame-src": ["'none'"],
{%- endif %}
    "frame-ancestors": [*config.agent_app_origins, *(["'self'"] if AGENT_APP_EMULATOR else [])],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
{%- endif %}

# Only the API is shared with other sites, and only with the Agent App.
CORS_ALLOWED_ORIGINS = list(config.agent_app_origins)
CORS_URLS_REGEX = r"^/(api/|authorize/?$)"
CORS_ALLOW_METHODS = ("GET", "POST")
CORS_ALLOW_HEADERS = ("authorization", "content-type")

# The extension's own settings.
SESSION_MAX_AGE = config.session_max_age  # seconds
{%- if cookiecutter.auth == "sign-in" %}
LIVECHAT_CLIENT_ID = config.livechat_client_id
LIVECHAT_ACCOUNTS_URL = config.livechat_accounts_url
LIVECHAT_ACCOUNTS_TIMEOUT = 5.0  # seconds
{%- else %}
VERIFY_AGENTS = config.verify_agents
LIVECHAT_API_URL = config.livechat_api_url
LIVECHAT_API_TIMEOUT = config.livechat_api_timeout  # seconds
{%- endif %}

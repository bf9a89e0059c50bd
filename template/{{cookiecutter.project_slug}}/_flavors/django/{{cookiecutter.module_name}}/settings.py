"""Django settings for {{ cookiecutter.project_name }}.

What differs between machines comes from the environment or ``.env`` (see ``.env.example``),
read and checked by ``config.load_config``; the rest is fixed here.
"""

import os
from pathlib import Path

from {{ cookiecutter.module_name }}.config import load_config

BASE_DIR = Path(__file__).resolve().parent.parent

config = load_config(os.environ, env_file=BASE_DIR / ".env")

DEBUG = config.debug
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # No XFrameOptionsMiddleware: the Agent App shows the page in an iframe, which
    # "X-Frame-Options: DENY" would forbid. No sessions or auth middleware either: in that
    # third-party iframe cookies are unreliable, so the API takes a bearer session id instead.
]

ROOT_URLCONF = "{{ cookiecutter.module_name }}.urls"
WSGI_APPLICATION = "{{ cookiecutter.module_name }}.wsgi.application"

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
{%- endif %}

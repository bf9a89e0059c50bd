"""The WSGI application that gunicorn serves (see "Deploy" in the README)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault(
    "DJANGO_SETTINGS_MODULE",
    "{{ cookiecutter.module_name }}.settings",
)

application = get_wsgi_application()

"""The WSGI application that servers run: ``gunicorn {{ cookiecutter.module_name }}.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.module_name }}.settings")

application = get_wsgi_application()

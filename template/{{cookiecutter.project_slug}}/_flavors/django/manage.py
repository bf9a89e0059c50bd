#!/usr/bin/env python
"""Django's command-line utility: ``python manage.py runserver``, ``python manage.py check``."""

import os
import sys


def main() -> None:
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE",
        "{{ cookiecutter.module_name }}.settings",
    )
    from django.core.management import execute_from_command_line

    from {{ cookiecutter.module_name }}.config import (
        ConfigurationError,
    )

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        # One line that says what to set, instead of a traceback.
        raise SystemExit(f"Configuration error: {error}") from None


if __name__ == "__main__":
    main()

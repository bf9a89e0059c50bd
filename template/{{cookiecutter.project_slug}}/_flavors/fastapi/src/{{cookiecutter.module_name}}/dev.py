"""The development server (see "Try it locally" in the README), started with::

    python -m {{ cookiecutter.module_name }}.dev

HTTPS on https://localhost:8000 with the Agent App emulator; how it does that is in
``plumbing/dev_server.py``. Never use it in production: see "Deploy" in the README.
"""

from .plumbing.dev_server import main

if __name__ == "__main__":
    main()

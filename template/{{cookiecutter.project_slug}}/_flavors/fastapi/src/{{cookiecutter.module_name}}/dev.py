"""The development server: ``python -m {{ cookiecutter.module_name }}.dev`` (see the README).

HTTPS on https://localhost:8000 with the Agent App emulator; how it does that is in
``plumbing/dev_server.py``. Never use it in production: see "Deploy" in the README.
"""

from .plumbing.dev_server import main

if __name__ == "__main__":
    main()

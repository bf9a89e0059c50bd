"""The development server: the app and the Agent App emulator over HTTPS, on localhost.

    python -m {{ cookiecutter.module_name }}.dev [--port 8000]

See ``plumbing/dev_server.py`` for what it does.
"""

from .plumbing.dev_server import main

if __name__ == "__main__":
    main()

"""The development server, over HTTPS with the Agent App emulator. From the project's folder:

    python -m {{ cookiecutter.module_name }}.dev

It serves https://localhost:8000/ and the emulator at https://localhost:8000/emulator/ (see
``plumbing/dev_server.py``). Never use it in production: gunicorn serves the app there.
"""

from .plumbing.dev_server import main

if __name__ == "__main__":
    main()

"""The request plumbing: what every request goes through, which you rarely need to edit.

- ``middleware.py``: the Content-Security-Policy on every answer, and the 4 KiB body limit;
- ``bodies.py``, ``fields.py``, ``payloads.py``: reading JSON or form bodies into checked fields,
  with JSON 4xx answers for anything else;
- ``sessions.py``: the signed, expiring session ids;
{%- if cookiecutter.auth == "sign-in" %}
- ``accounts.py``, ``token_info.py``, ``token_cache.py``: asking LiveChat's accounts server about
  an access token, and remembering its answer for a while;
{%- endif %}
- ``dev_server.py`` and ``devcert.py``: the development server over HTTPS, with its
  self-signed certificate (``dev.py`` beside this package starts it);
- ``emulator/``: the Agent App emulator at ``/emulator/``, in development only.

Your code lives beside this package: the settings and ``config.py``, and the ``extension`` app
(its page, views and URLs{% if cookiecutter.auth == "basic" %}, and ``authorization.py``{% endif %}).
"""

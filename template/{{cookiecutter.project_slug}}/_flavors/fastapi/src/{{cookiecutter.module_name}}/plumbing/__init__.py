"""The request plumbing: what every request goes through, which you rarely need to edit.

- ``bodies.py``, ``payloads.py``: the 4 KiB body limit, and JSON or form bodies read into the
  pydantic models of your routes, with 4xx answers that never echo a value;
- ``security.py``: the Content-Security-Policy and the other security headers;
- ``cors.py``: CORS on the API's paths, for the Agent App's origins only;
- ``sessions.py``: signed, expiring session ids (no session store);
- ``dependencies.py``: ``CurrentSession`` and the app's shared objects for your routes;
{%- if cookiecutter.auth == "sign-in" %}
- ``accounts.py``, ``token_info.py``, ``token_cache.py``: access tokens checked with LiveChat's
  accounts server, and remembered for a few minutes;
{%- endif %}
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
- ``emulator/``: the Agent App emulator, which hosts the widget pages (development only);
{%- else %}
- ``emulator/``: the Agent App emulator and the stand-ins of LiveChat's scripts (development only);
{%- endif %}
- ``dev_server.py``, ``devcert.py``: the development server over HTTPS, with its self-signed
  certificate for localhost.

Your own code sits beside this package: ``config.py``,{% if cookiecutter.auth == "basic" %} ``authorization.py``,{% endif %}{% if cookiecutter._sdks[cookiecutter.sdk].widgets %} ``customers.py``,{% endif %}
``routes/``, ``templates/`` and ``static/``.
"""

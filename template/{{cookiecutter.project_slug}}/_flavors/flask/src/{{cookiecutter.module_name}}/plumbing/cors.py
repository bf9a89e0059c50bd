"""CORS: browsers may call the API from the Agent App's pages, and from no other site."""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from ..config import Settings

# The paths a browser may call from another origin: the API{% if cookiecutter.auth == "basic" %} and LiveChat's /authorize/{% endif %}.
{%- if cookiecutter.auth == "sign-in" %}
RESOURCES = [r"/api/.*"]
{%- else %}
RESOURCES = [r"/authorize/?", r"/api/.*"]
{%- endif %}


def init_app(app: Flask, settings: Settings) -> None:
    CORS(
        app,
        resources=RESOURCES,
        origins=list(settings.agent_app_origins),
        methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        # A request without an Origin header is not a browser's cross-origin call: no grant.
        always_send=False,
    )

"""The request bodies the API takes, validated with Django forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class TextField(forms.CharField):
    """A CharField for JSON bodies: a number, list or object is refused, not turned into text.

    Like every CharField it strips surrounding whitespace, so a blank value counts as missing.
    """

    def to_python(self, value: Any) -> str | None:
        if value is not None and not isinstance(value, str):
            raise ValidationError("Send a string.", code="invalid")
        return super().to_python(value)
{% if cookiecutter.auth == "sign-in" %}

class AccessTokenForm(forms.Form):
    """``POST /api/session``: the access token that Sign in with LiveChat gave the page."""

    access_token = TextField(max_length=4096)
{%- else %}

class AgentCredentialsForm(forms.Form):
    """``POST /authorize/``: what the Agent App sends for the agent."""

    login = TextField(max_length=320)
    # The agent's credential: never logged, stored or sent back (form errors do not echo it).
    api_key = TextField(max_length=512)
{%- endif %}

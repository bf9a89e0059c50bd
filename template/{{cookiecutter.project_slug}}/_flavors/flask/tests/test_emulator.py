{%- set widgets = cookiecutter._sdks[cookiecutter.sdk].widgets -%}
{%- if widgets -%}
"""The Agent App emulator and the postmessage parent side: served in development, never in
production."""
{%- else -%}
"""The Agent App emulator and LiveChat's stand-ins: served in development, never in production."""
{%- endif %}

from __future__ import annotations

from dataclasses import replace
{%- if not widgets %}
from html.parser import HTMLParser
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import Settings
{% if not widgets %}
LIVECHAT_SCRIPTS = [
    "{{ cookiecutter._livechat.extension_library_js }}",
{%- if cookiecutter.auth == "sign-in" %}
    "{{ cookiecutter._livechat.accounts_sdk_js }}",
{%- endif %}
]
STAND_INS = [
    "emulator/livechat.js",
{%- if cookiecutter.auth == "sign-in" %}
    "emulator/accounts-sdk.js",
{%- endif %}
]
{%- endif %}
# Every file of the emulator and its mimetype.
EMULATOR_FILES = [
    ("/emulator/", "text/html"),
    ("/emulator/emulator.js", "text/javascript"),
    ("/emulator/emulator.css", "text/css"),
    ("/emulator/customers.json", "application/json"),
{%- if widgets %}
    # The parent side of LiveChat's postmessage, which the Agent App runs too.
    ("/emulator/postmessage.js", "text/javascript"),
{%- else %}
    ("/emulator/livechat.js", "text/javascript"),
{%- if cookiecutter.auth == "sign-in" %}
    ("/emulator/accounts-sdk.js", "text/javascript"),
{%- endif %}
{%- endif %}
]
{%- if not widgets %}
PAGE_URLS = ["/", "/?lcext_emulator=1", "/?plugin_id=lcext-emulator&lcext_emulator=1"]


class Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        source = dict(attrs).get("src")
        if tag == "script" and source:
            self.sources.append(source)


def scripts(client: FlaskClient, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = Scripts()
    parser.feed(response.text)
    return parser.sources
{%- endif %}


def fetch(client: FlaskClient, path: str) -> TestResponse:
    response = client.get(path)
    response.get_data()
    response.close()  # files are sent from an open file
    return response


@pytest.fixture
def production(settings: Settings) -> Flask:
    return create_app(replace(settings, environment="production"))


@pytest.mark.parametrize(("path", "mimetype"), EMULATOR_FILES)
def test_development_serves_the_emulator(client: FlaskClient, path: str, mimetype: str) -> None:
    response = fetch(client, path)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    # The emulator frames the page from the same origin; nothing may frame the emulator.
    directives = dict(
        d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")
    )
    assert directives["frame-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


{%- if not widgets %}


def test_the_emulator_embeds_the_page_as_the_agent_app_does(client: FlaskClient) -> None:
    emulator = fetch(client, "/emulator/").text
    assert 'src="../?plugin_id=lcext-emulator&amp;lcext_emulator=1"' in emulator
    assert 'data-auth="{{ cookiecutter.auth }}"' in emulator
{%- endif %}


def test_the_emulator_serves_only_its_own_files(client: FlaskClient) -> None:
    assert client.get("/emulator").status_code == 308  # to /emulator/
    for path in (
        "/emulator/nothing.js",
        "/emulator/__init__.py",  # the blueprint's module, in the same folder
{%- if not widgets %}
        "/emulator/livechat-stand-in.js",  # the file's own name: served as livechat.js only
{%- endif %}
        "/emulator/../dev.py",
        "/emulator/%2e%2e/dev.py",
    ):
        assert fetch(client, path).status_code == 404, path


@pytest.mark.parametrize("path", [path for path, _ in EMULATOR_FILES])
def test_production_has_no_emulator(production: Flask, path: str) -> None:
    response = fetch(production.test_client(), path)
    assert response.status_code == 404
    assert response.is_json
{%- if not widgets %}


def test_the_emulator_gets_the_stand_ins_in_development(client: FlaskClient) -> None:
    sources = scripts(client, "/?plugin_id=lcext-emulator&lcext_emulator=1")
    for stand_in in STAND_INS:
        assert stand_in in sources
    for script in LIVECHAT_SCRIPTS:
        assert script not in sources


@pytest.mark.parametrize("url", ["/", "/?lcext_emulator=0", "/?plugin_id=x"])
def test_development_pages_load_livechat_without_the_emulator(
    client: FlaskClient, url: str
) -> None:
    sources = scripts(client, url)
    assert sources[: len(LIVECHAT_SCRIPTS)] == LIVECHAT_SCRIPTS


@pytest.mark.parametrize("url", PAGE_URLS)
def test_production_pages_never_reference_the_emulator(production: Flask, url: str) -> None:
    client = production.test_client()
    sources = scripts(client, url)
    assert sources == [*LIVECHAT_SCRIPTS, "static/extension.js"]
    page = client.get(url).text
    assert "emulator/" not in page
{%- endif %}

"""The widgets' pages: each loads the vendored SDK and its own files, with the app's Client Id."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
# Each widget: its name and the path the Agent App loads it at.
WIDGETS = {
{%- for widget in cookiecutter._livechat.widgets %}
    "{{ widget.name }}": "/{{ widget.path }}",
{%- endfor %}
}
SDK = "static/vendor/agentapp.umd.min.js"
ACCOUNTS_SDK = "static/vendor/accounts-sdk.js"
# Every file the pages load, and its mimetype.
ASSETS = {
    f"/{SDK}": "text/javascript",
    f"/{ACCOUNTS_SDK}": "text/javascript",
    "/static/widget.js": "text/javascript",
    **{f"/static/{name}.js": "text/javascript" for name in WIDGETS},
    "/static/widgets.css": "text/css",
}


class PageParser(HTMLParser):
    """Collects what the tests look at: the head's resources and the elements by id."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.head_scripts: list[str] = []
        self.head_stylesheets: list[str] = []
        self.elements: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        if self.in_head and tag == "script" and attributes.get("src"):
            self.head_scripts.append(str(attributes["src"]))
        if self.in_head and tag == "link" and attributes.get("rel") == "stylesheet":
            self.head_stylesheets.append(str(attributes["href"]))
        if attributes.get("id"):
            self.elements[str(attributes["id"])] = attributes

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def parse_page(client: FlaskClient, path: str) -> PageParser:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    parser = PageParser()
    parser.feed(response.text)
    return parser


def get_static(client: FlaskClient, path: str) -> TestResponse:
    """A static file, read and closed: Flask sends it from an open file."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize(("name", "path"), WIDGETS.items())
def test_each_widget_has_its_page(client: FlaskClient, name: str, path: str) -> None:
    page = parse_page(client, path)
    widget = page.elements["widget"]
    assert widget["data-widget"] == name
    # What accounts-sdk needs to sign the agent in, from the settings.
    assert widget["data-client-id"] == "test-client-id"
    assert str(widget["data-accounts-url"]).startswith("http://127.0.0.1:")
    # Outside the Agent App the page says how to open it there.
    assert "outside-agent-app" in page.elements


@pytest.mark.parametrize(("name", "path"), WIDGETS.items())
def test_each_page_loads_the_sdk_before_its_own_scripts(
    client: FlaskClient, name: str, path: str
) -> None:
    page = parse_page(client, path)
    scripts = page.head_scripts
    # Relative URLs: the pages work at any path, and behind a proxy that terminates HTTPS.
    assert scripts[0] == SDK
    assert scripts.index("static/widget.js") < scripts.index(f"static/{name}.js")
    # Only Chat Details signs the agent in.
    assert (ACCOUNTS_SDK in scripts) == (name == "details")
    assert page.head_stylesheets == ["static/widgets.css"]
    # Nothing from another site: the SDKs are vendored.
    assert all("//" not in url for url in [*scripts, *page.head_stylesheets])


@pytest.mark.parametrize(("path", "mimetype"), ASSETS.items())
def test_the_pages_files_are_served(client: FlaskClient, path: str, mimetype: str) -> None:
    response = get_static(client, path)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.data


def test_the_sdks_notices_are_served_beside_them(client: FlaskClient) -> None:
    notices = get_static(client, "/static/vendor/THIRD-PARTY-NOTICES.txt")
    assert notices.status_code == 200
    for package in (
        "{{ cookiecutter._livechat.agent_app_sdk.package }}",
        "{{ cookiecutter._livechat.accounts_sdk.package }}",
    ):
        assert package in notices.text


def test_the_client_id_is_escaped_into_the_pages(settings: Settings) -> None:
    app = create_app(replace(settings, livechat_client_id='"><script>alert(1)</script>'))
    for path in WIDGETS.values():
        page = app.test_client().get(path).text
        assert "<script>alert(1)" not in page
        assert "&#34;&gt;&lt;script&gt;" in page


@pytest.mark.parametrize("path", WIDGETS.values())
def test_production_pages_are_the_same_for_every_request(settings: Settings, path: str) -> None:
    client = create_app(replace(settings, environment="production")).test_client()
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    # The same SDK as in development: nothing of the emulator's.
    page = parse_page(client, path)
    assert page.head_scripts[0] == SDK
    assert not any("emulator" in url for url in page.head_scripts)


@pytest.mark.parametrize("path", WIDGETS.values())
def test_the_pages_are_not_open_to_other_sites(client: FlaskClient, path: str) -> None:
    # The Agent App frames the pages; only the API answers cross-origin calls.
    response = client.get(path, headers={"Origin": AGENT_APP_ORIGIN})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers

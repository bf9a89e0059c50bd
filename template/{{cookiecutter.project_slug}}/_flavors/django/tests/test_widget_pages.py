"""The widgets' pages: each loads the vendored SDK and its own files, with the app's Client Id."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from pytest_django import Settings

from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)

# Each widget: its name and the path the Agent App loads it at.
WIDGETS = {
{%- for widget in cookiecutter._livechat.widgets %}
    "{{ widget.name }}": "/{{ widget.path }}",
{%- endfor %}
}
SDK = "static/vendor/agentapp.umd.min.js"
ACCOUNTS_SDK = "static/vendor/accounts-sdk.js"
# Every file the pages load, and its content type.
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


def parse_page(client: Client, path: str) -> PageParser:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def get_asset(client: Client, path: str) -> tuple[str, bytes]:
    """The content type and bytes of a static file (WhiteNoise streams it from disk)."""
    response = client.get(path)
    assert response.status_code == 200, path
    try:
        return response["Content-Type"], response.getvalue()
    finally:
        response.close()


@pytest.mark.parametrize(("name", "path"), WIDGETS.items())
def test_each_widget_has_its_page(client: Client, settings: Settings, name: str, path: str) -> None:
    page = parse_page(client, path)
    widget = page.elements["widget"]
    assert widget["data-widget"] == name
    # What accounts-sdk needs to sign the agent in, from the settings.
    assert widget["data-client-id"] == "test-client-id"
    assert widget["data-accounts-url"] == settings.LIVECHAT_ACCOUNTS_URL
    # Outside the Agent App the page says how to open it there.
    assert "outside-agent-app" in page.elements


@pytest.mark.parametrize(("name", "path"), WIDGETS.items())
def test_each_page_loads_the_sdk_before_its_own_scripts(
    client: Client, name: str, path: str
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


@pytest.mark.parametrize(("path", "content_type"), ASSETS.items())
def test_the_pages_files_are_served(client: Client, path: str, content_type: str) -> None:
    served_type, content = get_asset(client, path)
    assert served_type.startswith(content_type)
    assert content.strip()


def test_the_sdks_notices_are_served_beside_them(client: Client) -> None:
    _, notices = get_asset(client, "/static/vendor/THIRD-PARTY-NOTICES.txt")
    for package in (
        "{{ cookiecutter._livechat.agent_app_sdk.package }}",
        "{{ cookiecutter._livechat.accounts_sdk.package }}",
    ):
        assert package.encode() in notices


def test_the_client_id_is_escaped_into_the_pages(client: Client, settings: Settings) -> None:
    settings.LIVECHAT_CLIENT_ID = '"><script>alert(1)</script>'
    for path in WIDGETS.values():
        page = parse_page(client, path)
        assert page.elements["widget"]["data-client-id"] == settings.LIVECHAT_CLIENT_ID
        assert "<script>alert(1)" not in client.get(path).content.decode()


@pytest.mark.parametrize("path", WIDGETS.values())
def test_the_agent_app_may_frame_the_pages(client: Client, path: str) -> None:
    # Django's clickjacking protection would send "X-Frame-Options: DENY" and blank the widget.
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize("path", WIDGETS.values())
def test_the_pages_are_not_shared_with_other_sites(client: Client, path: str) -> None:
    # CORS is for the API only.
    response = client.get(path, headers={"Origin": DEFAULT_AGENT_APP_ORIGINS[0]})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers

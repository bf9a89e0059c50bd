"""The Agent App emulator and the stand-ins of LiveChat's scripts: in development only."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import Settings

# What the emulator's iframe asks for: the page, with the Agent App's plugin_id.
EMULATED_PAGE = "/?plugin_id=lcext-emulator&lcext_emulator=1"
LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}"
{%- if cookiecutter.auth == "sign-in" %}
ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}"
{%- endif %}
# Every file of the emulator, and the type it is served as.
EMULATOR_FILES = [
    ("/emulator/", "text/html"),
    ("/emulator/emulator.js", "javascript"),
    ("/emulator/emulator.css", "text/css"),
    ("/emulator/customers.json", "application/json"),
    ("/emulator/livechat.js", "javascript"),
{%- if cookiecutter.auth == "sign-in" %}
    ("/emulator/accounts-sdk.js", "javascript"),
{%- endif %}
]


class References(HTMLParser):
    """Every URL the page refers to: scripts, stylesheets, links, frames, images."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [str(value) for name, value in attrs if name in ("src", "href") and value]


@pytest.fixture
def production(settings: Settings) -> TestClient:
    return TestClient(create_app(settings.model_copy(update={"environment": "production"})))


@pytest.mark.parametrize(("path", "content_type"), EMULATOR_FILES)
def test_development_serves_the_emulator(client: TestClient, path: str, content_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert content_type in response.headers["content-type"]
    # Rendered when the project was made: no template syntax is left for the browser.
    assert not [mark for mark in ("{" + "{", "{" + "%") if mark in response.text]


def test_the_emulator_frames_the_page_with_a_plugin_id(client: TestClient) -> None:
    emulator = client.get("/emulator/").text
    assert 'src="../?plugin_id=lcext-emulator&amp;lcext_emulator=1"' in emulator
    assert 'data-auth="{{ cookiecutter.auth }}"' in emulator


@pytest.mark.parametrize(
    "path",
    [path for path, _ in EMULATOR_FILES] + ["/emulator", "/emulator/accounts-sdk.js"],
)
def test_production_has_no_emulator(production: TestClient, path: str) -> None:
    assert production.get(path).status_code == 404


def test_the_emulator_gets_the_stand_ins_in_development(client: TestClient) -> None:
    page = client.get(EMULATED_PAGE).text
    assert '<script src="emulator/livechat.js">' in page
    assert LIBRARY_JS not in page
{%- if cookiecutter.auth == "sign-in" %}
    assert '<script src="emulator/accounts-sdk.js">' in page
    assert ACCOUNTS_SDK_JS not in page
{%- endif %}


@pytest.mark.parametrize("query", ["", "?plugin_id=1", "?lcext_emulator=0", "?lcext_emulator=yes"])
def test_development_loads_livechat_outside_the_emulator(client: TestClient, query: str) -> None:
    page = client.get(f"/{query}").text
    assert f'<script src="{LIBRARY_JS}">' in page
{%- if cookiecutter.auth == "sign-in" %}
    assert f'<script src="{ACCOUNTS_SDK_JS}">' in page
{%- endif %}
    assert "emulator/" not in page


@pytest.mark.parametrize("query", ["", EMULATED_PAGE.removeprefix("/"), "?lcext_emulator=1"])
def test_production_pages_never_reference_the_emulator(production: TestClient, query: str) -> None:
    page = production.get(f"/{query}").text
    assert f'<script src="{LIBRARY_JS}">' in page
{%- if cookiecutter.auth == "sign-in" %}
    assert f'<script src="{ACCOUNTS_SDK_JS}">' in page
{%- endif %}
    urls = References(page).urls
    assert LIBRARY_JS in urls
    assert not [url for url in urls if "emulator" in url or "stand-in" in url]

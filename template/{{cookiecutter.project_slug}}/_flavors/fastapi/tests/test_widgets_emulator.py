"""The Agent App emulator that hosts the widgets: in development only."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import create_app
from {{ cookiecutter.module_name }}.config import Settings
from {{ cookiecutter.module_name }}.plumbing import (
    emulator,
)

# Every file of the emulator, and the type it is served as.
EMULATOR_FILES = [
    ("/emulator/", "text/html"),
    ("/emulator/emulator.js", "javascript"),
    ("/emulator/emulator.css", "text/css"),
    ("/emulator/customers.json", "application/json"),
    ("/emulator/postmessage.js", "javascript"),
]


class WidgetChoices(HTMLParser):
    """The emulator's widget selector: {name: the page's URL relative to /emulator/}."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.urls: dict[str, str] = {}
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "option" and attributes.get("data-url"):
            self.urls[str(attributes["value"])] = str(attributes["data-url"])


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


def test_the_emulator_offers_every_widget_page(client: TestClient) -> None:
    urls = WidgetChoices(client.get("/emulator/").text).urls
    assert urls == {
{%- for widget in cookiecutter._livechat.widgets %}
        "{{ widget.name }}": "../{{ widget.path }}",
{%- endfor %}
    }
    for url in urls.values():
        assert client.get("/emulator/" + url).status_code == 200


def test_the_emulator_runs_the_agent_apps_side_of_the_frame_protocol(client: TestClient) -> None:
    # The parent side of @livechat/postmessage, vendored as built from the pinned package.
    parent_side = client.get("/emulator/postmessage.js")
    assert parent_side.content == (emulator.EMULATOR_DIR / "postmessage.js").read_bytes()
    assert b"LiveChatPostMessage" in parent_side.content
    script = client.get("/emulator/emulator.js").text
    assert "connectExistingIframe" in script
    assert 'call("handle", envelope)' in script


@pytest.mark.parametrize("path", [path for path, _ in EMULATOR_FILES] + ["/emulator"])
def test_production_has_no_emulator(production: TestClient, path: str) -> None:
    assert production.get(path).status_code == 404

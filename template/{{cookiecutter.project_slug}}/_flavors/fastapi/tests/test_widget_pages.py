"""The widget pages as the server sends them: the SDKs they load, and the values filled in."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.app import (
    STATIC_DIR,
    create_app,
)
from {{ cookiecutter.module_name }}.config import Settings

from accounts_server import AccountsServer

# Each widget's path, the factory its script calls, and the scripts it loads, in order.
PAGES = {
{%- for widget in cookiecutter._livechat.widgets %}
    "/{{ widget.path }}": ("{{ widget.name }}", "{{ widget.factory }}"),
{%- endfor %}
}
# LiveChat's SDKs, vendored: see the README.
VENDORED = STATIC_DIR / "vendor"


class Page(HTMLParser):
    """The page's scripts and stylesheets, and its elements by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.elements: dict[str, dict[str, str | None]] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.scripts.append(str(attributes["src"]))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(str(attributes["href"]))
        if attributes.get("id"):
            self.elements[str(attributes["id"])] = attributes


def get_page(client: TestClient, path: str) -> Page:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    # Rendered when the project was made and when served: no template syntax is left.
    assert not [mark for mark in ("{" + "{", "{" + "%") if mark in response.text]
    return Page(response.text)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_loads_the_widgets_sdk_then_its_own_script(client: TestClient, path: str) -> None:
    name, _ = PAGES[path]
    page = get_page(client, path)
    sdks = ["static/vendor/agentapp.umd.min.js"]
    if name == "details":
        sdks.append("static/vendor/accounts-sdk.js")  # Sign in with LiveChat
    assert page.scripts == [*sdks, "static/widget.js", f"static/{name}.js"]
    assert page.stylesheets == ["static/widgets.css"]
    main = page.elements["widget"]
    assert main["data-widget"] == name
    # Hidden until the widget knows it is outside the Agent App.
    assert "hidden" in page.elements["outside-agent-app"]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_gets_the_client_id_and_the_accounts_server(
    client: TestClient, accounts_server: AccountsServer, path: str
) -> None:
    main = get_page(client, path).elements["widget"]
    assert main["data-client-id"] == "test-client-id"
    assert main["data-accounts-url"] == accounts_server.url


@pytest.mark.parametrize("environment", ["development", "production"])
def test_the_filled_in_values_are_escaped(settings: Settings, environment: str) -> None:
    update = {"livechat_client_id": 'id"><script>x</script>', "environment": environment}
    with TestClient(create_app(settings.model_copy(update=update))) as client:
        response = client.get("/")
    assert "<script>x</script>" not in response.text
    assert Page(response.text).elements["widget"]["data-client-id"] == update["livechat_client_id"]


@pytest.mark.parametrize("path", PAGES)
def test_each_pages_script_starts_its_widget(client: TestClient, path: str) -> None:
    name, factory = PAGES[path]
    shared = client.get("/static/widget.js").text
    script = client.get(f"/static/{name}.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert f'start("{factory}"' in script.text
    # The factory is called, and its rejection outside the Agent App caught, in widget.js.
    assert "await LiveChat[factory]()" in shared
    # Customer data is untrusted: it is shown as text, never as HTML.
    for text in (shared, script.text):
        assert "innerHTML" not in text


@pytest.mark.parametrize("name", ["agentapp.umd.min.js", "accounts-sdk.js"])
def test_the_vendored_sdks_are_served_as_they_are(client: TestClient, name: str) -> None:
    response = client.get(f"/static/vendor/{name}")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.content == (VENDORED / name).read_bytes()


def test_the_vendored_sdks_come_with_their_licenses() -> None:
    notices = (VENDORED / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for package in (
        "{{ cookiecutter._livechat.agent_app_sdk.package }} {{ cookiecutter._livechat.agent_app_sdk.version }}",
        "{{ cookiecutter._livechat.accounts_sdk.package }} {{ cookiecutter._livechat.accounts_sdk.version }}",
    ):
        assert package in notices
    assert "MIT License" in notices

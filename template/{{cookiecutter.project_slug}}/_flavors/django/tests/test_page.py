from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
{%- if cookiecutter.auth == "sign-in" %}
from pytest_django import Settings
{%- endif %}

from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)

LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}"
LIBRARY_CSS = "{{ cookiecutter._livechat.extension_library_css }}"
{%- if cookiecutter.auth == "sign-in" %}
ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}"
{%- endif %}


class PageParser(HTMLParser):
    """Collects what the tests look at: the head's resources and the elements by id."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.head_scripts: list[str] = []
        self.head_stylesheets: list[str] = []
        self.elements: dict[str, dict[str, str | None]] = {}
        self.classes: set[str] = set()

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
        self.classes.update((attributes.get("class") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def parse_page(client: Client) -> PageParser:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def get_asset(client: Client, path: str) -> tuple[str, str]:
    """The content type and text of a static file (WhiteNoise streams it from disk)."""
    response = client.get(path)
    assert response.status_code == 200
    try:
        return response["Content-Type"], response.getvalue().decode()
    finally:
        response.close()


def test_page_loads_livechat_library_in_head(client: Client) -> None:
    page = parse_page(client)
    assert LIBRARY_JS in page.head_scripts
    assert LIBRARY_CSS in page.head_stylesheets
    # The page's own script runs after LiveChat's library, which it needs.
    assert page.head_scripts.index("static/extension.js") > page.head_scripts.index(LIBRARY_JS)


def test_page_has_a_place_for_each_state(client: Client) -> None:
    page = parse_page(client)
    for element in ("outside-agent-app", "problem", "agent", "no-customer", "customer"):
        assert element in page.elements
    for field in ("name", "email", "chat", "group", "source"):
        assert f"customer-{field}" in page.elements
    # Until a customer profile arrives, the page says so instead of showing empty fields.
    assert "hidden" not in page.elements["no-customer"]
    assert "hidden" in page.elements["customer"]


def test_the_agent_app_may_frame_the_page(client: Client) -> None:
    # Django's clickjacking protection would send "X-Frame-Options: DENY" and blank the sidebar.
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers


def test_the_page_is_not_shared_with_other_sites(client: Client) -> None:
    # CORS is for the API only.
    response = client.get("/", headers={"Origin": DEFAULT_AGENT_APP_ORIGINS[0]})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_forms_of_the_site_keep_the_csrf_check() -> None:
    # Only the API is exempt: a POST without a CSRF token anywhere else is refused.
    response = Client(enforce_csrf_checks=True).post("/")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/static/extension.js", "javascript"), ("/static/extension.css", "text/css")],
)
def test_page_assets_are_served(client: Client, path: str, content_type: str) -> None:
    served_type, text = get_asset(client, path)
    assert content_type in served_type
    assert text.strip()


def test_script_starts_the_library_and_listens_to_events(client: Client) -> None:
    _, script = get_asset(client, "/static/extension.js")
{%- if cookiecutter.auth == "sign-in" %}
    # Sign in with LiveChat turns LiveChat's own authorization off, under both documented keys.
    assert "LiveChat.init({ authorize: false, authorization: false })" in script
    events = ("customer_profile", "customer_profile_hidden")
{%- else %}
    assert "LiveChat.init()" in script
    events = ("customer_profile", "customer_profile_hidden", "authorize", "authorize_error")
{%- endif %}
    for event in events:
        assert f'LiveChat.on("{event}"' in script
    # Customer data is untrusted: it is rendered as text, never as HTML.
    assert "textContent" in script
    assert "innerHTML" not in script
{%- if cookiecutter.auth == "sign-in" %}


def test_page_offers_sign_in_with_livechat(client: Client) -> None:
    page = parse_page(client)
    assert ACCOUNTS_SDK_JS in page.head_scripts
    assert "livechat-login-button" in page.classes
    assert page.elements["extension"]["data-client-id"] == "test-client-id"


def test_the_client_id_is_escaped(client: Client, settings: Settings) -> None:
    settings.LIVECHAT_CLIENT_ID = '"><script>alert(1)</script>'
    page = parse_page(client)
    assert page.elements["extension"]["data-client-id"] == settings.LIVECHAT_CLIENT_ID
    assert "<script>alert(1)" not in client.get("/").content.decode()
{%- endif %}

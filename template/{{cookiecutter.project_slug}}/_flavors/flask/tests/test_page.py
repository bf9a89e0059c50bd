from __future__ import annotations

{% if cookiecutter.auth == "sign-in" -%}
from dataclasses import replace
{% endif -%}
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.test import TestResponse
{% if cookiecutter.auth == "sign-in" %}
from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
    Settings,
)
{%- else %}
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)
{%- endif %}

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
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


def parse_page(client: FlaskClient) -> PageParser:
    response = client.get("/")
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


def test_page_loads_livechat_library_in_head(client: FlaskClient) -> None:
    page = parse_page(client)
    assert LIBRARY_JS in page.head_scripts
    assert LIBRARY_CSS in page.head_stylesheets
    # The page's own script runs after LiveChat's library, which it needs.
    assert page.head_scripts.index("static/extension.js") > page.head_scripts.index(LIBRARY_JS)
    assert "static/extension.css" in page.head_stylesheets


def test_page_has_a_place_for_each_state(client: FlaskClient) -> None:
    page = parse_page(client)
    for element in ("outside-agent-app", "problem", "agent", "no-customer", "customer"):
        assert element in page.elements
    for field in ("name", "email", "chat", "group", "source"):
        assert f"customer-{field}" in page.elements
    # Until a customer profile arrives, the page says so instead of showing empty fields.
    assert "hidden" not in page.elements["no-customer"]
    assert "hidden" in page.elements["customer"]


def test_page_assets_are_served(client: FlaskClient) -> None:
    for path, mimetype in (
        ("/static/extension.js", "text/javascript"),
        ("/static/extension.css", "text/css"),
    ):
        response = get_static(client, path)
        assert response.status_code == 200
        assert response.mimetype == mimetype


def test_script_starts_the_library_and_listens_to_events(client: FlaskClient) -> None:
    script = get_static(client, "/static/extension.js").text
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


def test_the_page_is_not_open_to_other_sites(client: FlaskClient) -> None:
    # The Agent App frames the page; only the API answers cross-origin calls.
    response = client.get("/", headers={"Origin": AGENT_APP_ORIGIN})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
{%- if cookiecutter.auth == "sign-in" %}


def test_page_offers_sign_in_with_livechat(client: FlaskClient) -> None:
    page = parse_page(client)
    assert ACCOUNTS_SDK_JS in page.head_scripts
    assert "livechat-login-button" in page.classes
    assert page.elements["extension"]["data-client-id"] == "test-client-id"


def test_the_client_id_is_escaped_into_the_page(settings: Settings) -> None:
    app = create_app(replace(settings, livechat_client_id='"><script>alert(1)</script>'))
    page = app.test_client().get("/").text
    assert "<script>alert(1)" not in page
    assert "&#34;&gt;&lt;script&gt;" in page
{%- endif %}

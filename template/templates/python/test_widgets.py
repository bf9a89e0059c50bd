"""The widget pages in headless Chromium, on LiveChat's real widgets and accounts SDKs (the
vendored files the pages load), with the Agent App emulator as their parent.

Every Python flavor runs these same tests. Its ``conftest.py`` provides two fixtures:
``accounts_server``, the stand-in for LiveChat's accounts server (``accounts_server.py``), and
``app_url``, the app served for real on 127.0.0.1 in development, with that stand-in as its
accounts server and ``test-client-id`` as its Client Id. Chromium is found as ``chromium.py``
says. Nothing leaves 127.0.0.1: every other request is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, Route, expect, sync_playwright

from accounts_server import ACCOUNT_ID, AccountsServer
from chromium import LAUNCH_ARGS, NoChromiumError, find_chromium

pytestmark = pytest.mark.browser

# Playwright gives each expectation 5 s by default; a busy CI machine can take longer to start
# the page. A page that never gets there still fails, only later.
expect.set_options(timeout=15_000)

CLIENT_ID = "test-client-id"
TOKEN = "dal:widgets-test-access-token-0123456789"
# The widget pages, by name, and their paths.
WIDGETS = {
{%- for widget in cookiecutter._livechat.widgets %}
    "{{ widget.name }}": "/{{ widget.path }}",
{%- endfor %}
}
# The customer samples of the emulator (customers.json): the first, and the one whose name is
# HTML.
MARY = {
    "name": "Mary Brown",
    "email": "mary.brown@email.com",
    "chat": "NY0U96PIT4",
    "group": "42",
    "source": "chats",
}
MARY_ID = "S126126161.O136OJPO1"
HTML_NAME = '<img src=x onerror="window.__injected = true">Eve'


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            executable = find_chromium(playwright)
        except NoChromiumError as error:
            pytest.fail(str(error), pytrace=False)
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(browser: Browser, app_url: str, accounts_server: AccountsServer) -> Iterator[Page]:
    """A browser tab; only the app and the accounts stand-in (its sign-in popup) answer."""
    context = browser.new_context()
    allowed = (f"{app_url}/", f"{accounts_server.url}/")

    def local_only(route: Route) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    yield page
    context.close()


def open_widget(tab: Page, app_url: str, widget: str, connection: str = "trusted") -> FrameLocator:
    """The emulator hosting ``widget``, once the widget said it is ready."""
    tab.goto(f"{app_url}/emulator/?widget={widget}&connection={connection}")
    # The spinner goes once the widget sends plugin_inited.
    expect(tab.locator("#status")).to_have_class("status ready")
    return tab.frame_locator("#widget-frame")


def send_customer(tab: Page, sample: int = 0) -> None:
    tab.locator("#customer-sample").select_option(index=sample)
    tab.get_by_role("button", name="Send customer_profile").click()


def sign_in(tab: Page, widget: FrameLocator, accounts_server: AccountsServer, token: str) -> None:
    """Click the widget's sign-in button: the accounts stand-in's popup hands out ``token``."""
    accounts_server.popup_token = token
    with tab.expect_popup() as popup:
        widget.get_by_role("button", name="Sign in with LiveChat").click()
    # The popup posts the token to the widget and closes itself.
    popup.value.wait_for_event("close")


@pytest.mark.parametrize("name", WIDGETS)
def test_each_widget_completes_the_handshake(tab: Page, app_url: str, name: str) -> None:
    open_widget(tab, app_url, name)
    log = tab.locator("#frame-log")
    # The trusted connection's frames, both ways: the handshake, then the widget's call.
    expect(log).to_contain_text('"type": "handshake"')
    expect(log).to_contain_text("handshake complete")
    expect(log).to_contain_text('"message": "plugin_inited"')


def test_the_plain_connection_starts_but_drops_events_from_other_origins(
    tab: Page, app_url: str
) -> None:
    widget = open_widget(tab, app_url, "details", connection="plain")
    send_customer(tab)
    expect(tab.locator("#frame-log")).to_contain_text("drops this one")
    # The widgets SDK's plain driver heeds only LiveChat's origins: the customer never shows.
    expect(widget.locator("#no-customer")).to_be_visible()


def test_the_customer_is_shown_and_an_html_name_as_text(tab: Page, app_url: str) -> None:
    widget = open_widget(tab, app_url, "details")
    send_customer(tab)
    for field, value in MARY.items():
        expect(widget.locator(f"#customer-{field}")).to_have_text(value)
    send_customer(tab, sample=3)
    expect(widget.locator("#customer-name")).to_have_text(HTML_NAME)
    assert widget.locator("#customer-name img").count() == 0
    frame = tab.frame(url=lambda url: "plugin_id=" in url)
    assert frame is not None
    assert frame.evaluate("window.__injected") is None


def test_before_sign_in_the_section_asks_to_sign_in(tab: Page, app_url: str) -> None:
    widget = open_widget(tab, app_url, "details")
    send_customer(tab)
    expect(tab.locator("#section")).to_contain_text("Sign in in the app")
    expect(widget.get_by_role("button", name="Sign in with LiveChat")).to_be_visible()


def test_a_sign_in_fills_the_section_from_the_backend_and_its_button_refreshes_it(
    tab: Page, app_url: str, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, client_id=CLIENT_ID)
    widget = open_widget(tab, app_url, "details")
    send_customer(tab)
    with tab.expect_response(re.compile(r"/api/customers/.+/details$")) as first:
        sign_in(tab, widget, accounts_server, TOKEN)
    # The popup was asked for this app's client, and the backend asked the accounts server.
    assert accounts_server.popups[-1]["client_id"] == CLIENT_ID
    assert {"path": "/v2/info", "authorization": f"Bearer {TOKEN}"} in accounts_server.requests
    expect(widget.locator("#agent-login")).to_have_text(ACCOUNT_ID)
    expect(widget.locator("#sign-in")).to_be_hidden()
    assert first.value.status == 200
    assert first.value.url.endswith(f"/api/customers/{MARY_ID}/details")
    section = tab.locator("#section")
    expect(section).to_contain_text(MARY_ID)
    expect(section).to_contain_text(ACCOUNT_ID)
    # The section's button, as the Agent App shows it: a click goes back to the widget, which
    # asks the backend again and modifies the section with its new answer.
    with tab.expect_response(re.compile(r"/api/customers/.+/details$")) as again:
        section.get_by_role("button", name="Refresh").click()
    expect(tab.locator("#frame-log")).to_contain_text('"buttonId": "refresh-details"')
    looked_up_at = {row["label"]: row["value"] for row in again.value.json()["rows"]}
    assert re.fullmatch(r"\d\d:\d\d:\d\d", looked_up_at["Looked up at"])
    expect(section).to_contain_text(looked_up_at["Looked up at"])


def test_a_token_of_another_app_does_not_sign_in(
    tab: Page, app_url: str, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(TOKEN, client_id="another-app")
    widget = open_widget(tab, app_url, "details")
    send_customer(tab)
    with tab.expect_response(re.compile(r"/api/session$")) as answer:
        sign_in(tab, widget, accounts_server, TOKEN)
    assert answer.value.status == 401
    expect(widget.locator("#problem")).to_contain_text("another application")
    expect(widget.locator("#agent")).to_be_hidden()
    expect(widget.get_by_role("button", name="Sign in with LiveChat")).to_be_visible()
    expect(tab.locator("#section")).to_contain_text("Sign in in the app")


def test_details_puts_a_reply_into_the_message_box(tab: Page, app_url: str) -> None:
    widget = open_widget(tab, app_url, "details")
    send_customer(tab)
    widget.get_by_role("button", name="Put a reply in the message box").click()
    expect(tab.locator("#message-box")).to_contain_text("Hello Mary Brown")


def test_the_message_box_widget_puts_a_text_cards_and_quick_replies(
    tab: Page, app_url: str
) -> None:
    widget = open_widget(tab, app_url, "messagebox")
    box = tab.locator("#message-box")
    widget.get_by_role("button", name="Text").click()
    expect(box).to_contain_text("Thanks for reaching out")
    widget.get_by_role("button", name="Cards").click()
    expect(box.locator(".rich-message")).to_have_attribute("data-template", "cards")
    expect(box).to_contain_text("Our plans")
    widget.get_by_role("button", name="Quick replies").click()
    expect(box.locator(".rich-message")).to_have_attribute("data-template", "quick_replies")
    expect(box).to_contain_text("Yes, thanks")


def test_the_fullscreen_widget_sets_and_clears_the_badge(tab: Page, app_url: str) -> None:
    widget = open_widget(tab, app_url, "fullscreen")
    badge = tab.locator("#badge")
    expect(badge).to_be_hidden()
    for _ in range(2):
        widget.get_by_role("button", name="Add one").click()
    expect(badge).to_have_text("2")
    widget.get_by_role("button", name="Clear").click()
    expect(badge).to_be_hidden()


@pytest.mark.parametrize("name", WIDGETS)
def test_a_theme_change_is_applied(tab: Page, app_url: str, name: str) -> None:
    widget = open_widget(tab, app_url, name)
    # The first theme comes with the page's URL (?theme=light), as the Agent App adds it.
    expect(widget.locator("html")).to_have_attribute("data-theme", "light")
    tab.locator("#theme-select").select_option("dark")
    tab.get_by_role("button", name="Send change_theme").click()
    expect(widget.locator("html")).to_have_attribute("data-theme", "dark")


@pytest.mark.parametrize("name", WIDGETS)
def test_a_page_opened_outside_the_agent_app_explains_itself(
    tab: Page, app_url: str, name: str
) -> None:
    tab.goto(f"{app_url}{WIDGETS[name]}")
    expect(tab.locator("#outside-agent-app")).to_be_visible()
    expect(tab.locator("#outside-agent-app")).to_contain_text("Developers Console")
    expect(tab.locator("#problem")).to_be_hidden()

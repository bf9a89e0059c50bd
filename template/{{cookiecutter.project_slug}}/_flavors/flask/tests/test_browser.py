"""The whole handshake in a real browser: the app's real server, the Agent App emulator, Chromium.

The app runs in a werkzeug server on 127.0.0.1 in development configuration, which serves the
emulator and the stand-ins for LiveChat's scripts; headless Chromium opens ``/emulator/``.
{%- if cookiecutter.auth == "sign-in" %}
The backend verifies the emulator's access token with the stand-in accounts server of
``accounts_server.py``.
{%- else %}
The backend verifies the emulator's login and API key with the stand-in for LiveChat's API of
``livechat_api_server.py``.
{%- endif %}
Every request that is not to 127.0.0.1 is aborted: no test talks to LiveChat.
``chromium.py`` finds the Chromium to drive; without one these tests fail, they never skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, FrameLocator, Page, Request, expect, sync_playwright

{% if cookiecutter.auth == "sign-in" -%}
from accounts_server import AccountsServer
{% endif -%}
from chromium import LAUNCH_ARGS, NoChromiumError, find_chromium
{%- if cookiecutter.auth == "basic" %}
from livechat_api_server import LiveChatApiServer
{%- endif %}

pytestmark = pytest.mark.browser

# Playwright gives each expectation 5 s by default; a busy CI machine can take longer to start
# the page. A page that never gets there still fails, only later.
expect.set_options(timeout=15_000)

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
{%- if cookiecutter.auth == "sign-in" %}
def server(app: Flask, app_url: str, accounts_server: AccountsServer) -> str:
    """The app's real server on 127.0.0.1; the accounts stand-in knows the emulator's token."""
    accounts_server.add_token("emulator-access-token")
{%- else %}
def server(app: Flask, app_url: str, livechat_api: LiveChatApiServer) -> str:
    """The app's real server on 127.0.0.1; the LiveChat API stand-in knows the emulator's agent."""
    livechat_api.add_agent("agent@example.com", "emulator-api-key")
{%- endif %}
    assert app.debug is False
    return app_url


@pytest.fixture
def sent() -> list[Request]:
    """Every request the browser sent to the app."""
    return []


@pytest.fixture
def page(browser: Browser, server: str, sent: list[Request]) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    # Nothing leaves 127.0.0.1: LiveChat's real stylesheet is refused, never fetched.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(f"{server}/") else route.abort()
        ),
    )
    page.on("request", lambda request: sent.append(request))
    yield page
    context.close()


def open_emulator(page: Page, server: str) -> FrameLocator:
    page.goto(f"{server}/emulator/")
    # The spinner goes once the extension calls LiveChat.init().
    expect(page.locator("#status")).to_have_class("status ready")
    expect(page.locator("#log")).to_contain_text("plugin_inited")
    return page.frame_locator("#extension")

{% if cookiecutter.auth == "sign-in" %}
def test_the_whole_handshake(page: Page, server: str, sent: list[Request]) -> None:
{%- else %}
def test_the_whole_handshake(
    page: Page, server: str, sent: list[Request], livechat_api: LiveChatApiServer
) -> None:
{%- endif %}
    extension = open_emulator(page, server)
{%- if cookiecutter.auth == "sign-in" %}
    # Sign in with LiveChat: the button shows; a click completes the sign-in with the token
    # the emulator hands out, which the backend verifies with the accounts stand-in.
    extension.get_by_role("button", name="Sign in with LiveChat").click()
    expect(page.locator("#log")).to_contain_text("identity (accounts popup)")
    expect(extension.locator("#agent-login")).to_have_text("agent@example.com")
    sessions = [r for r in sent if r.url == f"{server}/api/session"]
    assert [r.post_data_json for r in sessions] == [{"access_token": "emulator-access-token"}]
{%- else %}
    # Basic flow: the emulator POSTs the agent's login and API key to /authorize/ and sends
    # the authorize event with the session id the app answers.
    expect(page.locator("#log")).to_contain_text("POST /authorize/ 200")
    expect(page.locator("#log")).to_contain_text("livechat:authorize")
    authorize = [r for r in sent if r.url == f"{server}/authorize/"]
    assert [r.post_data_json for r in authorize] == [
        {"login": "agent@example.com", "api_key": "emulator-api-key"}
    ]
    expect(extension.locator("#agent-login")).to_have_text("agent@example.com")
    assert [r["login"] for r in livechat_api.requests] == ["agent@example.com"]
{%- endif %}
    # The page's session works with the API.
    assert any(r.url == f"{server}/api/me" for r in sent)

    # A customer profile renders; hiding it clears it.
    page.get_by_role("button", name="Send customer_profile", exact=True).click()
    expect(extension.locator("#customer-name")).to_have_text("Mary Brown")
    expect(extension.locator("#customer-email")).to_have_text("mary.brown@email.com")
    expect(extension.locator("#customer-chat")).to_have_text("NY0U96PIT4")
    page.get_by_role("button", name="Send customer_profile_hidden").click()
    expect(extension.locator("#customer")).to_be_hidden()
    expect(extension.locator("#no-customer")).to_be_visible()


def test_a_name_with_html_renders_as_text(page: Page, server: str) -> None:
    extension = open_emulator(page, server)
    page.locator("#customer-sample").select_option(label=HTML_NAME)
    page.get_by_role("button", name="Send customer_profile", exact=True).click()
    expect(extension.locator("#customer-name")).to_have_text(HTML_NAME)
    assert extension.locator("#customer-name img").count() == 0
    frame = page.frame(url=lambda url: "lcext_emulator=1" in url)
    assert frame is not None
    assert frame.evaluate("window.__injected") is None


def test_an_extension_that_never_inits_gets_a_warning(page: Page, server: str) -> None:
    page.route(
        "**/static/extension.js",
        lambda route: route.fulfill(
            body="// forgot LiveChat.init()", content_type="text/javascript"
        ),
    )
    page.goto(f"{server}/emulator/")
    expect(page.locator("#status")).to_have_class("status warning", timeout=20_000)
    expect(page.locator("#status")).to_contain_text("has not called LiveChat.init()")
{%- if cookiecutter.auth == "basic" %}


def test_an_agent_livechat_does_not_vouch_for_is_refused(
    page: Page, server: str, livechat_api: LiveChatApiServer
) -> None:
    livechat_api.add_agent("agent@example.com", "another-api-key")
    extension = open_emulator(page, server)
    expect(page.locator("#log")).to_contain_text("POST /authorize/ 401")
    expect(page.locator("#log")).to_contain_text("livechat:authorize_error")
    expect(extension.locator("#problem")).to_contain_text("could not authorize you")
{%- endif %}

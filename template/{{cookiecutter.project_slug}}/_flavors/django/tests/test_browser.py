"""The whole handshake in a real browser: headless Chromium, the Agent App emulator, the app.

Playwright drives Chromium (``chromium.py`` says which one) against the app's real server, on
127.0.0.1 in development configuration. Every request to another host is aborted: no test talks
to LiveChat.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
{%- if cookiecutter.auth == "sign-in" %}
from pytest_django import Settings
{%- endif %}

{% if cookiecutter.auth == "basic" -%}
from {{ cookiecutter.module_name }}.extension import (
    authorization,
)
from {{ cookiecutter.module_name }}.plumbing import (
    livechat_api as verification,
)

{% endif -%}
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
            # Never a skip: a browser test that does not run must not look like one that passed.
            pytest.fail(str(error), pytrace=False)
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def emulator(browser: Browser, app_url: str) -> Iterator[Page]:
    """The emulator's page, open in a fresh browser context, with the extension framed in it."""
    context = browser.new_context()
    page = context.new_page()

    def local_only(route: Route) -> None:
        if route.request.url.startswith(f"{app_url}/"):
            route.continue_()
        else:
            route.abort()  # LiveChat's CDN stylesheet, and anything else off this machine

    page.route("**/*", local_only)
    page.goto(f"{app_url}/emulator/")
    yield page
    context.close()


def extension_window_value(page: Page, expression: str) -> object:
    handle = page.locator("#extension").element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    return frame.evaluate(expression)
{% if cookiecutter.auth == "basic" %}

@pytest.fixture(autouse=True)
def emulator_agent(livechat_api: LiveChatApiServer) -> None:
    """The stand-in for LiveChat's API vouches for the emulator's login and API key."""
    livechat_api.add_agent("agent@example.com", "emulator-api-key")


@pytest.fixture
def authorized(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The logins the app's authorize_agent() was asked about."""
    calls: list[str] = []

    def authorize_agent(login: str) -> bool:
        calls.append(login)
        return True

    monkeypatch.setattr(authorization, "authorize_agent", authorize_agent)
    return calls


def test_the_agent_app_handshake(
    emulator: Page, authorized: list[str], livechat_api: LiveChatApiServer
) -> None:
    log = emulator.locator("#log")
    # The spinner goes once the extension calls LiveChat.init().
    expect(emulator.locator("#status")).to_have_class("status ready")
    expect(log).to_contain_text("plugin_inited")
    # The emulator POSTs the agent's credentials to /authorize/ and passes the answer on.
    expect(log).to_contain_text("POST /authorize/ 200")
    expect(log).to_contain_text("livechat:authorize")
    assert authorized == ["agent@example.com"]
    assert [request["login"] for request in livechat_api.requests] == ["agent@example.com"]
    # The page got a session for the agent and used it.
    expect(emulator.frame_locator("#extension").locator("#agent-login")).to_have_text(
        "agent@example.com"
    )


def test_a_refused_agent_gets_authorize_error(
    emulator: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(authorization, "authorize_agent", lambda login: False)
    emulator.reload()
    log = emulator.locator("#log")
    expect(log).to_contain_text("POST /authorize/ 401")
    expect(log).to_contain_text("livechat:authorize_error")
    expect(emulator.frame_locator("#extension").locator("#agent")).to_be_hidden()


def test_an_agent_livechat_does_not_vouch_for_is_refused(
    emulator: Page, livechat_api: LiveChatApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    livechat_api.add_agent("agent@example.com", "another-api-key")
    # The app forgets that LiveChat vouched for the emulator's pair when the page first loaded.
    monkeypatch.setattr(verification, "verdicts", verification.VerdictCache())
    emulator.reload()
    log = emulator.locator("#log")
    expect(log).to_contain_text("POST /authorize/ 401")
    expect(log).to_contain_text("livechat:authorize_error")
    problem = emulator.frame_locator("#extension").locator("#problem")
    expect(problem).to_contain_text("could not authorize you")
{%- else %}

@pytest.fixture(autouse=True)
def emulator_token(accounts_server: AccountsServer, settings: Settings) -> None:
    """The stand-in accounts server vouches for the emulator's default token, for this app."""
    accounts_server.add_token(
        "emulator-access-token",
        client_id=settings.LIVECHAT_CLIENT_ID,
        entity_id="agent@example.com",
    )


def test_sign_in_with_livechat(emulator: Page) -> None:
    log = emulator.locator("#log")
    # The spinner goes once the extension calls LiveChat.init().
    expect(emulator.locator("#status")).to_have_class("status ready")
    expect(log).to_contain_text("plugin_inited")
    extension = emulator.frame_locator("#extension")
    # The sign-in button shows; a click signs in through the (stand-in) accounts popup, and the
    # app trades the token for a session once the stand-in accounts server vouches for it.
    extension.get_by_role("button", name="Sign in with LiveChat").click()
    expect(log).to_contain_text("identity (accounts popup)")
    expect(extension.locator("#agent-login")).to_have_text("agent@example.com")
{%- endif %}


def test_a_customer_profile_renders_and_hiding_it_clears_it(emulator: Page) -> None:
    expect(emulator.locator("#status")).to_have_class("status ready")
    extension = emulator.frame_locator("#extension")
    emulator.get_by_role("button", name="Send customer_profile", exact=True).click()
    expect(extension.locator("#customer-name")).to_have_text("Mary Brown")
    expect(extension.locator("#customer-email")).to_have_text("mary.brown@email.com")
    expect(extension.locator("#customer-chat")).to_have_text("NY0U96PIT4")
    expect(emulator.locator("#log")).to_contain_text("livechat:customer_profile")
    emulator.get_by_role("button", name="Send customer_profile_hidden").click()
    expect(extension.locator("#customer")).to_be_hidden()
    expect(extension.locator("#no-customer")).to_be_visible()


def test_a_name_with_html_renders_as_text(emulator: Page) -> None:
    expect(emulator.locator("#status")).to_have_class("status ready")
    emulator.locator("#customer-sample").select_option(index=3)
    emulator.get_by_role("button", name="Send customer_profile", exact=True).click()
    extension = emulator.frame_locator("#extension")
    expect(extension.locator("#customer-name")).to_have_text(HTML_NAME)
    assert extension.locator("#customer-name img").count() == 0
    assert extension_window_value(emulator, "window.__injected") is None

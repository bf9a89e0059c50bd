"""The whole handshake in headless Chromium: the app's real server, through the Agent App emulator.

Chromium is found as ``chromium.py`` says: ``CHROMIUM_PATH``, Playwright's own, or the system's
(``apt-get install chromium``). Nothing leaves 127.0.0.1:
every other request is refused{% if cookiecutter.auth == "sign-in" %}, and LiveChat's accounts server is the local stand-in{% else %}, and LiveChat's API is the local stand-in{% endif %}.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
{% if cookiecutter.auth == "sign-in" %}
from accounts_server import AccountsServer
{%- endif %}
from chromium import LAUNCH_ARGS, NoChromiumError, find_chromium
{%- if cookiecutter.auth == "basic" %}
from livechat_api_server import LiveChatApiServer
{%- endif %}

pytestmark = pytest.mark.browser

# Playwright gives each expectation 5 s by default; a busy CI machine can take longer to start
# the page. A page that never gets there still fails, only later.
expect.set_options(timeout=15_000)

# The customer samples of the emulator (plumbing/emulator/customers.json): the first, and the one
# whose name is HTML.
MARY = {"name": "Mary Brown", "email": "mary.brown@email.com", "chat": "NY0U96PIT4"}
HTML_NAME = '<img src=x onerror="window.__injected = true">Eve'
{%- if cookiecutter.auth == "sign-in" %}
# What the emulator's sign-in returns by default.
EMULATOR_TOKEN = "emulator-access-token"
{%- endif %}


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
def server(app_url: str) -> str:
    # The conftest's app: development settings, LiveChat's accounts server the local stand-in.
{%- else %}
def server(app_url: str, livechat_api: LiveChatApiServer) -> str:
    # The conftest's app: development settings, LiveChat's API the local stand-in, which
    # vouches for the emulator's login and API key.
    livechat_api.add_agent("agent@example.com", "emulator-api-key")
{%- endif %}
    return app_url


@pytest.fixture
def emulator(browser: Browser, server: str) -> Iterator[Page]:
    """A tab on the emulator; every request not to the app's server is refused."""
    context = browser.new_context()

    def local_only(route: Route) -> None:
        if route.request.url.startswith(f"{server}/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    yield page
    context.close()


def open_emulator(page: Page, server: str) -> None:
    page.goto(f"{server}/emulator/")
    # The spinner goes once the extension calls LiveChat.init().
    expect(page.locator("#status")).to_have_class("status ready")
    expect(page.locator("#log")).to_contain_text("plugin_inited")

{% if cookiecutter.auth == "basic" %}
def test_the_agent_is_authorized_through_authorize(
    emulator: Page, server: str, livechat_api: LiveChatApiServer
) -> None:
    with emulator.expect_response(lambda answer: answer.url.endswith("/authorize/")) as answer:
        open_emulator(emulator, server)
    # The emulator POSTed the agent's login and API key, as the Agent App does.
    assert answer.value.request.method == "POST"
    assert answer.value.request.post_data_json == {
        "login": "agent@example.com",
        "api_key": "emulator-api-key",
    }
    assert answer.value.status == 200
    assert "session_id" in answer.value.json()
    expect(emulator.locator("#log")).to_contain_text("POST /authorize/ 200")
    expect(emulator.locator("#log")).to_contain_text("livechat:authorize")
    # The page got the authorize event, and its session works with the API.
    extension = emulator.frame_locator("#extension")
    expect(extension.locator("#agent-login")).to_have_text("agent@example.com")
    # The app asked LiveChat's API (the stand-in) about the agent before answering.
    assert [request["login"] for request in livechat_api.requests] == ["agent@example.com"]


def test_an_api_key_livechat_refuses_gets_authorize_error(emulator: Page, server: str) -> None:
    emulator.goto(f"{server}/emulator/")
    expect(emulator.locator("#log")).to_contain_text("livechat:authorize")
    # Authorize again with a key that is not the agent's, as refreshSessionId() would.
    emulator.locator("#api-key").fill("not-the-agents-key")
    emulator.frame_locator("#extension").locator("body").evaluate(
        "() => LiveChat.refreshSessionId()"
    )
    expect(emulator.locator("#log")).to_contain_text("POST /authorize/ 401")
    expect(emulator.locator("#log")).to_contain_text("livechat:authorize_error")


def test_a_refused_agent_gets_authorize_error(emulator: Page, server: str) -> None:
    emulator.goto(f"{server}/emulator/")
    expect(emulator.locator("#log")).to_contain_text("livechat:authorize")
    # Authorize again with a login the app refuses (an empty one), as refreshSessionId() would.
    emulator.locator("#login").fill("")
    emulator.frame_locator("#extension").locator("body").evaluate(
        "() => LiveChat.refreshSessionId()"
    )
    expect(emulator.locator("#log")).to_contain_text("livechat:authorize_error")
{% else %}
def test_the_agent_signs_in_with_livechat(
    emulator: Page, server: str, accounts_server: AccountsServer
) -> None:
    accounts_server.add_token(EMULATOR_TOKEN)  # for the app's client id, as the conftest sets it
    open_emulator(emulator, server)
    extension = emulator.frame_locator("#extension")
    button = extension.get_by_role("button", name="Sign in with LiveChat")
    expect(button).to_be_visible()
    with emulator.expect_response(lambda answer: answer.url.endswith("/api/session")) as answer:
        button.click()
    expect(emulator.locator("#log")).to_contain_text("identity (accounts popup)")
    assert answer.value.request.post_data_json == {"access_token": EMULATOR_TOKEN}
    assert answer.value.status == 200
    # The backend asked the (stand-in) accounts server about the token.
    assert accounts_server.requests[-1] == {
        "path": "/info",
        "authorization": f"Bearer {EMULATOR_TOKEN}",
    }
    expect(extension.locator("#agent-login")).to_have_text("agent@example.com")
    expect(extension.locator("#sign-in")).to_be_hidden()


def test_a_token_the_accounts_server_refuses_does_not_sign_in(emulator: Page, server: str) -> None:
    open_emulator(emulator, server)
    emulator.locator("#access-token").fill("not-a-valid-token")
    extension = emulator.frame_locator("#extension")
    with emulator.expect_response(lambda answer: answer.url.endswith("/api/session")) as answer:
        extension.get_by_role("button", name="Sign in with LiveChat").click()
    assert answer.value.status == 401
    expect(extension.locator("#problem")).to_be_visible()
    expect(extension.locator("#agent")).to_be_hidden()
{% endif %}

def test_a_customer_profile_shows_and_hiding_clears_it(emulator: Page, server: str) -> None:
    open_emulator(emulator, server)
    extension = emulator.frame_locator("#extension")
    emulator.get_by_role("button", name="Send customer_profile", exact=True).click()
    expect(emulator.locator("#log")).to_contain_text("livechat:customer_profile")
    for field, value in MARY.items():
        expect(extension.locator(f"#customer-{field}")).to_have_text(value)
    emulator.get_by_role("button", name="Send customer_profile_hidden").click()
    expect(emulator.locator("#log")).to_contain_text("livechat:customer_profile_hidden")
    expect(extension.locator("#customer")).to_be_hidden()
    expect(extension.locator("#no-customer")).to_be_visible()


def test_a_name_with_html_renders_as_text(emulator: Page, server: str) -> None:
    open_emulator(emulator, server)
    emulator.locator("#customer-sample").select_option(index=3)
    emulator.get_by_role("button", name="Send customer_profile", exact=True).click()
    extension = emulator.frame_locator("#extension")
    expect(extension.locator("#customer-name")).to_have_text(HTML_NAME)
    assert extension.locator("#customer-name img").count() == 0
    frame = emulator.frame(url=lambda url: "plugin_id=" in url)
    assert frame is not None
    assert frame.evaluate("window.__injected") is None

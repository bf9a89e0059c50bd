"""The shared Agent App emulator and LiveChat stand-ins, driven in headless Chromium.

The emulator, the stand-ins for LiveChat's library and accounts SDK and the extension page's
script live once in template/templates/livechat/ and every flavor serves them. Here they are
rendered as a flavor renders them and served by a small local backend that answers like a
generated one, so the whole handshake runs in a real browser.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jinja2
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import TEMPLATE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("LCEXT_CHROMIUM", "/usr/bin/chromium")
SHARED = TEMPLATE / "templates" / "livechat"
CONTEXT = json.loads((TEMPLATE / "cookiecutter.json").read_text())


def render_site(root: Path, auth: str) -> None:
    """The page and the emulator as a development server serves them, stand-ins swapped in."""
    # Like cookiecutter: the templates escape what they print themselves.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE / "templates"))  # noqa: S701
    context = {
        "cookiecutter": {
            "project_name": "Emulator <Check>",
            "auth": auth,
            "framework": "fastapi",
            "_livechat": CONTEXT["_livechat"],
            "_frameworks": CONTEXT["_frameworks"],
        }
    }
    (root / "static").mkdir()
    (root / "emulator").mkdir()
    page = env.get_template("livechat/index.html").render(context)
    # What the development server fills in for the emulator (see index.html).
    for variable, value in (
        ("client_id", "test-client-id"),
        ("livechat_library_js", "emulator/livechat.js"),
        ("accounts_sdk_js", "emulator/accounts-sdk.js"),
    ):
        page = page.replace("{{ %s }}" % variable, value)  # noqa: UP031 - braces are literal
    (root / "index.html").write_text(page)
    for name in ("extension.js", "extension.css"):
        (root / "static" / name).write_text(env.get_template(f"livechat/{name}").render(context))
    for source, target in (
        ("emulator.html", "index.html"),
        ("emulator.js", "emulator.js"),
        ("emulator.css", "emulator.css"),
        ("customers.json", "customers.json"),
        ("livechat-stand-in.js", "livechat.js"),
        ("accounts-sdk-stand-in.js", "accounts-sdk.js"),
    ):
        text = env.get_template(f"livechat/{source}").render(context)
        (root / "emulator" / target).write_text(text)


class Backend(SimpleHTTPRequestHandler):
    """Answers /authorize/, /api/session and /api/me the way a generated backend does."""

    calls: list[tuple[str, Any]]
    # Paths answered only after this many seconds: a slow file, as a cold server serves one.
    slow: dict[str, float]

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.calls.append((self.path, body))
        if self.path == "/authorize/" and body.get("login"):
            self._json(200, {"session_id": f"session-for-{body['login']}"})
        elif self.path == "/api/session" and body.get("access_token") == "emulator-access-token":
            self._json(200, {"session_id": "session-for-agent@example.com", "agent": "agent"})
        else:
            self._json(401, {"detail": "refused"})

    def do_GET(self) -> None:
        time.sleep(self.slow.get(self.path, 0))
        if self.path == "/api/me":
            session = self.headers.get("Authorization", "").removeprefix("Bearer ")
            agent = session.removeprefix("session-for-")
            self._json(200, {"agent": agent, "expires_at": 0}) if session else self._json(401, {})
            return
        super().do_GET()

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def serve(
    root: Path, slow: dict[str, float] | None = None
) -> tuple[ThreadingHTTPServer, list[tuple[str, Any]]]:
    calls: list[tuple[str, Any]] = []
    handler = type("Handler", (Backend,), {"calls": calls, "slow": slow or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, calls


@pytest.fixture(params=["basic", "sign-in"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, list]]:
    render_site(tmp_path, request.param)
    server, calls = serve(tmp_path)
    yield request.param, f"http://127.0.0.1:{server.server_port}", calls
    server.shutdown()
    server.server_close()


def open_emulator(browser: Browser, base: str) -> Page:
    page = browser.new_page()
    # Nothing leaves 127.0.0.1: LiveChat's real CDN stylesheet is refused, not fetched.
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    page.goto(f"{base}/emulator/")
    return page


def test_the_whole_handshake(browser: Browser, site: tuple[str, str, list]) -> None:
    auth, base, calls = site
    page = open_emulator(browser, base)
    extension = page.frame_locator("#extension")

    # The spinner goes once the extension calls LiveChat.init().
    expect(page.locator("#status")).to_have_class("status ready")
    expect(page.locator("#log")).to_contain_text("plugin_inited")

    if auth == "basic":
        expect(page.locator("#log")).to_contain_text("POST /authorize/ 200")
        expect(page.locator("#log")).to_contain_text("livechat:authorize")
        assert calls[0] == (
            "/authorize/",
            {"login": "agent@example.com", "api_key": "emulator-api-key"},
        )
    else:
        # Sign in with LiveChat: the button shows, a click completes the sign-in.
        extension.get_by_role("button", name="Sign in with LiveChat").click()
        expect(page.locator("#log")).to_contain_text("identity (accounts popup)")
    expect(extension.locator("#agent-login")).to_have_text("agent@example.com")
    if auth == "sign-in":
        # The page traded the token from the (stand-in) popup for a backend session.
        assert calls[0] == ("/api/session", {"access_token": "emulator-access-token"})

    # A customer profile renders; hiding it clears it.
    page.get_by_role("button", name="Send customer_profile", exact=True).click()
    expect(extension.locator("#customer-name")).to_have_text("Mary Brown")
    expect(extension.locator("#customer-email")).to_have_text("mary.brown@email.com")
    expect(extension.locator("#customer-chat")).to_have_text("NY0U96PIT4")
    expect(extension.locator("#customer-group")).to_have_text("42")
    page.get_by_role("button", name="Send customer_profile_hidden").click()
    expect(extension.locator("#customer")).to_be_hidden()
    expect(extension.locator("#no-customer")).to_be_visible()


def test_a_name_with_html_renders_as_text(browser: Browser, site: tuple[str, str, list]) -> None:
    _, base, _ = site
    page = open_emulator(browser, base)
    expect(page.locator("#status")).to_have_class("status ready")
    page.locator("#customer-sample").select_option(
        label='<img src=x onerror="window.__injected = true">Eve'
    )
    page.get_by_role("button", name="Send customer_profile", exact=True).click()
    extension = page.frame_locator("#extension")
    expect(extension.locator("#customer-name")).to_have_text(
        '<img src=x onerror="window.__injected = true">Eve'
    )
    assert extension.locator("#customer-name img").count() == 0
    handle = page.locator("#extension").element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    assert frame.evaluate("window.__injected") is None


def test_an_extension_that_never_inits_gets_a_warning(browser: Browser, tmp_path: Path) -> None:
    render_site(tmp_path, "basic")
    (tmp_path / "static" / "extension.js").write_text("// forgot LiveChat.init()\n")
    server, calls = serve(tmp_path)
    try:
        page = open_emulator(browser, f"http://127.0.0.1:{server.server_port}")
        expect(page.locator("#status")).to_have_class("status warning", timeout=10_000)
        expect(page.locator("#status")).to_contain_text("has not called LiveChat.init()")
        assert calls == []  # no authorization before init
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_that_calls_init_before_the_emulator_listens_is_loaded_again(
    browser: Browser, tmp_path: Path
) -> None:
    # The emulator's own script comes late: the framed page has loaded and called init (a
    # message nobody heard) before the emulator listens. The emulator loads it again.
    render_site(tmp_path, "sign-in")
    server, _ = serve(tmp_path, slow={"/emulator/emulator.js": 2.0})
    try:
        page = open_emulator(browser, f"http://127.0.0.1:{server.server_port}")
        expect(page.locator("#status")).to_have_class("status ready")
        page.close()
    finally:
        server.shutdown()
        server.server_close()

"""The browser check: the page in Chromium, framed the way the Agent App frames it.

The static checks read the page's HTML and headers; this one runs it. Chromium opens a host page
that Playwright serves at the Agent App's own origin (``https://my.livechatinc.com/...``, answered
locally, never fetched), so the extension's ``frame-ancestors``, ``X-Frame-Options`` and mixed
content rules meet the same origin they meet in LiveChat. The host frames the extension page with
a ``plugin_id`` and listens for what LiveChat's library sends when the page calls
``LiveChat.init()``: ``{"message": "plugin_inited", "plugin_id": ...}`` (the spec's wire protocol).

A page built on the widgets SDK talks to the Agent App over ``@livechat/postmessage``'s trusted
connection instead: there the host is the real parent side of that protocol (the copy lcext
vendors for the emulator), which, once the frame has loaded, offers the handshake as the Agent App
does (5 tries, 500 ms apart) and receives ``plugin_inited`` through the ``handle`` call the
widget makes after its factory has connected.

With ``offline``, LiveChat's scripts come from lcext's own stand-ins (the ones the generated
projects' Agent App emulator uses) and every other request to LiveChat's hosts is refused: the
check then runs without LiveChat's servers, in CI for instance.
"""

from __future__ import annotations

import html
import ipaddress
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lcext.doctor.findings import Finding, failed, passed, warned
from lcext.doctor.sdk import BUILD_FILE, pinned_version, vendored_build
from lcext.doctor.target import LiveChat
from lcext.errors import InvalidOptionError
from lcext.template import template_dir

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Request, Response, Route

DEFAULT_CHROMIUM = "/usr/bin/chromium"
PLUGIN_ID = "lcext-doctor"
HOST_PATH = "/lcext-doctor/"
# What the host page keeps of the first plugin_inited message: when, and with which plugin_id.
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lcext doctor: Agent App</title>
<script>
  window.addEventListener("message", (event) => {
    const frame = document.getElementById("extension");
    const data = event.data || {};
    if (event.source !== frame.contentWindow || data.message !== "plugin_inited") return;
    window.lcextInited = window.lcextInited || {at: performance.now(), plugin_id: data.plugin_id};
  });
</script></head>
<body><iframe id="extension" src="%s" width="360" height="640"></iframe></body></html>
"""
# The Agent App's side of a widget: postmessage's parent side, connected once the frame has loaded.
WIDGET_HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lcext doctor: Agent App</title>
<script src="postmessage.js"></script></head>
<body><iframe id="extension" src="%s" width="360" height="640"></iframe>
<script>
  const frame = document.getElementById("extension");
  frame.addEventListener("load", () => {
    if (window.lcextHandshake) return;  // the first load only, as the Agent App
    window.lcextHandshake = {state: "offered", at: performance.now()};
    const model = {
      handle(envelope) {
        if (!envelope || envelope.message !== "plugin_inited") return;
        window.lcextInited = window.lcextInited ||
          {at: performance.now(), plugin_id: envelope.plugin_id};
      },
    };
    LiveChatPostMessage.connectExistingIframe({frame}, model).promise.then(
      () => { window.lcextHandshake = {state: "connected", at: performance.now()}; },
      (error) => {
        window.lcextHandshake = {state: "failed", error: String(error && error.message || error)};
      },
    );
  });
</script></body></html>
"""
POSTMESSAGE = "postmessage.js"  # beside the host page; the vendored parent side
# How Chromium's console words a refused frame: frame-ancestors, X-Frame-Options, mixed content.
FRAME_REFUSED = ("Refused to frame", "Refused to display", "Framing '", "an insecure frame")
FRAME_FIX = (
    "see the frame check: no X-Frame-Options, and a frame-ancestors that lists the Agent App's "
    "origins"
)
OFFLINE_NOTE = "LiveChat's servers were not contacted (--offline)"


@dataclass(frozen=True)
class _Host:
    """The Agent App's side doctor plays: a 2017 extension's host, or a widget's."""

    widget: bool

    @property
    def started(self) -> str:
        """What the page did once the Agent App may show it, as the finding says it."""
        if self.widget:
            return "completed the trusted handshake and sent plugin_inited"
        return "called LiveChat.init()"

    @property
    def start(self) -> str:
        return "send plugin_inited" if self.widget else "call LiveChat.init()"

    def page(self, extension_url: str) -> str:
        return (WIDGET_HOST_PAGE if self.widget else HOST_PAGE) % html.escape(extension_url)


@dataclass
class _Seen:
    """What Chromium reported while the page ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    # (url, why, resource type: "document" for the page itself, "script", ...)
    failed_requests: list[tuple[str, str, str]] = field(default_factory=list)
    # A widget's trusted handshake: {"state": "offered" | "connected" | "failed", ...}.
    handshake: dict[str, Any] | None = None

    def failures(self, *kinds: str) -> list[str]:
        found: dict[str, str] = {}
        for url, why, kind in self.failed_requests:
            if kind in kinds:
                found.setdefault(url, why)  # the first reason: "HTTP 404", not what followed
        return [f"{url} ({why})" for url, why in found.items()]

    def frame_refused(self) -> list[str]:
        """Chromium's console errors for a frame it would not show."""
        return [text for text in self.console_errors if any(m in text for m in FRAME_REFUSED)]


def chromium_path(given: Path | None) -> Path:
    """The Chromium to drive: ``given``, else ``CHROMIUM_PATH``, else Debian's."""
    path = given or Path(os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM)
    if not path.is_file():
        raise InvalidOptionError(
            f"no Chromium at {path}; install it (Debian: apt-get install -y chromium) or point "
            "--chromium (or CHROMIUM_PATH) at a Chromium or Chrome executable"
        )
    return path


def check_in_browser(
    url: str,
    livechat: LiveChat,
    agent_app: str,
    *,
    chromium: Path,
    offline: bool,
    ignore_certificate_errors: bool,
    timeout: float,
    widget: bool = False,
) -> Finding:
    """Open ``url`` framed by ``agent_app`` in Chromium and wait for ``LiveChat.init()``, or for
    a ``widget``'s trusted handshake and ``plugin_inited``."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise InvalidOptionError(
            "--browser drives Chromium with Playwright, which is not installed; install it "
            "with: pip install 'lcext[browser]'"
        ) from None

    host = _Host(widget)
    host_url = agent_app + HOST_PATH
    extension_url = _with_plugin_id(url)
    host_files = {host_url + POSTMESSAGE: _postmessage()} if widget else {}
    stand_ins = _stand_ins(livechat) if offline else {}
    refused_domains = _domains(livechat) if offline else set()
    seen = _Seen()

    def answer(route: Route, request: Request) -> None:
        if request.url == host_url:
            route.fulfill(content_type="text/html", body=host.page(extension_url))
        elif request.url in host_files:
            route.fulfill(content_type="text/javascript", body=host_files[request.url])
        elif request.url in stand_ins:
            content_type, body = stand_ins[request.url]
            route.fulfill(content_type=content_type, body=body)
        elif offline and _pinned_widgets_sdk(request.url, livechat):
            # A CDN answers CORS, which a <script crossorigin integrity=...> needs.
            cors = {"Access-Control-Allow-Origin": "*"}
            route.fulfill(content_type="text/javascript", body=vendored_build(), headers=cors)
        elif _refused(request.url, agent_app, refused_domains):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.console_errors.append(message.text)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium))
            try:
                context = browser.new_context(ignore_https_errors=ignore_certificate_errors)
                # Chrome asks before a public site's page may reach a local address; the agent
                # would allow it for a development extension (the finding says so).
                context.grant_permissions(["local-network-access"], origin=agent_app)
                context.route("**/*", answer)
                page = context.new_page()
                page.on("console", console)
                page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
                page.on(
                    "requestfailed",
                    lambda request: seen.failed_requests.append(
                        (request.url, request.failure or "failed", request.resource_type)
                    ),
                )
                page.on("response", lambda response: _note_error_status(seen, response))
                started = time.monotonic()
                # Only the host page, which doctor serves: the extension's frame loads while
                # doctor waits for init, within the same --timeout.
                page.goto(host_url, wait_until="commit")
                inited = _wait_for_init(page, seen, timeout)
                waited = time.monotonic() - started
            finally:
                browser.close()
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0]
        return failed(
            "browser",
            f"Chromium ({chromium}) could not run the check: {first_line}",
            "check that this Chromium starts (it runs headless), or point --chromium at another",
        )
    return _finding(url, livechat, agent_app, host, inited, waited, seen, offline, timeout)


def _wait_for_init(page: Page, seen: _Seen, timeout: float) -> dict[str, Any] | None:
    """What the host page kept of the first plugin_inited message, or None if none came in
    ``timeout`` seconds or the frame was refused or the handshake failed (then nothing will
    come). For a widget, ``seen.handshake`` keeps how its handshake went."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inited: dict[str, Any] | None = page.evaluate("window.lcextInited || null")
        seen.handshake = page.evaluate("window.lcextHandshake || null")
        if inited is not None:
            return inited
        if seen.handshake is not None and seen.handshake["state"] == "failed":
            return None
        if seen.frame_refused() or seen.failures("document"):
            # Nothing will come; Chromium's console says why a moment after the failure.
            page.wait_for_timeout(300)
            return None
        page.wait_for_timeout(50)  # lets Playwright deliver the browser's events meanwhile
    return None


def _finding(
    url: str,
    livechat: LiveChat,
    agent_app: str,
    host: _Host,
    inited: dict[str, Any] | None,
    waited: float,
    seen: _Seen,
    offline: bool,
    timeout: float,
) -> Finding:
    notes = []
    if _is_local(url):
        notes.append("a local address: Chrome first asks the agent to allow local network access")
    if offline:
        notes.append(OFFLINE_NOTE)
    note = f" ({'; '.join(notes)})" if notes else ""
    if inited is not None:
        message = (
            f"framed by {agent_app} in Chromium, the page {host.started} "
            f"{inited['at'] / 1000:.1f} s after the Agent App's page opened{note}"
        )
        problems = seen.page_errors + seen.console_errors
        if inited.get("plugin_id") != PLUGIN_ID:
            problems.insert(0, f"plugin_inited came with plugin_id {inited.get('plugin_id')!r}")
        if problems:
            return warned(
                "browser",
                f"{message}, but Chromium reported: {_first(problems)}",
                "open the page in the Agent App (or the emulator) with the browser's console open",
            )
        return passed("browser", message)
    page_failed = seen.failures("document")
    framing = seen.frame_refused()
    if framing:
        return failed(
            "browser",
            f"Chromium refused to show the page in {agent_app}'s frame: {_first(framing)}",
            FRAME_FIX,
        )
    if any("ERR_BLOCKED_BY_RESPONSE" in failure for failure in page_failed):
        return failed(
            "browser",
            f"Chromium refused to show the page in {agent_app}'s frame: its answer's headers "
            f"forbid it ({_first(page_failed)})",
            FRAME_FIX,
        )
    if page_failed:
        return failed(
            "browser",
            f"Chromium could not load the page in the Agent App's frame: {_first(page_failed)}",
            "see the https and page checks",
        )
    scripts = seen.failures("script", "stylesheet")
    if scripts:
        sdk = (
            "the widgets SDK"
            if host.widget
            else f"LiveChat's library ({livechat.extension_library_js})"
        )
        return failed(
            "browser",
            f"the page did not {host.start} within {timeout:g} s; what it loads did not "
            f"all load: {_first(scripts)}{note}",
            "serve every script the page loads, and let nothing (a Content-Security-Policy, a "
            f"proxy) block {sdk}",
        )
    if host.widget:
        return _widget_failure(livechat, seen, waited, timeout)
    if seen.page_errors:
        return failed(
            "browser",
            f"the page did not call LiveChat.init() within {timeout:g} s; its script failed: "
            f"{_first(seen.page_errors)}",
            "fix the error: the Agent App shows its spinner until LiveChat.init() runs",
        )
    errors = f"; the console says: {_first(seen.console_errors)}" if seen.console_errors else ""
    return failed(
        "browser",
        f"the page did not call LiveChat.init() within {timeout:g} s of the Agent App's page "
        f"opening (waited {waited:.1f} s){errors}",
        "call LiveChat.init() once the page has loaded; until then the Agent App shows a spinner",
    )


def _widget_failure(livechat: LiveChat, seen: _Seen, waited: float, timeout: float) -> Finding:
    """Why a widget sent no plugin_inited: its script failed, or its handshake did not happen."""
    *others, last = [f"LiveChat.{widget.factory}()" for widget in livechat.widgets]
    factories = f"{', '.join(others)} or {last}"
    loader = "until its plugin_inited the Agent App shows its loader"
    state = (seen.handshake or {}).get("state")
    if seen.page_errors:
        unanswered = "; the Agent App's handshake went unanswered" if state == "failed" else ""
        return failed(
            "browser",
            f"the widget sent no plugin_inited; its script failed: {_first(seen.page_errors)}"
            f"{unanswered}",
            f"fix the error: {loader}",
        )
    said = f"; the console says: {_first(seen.console_errors)}" if seen.console_errors else ""
    if state == "connected":
        return failed(
            "browser",
            f"the page completed the trusted handshake but sent no plugin_inited within "
            f"{timeout:g} s{said}",
            f"create the widget with the SDK's factory ({factories}), which sends "
            f"plugin_inited once connected; {loader}",
        )
    if state == "failed":
        error = (seen.handshake or {}).get("error")
        why = "" if error in (None, "Timeout.") else f" ({error})"
        return failed(
            "browser",
            "the page never answered the Agent App's trusted handshake, offered 5 times 500 ms "
            f"apart once the frame had loaded{why}: no widget factory connected{said}",
            f"call the widget's factory ({factories}) as soon as the page has loaded; {loader}",
        )
    return failed(
        "browser",
        f"the widget did not send plugin_inited within {timeout:g} s of the Agent App's page "
        f"opening (waited {waited:.1f} s){said}",
        f"call the widget's factory ({factories}) once the page has loaded; {loader}",
    )


def _is_local(url: str) -> bool:
    """Whether ``url``'s host is this machine or a private network, as Chrome sees it."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def _note_error_status(seen: _Seen, response: Response) -> None:
    if response.status >= 400:
        why = f"HTTP {response.status}"
        seen.failed_requests.append((response.url, why, response.request.resource_type))


def _first(problems: list[str]) -> str:
    first = problems[0].strip().splitlines()[0] if problems[0].strip() else problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return first + more


def _with_plugin_id(url: str) -> str:
    """``url`` with the ``plugin_id`` query parameter the Agent App adds to it."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "plugin_id"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("plugin_id", PLUGIN_ID)])))


def _pinned_widgets_sdk(url: str, livechat: LiveChat) -> bool:
    """Whether ``url`` is the widgets SDK's build on a CDN, of the version lcext vendors: offline,
    the vendored copy answers it (the same bytes)."""
    pinned = pinned_version(url, livechat) == livechat.agent_app_sdk_version
    return pinned and urlsplit(url).path.endswith("/" + BUILD_FILE)


def _postmessage() -> str:
    """@livechat/postmessage's parent side, as lcext vendors it for the emulator."""
    return (template_dir() / "templates" / "vendor" / POSTMESSAGE).read_text(encoding="utf-8")


def _stand_ins(livechat: LiveChat) -> dict[str, tuple[str, str]]:
    """LiveChat's scripts and stylesheet, answered by lcext's stand-ins: {url: (type, body)}."""
    folder = template_dir() / "templates" / "livechat"
    script = "text/javascript; charset=utf-8"
    return {
        livechat.extension_library_js: (script, (folder / "livechat-stand-in.js").read_text()),
        livechat.extension_library_css: ("text/css; charset=utf-8", ""),
        livechat.accounts_sdk_js: (script, (folder / "accounts-sdk-stand-in.js").read_text()),
    }


def _refused(url: str, agent_app: str, domains: set[str]) -> bool:
    """Whether the browser must not fetch ``url``: anything else of the Agent App's origin,
    which the host page only pretends to be, and anything of ``domains`` (offline: LiveChat's)."""
    if url.startswith(agent_app + "/"):
        return True
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def _domains(livechat: LiveChat) -> set[str]:
    """LiveChat's registered domains (livechatinc.com, livechat.com), from its URLs."""
    urls = [livechat.extension_library_js, livechat.accounts_sdk_js, *livechat.agent_app_origins]
    return {".".join((urlsplit(url).hostname or "").split(".")[-2:]) for url in urls}

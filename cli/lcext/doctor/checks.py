"""The page checks: each takes what it needs and returns one finding, with its fix."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lcext.doctor import framing
from lcext.doctor.fetch import Client, FetchError
from lcext.doctor.findings import Finding, failed, passed, skipped, warned
from lcext.doctor.scripts import InitCall, find_init_calls
from lcext.doctor.target import LiveChat, Page, without_scheme

NOT_LOADED = "not checked: the page could not be loaded (see the https and page checks)"
INIT_SIGN_IN = "LiveChat.init({ authorize: false, authorization: false })"


@dataclass(frozen=True)
class Origins:
    """The Agent App origins that must (or should) be allowed to frame and call the extension."""

    required: tuple[str, ...]  # LiveChat's main Agent App origin, and each --origin: fail
    recommended: tuple[str, ...]  # LiveChat's other Agent App origins: warn


def check_https(page: Page, client: Client, livechat: LiveChat) -> Finding:
    if urlsplit(page.url).scheme == "http":
        return failed(
            "https",
            f"{page.url} is plain HTTP: the Agent App runs on {livechat.agent_app} and blocks "
            "mixed content",
            "serve the page over HTTPS (behind a TLS proxy or platform in production; in "
            "development with a certificate for localhost, checked with --insecure or --ca-file)",
        )
    if page.error is not None and page.error.unreachable:
        return _unreachable(page.error)
    final = page.response.url if page.response else page.url
    if urlsplit(final).scheme == "http":
        return failed(
            "https",
            f"{page.url} redirects to plain HTTP ({final}), which the Agent App blocks",
            "serve the page itself over HTTPS and drop the redirect to http://",
        )
    netloc = urlsplit(final).netloc
    problem = client.certificate_problems.get(netloc)
    if problem is not None:
        return warned(
            "https",
            f"the certificate of {netloc} does not verify ({problem}); accepted because of "
            "--insecure",
            "fine for development once the browser has accepted the certificate; production "
            "needs a certificate from a public CA",
        )
    return passed("https", f"served over HTTPS; the certificate of {netloc} verifies")


def _unreachable(error: FetchError) -> Finding:
    netloc = urlsplit(error.url).netloc
    if error.kind == "tls" and "does not speak TLS" in error.reason:
        fix = "check the port: it answers plain HTTP; put TLS in front of it or use the HTTPS port"
    elif error.kind == "tls":
        fix = (
            "use a certificate from a public CA; for a development certificate pass --insecure "
            "(reported as a warning) or trust its CA with --ca-file or SSL_CERT_FILE"
        )
    elif error.kind == "timeout":
        fix = "check that the server runs and is not stuck; raise --timeout for a slow server"
    else:
        fix = "check that the server runs and that this machine can reach it (host, port, firewall)"
    if error.kind == "tls":
        return failed("https", f"{netloc}: {error.reason}", fix)
    return failed("https", f"cannot reach {netloc}: {error.reason}", fix)


def check_page(page: Page) -> Finding:
    error = page.error
    if error is not None:
        if error.unreachable and urlsplit(page.url).scheme == "https":
            return skipped("page", "not checked: no HTTPS connection (see https)")
        return failed("page", f"{page.url}: {error.reason}", _fetch_fix(error.kind))
    response = page.response
    if response is None:  # pragma: no cover - load_page sets a response or an error
        return skipped("page", "not checked: nothing was fetched")
    if response.status != 200:
        return failed(
            "page",
            f"{response.url} answers {response.status} {response.reason}, not the page",
            "register the URL of the extension page itself, which must answer 200",
        )
    if page.scan is None:
        kind = response.content_type or "no Content-Type"
        return failed(
            "page",
            f"{response.url} answers {kind}, not an HTML page",
            "register the URL of the extension's HTML page (served as text/html)",
        )
    via = f" (redirected to {response.url})" if response.redirects else ""
    return passed(
        "page",
        f"200 {response.reason}, {response.content_type}, {len(response.body)} bytes{via}",
    )


def _fetch_fix(kind: str) -> str:
    return {
        "redirect": "fix the redirects (often a proxy and the app disagreeing about HTTPS or "
        "a trailing slash) and register the URL the page really has",
        "timeout": "check that the server runs and is not stuck; raise --timeout for a slow server",
        "protocol": "check that the URL points at a web server",
        "too-large": "register the URL of the extension page, not of a large file",
    }.get(kind, "check that the server runs and that this machine can reach it")


def check_frame(page: Page, origins: Origins) -> Finding:
    if page.scan is None or page.response is None:
        return skipped("frame", NOT_LOADED)
    response = page.response
    policies = framing.frame_ancestors(response.header_values("Content-Security-Policy"))
    xfo = response.header("X-Frame-Options")
    allowed = " ".join((*origins.required, *origins.recommended))
    if xfo is not None and not policies:
        return failed(
            "frame",
            f"the page sends X-Frame-Options: {xfo}, so browsers refuse to show it in the "
            "Agent App",
            "remove the X-Frame-Options header (your framework or proxy adds it); to limit "
            f"framing send Content-Security-Policy: frame-ancestors {allowed}",
        )
    if not policies:
        return passed("frame", "no X-Frame-Options and no CSP frame-ancestors: framing allowed")
    missing = [o for o in origins.required if not framing.admits(policies, o, response.url)]
    if missing:
        return failed(
            "frame",
            f"CSP frame-ancestors {framing.describe(policies)} does not admit "
            f"{', '.join(missing)}, so browsers refuse to show the page in the Agent App",
            f"admit the Agent App in the Content-Security-Policy: frame-ancestors {allowed}",
        )
    missing = [o for o in origins.recommended if not framing.admits(policies, o, response.url)]
    if missing:
        return warned(
            "frame",
            f"CSP frame-ancestors does not admit {', '.join(missing)}, another Agent App origin",
            f"admit every Agent App origin: frame-ancestors {allowed}",
        )
    if xfo is not None:
        return warned(
            "frame",
            f"X-Frame-Options: {xfo} is sent; browsers ignore it because CSP frame-ancestors "
            "admits the Agent App, but some proxies and old browsers do not",
            "remove the X-Frame-Options header and keep frame-ancestors",
        )
    return passed("frame", f"CSP frame-ancestors admits {', '.join(origins.required)}")


def check_library(page: Page, livechat: LiveChat) -> Finding:
    if page.scan is None:
        return skipped("library", NOT_LOADED)
    scripts = [without_scheme(page.resolve(s.src)) for s in page.scan.scripts if s.src]
    styles = [without_scheme(page.resolve(href)) for href in page.scan.stylesheets]
    library, stylesheet = livechat.extension_library_js, livechat.extension_library_css
    if without_scheme(library) not in scripts:
        return failed(
            "library",
            f"the page does not load LiveChat's extension library ({library})",
            f'add <script src="{library}"></script> to the page\'s <head>',
        )
    if without_scheme(stylesheet) not in styles:
        return warned(
            "library",
            f"the page loads {library} but not LiveChat's stylesheet",
            f'add <link rel="stylesheet" href="{stylesheet}"> to the page\'s <head>',
        )
    return passed("library", "the page loads LiveChat's extension library and stylesheet")


def check_init(page: Page, auth: str | None, forced: bool) -> Finding:
    if page.scan is None:
        return skipped("init", NOT_LOADED)
    calls = [
        (source.name, call) for source in page.sources for call in find_init_calls(source.code)
    ]
    unread = f"; not read: {', '.join(page.unread)}" if page.unread else ""
    if not calls:
        fix = f"call {INIT_SIGN_IN}" if auth == "sign-in" else "call LiveChat.init()"
        return failed(
            "init",
            "the page and its own scripts never call LiveChat.init(), so the Agent App's "
            f"loader never stops spinning{unread}",
            f"{fix} once the page has loaded",
        )
    off = [(name, call) for name, call in calls if call.authorization_off]
    if auth == "sign-in":
        return _init_sign_in(calls, off)
    if off and forced:
        return failed(
            "init",
            f"--auth basic, but LiveChat.init() in {off[0][0]} turns LiveChat's authorization "
            "off, so the Agent App never POSTs to /authorize/",
            "call LiveChat.init() without authorize: false, or check with --auth sign-in if the "
            "page signs agents in with LiveChat",
        )
    return passed("init", f"LiveChat.init() is called in {calls[0][0]}")


def _init_sign_in(calls: list[tuple[str, InitCall]], off: list[tuple[str, InitCall]]) -> Finding:
    if not off:
        return failed(
            "init",
            f"sign-in mode, but LiveChat.init() in {calls[0][0]} leaves LiveChat's authorization "
            "on: without /authorize/ the loader never stops spinning",
            f"call {INIT_SIGN_IN}",
        )
    name, call = off[0]
    if "authorize" not in call.keys_off:
        return warned(
            "init",
            f"LiveChat.init() in {name} passes only authorization: false, the key of LiveChat's "
            "prose; its code samples and example app use authorize: false",
            f"pass both keys: {INIT_SIGN_IN}",
        )
    how = " (through a variable)" if call.via_variable else ""
    return passed("init", f"LiveChat.init() in {name} turns LiveChat's authorization off{how}")


def check_mixed_content(page: Page) -> Finding:
    if page.scan is None:
        return skipped("mixed-content", NOT_LOADED)
    base = page.scan.base_href or ""
    # Resolved against <base href> only: relative URLs of a page served over http:// are the
    # https check's concern, not mixed content.
    insecure = [
        f"<{r.tag} {r.attribute}> {r.url}"
        for r in page.scan.resources
        if urljoin(base, r.url).lower().startswith("http://")
    ]
    if base.lower().startswith("http://"):
        insecure.insert(0, f"<base href> {base}")
    if insecure:
        more = f" and {len(insecure) - 3} more" if len(insecure) > 3 else ""
        return failed(
            "mixed-content",
            f"the page loads over http://, which the Agent App blocks: "
            f"{'; '.join(insecure[:3])}{more}",
            "load every script, stylesheet, image and frame over https:// (or a relative URL)",
        )
    return passed("mixed-content", f"all {len(page.scan.resources)} sub-resources use HTTPS")

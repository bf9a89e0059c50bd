"""``run_doctor``: the one function behind ``lcext doctor``."""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from lcext.doctor import authorize, browser, widgets
from lcext.doctor.checks import (
    Origins,
    check_frame,
    check_https,
    check_init,
    check_library,
    check_mixed_content,
    check_page,
)
from lcext.doctor.fetch import Client, url_problem
from lcext.doctor.findings import Finding, Report, skipped
from lcext.doctor.scripts import find_init_calls, mentions
from lcext.doctor.sdk import AGENT_APP_SDK, PageSdk, detect_sdk
from lcext.doctor.target import LiveChat, Page, load_livechat, load_page
from lcext.errors import InvalidOptionError
from lcext.options import load_schema
from lcext.template import template_dir


def run_doctor(
    url: str,
    *,
    auth: str | None = None,
    origins: Sequence[str] = (),
    insecure: bool = False,
    ca_file: Path | None = None,
    timeout: float = 10.0,
    in_browser: bool = False,
    offline: bool = False,
    chromium: Path | None = None,
) -> Report:
    """Check the extension page at ``url`` the way the Agent App will use it.

    ``auth`` forces the auth mode (``basic`` or ``sign-in``) instead of detecting it from the
    page; ``origins`` adds Agent App origins to LiveChat's. ``in_browser`` also runs the page in
    ``chromium`` (see ``browser.py``), with LiveChat's scripts from lcext's stand-ins if
    ``offline``. Problems with the page are findings in the report, never exceptions; only
    unusable arguments (or no Chromium to run) raise InvalidOptionError.
    """
    _check_arguments(url, auth, timeout)
    if offline and not in_browser:
        raise InvalidOptionError("--offline only applies to the browser check; add --browser")
    chromium = browser.chromium_path(chromium) if in_browser else None
    livechat = load_livechat()
    required = _unique([livechat.agent_app, *(_checked_origin(origin) for origin in origins)])
    wanted = Origins(
        required=required,
        recommended=tuple(o for o in livechat.agent_app_origins[1:] if o not in required),
    )
    client = Client(timeout=timeout, ca_file=_checked_ca_file(ca_file), insecure=insecure)
    page = load_page(client, url)
    found = detect_sdk(page, livechat)
    mode, reason = (auth, "given with --auth") if auth else detect_auth(page, livechat, found)
    findings = [
        check_https(page, client, livechat),
        check_page(page),
        check_frame(page, wanted),
        *_sdk_checks(page, found, livechat, mode, forced=auth is not None),
        check_mixed_content(page),
        *_authorize_checks(client, page, found, mode, wanted),
        _browser_check(
            page, found, livechat, wanted, chromium, offline, insecure or bool(ca_file), timeout
        ),
    ]
    return Report(
        url=url,
        auth=mode,
        auth_reason=reason,
        findings=tuple(findings),
        sdk=found.sdk,
        sdk_reason=found.reason,
        placement=found.placement,
        widget=found.widget if found.sdk == AGENT_APP_SDK else None,
    )


def detect_auth(
    page: Page, livechat: LiveChat, found: PageSdk | None = None
) -> tuple[str | None, str]:
    """The auth mode the page is written for, and what gave it away."""
    if page.scan is None:
        return None, "not detected: the page could not be read"
    if found is not None and found.sdk == AGENT_APP_SDK:
        # "sign-in" as doctor's checks mean it: the Agent App never POSTs to /authorize/.
        return "sign-in", "detected: an Agent App widget, which has no basic /authorize/ flow"
    for source in page.sources:
        if any(call.authorization_off for call in find_init_calls(source.code)):
            return "sign-in", "detected: LiveChat.init() turns LiveChat's authorization off"
    scripts = [page.resolve(script.src) for script in page.scan.scripts if script.src]
    if livechat.accounts_sdk_js in scripts or any(
        mentions(source.code, "AccountsSDK") for source in page.sources
    ):
        return "sign-in", "detected: the page signs agents in with LiveChat's accounts SDK"
    return "basic", "detected: nothing in the page turns LiveChat's authorization off"


def _sdk_checks(
    page: Page, found: PageSdk, livechat: LiveChat, mode: str | None, forced: bool
) -> list[Finding]:
    """The ``library`` and ``init`` findings, for the SDK the page is built on."""
    if found.both:
        return [
            widgets.check_both(found, livechat),
            skipped("init", "not checked: the page loads both SDKs (see library)"),
        ]
    if found.sdk == AGENT_APP_SDK:
        return [
            widgets.check_widgets_sdk(page, found, livechat),
            widgets.check_factory(page, found, livechat, mode, forced),
        ]
    return [check_library(page, livechat), check_init(page, mode, forced)]


def _authorize_checks(
    client: Client, page: Page, found: PageSdk, mode: str | None, wanted: Origins
) -> list[Finding]:
    if found.both:
        return authorize.skip_authorize(mode, "the page loads both SDKs (see library)")
    if found.sdk == AGENT_APP_SDK:
        return authorize.skip_authorize(mode, "an Agent App widget has no /authorize/ flow")
    if mode != "basic":
        return authorize.skip_authorize(mode)
    url = authorize.authorize_url(page.url)
    post = authorize.post_dummy_login(client, url, wanted.required[0])
    origins = (*wanted.required, *wanted.recommended)
    preflights = {origin: authorize.preflight(client, url, origin) for origin in origins}
    return [
        authorize.check_authorize(url, post),
        authorize.check_cors(url, wanted, preflights, post),
    ]


def _browser_check(
    page: Page,
    found: PageSdk,
    livechat: LiveChat,
    wanted: Origins,
    chromium: Path | None,
    offline: bool,
    certificate_judged: bool,
    timeout: float,
) -> Finding:
    if chromium is None:
        return skipped("browser", "not run: add --browser to run the page in Chromium")
    if page.response is None:
        return skipped("browser", "not run: the page could not be loaded (see the https check)")
    if found.both:
        return skipped("browser", "not run: the page loads both SDKs (see library)")
    return browser.check_in_browser(
        page.url,
        livechat,
        wanted.required[0],
        widget=found.sdk == AGENT_APP_SDK,
        chromium=chromium,
        offline=offline,
        # The https check has judged the certificate already (with --ca-file or --insecure);
        # Chromium cannot be handed a CA file, so it is told not to judge it again.
        ignore_certificate_errors=certificate_judged,
        timeout=timeout,
    )


def _check_arguments(url: str, auth: str | None, timeout: float) -> None:
    if url_problem(url) is not None:
        raise InvalidOptionError(
            f"{url!r} is not a web address doctor can check; give the extension page's full "
            "URL, as in 'lcext doctor https://example.com/ext/'"
        )
    modes = load_schema(template_dir()).choice_options["auth"].values
    if auth is not None and auth not in modes:
        raise InvalidOptionError(f"unknown auth mode {auth!r}; choose one of: {', '.join(modes)}")
    if not timeout > 0:
        raise InvalidOptionError(f"--timeout must be a number of seconds above 0, not {timeout}")


def _checked_origin(origin: str) -> str:
    parts = urlsplit(origin.strip())
    if url_problem(origin.strip()) is not None or parts.path not in ("", "/") or parts.query:
        raise InvalidOptionError(
            f"--origin {origin!r} is not an origin; give scheme and host only, as in "
            "'--origin https://agents.example.com'"
        )
    return f"{parts.scheme}://{parts.netloc}".lower()


def _checked_ca_file(ca_file: Path | None) -> Path | None:
    if ca_file is None:
        return None
    if not ca_file.is_file():
        raise InvalidOptionError(f"--ca-file {ca_file} is not a file")
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=str(ca_file))
    except ssl.SSLError:
        raise InvalidOptionError(
            f"--ca-file {ca_file} holds no PEM certificate; give the CA certificate that signed "
            "the server's certificate"
        ) from None
    return ca_file


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))

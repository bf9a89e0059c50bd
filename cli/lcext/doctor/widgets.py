"""The static checks of a page built on the Agent App widgets SDK (``@livechat/agent-app-sdk``).

They take the ``library`` and ``init`` rows of the report: the SDK is loaded (once, and not beside
the 2017 library, which defines the same global ``LiveChat``), and the page's own scripts create
one widget with the SDK's factory, which connects to the Agent App and sends ``plugin_inited``.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from lcext.doctor.findings import Finding, failed, passed, skipped, warned
from lcext.doctor.sdk import BUILD_FILE, PageSdk, SdkScript, describe, vendored_build
from lcext.doctor.target import LiveChat, Page

NOT_READ = "not checked: the page could not be loaded (see the https and page checks)"


def check_both(found: PageSdk, livechat: LiveChat) -> Finding:
    """The ``library`` finding of a page that loads both SDKs."""
    sdk = found.widgets_sdk[0].src
    return failed(
        "library",
        f"the page loads both LiveChat's extension library ({livechat.extension_library_js}) "
        f"and the Agent App widgets SDK ({sdk}): both define the global LiveChat, so the one "
        "loaded last replaces the other and the page cannot talk to the Agent App as intended",
        f"load one SDK: for an Agent App widget remove <script src="
        f'"{livechat.extension_library_js}"> (and LiveChat\'s stylesheet) and call a widget '
        f"factory; for a 2017 extension page remove {sdk} and call LiveChat.init()",
    )


def check_widgets_sdk(page: Page, found: PageSdk, livechat: LiveChat) -> Finding:
    """The ``library`` finding of a widget page: it loads the widgets SDK, pinned."""
    if page.scan is None:
        return skipped("library", NOT_READ)
    package, version = livechat.agent_app_sdk_package, livechat.agent_app_sdk_version
    if not found.widgets_sdk:
        _, factory = found.factories[0]
        return failed(
            "library",
            f"the page's scripts use LiveChat.{factory}() but the page does not load the "
            f"widgets SDK ({package})",
            f'add <script src="static/vendor/{BUILD_FILE}"></script> ({package} {version}\'s '
            "browser build, served by the app) before the page's own scripts",
        )
    script = found.widgets_sdk[0]
    if script.error is not None:
        return failed(
            "library",
            f"the page loads the widgets SDK from {script.src}, which does not load "
            f"({script.error})",
            f"serve {package}'s browser build (dist/{BUILD_FILE}) at {script.src}",
        )
    if script.read:
        return passed("library", f"the page loads the widgets SDK: {describe(script)}")
    return _from_elsewhere(script, livechat)


def _from_elsewhere(script: SdkScript, livechat: LiveChat) -> Finding:
    """A widgets SDK from another origin (a CDN): pinned to a version, and with integrity."""
    package, version = livechat.agent_app_sdk_package, livechat.agent_app_sdk_version
    host = urlsplit(script.url).netloc
    if script.version is None:
        return warned(
            "library",
            f"the page loads the widgets SDK from {host} without an exact version "
            f"({script.src}): a new release changes what runs in the Agent App, untested",
            f"pin the version in the URL ({package}@{version}) and add its integrity attribute",
        )
    if not script.integrity:
        return warned(
            "library",
            f"the page loads the widgets SDK from {host} without Subresource Integrity: what "
            "that server sends runs in the Agent App with the agent's session",
            f"add {_integrity_attribute(script, livechat)} to the <script> tag",
        )
    return passed(
        "library",
        f"the page loads the widgets SDK {script.version} from {host}, with Subresource Integrity",
    )


def _integrity_attribute(script: SdkScript, livechat: LiveChat) -> str:
    if script.version == livechat.agent_app_sdk_version and script.url.endswith(BUILD_FILE):
        digest = base64.b64encode(hashlib.sha384(vendored_build()).digest()).decode()
        return f'integrity="sha384-{digest}" crossorigin="anonymous"'
    return 'integrity="sha384-<the file\'s hash>" crossorigin="anonymous"'


def check_factory(
    page: Page, found: PageSdk, livechat: LiveChat, auth: str | None, forced: bool
) -> Finding:
    """The ``init`` finding of a widget page: its own scripts create exactly one widget."""
    if page.scan is None:
        return skipped("init", NOT_READ)
    if forced and auth == "basic":
        return failed(
            "init",
            "--auth basic, but the page is an Agent App widget: the Agent App never POSTs to "
            "/authorize/ for a widget",
            "check it with --auth sign-in (a widget signs agents in with LiveChat's accounts "
            "SDK); the basic flow needs a 2017 extension page that calls LiveChat.init()",
        )
    if not found.factories:
        return _no_factory(page, found, livechat)
    widget = found.widget  # set by detect_sdk when the scripts use exactly one factory
    if widget is None:
        where = ", ".join(f"{factory}() in {name}" for name, factory in found.factories)
        return warned(
            "init",
            f"the page's scripts use several widget factories ({where}): a page is one widget, "
            "so doctor cannot tell where the Agent App shows it",
            "give each widget its own page that calls only its own factory",
        )
    name, _ = found.factories[0]
    return passed(
        "init",
        f"LiveChat.{widget.factory}() is called in {name}: a {widget.title} widget (placement "
        f"{widget.placement})",
    )


def _no_factory(page: Page, found: PageSdk, livechat: LiveChat) -> Finding:
    bundles = [script.src for script in found.widgets_sdk if script.bundle]
    if bundles:
        return warned(
            "init",
            f"{bundles[0]} bundles the widgets SDK, and doctor cannot see which factory the "
            "bundle calls",
            "run doctor with --browser: it waits for the widget's plugin_inited",
        )
    unread = f"; not read: {', '.join(page.unread)}" if page.unread else ""
    factories = " or ".join(
        f"LiveChat.{widget.factory}() ({widget.title})" for widget in livechat.widgets
    )
    return failed(
        "init",
        "the page loads the widgets SDK but its own scripts never call a widget factory, so the "
        f"Agent App's loader never stops{unread}",
        f"call {factories} once the page has loaded, and catch its rejection outside the Agent App",
    )

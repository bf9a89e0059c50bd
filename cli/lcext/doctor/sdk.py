"""Which LiveChat SDK a page is built on and, for an Agent App widget, which widget it is.

The 2017 extension library is known by its URL on LiveChat's CDN. The widgets SDK
(``@livechat/agent-app-sdk``) is served by the app itself (lcext vendors its build) or from a CDN:
a script doctor has read is the SDK when its code defines the SDK's factories; a script of another
origin, which doctor does not read, when its URL names the package or its build file. The widget
is the factory the page's own scripts use, and its placement is where the Agent App shows it:
``placement_of`` is what a manifest's ``placement`` is compared with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from lcext.doctor.scripts import find_factory_uses
from lcext.doctor.target import LiveChat, Page, Widget, without_scheme
from lcext.template import template_dir

EXTENSION_LIBRARY = "extension-library"
AGENT_APP_SDK = "agent-app-sdk"
# Where the Agent App shows a 2017 extension page: Chat Details, the placement "plugin".
EXTENSION_PLACEMENT = "plugin"
BUILD_FILE = "agentapp.umd.min.js"  # the SDK's browser build, as lcext vendors it
# agentapp.umd.min.js, agentapp.umd.js, agentapp.js: the SDK's build files by name.
_BUILD_NAME = re.compile(r"agentapp(?:\.[\w-]+)*\.js")
# The SDK's code sends this once a factory has connected; with all four factory names it marks
# a script as the SDK (or a bundle holding it).
_INITED = "plugin_inited"


@dataclass(frozen=True)
class SdkScript:
    """A ``<script src>`` that loads the widgets SDK."""

    src: str  # as the page wrote it
    url: str  # resolved against the page
    read: bool  # doctor read it (same origin) and found the SDK's code; else known by its URL
    vendored: bool  # byte for byte the build lcext vendors (the pinned version)
    bundle: bool  # the SDK's code inside a script not named like its build: the page's bundle
    integrity: str  # the script's Subresource Integrity attribute
    error: str | None = None  # why a same-origin script named like the build did not load
    version: str | None = None  # the version a CDN URL pins (@livechat/agent-app-sdk@1.16.0)


@dataclass(frozen=True)
class PageSdk:
    """What the page is built on, and why doctor thinks so."""

    sdk: str | None  # EXTENSION_LIBRARY or AGENT_APP_SDK; None if it loads both or was not read
    reason: str
    loads_extension_library: bool
    widgets_sdk: tuple[SdkScript, ...]  # the scripts that load the widgets SDK
    # The widget factories the page's own scripts use: (the script's name, the factory).
    factories: tuple[tuple[str, str], ...]
    widget: Widget | None  # the widget, when the page's scripts use exactly one factory

    @property
    def both(self) -> bool:
        return self.loads_extension_library and bool(self.widgets_sdk)

    @property
    def placement(self) -> str | None:
        return placement_of(self)


def placement_of(found: PageSdk) -> str | None:
    """Where the Agent App shows the page: ``plugin`` for a 2017 extension page, the widget's
    placement (``plugin``, ``messagebox``, ``fullscreen``, ``settings``) for a widget; None when
    doctor cannot tell (no page, both SDKs, no factory or several)."""
    if found.sdk == EXTENSION_LIBRARY:
        return EXTENSION_PLACEMENT
    if found.sdk == AGENT_APP_SDK and found.widget is not None:
        return found.widget.placement
    return None


def detect_sdk(page: Page, livechat: LiveChat) -> PageSdk:
    """What the page is built on, from its HTML and the scripts doctor read (see ``load_page``)."""
    if page.scan is None:
        return PageSdk(None, "not detected: the page could not be read", False, (), (), None)
    library = without_scheme(livechat.extension_library_js)
    srcs = [(s.src, s.integrity) for s in page.scan.scripts if s.src]
    extension = any(without_scheme(page.resolve(src)) == library for src, _ in srcs)
    sdk_scripts = tuple(
        script
        for script in (_sdk_script(page, livechat, src, integrity) for src, integrity in srcs)
        if script is not None
    )
    builds = {script.url for script in sdk_scripts if not script.bundle}
    names = [widget.factory for widget in livechat.widgets]
    factories = tuple(
        (source.name, factory)
        for source in page.sources
        if source.url not in builds
        for factory in find_factory_uses(source.code, names)
    )
    used = list(dict.fromkeys(factory for _, factory in factories))
    widget = _widget(livechat, used[0]) if len(used) == 1 else None
    if extension and sdk_scripts:
        sdk, reason = None, "not detected: the page loads both SDKs (see library)"
    elif sdk_scripts:
        sdk, reason = (
            AGENT_APP_SDK,
            f"detected: the page loads the widgets SDK ({_how(sdk_scripts[0])})",
        )
    elif extension:
        sdk, reason = EXTENSION_LIBRARY, "detected: the page loads LiveChat's extension library"
    elif factories:
        name, factory = factories[0]
        sdk, reason = AGENT_APP_SDK, f"detected: {name} uses the widgets SDK's {factory}()"
    else:
        sdk = EXTENSION_LIBRARY
        reason = "not detected: the page loads neither SDK; checked as an extension library page"
    return PageSdk(sdk, reason, extension, sdk_scripts, factories, widget)


def names_build(url: str, livechat: LiveChat) -> bool:
    """Whether a URL names the widgets SDK: its package (on a CDN) or its build file."""
    path = urlsplit(url).path
    return livechat.agent_app_sdk_package in path or bool(
        _BUILD_NAME.fullmatch(path.rsplit("/", 1)[-1])
    )


def is_sdk_code(code: str, livechat: LiveChat) -> bool:
    """Whether the code holds the widgets SDK: it defines every factory and sends plugin_inited."""
    return _INITED in code and all(widget.factory in code for widget in livechat.widgets)


def pinned_version(url: str, livechat: LiveChat) -> str | None:
    """The exact version a CDN URL pins: ``.../@livechat/agent-app-sdk@1.16.0/...``."""
    package = re.escape(livechat.agent_app_sdk_package)
    found = re.search(rf"{package}@(\d+\.\d+\.\d+)(?:/|$)", urlsplit(url).path)
    return found.group(1) if found else None


@cache
def vendored_build() -> bytes:
    """The SDK's build as lcext vendors it into projects (the pinned version)."""
    return vendored_path().read_bytes()


def vendored_path() -> Path:
    return template_dir() / "templates" / "vendor" / BUILD_FILE


def _sdk_script(page: Page, livechat: LiveChat, src: str, integrity: str) -> SdkScript | None:
    url = page.resolve(src)
    source = next((s for s in page.sources if s.url == url), None)
    if source is not None:
        if not is_sdk_code(source.code, livechat):
            return None
        vendored = source.code.encode() == vendored_build()
        bundle = not vendored and not names_build(url, livechat)
        return SdkScript(src, url, True, vendored, bundle, integrity)
    if not names_build(url, livechat):
        return None
    version = pinned_version(url, livechat)
    return SdkScript(src, url, False, False, False, integrity, page.script_errors.get(url), version)


def _how(script: SdkScript) -> str:
    if script.vendored:
        return f"{script.src}, the build lcext vendors"
    if script.bundle:
        return f"bundled in {script.src}"
    return script.src


def _widget(livechat: LiveChat, factory: str) -> Widget:
    return next(widget for widget in livechat.widgets if widget.factory == factory)

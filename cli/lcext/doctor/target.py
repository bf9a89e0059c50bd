"""The page under examination: fetched once, its HTML scanned and its own scripts read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from lcext.doctor.fetch import Client, FetchError, Response
from lcext.doctor.page import PageScan, scan_page
from lcext.template import template_dir

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_SCRIPTS = 20  # same-origin scripts read per page


@dataclass(frozen=True)
class Widget:
    """One of the widgets SDK's widgets: the factory that creates it and where the Agent App
    shows it (the placement an app registers its URL with)."""

    name: str
    title: str
    placement: str
    factory: str


# The SDK's fourth widget, which lcext does not generate; a page built on it is a widget too.
SETTINGS_WIDGET = Widget("settings", "Settings", "settings", "createSettingsWidget")


@dataclass(frozen=True)
class LiveChat:
    """LiveChat's URLs and origins, from the template's cookiecutter.json (``_livechat``)."""

    extension_library_js: str
    extension_library_css: str
    accounts_sdk_js: str
    agent_app_origins: tuple[str, ...]
    agent_app_sdk_package: str  # @livechat/agent-app-sdk
    agent_app_sdk_version: str  # the version lcext pins and vendors
    widgets: tuple[Widget, ...]  # the pages lcext generates, then the SDK's settings widget

    @property
    def agent_app(self) -> str:
        return self.agent_app_origins[0]


def load_livechat() -> LiveChat:
    context: dict[str, Any] = json.loads(
        (template_dir() / "cookiecutter.json").read_text(encoding="utf-8")
    )
    facts = context["_livechat"]
    return LiveChat(
        extension_library_js=facts["extension_library_js"],
        extension_library_css=facts["extension_library_css"],
        accounts_sdk_js=facts["accounts_sdk_js"],
        agent_app_origins=tuple(facts["agent_app_origins"]),
        agent_app_sdk_package=facts["agent_app_sdk"]["package"],
        agent_app_sdk_version=facts["agent_app_sdk"]["version"],
        widgets=(
            *(
                Widget(w["name"], w["title"], w["placement"], w["factory"])
                for w in facts["widgets"]
            ),
            SETTINGS_WIDGET,
        ),
    )


@dataclass(frozen=True)
class Source:
    name: str  # how the report names it: "inline script", or the src as the page wrote it
    code: str
    url: str | None = None  # where an external script was read from


@dataclass
class Page:
    url: str  # as the user gave it
    response: Response | None = None
    error: FetchError | None = None
    scan: PageScan | None = None  # set only for a 200 HTML answer
    sources: list[Source] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # scripts not read, and why
    # Same-origin scripts that did not load, by their resolved URL: why ("answered 404 ...").
    script_errors: dict[str, str] = field(default_factory=dict)

    @cached_property
    def base(self) -> str:
        """The URL that the page's relative URLs are resolved against."""
        final = self.response.url if self.response else self.url
        return urljoin(final, self.scan.base_href or "") if self.scan else final

    def resolve(self, url: str) -> str:
        return urljoin(self.base, url)

    def same_origin(self, url: str) -> bool:
        final = self.response.url if self.response else self.url
        mine, theirs = urlsplit(final), urlsplit(url)
        return (mine.scheme, mine.netloc.lower()) == (theirs.scheme, theirs.netloc.lower())


def without_scheme(url: str) -> str:
    """``url`` without ``https:``: a page may load LiveChat's scripts by either scheme."""
    return url.split(":", 1)[1] if ":" in url else url


def load_page(client: Client, url: str) -> Page:
    page = Page(url)
    try:
        page.response = client.get(url, headers={"Accept": "text/html,*/*;q=0.8"})
    except FetchError as error:
        page.error = error
        return page
    if page.response.status == 200 and page.response.content_type in HTML_TYPES:
        page.scan = scan_page(page.response.text())
        _read_scripts(client, page, page.scan)
    return page


def _read_scripts(client: Client, page: Page, scan: PageScan) -> None:
    page.sources += [Source("inline script", script.code) for script in scan.scripts if script.code]
    page.sources += [Source("inline event handler", code) for code in scan.handlers]
    external = [script.src for script in scan.scripts if script.src]
    for src in external:
        resolved = page.resolve(src)
        if not page.same_origin(resolved):
            continue  # third-party code (LiveChat's library, a CDN) is not doctor's to read
        if len(page.sources) >= MAX_SCRIPTS:
            page.unread.append(f"{src} (more than {MAX_SCRIPTS} scripts)")
            continue
        try:
            response = client.get(resolved)
        except FetchError as error:
            page.script_errors[resolved] = error.reason
            page.unread.append(f"{src} ({error.reason})")
            continue
        if response.status != 200:
            page.script_errors[resolved] = f"answered {response.status} {response.reason}"
            page.unread.append(f"{src} ({page.script_errors[resolved]})")
            continue
        page.sources.append(Source(src, response.text(), resolved))

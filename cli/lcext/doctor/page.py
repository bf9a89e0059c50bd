"""What doctor reads in the page's HTML: its scripts, stylesheets and other sub-resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# <script type> values that browsers run; anything else (templates, JSON data) is not code.
_SCRIPT_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
)
# <link rel> values whose href the browser loads as part of the page.
_LOADED_LINKS = frozenset(
    {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
)
# Elements and the attributes through which they load something into the page.
_RESOURCE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
}


@dataclass(frozen=True)
class Script:
    src: str | None  # as written in the page; None for inline code
    code: str  # the inline code ('' for external scripts)
    integrity: str = ""  # the Subresource Integrity hashes of an external script


@dataclass(frozen=True)
class Resource:
    tag: str
    attribute: str
    url: str  # as written in the page


@dataclass
class PageScan:
    base_href: str | None = None
    scripts: list[Script] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    # Inline event handlers (onload="..."): code the page runs too.
    handlers: list[str] = field(default_factory=list)


def scan_page(html: str) -> PageScan:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.scan


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._inline: list[str] | None = None  # the chunks of the inline script being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        self.scan.handlers.extend(v for k, v in values.items() if k.startswith("on") and v)
        if tag == "base" and "href" in values and self.scan.base_href is None:
            self.scan.base_href = values["href"].strip()
        elif tag == "link":
            self._link(values)
        elif tag == "script":
            self._script(values)
        for attribute in _RESOURCE_ATTRIBUTES.get(tag, ()):
            for url in _urls(attribute, values.get(attribute, "")):
                self.scan.resources.append(Resource(tag, attribute, url))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline is not None:
            self.scan.scripts.append(Script(None, "".join(self._inline)))
            self._inline = None

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._inline.append(data)

    def _link(self, values: dict[str, str]) -> None:
        rels = set(values.get("rel", "").lower().split())
        href = values.get("href", "").strip()
        if not href or not rels & _LOADED_LINKS:
            return
        self.scan.resources.append(Resource("link", "href", href))
        if "stylesheet" in rels:
            self.scan.stylesheets.append(href)

    def _script(self, values: dict[str, str]) -> None:
        kind = values.get("type", "").strip().lower()
        if kind not in _SCRIPT_TYPES:
            return
        src = values.get("src", "").strip()
        if src:
            self.scan.scripts.append(Script(src, "", values.get("integrity", "").strip()))
        else:
            self._inline = []


def _urls(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        # "a.png 1x, b.png 2x": the URL is each candidate's first word.
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()] if value.strip() else []

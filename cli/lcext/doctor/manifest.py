"""``lcext doctor`` over ``livechat.config.json``: every widget it registers, its redirect URIs.

LiveChat's developer CLI (``lcdev bootstrap``, @livechat/developer-cli 1.2.31) replaces each
``%baseURL%`` in the manifest's text, case-insensitively, with ``--baseURL`` (else the manifest's
own ``baseURL``), registers each ``widget`` entry ``{url, placement}`` and sets the app's
authorization from ``auth`` (``redirectURI``: a list of https URLs). Doctor does the same
substitution, checks each widget's page as ``run_doctor`` does, and adds two checks per manifest:
the page is the one of the entry's placement (the SDK factory it calls), and every redirect URI
is https.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lcext.doctor.findings import Finding, Report, Status, failed, passed, skipped, warned
from lcext.errors import InvalidOptionError

MANIFEST_FILE = "livechat.config.json"
BASE_URL = re.compile("%baseURL%", re.IGNORECASE)


@dataclass(frozen=True)
class WidgetReport:
    """One widget entry of the manifest: its doctor report and whether its placement fits."""

    url: str
    placement: str
    report: Report
    placement_finding: Finding

    @property
    def ok(self) -> bool:
        return self.report.ok and self.placement_finding.status is not Status.FAIL


@dataclass(frozen=True)
class ManifestReport:
    manifest: Path
    base_url: str
    widgets: tuple[WidgetReport, ...]
    redirect_uris: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(widget.ok for widget in self.widgets) and all(
            finding.status is not Status.FAIL for finding in self.redirect_uris
        )

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def as_text(self) -> str:
        lines = [f"lcext doctor --manifest {self.manifest} {self.base_url}"]
        for widget in self.widgets:
            lines += ["", f"== widget {widget.placement}: {widget.url}", widget.report.as_text()]
            lines.append(_finding_line(widget.placement_finding))
        lines += ["", "== redirect URIs"]
        lines += [_finding_line(finding) for finding in self.redirect_uris]
        failing = sum(not widget.ok for widget in self.widgets)
        bad_uris = sum(finding.status is Status.FAIL for finding in self.redirect_uris)
        lines += [
            "",
            f"{len(self.widgets)} widgets, {failing} failing; {len(self.redirect_uris)} redirect "
            f"URIs, {bad_uris} failing",
        ]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "manifest": str(self.manifest),
            "base_url": self.base_url,
            "ok": self.ok,
            "widgets": [
                {
                    "url": widget.url,
                    "placement": widget.placement,
                    "ok": widget.ok,
                    "placement_check": widget.placement_finding.as_dict(),
                    "report": widget.report.as_dict(),
                }
                for widget in self.widgets
            ],
            "redirect_uris": [finding.as_dict() for finding in self.redirect_uris],
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2)


def default_manifest(folder: Path | None = None) -> Path | None:
    """``livechat.config.json`` in ``folder`` (the current one), if there is one."""
    path = (folder or Path.cwd()) / MANIFEST_FILE
    return path if path.is_file() else None


def read_manifest(path: Path, base_url: str | None) -> tuple[str, dict[str, Any]]:
    """The base URL used and the manifest as lcdev bootstrap registers it; InvalidOptionError
    (one line) for a manifest that cannot be read or has no base URL to put in."""
    try:
        text = path.read_text(encoding="utf-8")
        original = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidOptionError(f"--manifest {path}: not a readable JSON file ({error})") from None
    if not isinstance(original, dict):
        raise InvalidOptionError(f"--manifest {path}: not a livechat.config.json (no object)")
    base = (base_url or str(original.get("baseURL") or "")).rstrip("/")
    if BASE_URL.search(text) and not base:
        raise InvalidOptionError(
            f"{path} uses %baseURL%: give the base URL the app is served at, as lcdev bootstrap's "
            "--baseURL (lcext doctor --manifest PATH https://your.host)"
        )
    data = json.loads(BASE_URL.sub(lambda _: base, text))
    return base, data


def run_manifest_doctor(
    manifest: Path,
    base_url: str | None,
    run: Callable[[str], Report],
) -> ManifestReport:
    """Check every widget of ``manifest`` with ``run`` (``run_doctor`` with the command's options)
    and its redirect URIs."""
    base, data = read_manifest(manifest, base_url)
    entries = data.get("widget") or []
    entries = entries if isinstance(entries, list) else [entries]
    widgets = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise InvalidOptionError(f"{manifest}: a widget entry without a url: {entry!r}")
        placement = str(entry.get("placement", ""))
        report = run(entry["url"])
        widgets.append(
            WidgetReport(entry["url"], placement, report, check_placement(placement, report))
        )
    auth = data.get("auth")
    auth = auth if isinstance(auth, dict) else {}
    uris = auth.get("redirectURI") or []
    uris = uris if isinstance(uris, list) else [uris]
    pages = [widget.url for widget in widgets]
    return ManifestReport(
        manifest, base, tuple(widgets), tuple(check_redirect_uri(str(uri), pages) for uri in uris)
    )


def check_placement(declared: str, report: Report) -> Finding:
    """Whether the page is the one the entry's placement needs (the SDK factory it calls)."""
    if report.placement is None:
        return skipped(
            "placement", f"not checked: doctor could not tell the page's placement ({declared})"
        )
    if report.placement == declared:
        return passed("placement", f"the page is a {declared} page, as the manifest says")
    what = (
        f"calls LiveChat.{report.widget.factory}(), a {report.placement} widget"
        if report.widget is not None
        else f"is a {report.placement} page ({report.sdk})"
    )
    return failed(
        "placement",
        f'the manifest registers it as "placement": "{declared}", but the page {what}: the '
        f"Agent App would show it where it cannot connect",
        f'set "placement": "{report.placement}" for this widget in livechat.config.json, or '
        f"point its url at the app's {declared} page",
    )


def check_redirect_uri(uri: str, pages: list[str]) -> Finding:
    """A redirect URI must be https (the accounts server and lcdev refuse others), and is the
    page that signs in: one of the widget URLs."""
    parts = urlsplit(uri)
    if parts.scheme != "https" or not parts.netloc:
        https = f"https://{parts.netloc}{parts.path}" if parts.netloc else "https://<host>/"
        return failed(
            "redirect URI",
            f"{uri} is not an https URL: LiveChat's accounts server only sends agents back to "
            "https pages",
            f'use {https} in "redirectURI" (and serve the page over HTTPS), then run lcdev '
            "bootstrap again",
        )
    if uri not in pages:
        return warned(
            "redirect URI",
            f"{uri} is none of the manifest's widget pages: the sign-in comes back to a page "
            "that is not there",
            "list the URL of the page that signs agents in (origin and path)",
        )
    return passed("redirect URI", f"{uri}: https, and one of the widget pages")


def _finding_line(finding: Finding) -> str:
    line = f"{finding.status.value:4}  {finding.check}  {finding.message}"
    return f"{line}\n      fix: {finding.fix}" if finding.fix else line

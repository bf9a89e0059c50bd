"""What doctor reports: one finding per check, and the report that prints them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lcext.doctor.target import Widget


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    WARN = "warn"
    FAIL = "fail"
    # Not run: it does not apply to the auth mode, or an earlier failure left nothing to check.
    SKIP = "skip"


# The checks in the order they run and print, with what each one makes sure of.
CHECKS: dict[str, str] = {
    "https": "reachable over HTTPS with a valid certificate",
    "page": "the URL answers with an HTML page",
    "frame": "the Agent App may show the page in its iframe",
    "library": "the page loads one LiveChat SDK: the extension library or the widgets SDK",
    "init": "the page calls LiveChat.init() as its auth mode needs, or one widget factory",
    "mixed-content": "the page loads no http:// sub-resources",
    "authorize": "POST /authorize/ answers JSON (basic mode)",
    "cors": "/authorize/ answers CORS requests from the Agent App (basic mode)",
    "browser": "framed by the Agent App's origin in Chromium, the page calls LiveChat.init() "
    "(a widget: completes the trusted handshake and sends plugin_inited)",
}


# The checks of a livechat.config.json itself (lcext doctor --manifest), beside each page's.
MANIFEST_CHECKS: dict[str, str] = {
    "placement": "the page calls the widget factory its registered placement needs",
    "redirect URI": "an https URL, one of the widget pages",
}


@dataclass(frozen=True)
class Finding:
    check: str
    status: Status
    message: str
    fix: str | None = None

    def __post_init__(self) -> None:
        if self.check not in CHECKS and self.check not in MANIFEST_CHECKS:  # pragma: no cover
            raise ValueError(f"unknown check {self.check!r}")  # a typo in doctor itself

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status.value,
            "message": self.message,
            "fix": self.fix,
        }


def passed(check: str, message: str) -> Finding:
    return Finding(check, Status.PASS, message)


def warned(check: str, message: str, fix: str) -> Finding:
    return Finding(check, Status.WARN, message, fix)


def failed(check: str, message: str, fix: str) -> Finding:
    return Finding(check, Status.FAIL, message, fix)


def skipped(check: str, message: str) -> Finding:
    return Finding(check, Status.SKIP, message)


@dataclass(frozen=True)
class Report:
    url: str
    auth: str | None
    auth_reason: str
    findings: tuple[Finding, ...]
    sdk: str | None = None  # "extension-library" or "agent-app-sdk"; None if not told
    sdk_reason: str = ""
    # Where the Agent App shows the page ("plugin" for a 2017 extension page, a widget's
    # placement), as a manifest's widget entry must say; None if doctor cannot tell.
    placement: str | None = None
    widget: Widget | None = None  # the Agent App widget the page creates

    @property
    def ok(self) -> bool:
        return all(finding.status is not Status.FAIL for finding in self.findings)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def finding(self, check: str) -> Finding:
        return next(finding for finding in self.findings if finding.check == check)

    def counts(self) -> dict[str, int]:
        counted = Counter(finding.status for finding in self.findings)
        return {status.value: counted[status] for status in Status}

    def as_text(self) -> str:
        mode = self.auth or "unknown"
        lines = [f"lcext doctor {self.url}", f"sdk: {self.sdk or 'unknown'} ({self.sdk_reason})"]
        if self.widget is not None:
            lines.append(
                f"widget: {self.widget.title} (placement {self.widget.placement}, "
                f"LiveChat.{self.widget.factory}())"
            )
        lines += [f"auth mode: {mode} ({self.auth_reason})", ""]
        width = max(len(check) for check in CHECKS)
        for finding in self.findings:
            lines.append(f"{finding.status.value:4}  {finding.check:{width}}  {finding.message}")
            if finding.fix:
                lines.append(f"{'':4}  {'':{width}}  fix: {finding.fix}")
        counts = self.counts()
        lines += [
            "",
            f"{counts['fail']} failed, {counts['warn']} warned, {counts['pass']} passed, "
            f"{counts['skip']} skipped",
        ]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        widget = self.widget
        return {
            "url": self.url,
            "sdk": self.sdk,
            "sdk_reason": self.sdk_reason,
            "placement": self.placement,
            "widget": None
            if widget is None
            else {
                "name": widget.name,
                "title": widget.title,
                "placement": widget.placement,
                "factory": widget.factory,
            },
            "auth": self.auth,
            "auth_reason": self.auth_reason,
            "ok": self.ok,
            "counts": self.counts(),
            "checks": [
                {"check": finding.check, "title": CHECKS[finding.check], **finding.as_dict()}
                for finding in self.findings
            ],
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2)

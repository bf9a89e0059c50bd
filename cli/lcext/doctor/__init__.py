"""``lcext doctor URL``: check a deployed extension page the way the Agent App will use it.

``run_doctor`` fetches the page once, reads its HTML and its own scripts, and runs small checks
that each return a finding (pass, warn, fail or skip) with a one-line explanation and the fix.
Its report also says what the page is built on (``sdk``: the 2017 extension library or the Agent
App widgets SDK) and where the Agent App shows it (``placement``, ``widget``), which is what a
manifest's widget entry must say.
"""

from lcext.doctor.findings import CHECKS, Finding, Report, Status
from lcext.doctor.run import run_doctor
from lcext.doctor.sdk import AGENT_APP_SDK, EXTENSION_LIBRARY, PageSdk, detect_sdk, placement_of
from lcext.doctor.target import Widget

__all__ = [
    "AGENT_APP_SDK",
    "CHECKS",
    "EXTENSION_LIBRARY",
    "Finding",
    "PageSdk",
    "Report",
    "Status",
    "Widget",
    "detect_sdk",
    "placement_of",
    "run_doctor",
]

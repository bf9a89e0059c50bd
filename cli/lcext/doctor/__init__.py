"""``lcext doctor URL``: check a deployed extension page the way the Agent App will use it.

``run_doctor`` fetches the page once, reads its HTML and its own scripts, and runs small checks
that each return a finding (pass, warn, fail or skip) with a one-line explanation and the fix.
"""

from lcext.doctor.findings import CHECKS, Finding, Report, Status
from lcext.doctor.run import run_doctor

__all__ = ["CHECKS", "Finding", "Report", "Status", "run_doctor"]

"""Which Chromium the browser tests drive, found without any configuration.

In order: ``CHROMIUM_PATH`` when set; Playwright's own Chromium when it has been installed
(``python -m playwright install chromium``); the system's Chromium or Chrome at its usual
places (Debian and Ubuntu, macOS). When there is none, the tests fail with the one command
that installs one, instead of a Playwright traceback.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Playwright

SYSTEM_BROWSERS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
INSTALL_ONE = "python -m playwright install chromium"

# No sandbox: CI runs as root, where Chromium's sandbox cannot start. No background networking:
# the tests refuse every request that does not go to 127.0.0.1.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class NoChromiumError(RuntimeError):
    """No Chromium to drive; the message says how to get one."""


def find_chromium(playwright: Playwright) -> str:
    """The path of the Chromium to launch."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise NoChromiumError(
                f"CHROMIUM_PATH is {configured}, which is not an executable; fix it, unset it, "
                f"or run: {INSTALL_ONE}"
            )
        return found
    candidates = (playwright.chromium.executable_path, *SYSTEM_BROWSERS)
    for candidate in candidates:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise NoChromiumError(
        f"no Chromium found (Playwright's own, or one of {', '.join(SYSTEM_BROWSERS)}); "
        f"install one with: {INSTALL_ONE}"
    )

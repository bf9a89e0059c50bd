"""Make docs/emulator.png: a generated project's Agent App emulator in headless Chromium.

    python docs/screenshot_emulator.py [--framework express] [--chromium /usr/bin/chromium]
    python docs/screenshot_emulator.py --sdk agent-app-sdk      # docs/emulator-widgets.png

It generates a project (basic mode; sign-in for the widgets), installs it, starts its
development server on 127.0.0.1, opens /emulator/, waits for the handshake, sends the first
sample customer (the widgets: and puts the Chat Details reply into the message box) and takes
the picture. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "cli"))

from lcext.generate import Answers, render_project  # noqa: E402

# How each flavor's development server starts on {port} (the same way its browser tests do).
SERVE = {
    "express": (["npm", "ci", "--no-audit", "--no-fund", "--silent"], ["node", "src/server.js"]),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - 127.0.0.1 only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", default="express", choices=sorted(SERVE))
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    parser.add_argument("--sdk", default="extension-library",
                        choices=["extension-library", "agent-app-sdk"])  # fmt: skip
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    widgets = args.sdk == "agent-app-sdk"
    output = args.output or REPO / "docs" / ("emulator-widgets.png" if widgets else "emulator.png")
    install, serve = SERVE[args.framework]
    with tempfile.TemporaryDirectory() as scratch:
        answers = Answers("Order Notes", sdk=args.sdk, auth="sign-in" if widgets else "basic",
                          framework=args.framework)  # fmt: skip
        project = render_project(answers, Path(scratch), git=False).path
        subprocess.run(install, cwd=project, check=True)
        port = free_port()
        env = {**os.environ, "ENVIRONMENT": "development", "SESSION_SECRET": "screenshot-only",
               "LIVECHAT_CLIENT_ID": "screenshot-only",
               "HOST": "127.0.0.1", "PORT": str(port)}  # fmt: skip
        with subprocess.Popen(serve, cwd=project, env=env, stdout=subprocess.DEVNULL) as server:
            try:
                base = f"http://127.0.0.1:{port}"
                wait_until_up(base + "/healthz")
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=args.chromium,
                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                    )
                    page = browser.new_page(viewport={"width": 1180, "height": 760})
                    page.route(
                        "**/*",
                        lambda route: (
                            route.continue_()
                            if route.request.url.startswith(base)
                            else route.abort()
                        ),
                    )
                    page.goto(base + "/emulator/")
                    if widgets:
                        show_widgets(page)
                    else:
                        show_extension(page)
                    page.screenshot(path=str(output))
                    browser.close()
            finally:
                server.terminate()
    print(f"wrote {output}")


def show_extension(page: Page) -> None:
    expect(page.locator("#status")).to_have_class("status ready")
    expect(page.locator("#log")).to_contain_text("livechat:authorize")
    page.get_by_role("button", name="Send customer_profile", exact=True).click()
    frame = page.frame_locator("#extension")
    expect(frame.locator("#customer-name")).to_have_text("Mary Brown")


def show_widgets(page: Page) -> None:
    expect(page.locator("#frame-log")).to_contain_text("plugin_inited")
    page.locator("#send-profile").click()
    frame = page.frame_locator("#widget-frame")
    expect(frame.locator("#customer-name")).to_have_text("Mary Brown")
    frame.locator("#put-reply").click()
    expect(page.locator("#message-box")).to_contain_text("Hello Mary Brown")


if __name__ == "__main__":
    main()

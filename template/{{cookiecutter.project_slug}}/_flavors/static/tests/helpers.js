// The Chromium of the browser tests, found without configuration: the one CHROMIUM_PATH names
// (a path, or a command on the PATH); else Playwright's own, once `npx playwright install
// chromium` has installed it; else the system's Chromium or Chrome at its usual places.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium } from "playwright-core";

// Debian and Ubuntu, then macOS.
const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
const INSTALL_ONE = "npx playwright install chromium";

// No sandbox: CI runs as root, where Chromium's sandbox cannot start. No background networking:
// the tests refuse every request that does not go to 127.0.0.1.
export const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];

/** No Chromium to drive; the message says how to get one. */
export class NoChromiumError extends Error {
  name = "NoChromiumError";
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The path of the Chromium to launch, or a NoChromiumError that names the fix. */
export function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    const candidates = configured.includes("/")
      ? [configured]
      : (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, configured));
    const found = candidates.find(isExecutable);
    if (found === undefined) {
      throw new NoChromiumError(
        `CHROMIUM_PATH is ${configured}, which is not an executable; fix it, unset it, ` +
          `or run: ${INSTALL_ONE}`,
      );
    }
    return found;
  }
  const found = [chromium.executablePath(), ...SYSTEM_BROWSERS].find(
    (path) => path !== "" && isExecutable(path),
  );
  if (found === undefined) {
    throw new NoChromiumError(
      `no Chromium found (Playwright's own, or one of ${SYSTEM_BROWSERS.join(", ")}); ` +
        `install one with: ${INSTALL_ONE}`,
    );
  }
  return found;
}

// What the tests share: settings, the app on a real port, its logs, the server
// scripts run as processes, and the Chromium of the browser tests.
import { spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { accessSync, constants, statSync } from "node:fs";
import { createServer } from "node:http";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { format } from "node:util";

import { chromium } from "playwright-core";

import { createApp } from "../src/app.js";
import { loadSettings, sessionAudience } from "../src/config.js";
import { SessionSigner } from "../src/plumbing/sessions.js";

/** @typedef {import("node:stream").Readable} Readable */

export const SESSION_SECRET = "test-session-secret-0123456789abcdef";
{%- if cookiecutter.auth == "sign-in" %}
export const CLIENT_ID = "test-client-id";
{%- endif %}

/**
 * Settings as the app gets them from the environment, plus `env`.
 *
 * @param {Record<string, string>} [env]
 * @returns {import("../src/config.js").Settings}
 */
export function testSettings(env = {}) {
{%- if cookiecutter.auth == "sign-in" %}
  return loadSettings({
    SESSION_SECRET,
    LIVECHAT_CLIENT_ID: CLIENT_ID,
    // No test talks to LiveChat: unless a test starts the stand-in, the app
    // gets a port that refuses connections.
    LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:1",
    ACCOUNTS_TIMEOUT: "2",
    ...env,
  });
{%- else %}
  return loadSettings({
    SESSION_SECRET,
    // No test talks to LiveChat: unless a test starts the stand-in, the app
    // gets a port that refuses connections.
    LIVECHAT_API_URL: "http://127.0.0.1:1",
    LIVECHAT_API_TIMEOUT: "2",
    ...env,
  });
{%- endif %}
}

/** A signer with the app's secret, for sessions the app must accept. */
export const signer = new SessionSigner(
  SESSION_SECRET,
  sessionAudience(testSettings()),
  28800,
);

/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {Headers} headers
 * @property {string} text
 * @property {any} json the body parsed as JSON, or undefined if it is not JSON
 */

/** The app, listening on a free port on 127.0.0.1, and a client for it. */
export class TestApp {
  /** @type {import("node:http").Server} */
  #server;

  /** @param {import("node:http").Server} server */
  constructor(server) {
    this.#server = server;
    const { port } = /** @type {import("node:net").AddressInfo} */ (
      server.address()
    );
    this.url = `http://127.0.0.1:${port}`;
  }

  /**
   * @param {Parameters<typeof createApp>} args what `createApp` takes
   */
  static start(...args) {
    return TestApp.serve(createApp(...args));
  }

  /** @param {import("express").Express} app any Express app */
  static async serve(app) {
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    return new TestApp(server);
  }

  /**
   * Sends a request and reads the whole answer, leaving no connection busy.
   *
   * @param {string} path
   * @param {RequestInit} [init]
   * @returns {Promise<Answer>}
   */
  async fetch(path, init) {
    const response = await fetch(this.url + path, init);
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /**
   * @param {string} path
   * @param {unknown} data sent as JSON
   */
  postJson(path, data) {
    return this.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
  }

  /**
   * @param {string} path
   * @param {string} sessionId
   * @param {Record<string, string>} [headers] more headers
   */
  getWithSession(path, sessionId, headers = {}) {
    return this.fetch(path, {
      headers: { ...headers, Authorization: `Bearer ${sessionId}` },
    });
  }

  async close() {
    this.#server.close();
    // Also the connections of a test that failed waiting for an answer.
    this.#server.closeAllConnections();
    await once(this.#server, "close");
  }
}

/**
 * A bare HTTP server on a free port of 127.0.0.1 that answers with `handle`:
 * for the misbehaving servers that no stand-in plays.
 *
 * @param {import("node:http").RequestListener} handle
 */
export async function startServer(handle) {
  const server = createServer(handle).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (
    server.address()
  );
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Records what is written with console.* during the test `t` (instead of
 * printing it), to check what the app logs.
 *
 * @param {import("node:test").TestContext} t
 * @returns {() => string} everything written so far
 */
export function captureConsole(t) {
  const methods = ["log", "info", "warn", "error", "debug"].map((name) =>
    t.mock.method(console, /** @type {"log"} */ (name), () => {}),
  );
  return () =>
    methods
      .flatMap((method) => method.mock.calls)
      .map((call) => format(...call.arguments))
      .join("\n");
}

/**
 * A server script of the project (src/server.js or src/plumbing/cluster.js) running as
 * a process of its own, on a free port of 127.0.0.1.
 */
export class ServerProcess {
  /** Every line it has written so far, to stdout and stderr. */
  lines = /** @type {string[]} */ ([]);
  /** Its exit, once its output is read too. */
  exited;
  /** @type {import("node:child_process").ChildProcess} */
  #child;
  #lineEvents = new EventEmitter();
  #ended = false;

  /**
   * @param {string} script the path from the project's folder
   * @param {Record<string, string>} env its whole environment (HOST and PORT
   *   default to 127.0.0.1 and a free port)
   * @param {string[]} [args] its command-line arguments
   */
  constructor(script, env, args = []) {
    this.#child = spawn(process.execPath, [script, ...args], {
      cwd: new URL("..", import.meta.url),
      env: { HOST: "127.0.0.1", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const input of [this.#child.stdout, this.#child.stderr]) {
      createInterface({ input: /** @type {Readable} */ (input) }).on(
        "line",
        (line) => {
          this.lines.push(line);
          this.#lineEvents.emit("line");
        },
      );
    }
    this.exited = once(this.#child, "close").then(([code, signal]) => {
      this.#ended = true;
      return { code, signal };
    });
  }

  get pid() {
    return /** @type {number} */ (this.#child.pid);
  }

  /**
   * The matches of `pattern` in its output, once there are `count` of them.
   *
   * @param {RegExp} pattern
   * @param {number} [count]
   * @returns {Promise<RegExpExecArray[]>}
   */
  async waitFor(pattern, count = 1) {
    for (;;) {
      const matches = this.lines
        .map((line) => pattern.exec(line))
        .filter((match) => match !== null);
      if (matches.length >= count) {
        return matches;
      }
      if (this.#ended) {
        const output = this.lines.join("\n");
        throw new Error(`it ended before ${count} lines matched:\n${output}`);
      }
      await Promise.race([once(this.#lineEvents, "line"), this.exited]);
    }
  }

  /**
   * The URLs and process ids of its servers, once `count` of them listen.
   *
   * @param {number} [count]
   */
  async listening(count = 1) {
    const matches = await this.waitFor(
      /^Listening on (http:\/\/\S+)\/ \(process (\d+)\)$/,
      count,
    );
    return matches.map(([, url, pid]) => ({ url, pid: Number(pid) }));
  }

  /**
   * Sends `signal`, and waits for the process to end.
   *
   * @param {NodeJS.Signals} [signal]
   */
  stop(signal = "SIGTERM") {
    if (!this.#ended) {
      this.#child.kill(signal);
    }
    return this.exited;
  }
}

/** Where Chromium or Chrome usually is: Debian and Ubuntu, then macOS. */
const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
const INSTALL_ONE = "npx playwright install chromium";

// No sandbox: CI runs as root, where Chromium's sandbox cannot start. No
// background networking: the tests let the page reach nothing but the app.
export const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];

/** No Chromium to drive; the message says how to get one. */
export class NoChromiumError extends Error {
  name = "NoChromiumError";
}

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium the browser tests launch, found without configuration: the one
 * CHROMIUM_PATH names (a path, or a command on the PATH); else Playwright's own,
 * once `npx playwright install chromium` has installed it; else the system's
 * Chromium or Chrome at its usual places.
 *
 * @returns {string}
 */
export function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    const candidates = configured.includes("/")
      ? [configured]
      : (process.env.PATH ?? "")
          .split(delimiter)
          .map((dir) => join(dir, configured));
    const found = candidates.find(isExecutable);
    if (found === undefined) {
      throw new NoChromiumError(
        `CHROMIUM_PATH is ${configured}, which is not an executable; fix it, ` +
          `unset it, or run: ${INSTALL_ONE}`,
      );
    }
    return found;
  }
  const found = [chromium.executablePath(), ...SYSTEM_BROWSERS].find(
    (path) => path !== "" && isExecutable(path),
  );
  if (found === undefined) {
    throw new NoChromiumError(
      "no Chromium found (Playwright's own, or one of " +
        `${SYSTEM_BROWSERS.join(", ")}); install one with: ${INSTALL_ONE}`,
    );
  }
  return found;
}

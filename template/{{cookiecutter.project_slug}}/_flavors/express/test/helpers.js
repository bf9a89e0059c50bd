// What the tests share: settings, the app on a real port, and its logs.
import { once } from "node:events";
import { format } from "node:util";

import { createApp } from "../src/app.js";
import { loadSettings } from "../src/config.js";
import { SessionSigner } from "../src/sessions.js";

export const SESSION_SECRET = "test-session-secret";
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
  const settings = loadSettings({
    SESSION_SECRET,
    LIVECHAT_CLIENT_ID: CLIENT_ID,
    // No test talks to LiveChat: unless a test starts the stand-in, the app
    // gets a port that refuses connections.
    LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:1",
    ...env,
  });
  return { ...settings, accountsTimeoutMs: 2000 };
{%- else %}
  return loadSettings({ SESSION_SECRET, ...env });
{%- endif %}
}

/** A signer with the app's secret, for sessions the app must accept. */
export const signer = new SessionSigner(SESSION_SECRET, 28800);

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
   */
  getWithSession(path, sessionId) {
    return this.fetch(path, {
      headers: { Authorization: `Bearer ${sessionId}` },
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

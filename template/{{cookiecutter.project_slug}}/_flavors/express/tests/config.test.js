import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";

import { createApp } from "../src/app.js";
import {
  DEFAULT_AGENT_APP_ORIGINS,
  loadSettings,
  sessionSecret,
} from "../src/config.js";
import { captureConsole } from "./helpers.js";

{% if cookiecutter.auth == "sign-in" -%}
const REQUIRED = { LIVECHAT_CLIENT_ID: "test-client-id" };
{%- else -%}
/** @type {Record<string, string>} */
const REQUIRED = {};
{%- endif %}

describe("settings", () => {
  it("have defaults for all but the secret", () => {
    const settings = loadSettings(REQUIRED);
    assert.equal(settings.environment, "development");
    assert.equal(settings.sessionSecret, null);
    assert.equal(settings.sessionMaxAge, 28800);
    assert.deepEqual(settings.agentAppOrigins, DEFAULT_AGENT_APP_ORIGINS);
{%- if cookiecutter.auth == "sign-in" %}
    const accountsUrl = "{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}";
    assert.equal(settings.livechatAccountsUrl, accountsUrl);
    assert.equal(settings.accountsTimeoutMs, 5000);
{%- else %}
    assert.equal(settings.verifyAgents, true);
    assert.equal(settings.livechatApiUrl, "https://api.livechatinc.com");
    assert.equal(settings.livechatApiTimeoutMs, 5000);
{%- endif %}
    assert.equal(settings.trustProxy, false);
    assert.equal(settings.host, "127.0.0.1");
    assert.equal(settings.port, 3000);
    assert.equal(settings.webConcurrency, 2);
  });

  it("come from the environment", () => {
    const settings = loadSettings({
      ENVIRONMENT: "production",
      SESSION_SECRET: "from-the-environment-0123456789-abcdef",
      SESSION_MAX_AGE: "600",
      AGENT_APP_ORIGINS: "https://one.example, https://two.example",
{%- if cookiecutter.auth == "sign-in" %}
      LIVECHAT_CLIENT_ID: "client-from-env",
      LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:8123/",
      ACCOUNTS_TIMEOUT: "2.5",
{%- else %}
      LIVECHAT_API_URL: "http://127.0.0.1:8124",
      LIVECHAT_API_TIMEOUT: "2.5",
{%- endif %}
      TRUST_PROXY: "true",
      HOST: "0.0.0.0",
      PORT: "8080",
      WEB_CONCURRENCY: "4",
    });
    assert.equal(settings.environment, "production");
    assert.equal(
      sessionSecret(settings),
      "from-the-environment-0123456789-abcdef",
    );
    assert.equal(settings.sessionMaxAge, 600);
    assert.deepEqual(settings.agentAppOrigins, [
      "https://one.example",
      "https://two.example",
    ]);
{%- if cookiecutter.auth == "sign-in" %}
    assert.equal(settings.livechatClientId, "client-from-env");
    assert.equal(settings.livechatAccountsUrl, "http://127.0.0.1:8123/");
    assert.equal(settings.accountsTimeoutMs, 2500);
{%- else %}
    assert.equal(settings.livechatApiUrl, "http://127.0.0.1:8124");
    assert.equal(settings.livechatApiTimeoutMs, 2500);
{%- endif %}
    assert.equal(settings.trustProxy, true);
    assert.equal(settings.host, "0.0.0.0");
    assert.equal(settings.port, 8080);
    assert.equal(settings.webConcurrency, 4);
  });

  it("take blank AGENT_APP_ORIGINS for the default", () => {
    for (const value of ["", " ", ","]) {
      const settings = loadSettings({ ...REQUIRED, AGENT_APP_ORIGINS: value });
      assert.deepEqual(settings.agentAppOrigins, DEFAULT_AGENT_APP_ORIGINS);
    }
  });

  /** @type {Array<[string, boolean]>} */
  const trustProxyValues = [
    ["1", true],
    ["yes", true],
    ["TRUE", true],
    ["0", false],
    ["off", false],
  ];
  for (const [value, expected] of trustProxyValues) {
    it(`read TRUST_PROXY=${value} as ${expected}`, () => {
      const settings = loadSettings({ ...REQUIRED, TRUST_PROXY: value });
      assert.equal(settings.trustProxy, expected);
    });
  }

  for (const [name, value] of [
    ["ENVIRONMENT", "staging"],
    ["SESSION_MAX_AGE", "0"],
    ["SESSION_MAX_AGE", "an hour"],
    ["PORT", "70000"],
    ["WEB_CONCURRENCY", "0"],
    ["WEB_CONCURRENCY", "two"],
    ["TRUST_PROXY", "maybe"],
    // Origins go into the CORS and CSP headers as they are.
    ["AGENT_APP_ORIGINS", "my.livechatinc.com"],
    ["AGENT_APP_ORIGINS", "https://my.livechatinc.com/"],
    ["AGENT_APP_ORIGINS", "https://my.livechatinc.com/path"],
    ["AGENT_APP_ORIGINS", "https://a.example; script-src *"],
    ["AGENT_APP_ORIGINS", "https://a.example https://b.example"],
    ["AGENT_APP_ORIGINS", "*"],
    ["AGENT_APP_ORIGINS", "http://my.livechatinc.com"],
    ["AGENT_APP_ORIGINS", "https://*.livechatinc.com"],
    ["AGENT_APP_ORIGINS", "https://my.livechatinc.com?x=1"],
    ["AGENT_APP_ORIGINS", "https://my.livechatinc.com;"],
    ["AGENT_APP_ORIGINS", "https://my.livechatinc.com'"],
    ["AGENT_APP_ORIGINS", "https://user@my.livechatinc.com"],
    ["AGENT_APP_ORIGINS", "https://a.example,javascript:alert(1)"],
{%- if cookiecutter.auth == "sign-in" %}
    ["LIVECHAT_ACCOUNTS_URL", "accounts.example"],
    ["ACCOUNTS_TIMEOUT", "0"],
    ["ACCOUNTS_TIMEOUT", "soon"],
{%- else %}
    ["VERIFY_AGENTS", "perhaps"],
    ["LIVECHAT_API_URL", "api.livechatinc.com"],
    ["LIVECHAT_API_TIMEOUT", "0"],
    ["LIVECHAT_API_TIMEOUT", "soon"],
{%- endif %}
  ]) {
    it(`refuse ${name}=${value}, naming it`, () => {
      assert.throws(() => loadSettings({ ...REQUIRED, [name]: value }), {
        name: "ConfigurationError",
        message: new RegExp(name),
      });
    });
  }
{%- if cookiecutter.auth == "sign-in" %}

  it("name a missing client id", () => {
    for (const value of [undefined, "", "   "]) {
      // Without the manifest, whose auth.clientId would stand in.
      const load = () => loadSettings({ LIVECHAT_CLIENT_ID: value }, { manifest: null });
      assert.throws(load, {
        name: "ConfigurationError",
        message: /LIVECHAT_CLIENT_ID/,
      });
    }
  });
{%- endif %}
});

describe("the session secret", () => {
  it("is required in production", () => {
    const settings = loadSettings({
      ...REQUIRED,
      ENVIRONMENT: "production",
      SESSION_SECRET: " ",
    });
    assert.throws(() => createApp(settings), {
      name: "ConfigurationError",
      message: /SESSION_SECRET/,
    });
  });

  for (const [name, secret] of [
    ["short", "Zx8-Qp2_Lm5vN1"],
    ["of few different characters", "abcabcabcabcabcabcabcabcabcabcabcabc"],
  ]) {
    it(`is refused in production when ${name}, with a way to make one`, () => {
      const settings = loadSettings({
        ...REQUIRED,
        ENVIRONMENT: "production",
        SESSION_SECRET: secret,
      });
      assert.throws(() => sessionSecret(settings), {
        name: "ConfigurationError",
        message: /SESSION_SECRET is too weak.*randomBytes\(32\)/,
      });
    });
  }

  it("may be anything in development", () => {
    const settings = loadSettings({ ...REQUIRED, SESSION_SECRET: "dev" });
    assert.equal(sessionSecret(settings), "dev");
  });

  it("is random in development, with a warning", (t) => {
    const settings = loadSettings({ ...REQUIRED, SESSION_SECRET: "  " });
    const logs = captureConsole(t);
    const [first, second] = [sessionSecret(settings), sessionSecret(settings)];
    assert.ok(first.length >= 32);
    assert.notEqual(first, second);
    assert.match(logs(), /SESSION_SECRET is not set/);
  });
});

describe("the server", () => {
  it("says in one line what to set when it cannot start", async () => {
    const server = promisify(execFile)(process.execPath, ["src/server.js"], {
      cwd: new URL("..", import.meta.url),
      env: { ...REQUIRED, ENVIRONMENT: "production", PORT: "0" },
    });
    await assert.rejects(server, (/** @type {any} */ error) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /^Configuration error: .*SESSION_SECRET.*\n$/);
      return true;
    });
  });
});

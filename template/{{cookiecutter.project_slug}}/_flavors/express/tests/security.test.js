import assert from "node:assert/strict";
import { once } from "node:events";
import { request } from "node:http";
import { afterEach, beforeEach, describe, it } from "node:test";

import { DEFAULT_AGENT_APP_ORIGINS } from "../src/config.js";
import { securityHeaders } from "../src/plumbing/security.js";
import { TestApp, signer, testSettings } from "./helpers.js";

{%- if not cookiecutter._sdks[cookiecutter.sdk].widgets %}

const SCRIPT_ORIGINS = "{{ cookiecutter._livechat.script_origins | join(' ') }}";
{%- if cookiecutter.auth == "sign-in" %}
const ACCOUNTS_ORIGINS =
  "{{ cookiecutter._livechat.accounts_origins | join(' ') }}";
{%- endif %}
{%- endif %}

/**
 * The policy every answer must carry, one directive an entry. In development
 * the Agent App emulator, on the app's own origin, frames the page too.
 *
 * @param {readonly string[]} agentAppOrigins
 * @param {boolean} [development] testSettings() are development's
 */
const expectedPolicy = (agentAppOrigins, development = true) => [
  "default-src 'self'",
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  // The widget pages load nothing but the app's own files: no CDN.
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  development ? "frame-src 'self'" : "frame-src 'none'",
{%- else %}
  `script-src 'self' ${SCRIPT_ORIGINS}`,
  `style-src 'self' ${SCRIPT_ORIGINS}`,
  `font-src 'self' ${SCRIPT_ORIGINS} data:`,
  "img-src 'self' data: https:",
{%- if cookiecutter.auth == "sign-in" %}
  `connect-src 'self' ${ACCOUNTS_ORIGINS}`,
  development
    ? `frame-src 'self' ${ACCOUNTS_ORIGINS}`
    : `frame-src ${ACCOUNTS_ORIGINS}`,
{%- else %}
  "connect-src 'self'",
  development ? "frame-src 'self'" : "frame-src 'none'",
{%- endif %}
{%- endif %}
  development
    ? `frame-ancestors ${agentAppOrigins.join(" ")} 'self'`
    : `frame-ancestors ${agentAppOrigins.join(" ")}`,
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
];

/** @param {Headers} headers */
const policyOf = (headers) =>
  (headers.get("content-security-policy") ?? "")
    .split(";")
    .map((directive) => directive.trim().replace(/\s+/g, " "))
    .filter(Boolean);

const HSTS = "max-age=31536000; includeSubDomains";

/** The other headers of every answer, as helmet's defaults set them. */
const OTHER_HEADERS = {
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

describe("security headers", () => {
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
    app = await TestApp.start(testSettings());
  });
  afterEach(() => app.close());

  /** @type {Array<[string, string, RequestInit, number]>} */
  const answers = [
    ["the page", "/", {}, 200],
    ["a static file", "/static/{% if cookiecutter._sdks[cookiecutter.sdk].widgets %}widget{% else %}extension{% endif %}.js", {}, 200],
    ["the health check", "/healthz", {}, 200],
    ["the API without a session", "/api/me", {}, 401],
    [
      "a bad body",
{%- if cookiecutter.auth == "sign-in" %}
      "/api/session",
{%- else %}
      "/authorize/",
{%- endif %}
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      },
      422,
    ],
    [
      "a body too large",
      "/healthz",
      { method: "POST", body: "x".repeat(5000) },
      413,
    ],
    ["a wrong method", "/", { method: "DELETE" }, 405],
    ["a path that is not there", "/nowhere", {}, 404],
    [
      "a CORS preflight",
      "/api/me",
      {
        method: "OPTIONS",
        headers: {
          Origin: DEFAULT_AGENT_APP_ORIGINS[0],
          "Access-Control-Request-Method": "GET",
        },
      },
      204,
    ],
  ];
  for (const [name, path, init, status] of answers) {
    it(`are sent with ${name}`, async () => {
      const answer = await app.fetch(path, init);
      assert.equal(answer.status, status);
      const { headers } = answer;
      assert.deepEqual(
        policyOf(headers),
        expectedPolicy(DEFAULT_AGENT_APP_ORIGINS),
      );
      // The page must be frameable by the Agent App.
      assert.equal(headers.get("x-frame-options"), null);
      assert.equal(headers.get("x-content-type-options"), "nosniff");
      assert.equal(
        headers.get("referrer-policy"),
        "strict-origin-when-cross-origin",
      );
      assert.equal(headers.get("x-powered-by"), null);
      for (const [name, value] of Object.entries(OTHER_HEADERS)) {
        assert.equal(headers.get(name), value, name);
      }
      // It would cut off the Sign in with LiveChat popup from the page.
      assert.equal(headers.get("cross-origin-opener-policy"), null);
      // Plain HTTP: browsers would ignore it.
      assert.equal(headers.get("strict-transport-security"), null);
    });
  }

  it("let the page be framed by the Agent App origins that are configured", async (t) => {
    const origins = ["https://agents.example", "https://localhost:8443"];
    const other = await TestApp.start(
      testSettings({ AGENT_APP_ORIGINS: origins.join(",") }),
    );
    t.after(() => other.close());
    const answer = await other.fetch("/");
    assert.deepEqual(policyOf(answer.headers), expectedPolicy(origins));
    // And only those call the API from a browser.
    const [granted, refused] = await Promise.all(
      [origins[1], DEFAULT_AGENT_APP_ORIGINS[0]].map((origin) =>
        other.getWithSession("/api/me", signer.issue("a@b.c"), {
          Origin: origin,
        }),
      ),
    );
    assert.equal(
      granted.headers.get("access-control-allow-origin"),
      origins[1],
    );
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  it("refuse an origin that would end a directive of the policy early", () => {
    // URL() takes these for origins; the policy must not.
    for (const origin of ["https://a;b.example", "https://a,b.example"]) {
      assert.throws(() => securityHeaders([origin]), new RegExp(origin));
    }
  });

  it("let only the Agent App frame the page in production, not the emulator", async (t) => {
    const production = await TestApp.start(
      testSettings({ ENVIRONMENT: "production" }),
    );
    t.after(() => production.close());
    for (const path of {% if cookiecutter._sdks[cookiecutter.sdk].widgets %}["/", "/messagebox", "/fullscreen"]{% else %}["/", "/?lcext_emulator=1"]{% endif %}) {
      const answer = await production.fetch(path);
      const policy = policyOf(answer.headers);
      assert.deepEqual(policy, expectedPolicy(DEFAULT_AGENT_APP_ORIGINS, false));
      assert.ok(!policy.some((directive) => directive.includes("'self'") &&
        /^frame-(ancestors|src) /.test(directive)));
    }
  });
});

describe("Strict-Transport-Security", () => {
  /** @type {Array<[string, Record<string, string>, Record<string, string>, string | null]>} */
  const cases = [
    ["over plain HTTP", {}, {}, null],
    [
      "for a proxy's X-Forwarded-Proto: https, with TRUST_PROXY",
      { TRUST_PROXY: "true" },
      { "X-Forwarded-Proto": "https" },
      HSTS,
    ],
    [
      "for a proxy's X-Forwarded-Proto: http, with TRUST_PROXY",
      { TRUST_PROXY: "true" },
      { "X-Forwarded-Proto": "http" },
      null,
    ],
    // The proxy appends its own entry: the one before it is the client's.
    [
      "for X-Forwarded-Proto: https, http (the client's https, the proxy's http)",
      { TRUST_PROXY: "true" },
      { "X-Forwarded-Proto": "https, http" },
      null,
    ],
    [
      "for X-Forwarded-Proto: http, https (the proxy's https last)",
      { TRUST_PROXY: "true" },
      { "X-Forwarded-Proto": "http, https" },
      HSTS,
    ],
    // Anybody can send the header: it counts only when a proxy is trusted.
    [
      "for X-Forwarded-Proto: https, without TRUST_PROXY",
      {},
      { "X-Forwarded-Proto": "https" },
      null,
    ],
  ];
  for (const [name, env, headers, expected] of cases) {
    it(`is ${expected ? "sent" : "not sent"} ${name}`, async (t) => {
      const app = await TestApp.start(testSettings(env));
      t.after(() => app.close());
      for (const path of ["/", "/api/me"]) {
        const answer = await app.fetch(path, { headers });
        assert.equal(answer.headers.get("strict-transport-security"), expected);
      }
    });
  }
});

describe("redirects", () => {
  // Express adds no trailing slash to routes; only express.static (and the
  // emulator, in development) redirect a folder to its slash. Their Location
  // is the path alone: a forged Host header must not send a browser away.
  for (const path of ["/static", "/emulator"]) {
    it(`of ${path} take nothing from the Host header`, async (t) => {
      const app = await TestApp.start(testSettings());
      t.after(() => app.close());
      const { port } = new URL(app.url);
      const sent = request({
        port,
        host: "127.0.0.1",
        path,
        headers: { Host: "evil.example" },
      }).end();
      const [answer] = await once(sent, "response");
      answer.resume();
      assert.equal(answer.statusCode, 301);
      assert.equal(answer.headers.location, `${path}/`);
    });
  }
});

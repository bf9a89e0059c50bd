{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
// POST /api/session: an access token that LiveChat's accounts server vouches
// for becomes a session of the extension's own.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { DEFAULT_AGENT_APP_ORIGINS } from "../src/config.js";
import { AccountsServer } from "./accounts-server.js";
import { TestApp, captureConsole, testSettings } from "./helpers.js";

const AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0];

const TOKEN = "dal:test-access-token-0123456789";

describe("POST /api/session", () => {
  /** @type {AccountsServer} */
  let accounts;
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
    // LiveChat's accounts server, played by a real HTTP server on 127.0.0.1.
    accounts = await new AccountsServer().start();
    app = await TestApp.start(
      testSettings({ LIVECHAT_ACCOUNTS_URL: accounts.url }),
    );
  });
  afterEach(async () => {
    await app.close();
    await accounts.stop();
  });

  const signIn = (token = TOKEN) =>
    app.postJson("/api/session", { access_token: token });

  it("gives a verified token a session", async () => {
    accounts.addToken(TOKEN, { {{ agent_field }}: "mary@example.com" });
    const answer = await signIn();
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.json).sort(), ["agent", "session_id"]);
    assert.equal(answer.json.agent, "mary@example.com");
    // The app asked the accounts server, with the agent's token, whose it is.
    assert.deepEqual(accounts.requests, [
      { path: "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}", authorization: `Bearer ${TOKEN}` },
    ]);
    const me = await app.getWithSession("/api/me", answer.json.session_id);
    assert.equal(me.status, 200);
    assert.equal(me.json.agent, "mary@example.com");
  });

  it("asks the accounts server once for two sign-ins with one token", async () => {
    accounts.addToken(TOKEN);
    const answers = [await signIn(), await signIn()];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200],
    );
    assert.equal(accounts.requests.length, 1);
  });

  it("does not ask again at once about a token it refused", async () => {
    // A bad token sent over and over costs the accounts server one call.
    assert.equal((await signIn()).status, 401);
    accounts.addToken(TOKEN);
    assert.equal((await signIn()).status, 401);
    assert.equal(accounts.requests.length, 1);
  });
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

  it("accepts the older token-info shape", async () => {
    accounts.addToken(TOKEN, {
      account_id: undefined,
      organization_id: undefined,
      entity_id: "a1b2c3",
      license_id: 1234567,
    });
{%- else %}

  it("accepts the newer token-info shape", async () => {
    accounts.addToken(TOKEN, {
      entity_id: undefined,
      license_id: undefined,
      account_id: "a1b2c3",
      organization_id: "org-9",
    });
{%- endif %}
    const answer = await signIn();
    assert.equal(answer.status, 200);
    assert.equal(answer.json.agent, "a1b2c3");
  });

  it("makes a session that does not outlive the token", async () => {
    accounts.addToken(TOKEN, { expires_in: 120 });
    const before = Date.now() / 1000;
    const answer = await signIn();
    const me = await app.getWithSession("/api/me", answer.json.session_id);
    // Well under the app's maximum session age (8 hours by default).
    assert.ok(me.json.expires_at >= before + 119);
    assert.ok(me.json.expires_at <= Date.now() / 1000 + 120);
  });

  /** @type {Array<[string, Record<string, unknown>, RegExp]>} */
  const untrustedTokens = [
    [
      "a token of another app",
      { client_id: "another-app" },
      /another application/,
    ],
    ["an expired token", { expires_in: 0 }, /expired/],
    ["a token with a negative lifetime", { expires_in: -5 }, /expired/],
    [
      "a token whose lifetime is not a number",
      { expires_in: "3600" },
      /expired/,
    ],
    ["a token whose lifetime is not whole", { expires_in: 1.5 }, /expired/],
  ];
  for (const [name, info, reason] of untrustedTokens) {
    it(`refuses ${name}`, async () => {
      accounts.addToken(TOKEN, info);
      const answer = await signIn();
      assert.equal(answer.status, 401);
      assert.match(answer.json.detail, reason);
      assert.equal(answer.json.session_id, undefined);
    });
  }

  it("refuses a token the accounts server does not know", async () => {
    assert.equal((await signIn("unknown-token")).status, 401);
  });

  it("refuses a token that cannot be sent in a header, without sending it", async () => {
    for (const token of ["token with spaces", "tökén"]) {
      assert.equal((await signIn(token)).status, 401);
    }
    assert.deepEqual(accounts.requests, []);
  });

  it("answers a token with control characters with a 422, without sending it", async () => {
    for (const token of ["line\u2028break", "a\r\nb", "a\0b", "a\u202eb"]) {
      const answer = await signIn(token);
      assert.equal(answer.status, 422);
      assert.match(answer.json.detail, /must not contain control characters/);
    }
    assert.deepEqual(accounts.requests, []);
  });

  for (const status of [429, 500, 502, 503]) {
    it(`answers 503 when the accounts server answers ${status}`, async () => {
      accounts.addToken(TOKEN);
      accounts.failWith = status;
      const answer = await signIn();
      assert.equal(answer.status, 503);
      assert.match(answer.json.detail, /accounts server/);
    });
  }

  it("answers 503 when the accounts server answers something other than JSON", async () => {
    accounts.addToken(TOKEN);
    accounts.answerText = "<html>Down for maintenance</html>";
    assert.equal((await signIn()).status, 503);
  });

  it("answers 503 when the accounts server's answer names no agent", async () => {
    accounts.addToken(TOKEN, { {{ agent_field }}: null });
    assert.equal((await signIn()).status, 503);
  });

  it("answers 503 when the accounts server cannot be reached", async () => {
    accounts.addToken(TOKEN);
    await accounts.stop();
    assert.equal((await signIn()).status, 503);
  });

  // With a timeout of its own: a broken app would hang here.
  it(
    "answers 503 when the accounts server hangs",
    { timeout: 5000 },
    async (t) => {
      accounts.addToken(TOKEN);
      accounts.hang = true;
      const impatient = await TestApp.start(
        testSettings({
          LIVECHAT_ACCOUNTS_URL: accounts.url,
          ACCOUNTS_TIMEOUT: "0.2",
        }),
      );
      t.after(() => impatient.close());
      const answer = await impatient.postJson("/api/session", {
        access_token: TOKEN,
      });
      assert.equal(answer.status, 503);
    },
  );

  it("answers 503 in about ACCOUNTS_TIMEOUT when the accounts server is slower", async (t) => {
    accounts.addToken(TOKEN);
    accounts.delay = 3;
    const impatient = await TestApp.start(
      testSettings({
        LIVECHAT_ACCOUNTS_URL: accounts.url,
        ACCOUNTS_TIMEOUT: "0.3",
      }),
    );
    t.after(() => impatient.close());
    const started = performance.now();
    const answer = await impatient.postJson("/api/session", {
      access_token: TOKEN,
    });
    const elapsed = performance.now() - started;
    assert.equal(answer.status, 503);
    assert.match(answer.json.detail, /accounts server/);
    assert.ok(elapsed >= 250 && elapsed < 1500, `answered in ${elapsed} ms`);
  });

  const json = { "Content-Type": "application/json" };
  /** @type {Array<[string, string, HeadersInit, number]>} */
  const badBodies = [
    ["not JSON", "{not json", json, 400],
    ["a JSON array", "[]", json, 400],
    ["no token", "{}", json, 422],
    ["an empty token", '{"access_token": ""}', json, 422],
    ["a number as token", '{"access_token": 12}', json, 422],
    ["XML", "<xml/>", { "Content-Type": "application/xml" }, 415],
    ["a body too large", "x".repeat(10_000), json, 413],
  ];
  for (const [name, body, headers, status] of badBodies) {
    it(`answers ${name} with a JSON ${status}, without asking the accounts server`, async () => {
      const answer = await app.fetch("/api/session", {
        method: "POST",
        headers,
        body,
      });
      assert.equal(answer.status, status);
      assert.equal(typeof answer.json?.detail, "string");
      assert.deepEqual(accounts.requests, []);
    });
  }

  it("says what is wrong with a body", async () => {
    const tooLarge = await signIn("x".repeat(5000));
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.json.detail, /larger than 4096 bytes/);
    const notString = await app.postJson("/api/session", { access_token: 42 });
    assert.match(notString.json.detail, /access_token: must be a string/);
  });

  it("accepts the token as form data too", async () => {
    accounts.addToken(TOKEN);
    const answer = await app.fetch("/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ access_token: TOKEN }).toString(),
    });
    assert.equal(answer.status, 200);
  });

  it("never logs nor answers with the access token", async (t) => {
    const logs = captureConsole(t);
    accounts.addToken(TOKEN, { client_id: "another-app" });
    const answers = [
      await signIn(),
      await signIn(`${TOKEN}-unknown`),
      await app.fetch("/api/session", {
        method: "POST",
        headers: json,
        body: `{"access_token": "${TOKEN}`,
      }),
    ];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [401, 401, 400],
    );
    for (const answer of answers) {
      assert.ok(!answer.text.includes(TOKEN));
    }
    assert.ok(!logs().includes(TOKEN));
  });

  it("lets the Agent App's origin call it from a browser", async () => {
    const answer = await app.fetch("/api/session", {
      method: "OPTIONS",
      headers: {
        Origin: AGENT_APP_ORIGIN,
        "Access-Control-Request-Method": "POST",
      },
    });
    assert.equal(answer.status, 204);
    assert.equal(
      answer.headers.get("access-control-allow-origin"),
      AGENT_APP_ORIGIN,
    );
  });

  it("gives other origins no CORS grant", async () => {
    const answer = await app.fetch("/api/session", {
      method: "OPTIONS",
      headers: {
        Origin: "https://evil.example",
        "Access-Control-Request-Method": "POST",
      },
    });
    assert.equal(answer.headers.get("access-control-allow-origin"), null);
  });
});

import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { DEFAULT_AGENT_APP_ORIGINS, sessionAudience } from "../src/config.js";
import { SessionSigner } from "../src/plumbing/sessions.js";
import { SESSION_SECRET, TestApp, signer, testSettings } from "./helpers.js";

const AGENT = "agent@example.com";

describe("GET /api/me", () => {
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
    app = await TestApp.start(testSettings());
  });
  afterEach(() => app.close());

  it("answers with the session's agent", async () => {
    const answer = await app.getWithSession("/api/me", signer.issue(AGENT));
    assert.equal(answer.status, 200);
    assert.equal(answer.json.agent, AGENT);
    assert.ok(Number.isInteger(answer.json.expires_at));
  });

  /** @type {Array<[string, HeadersInit]>} */
  const badHeaders = [
    ["missing", {}],
    ["empty", { Authorization: "Bearer " }],
    ["forged", { Authorization: "Bearer not-a-session" }],
    ["of the wrong scheme", { Authorization: "Basic YWdlbnQ6a2V5" }],
  ];
  for (const [name, headers] of badHeaders) {
    it(`refuses a session id that is ${name}`, async () => {
      const answer = await app.fetch("/api/me", { headers });
      assert.equal(answer.status, 401);
      assert.equal(typeof answer.json.detail, "string");
      assert.equal(answer.headers.get("www-authenticate"), "Bearer");
    });
  }

  it("refuses a tampered session id", async () => {
    const sessionId = signer.issue(AGENT);
    const tampered =
      sessionId.slice(0, -2) + (sessionId.endsWith("AA") ? "BB" : "AA");
    assert.equal((await app.getWithSession("/api/me", tampered)).status, 401);
  });

  it("refuses a session id whose payload was changed", async () => {
    const [, signature] = signer.issue(AGENT).split(".");
    const claims = JSON.stringify({ agent: "boss@example.com", exp: 4e9 });
    const payload = Buffer.from(claims).toString("base64url");
    const forged = `${payload}.${signature}`;
    assert.equal((await app.getWithSession("/api/me", forged)).status, 401);
  });

  it("refuses a session signed with another secret", async () => {
    const otherSigner = new SessionSigner(
      "another-secret",
      sessionAudience(testSettings()),
      3600,
    );
    const sessionId = otherSigner.issue(AGENT);
    assert.equal((await app.getWithSession("/api/me", sessionId)).status, 401);
  });

  it("refuses an expired session", async () => {
    const longAgo = new SessionSigner(
      SESSION_SECRET,
      sessionAudience(testSettings()),
      60,
      () => 1_000_000,
    );
    const sessionId = longAgo.issue(AGENT);
    assert.equal((await app.getWithSession("/api/me", sessionId)).status, 401);
  });

  it("refuses a session of another app that shares its secret", async () => {
    const anotherApp = new SessionSigner(SESSION_SECRET, "another-app", 3600);
    const sessionId = anotherApp.issue(AGENT);
    assert.equal((await app.getWithSession("/api/me", sessionId)).status, 401);
  });

  it("may be called from the Agent App's pages", async () => {
    const origin = DEFAULT_AGENT_APP_ORIGINS[0];
    const answer = await app.fetch("/api/me", {
      headers: {
        Origin: origin,
        Authorization: `Bearer ${signer.issue(AGENT)}`,
      },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("access-control-allow-origin"), origin);
  });
});

// The client of plumbing/livechat-api.js: how it asks LiveChat's REST API about
// an agent's login and API key, and how long it trusts the answer.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  AgentRejected,
  AgentVerifier,
  LiveChatUnavailable,
  REFUSED_SECONDS,
  VERIFIED_SECONDS,
} from "../src/plumbing/livechat-api.js";
import { MAX_ANSWER_BYTES } from "../src/plumbing/upstream.js";
import { captureConsole, startServer } from "./helpers.js";
import { LiveChatApiServer } from "./livechat-api-server.js";

const LOGIN = "agent+1@example.com";
const API_KEY = "dal:Secret-API-key-0123456789";

describe("AgentVerifier", () => {
  /** @type {LiveChatApiServer} */
  let api;
  beforeEach(async () => {
    api = await new LiveChatApiServer().start();
    api.addAgent(LOGIN, API_KEY);
  });
  afterEach(() => api.stop());

  /**
   * A verifier of the stand-in, whose clock the test sets, in seconds.
   *
   * @param {string} [baseUrl]
   */
  function verifierWithClock(baseUrl = api.url) {
    const clock = { now: 1_000_000 };
    const verifier = new AgentVerifier({
      baseUrl,
      timeoutMs: 1000,
      clock: () => clock.now,
    });
    return { verifier, clock };
  }

  it("asks for the agent with their login and API key, as REST API v2", async () => {
    const { verifier } = verifierWithClock(`${api.url}/`);
    await verifier.verify(LOGIN, API_KEY);
    assert.deepEqual(api.requests, [
      { path: "/agents/agent%2B1%40example.com", apiVersion: "2", login: LOGIN },
    ]);
  });

  it("refuses a wrong API key, and an unknown login", async () => {
    const { verifier } = verifierWithClock();
    await assert.rejects(verifier.verify(LOGIN, "not-the-key"), AgentRejected);
    await assert.rejects(verifier.verify("who@example.com", API_KEY), AgentRejected);
  });

  for (const status of [401, 403, 404]) {
    it(`refuses the pair LiveChat answers ${status} for`, async () => {
      const { verifier } = verifierWithClock();
      api.failWith = status;
      await assert.rejects(verifier.verify(LOGIN, API_KEY), AgentRejected);
    });
  }

  it("refuses an answer about another agent", async () => {
    api.addAgent(LOGIN, API_KEY, { login: "boss@example.com" });
    const { verifier } = verifierWithClock();
    await assert.rejects(verifier.verify(LOGIN, API_KEY), AgentRejected);
  });

  for (const status of [429, 500, 502, 503]) {
    it(`takes a ${status} for unavailable, not for a refusal`, async () => {
      const { verifier } = verifierWithClock();
      api.failWith = status;
      await assert.rejects(verifier.verify(LOGIN, API_KEY), LiveChatUnavailable);
      api.failWith = null;
      await verifier.verify(LOGIN, API_KEY);
    });
  }

  it("takes an answer that is not JSON for unavailable", async () => {
    const { verifier } = verifierWithClock();
    api.answerText = "<html>maintenance</html>";
    await assert.rejects(verifier.verify(LOGIN, API_KEY), LiveChatUnavailable);
  });

  it(`reads no more than ${MAX_ANSWER_BYTES} bytes of an answer`, async (t) => {
    const { verifier } = verifierWithClock();
    api.answerText = JSON.stringify({
      login: LOGIN,
      padding: "x".repeat(MAX_ANSWER_BYTES),
    });
    await assert.rejects(verifier.verify(LOGIN, API_KEY), LiveChatUnavailable);
    // Sent in chunks, with no Content-Length to refuse it by.
    const big = await startServer((request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write(`{"login": "${LOGIN}", "padding": "`);
      response.end(`${"x".repeat(MAX_ANSWER_BYTES)}"}`);
    });
    t.after(() => big.close());
    const chunked = verifierWithClock(big.url).verifier;
    await assert.rejects(chunked.verify(LOGIN, API_KEY), LiveChatUnavailable);
  });

  it("takes an API that cannot be reached for unavailable", async () => {
    const { verifier } = verifierWithClock("http://127.0.0.1:1");
    await assert.rejects(verifier.verify(LOGIN, API_KEY), LiveChatUnavailable);
  });

  it("gives up on a slow API, or one that drips its answer, by the deadline", async (t) => {
    api.delay = 5;
    const dripping = await startServer((request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      // A byte every 200 ms: no single read waits long, the whole answer does.
      const timer = setInterval(() => response.write(" "), 200);
      response.on("close", () => clearInterval(timer));
    });
    t.after(() => dripping.close());
    for (const url of [api.url, dripping.url]) {
      const { verifier } = verifierWithClock(url);
      const started = Date.now();
      await assert.rejects(verifier.verify(LOGIN, API_KEY), LiveChatUnavailable);
      assert.ok(Date.now() - started < 2000, `${url} held it past the deadline`);
    }
  });

  it(`remembers a verified pair for ${VERIFIED_SECONDS} seconds`, async () => {
    const { verifier, clock } = verifierWithClock();
    await verifier.verify(LOGIN, API_KEY);
    clock.now += VERIFIED_SECONDS - 1;
    await verifier.verify(LOGIN, API_KEY);
    assert.equal(api.requests.length, 1);
    clock.now += 1;
    await verifier.verify(LOGIN, API_KEY);
    assert.equal(api.requests.length, 2);
  });

  it(`remembers a refused pair for ${REFUSED_SECONDS} seconds`, async () => {
    // Or a bad key sent over and over would call LiveChat as often.
    const { verifier, clock } = verifierWithClock();
    await assert.rejects(verifier.verify(LOGIN, "wrong"), AgentRejected);
    api.addAgent(LOGIN, "wrong");
    clock.now += REFUSED_SECONDS - 1;
    await assert.rejects(verifier.verify(LOGIN, "wrong"), AgentRejected);
    assert.equal(api.requests.length, 1);
    clock.now += 1;
    await verifier.verify(LOGIN, "wrong");
    assert.equal(api.requests.length, 2);
  });

  it("remembers each pair apart, and never a failure", async () => {
    const { verifier } = verifierWithClock();
    api.failWith = 503;
    await assert.rejects(verifier.verify(LOGIN, API_KEY), LiveChatUnavailable);
    api.failWith = null;
    await verifier.verify(LOGIN, API_KEY);
    await assert.rejects(verifier.verify(LOGIN, `${API_KEY}x`), AgentRejected);
    await verifier.verify(LOGIN, API_KEY);
    assert.equal(api.requests.length, 3);
  });

  it("never puts the API key in an error or a log", async (t) => {
    const logs = captureConsole(t);
    /** @type {unknown[]} */
    const errors = [];
    for (const failWith of [401, 429, 500, null]) {
      api.failWith = failWith;
      api.answerText = failWith === null ? "not json" : null;
      await verifierWithClock()
        .verifier.verify(LOGIN, API_KEY)
        .catch((error) => errors.push(error));
    }
    assert.equal(errors.length, 4);
    const basic = Buffer.from(`${LOGIN}:${API_KEY}`).toString("base64");
    const texts = [
      ...errors.map((error) => `${error} ${JSON.stringify(error)}`),
      logs(),
    ];
    for (const text of texts) {
      assert.ok(!text.includes(API_KEY) && !text.includes(basic), text);
    }
  });
});

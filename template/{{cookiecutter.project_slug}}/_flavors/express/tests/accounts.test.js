{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
// The accounts client of plumbing/accounts.js: how it asks LiveChat's accounts
// server about a token, and how long it trusts the answer.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  AccountsClient,
  AccountsUnavailable,
  CACHE_SECONDS,
  REJECTED_SECONDS,
  TokenRejected,
} from "../src/plumbing/accounts.js";
import { MAX_ANSWER_BYTES } from "../src/plumbing/upstream.js";
import { AccountsServer } from "./accounts-server.js";
import { CLIENT_ID, startServer } from "./helpers.js";

const TOKEN = "dal:test-access-token-0123456789";

describe("AccountsClient", () => {
  /** @type {AccountsServer} */
  let accounts;
  beforeEach(async () => {
    accounts = await new AccountsServer().start();
  });
  afterEach(() => accounts.stop());

  /** A client whose clock the test sets, in seconds. */
  function clientWithClock() {
    const clock = { now: 1_000_000 };
    const client = new AccountsClient({
      baseUrl: accounts.url,
      clientId: CLIENT_ID,
      timeoutMs: 2000,
      clock: () => clock.now,
    });
    return { client, clock };
  }

  it("remembers a token until it expires", async () => {
    accounts.addToken(TOKEN, { expires_in: 60 });
    const { client, clock } = clientWithClock();
    assert.equal((await client.verify(TOKEN)).expiresIn, 60);
    clock.now += 59;
    // What is left of the token's lifetime.
    assert.equal((await client.verify(TOKEN)).expiresIn, 1);
    assert.equal(accounts.requests.length, 1);
    clock.now += 1;
    await client.verify(TOKEN);
    assert.equal(accounts.requests.length, 2);
  });

  it(`remembers a token for ${CACHE_SECONDS} seconds at most`, async () => {
    accounts.addToken(TOKEN, { expires_in: 3600 });
    const { client, clock } = clientWithClock();
    await client.verify(TOKEN);
    clock.now += CACHE_SECONDS - 1;
    const left = 3600 - (CACHE_SECONDS - 1);
    assert.equal((await client.verify(TOKEN)).expiresIn, left);
    assert.equal(accounts.requests.length, 1);
    clock.now += 1;
    await client.verify(TOKEN);
    assert.equal(accounts.requests.length, 2);
  });

  it("remembers each token apart", async () => {
    accounts.addToken(TOKEN, { {{ agent_field }}: "mary@example.com" });
    accounts.addToken(`${TOKEN}-2`, { {{ agent_field }}: "john@example.com" });
    const { client } = clientWithClock();
    for (const round of [1, 2]) {
      assert.equal((await client.verify(TOKEN)).agent, "mary@example.com");
      const other = await client.verify(`${TOKEN}-2`);
      assert.equal(other.agent, "john@example.com", `round ${round}`);
    }
    assert.equal(accounts.requests.length, 2);
  });

  it(`remembers a refusal for ${REJECTED_SECONDS} seconds`, async () => {
    // Or a bad token sent over and over would call the accounts server as often.
    const { client, clock } = clientWithClock();
    accounts.addToken(TOKEN, { client_id: "another-app" });
    await assert.rejects(client.verify(TOKEN), TokenRejected);
    accounts.addToken(TOKEN);
    clock.now += REJECTED_SECONDS - 1;
    await assert.rejects(client.verify(TOKEN), {
      name: "TokenRejected",
      message: /another application/,
    });
    assert.equal(accounts.requests.length, 1);
    clock.now += 1;
    assert.equal((await client.verify(TOKEN)).agent, "agent@example.com");
    assert.equal(accounts.requests.length, 2);
  });

  it("never remembers a failure", async () => {
    const { client } = clientWithClock();
    accounts.addToken(TOKEN);
    accounts.failWith = 500;
    await assert.rejects(client.verify(TOKEN), AccountsUnavailable);
    accounts.failWith = null;
    assert.equal((await client.verify(TOKEN)).agent, "agent@example.com");
    assert.equal(accounts.requests.length, 2);
  });

  it("takes a 429 for unavailable, not for a rejected token", async () => {
    const { client } = clientWithClock();
    accounts.addToken(TOKEN);
    accounts.failWith = 429;
    await assert.rejects(client.verify(TOKEN), AccountsUnavailable);
    accounts.failWith = null;
    assert.equal((await client.verify(TOKEN)).agent, "agent@example.com");
  });

  it(`reads no more than ${MAX_ANSWER_BYTES} bytes of an answer`, async (t) => {
    const { client } = clientWithClock();
    // Valid token info, padded past the limit.
    accounts.answerText = JSON.stringify({
      access_token: TOKEN,
      client_id: CLIENT_ID,
      {{ agent_field }}: "agent@example.com",
      expires_in: 3600,
      padding: "x".repeat(MAX_ANSWER_BYTES),
    });
    await assert.rejects(client.verify(TOKEN), AccountsUnavailable);
    // Sent in chunks, with no Content-Length to refuse it by.
    const big = await startServer((request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write(`{"client_id": "${CLIENT_ID}", "padding": "`);
      response.end(`${"x".repeat(MAX_ANSWER_BYTES)}"}`);
    });
    t.after(() => big.close());
    const chunked = new AccountsClient({
      baseUrl: big.url,
      clientId: CLIENT_ID,
      timeoutMs: 2000,
    });
    await assert.rejects(chunked.verify(TOKEN), AccountsUnavailable);
  });

  it("gives up on a server that drips its answer, by the deadline", async (t) => {
    const dripping = await startServer((request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      // A byte every 200 ms: no single read waits long, the whole answer does.
      const timer = setInterval(() => response.write(" "), 200);
      response.on("close", () => clearInterval(timer));
    });
    t.after(() => dripping.close());
    const client = new AccountsClient({
      baseUrl: dripping.url,
      clientId: CLIENT_ID,
      timeoutMs: 1000,
    });
    const started = Date.now();
    await assert.rejects(client.verify(TOKEN), AccountsUnavailable);
    assert.ok(Date.now() - started < 2000, "it waited past the deadline");
  });

  it("reads the {% if cookiecutter._sdks[cookiecutter.sdk].widgets %}organization{% else %}license{% endif %} and the scopes from the token info", async () => {
    accounts.addToken(TOKEN{% if cookiecutter._sdks[cookiecutter.sdk].widgets %}, { organization_id: "org-1234567" }{% endif %});
    const client = new AccountsClient({
      baseUrl: `${accounts.url}/`,
      clientId: CLIENT_ID,
      timeoutMs: 2000,
    });
    assert.deepEqual(await client.verify(TOKEN), {
      agent: "agent@example.com",
      license: "{% if cookiecutter._sdks[cookiecutter.sdk].widgets %}org-1234567{% else %}1234567{% endif %}",
      scopes: ["agents--my:ro", "chats--my:ro"],
      expiresIn: 3600,
    });
  });
});

// The accounts client of plumbing/accounts.js: how it asks LiveChat's accounts
// server about a token, and how long it trusts the answer.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  AccountsClient,
  AccountsUnavailable,
  CACHE_SECONDS,
  TokenRejected,
} from "../src/plumbing/accounts.js";
import { AccountsServer } from "./accounts-server.js";
import { CLIENT_ID } from "./helpers.js";

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
    accounts.addToken(TOKEN, { entity_id: "mary@example.com" });
    accounts.addToken(`${TOKEN}-2`, { entity_id: "john@example.com" });
    const { client } = clientWithClock();
    for (const round of [1, 2]) {
      assert.equal((await client.verify(TOKEN)).agent, "mary@example.com");
      const other = await client.verify(`${TOKEN}-2`);
      assert.equal(other.agent, "john@example.com", `round ${round}`);
    }
    assert.equal(accounts.requests.length, 2);
  });

  it("does not remember refusals nor failures", async () => {
    const { client } = clientWithClock();
    accounts.addToken(TOKEN, { client_id: "another-app" });
    await assert.rejects(client.verify(TOKEN), TokenRejected);
    await assert.rejects(client.verify(TOKEN), TokenRejected);
    accounts.addToken(TOKEN);
    accounts.failWith = 500;
    await assert.rejects(client.verify(TOKEN), AccountsUnavailable);
    accounts.failWith = null;
    assert.equal((await client.verify(TOKEN)).agent, "agent@example.com");
    assert.equal(accounts.requests.length, 4);
  });

  it("reads the license and the scopes from the token info", async () => {
    accounts.addToken(TOKEN);
    const client = new AccountsClient({
      baseUrl: `${accounts.url}/`,
      clientId: CLIENT_ID,
      timeoutMs: 2000,
    });
    assert.deepEqual(await client.verify(TOKEN), {
      agent: "agent@example.com",
      license: "1234567",
      scopes: ["agents--my:ro", "chats--my:ro"],
      expiresIn: 3600,
    });
  });
});

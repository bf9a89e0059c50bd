import assert from "node:assert/strict";
import { describe, it } from "node:test";
{% if cookiecutter.auth == "sign-in" %}
import { AccountsServer } from "./accounts-server.js";
{%- endif %}
import { TestApp, testSettings } from "./helpers.js";

describe("GET /healthz", () => {
  it("says the app is up, without a session", async (t) => {
    const app = await TestApp.start(testSettings());
    t.after(() => app.close());
    const answer = await app.fetch("/healthz");
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { status: "ok" });
    const head = await app.fetch("/healthz", { method: "HEAD" });
    assert.equal(head.status, 200);
  });
{%- if cookiecutter.auth == "sign-in" %}

  it("does not ask LiveChat's accounts server, even when it is down", async (t) => {
    const accounts = await new AccountsServer().start();
    t.after(() => accounts.stop());
    accounts.failWith = 503;
    const app = await TestApp.start(
      testSettings({ LIVECHAT_ACCOUNTS_URL: accounts.url }),
    );
    t.after(() => app.close());
    assert.equal((await app.fetch("/healthz")).status, 200);
    assert.deepEqual(accounts.requests, []);
  });
{%- endif %}
});

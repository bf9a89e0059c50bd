// The stand-in for LiveChat's accounts server as the command the README gives,
// for the emulator's sign-in.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { EMULATOR_TOKEN } from "./accounts-server.js";
import { ServerProcess } from "./helpers.js";

describe("node tests/accounts-server.js (the stand-in as a command)", () => {
  /**
   * @param {import("node:test").TestContext} t
   * @param {Record<string, string>} env
   */
  function standIn(t, env) {
    const command = new ServerProcess("tests/accounts-server.js", env, [
      "--port",
      "0",
    ]);
    t.after(() => command.stop("SIGKILL"));
    return command;
  }

  it("vouches for the emulator's token, for your client id", async (t) => {
    const command = standIn(t, { LIVECHAT_CLIENT_ID: "my-client-id" });
    const [[, url]] = await command.waitFor(
      /LIVECHAT_ACCOUNTS_URL=(http:\/\/127\.0\.0\.1:\d+)$/,
    );
    const info = (token) =>
      fetch(`${url}{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}`, { headers: { Authorization: `Bearer ${token}` } });
    const vouched = await info(EMULATOR_TOKEN);
    assert.equal(vouched.status, 200);
    assert.equal((await vouched.json()).client_id, "my-client-id");
    assert.equal((await info("another-token")).status, 401);
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    // Its sign-in popup hands out that token, to the redirect URI's origin only.
    const popup = (redirect) =>
      fetch(`${url}/?${new URLSearchParams({ client_id: "my-client-id", redirect_uri: redirect, state: "s1" })}`);
    const page = await popup("https://app.example.test/widget?x=1");
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes(EMULATOR_TOKEN));
    assert.ok(html.includes("window.opener.postMessage"));
    assert.equal((await popup("javascript:alert(1)")).status, 400);
{%- endif %}
  });

  it("says in one line that it needs your client id", async (t) => {
    const command = standIn(t, {});
    assert.deepEqual(await command.exited, { code: 2, signal: null });
    assert.equal(command.lines.length, 1);
    assert.match(command.lines[0], /^Error: set LIVECHAT_CLIENT_ID/);
  });
});

// The stand-in for LiveChat's REST API as the command the README gives, for the
// emulator's basic flow.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ServerProcess } from "./helpers.js";
import {
  EMULATOR_API_KEY,
  EMULATOR_LOGIN,
} from "./livechat-api-server.js";

describe("node tests/livechat-api-server.js (the stand-in as a command)", () => {
  it("vouches for the emulator's login and API key", async (t) => {
    const command = new ServerProcess("tests/livechat-api-server.js", {}, [
      "--port",
      "0",
    ]);
    t.after(() => command.stop("SIGKILL"));
    const [[, url]] = await command.waitFor(
      /Start the app with LIVECHAT_API_URL=(http:\/\/127\.0\.0\.1:\d+)$/,
    );
    /** @param {string} apiKey */
    const agent = (apiKey) => {
      const basic = Buffer.from(`${EMULATOR_LOGIN}:${apiKey}`);
      return fetch(`${url}/agents/${encodeURIComponent(EMULATOR_LOGIN)}`, {
        headers: {
          Authorization: `Basic ${basic.toString("base64")}`,
          "X-API-Version": "2",
        },
      });
    };
    const vouched = await agent(EMULATOR_API_KEY);
    assert.equal(vouched.status, 200);
    assert.equal((await vouched.json()).login, EMULATOR_LOGIN);
    assert.equal((await agent("another-key")).status, 401);
  });

  it("says in one line that a port is not one", async (t) => {
    const command = new ServerProcess("tests/livechat-api-server.js", {}, [
      "--port",
      "70000",
    ]);
    t.after(() => command.stop("SIGKILL"));
    assert.deepEqual(await command.exited, { code: 2, signal: null });
    assert.match(command.lines.join("\n"), /^Error: 70000 is not a port/);
  });
});

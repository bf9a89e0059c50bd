// The widgets in a real browser: headless Chromium, driven with
// playwright-core, opens the Agent App emulator of the app's real server
// (src/server.js, development configuration), which hosts each widget page
// over the widgets SDK's own protocol. The pages run the vendored SDKs.
// The tests of every flavor are in tests/widgets-browser.js; here, how the
// server starts, and what its backend adds: the verified token, the section
// filled from the backend, another app's token refused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { AccountsServer, EMULATOR_TOKEN } from "./accounts-server.js";
import { CLIENT_ID, SESSION_SECRET, ServerProcess } from "./helpers.js";
import {
  SLOW,
  checkSection,
  eventually,
  everyFlavorsTests,
  launchChromium,
  openEmulator,
  refreshSection,
  sendCustomer,
  signIn,
} from "./widgets-browser.js";

const AGENT = "agent@example.com";

describe("the widgets in the Agent App emulator", () => {
  /** @type {ServerProcess} */
  let server;
  /** @type {AccountsServer} */
  let accounts;
  /** @type {import("./widgets-browser.js").Site} */
  let site;

  before(async () => {
    // LiveChat's accounts server, stood in for: its popup hands out a token
    // it vouches for, issued to this app.
    accounts = await new AccountsServer().start();
    accounts.addToken(EMULATOR_TOKEN, { client_id: CLIENT_ID, account_id: AGENT });
    server = new ServerProcess("src/server.js", {
      ENVIRONMENT: "development",
      SESSION_SECRET,
      LIVECHAT_CLIENT_ID: CLIENT_ID,
      LIVECHAT_ACCOUNTS_URL: accounts.url,
    });
    const [{ url: base }] = await server.listening();
    site = { browser: await launchChromium(), base, others: [accounts.url] };
  });

  after(async () => {
    await site?.browser.close();
    await server?.stop();
    await accounts?.stop();
  });

  everyFlavorsTests(() => site);

  it("signs in, fills the section from the backend and refreshes it from its button", SLOW, async (t) => {
    const emulator = await openEmulator(t, site);
    const { page, widget } = emulator;
    /** @type {string[]} */
    const lookups = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/customers/")) lookups.push(request.url());
    });
    await sendCustomer(page);
    await signIn(emulator);
    // The popup was the accounts server's, for this app's Client Id.
    assert.equal(accounts.popups.at(-1)?.client_id, CLIENT_ID);
    assert.equal(accounts.popups.at(-1)?.response_type, "token");
    await eventually(async () =>
      assert.equal(await widget.locator("#agent-login").textContent(), AGENT),
    );
    // The backend verified the token with the (stand-in) accounts server.
    assert.ok(
      accounts.requests.some(
        ({ path, authorization }) =>
          path === "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}" &&
          authorization === `Bearer ${EMULATOR_TOKEN}`,
      ),
    );

    await checkSection(page, AGENT);
    const before = lookups.length;
    assert.ok(before >= 1);
    // The refresh asks the backend again.
    await refreshSection(page);
    await eventually(async () => assert.ok(lookups.length > before));
  });

  it("refuses a token of another app", SLOW, async (t) => {
    const emulator = await openEmulator(t, site);
    const { page, widget } = emulator;
    accounts.addToken("token-of-another-app", { client_id: "another-app" });
    accounts.popupToken = "token-of-another-app";
    t.after(() => {
      accounts.popupToken = EMULATOR_TOKEN;
    });
    await sendCustomer(page);
    await signIn(emulator);
    await eventually(async () =>
      assert.match(
        (await widget.locator("#problem").textContent()) ?? "",
        /another application/,
      ),
    );
    assert.equal(await widget.locator("#agent").isVisible(), false);
    await widget.locator("#sign-in").waitFor({ state: "visible" });
  });
});

// The whole handshake in a real browser: headless Chromium, driven with
// playwright-core, opens the Agent App emulator of the app's real server
// (src/server.js, development configuration) and plays the Agent App.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";
{% if cookiecutter.auth == "sign-in" %}
import { AccountsServer } from "./accounts-server.js";
import {
  CLIENT_ID,
  LAUNCH_ARGS,
  SESSION_SECRET,
  ServerProcess,
  findChromium,
} from "./helpers.js";
{%- else %}
import {
  LAUNCH_ARGS,
  SESSION_SECRET,
  ServerProcess,
  findChromium,
} from "./helpers.js";
import {
  EMULATOR_API_KEY,
  LiveChatApiServer,
} from "./livechat-api-server.js";
{%- endif %}

const AGENT = "agent@example.com";
/** The 4th sample customer's name, in plumbing/emulator/customers.json. */
const HTML_NAME = '<img src=x onerror="window.__injected = true">Eve';
// Starting a browser and a server takes a while on a busy machine.
const SLOW = { timeout: 60_000 };
const WAIT_MS = 10_000;

/**
 * Runs `check` until it passes, or fails with its last error after `WAIT_MS`:
 * the page answers events asynchronously.
 *
 * @param {() => Promise<void>} check
 */
async function eventually(check) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("the extension in the Agent App emulator", () => {
  /** @type {import("playwright-core").Browser} */
  let browser;
  /** @type {ServerProcess} */
  let server;
  /** @type {string} */
  let base;
{%- if cookiecutter.auth == "sign-in" %}
  /** @type {AccountsServer} */
  let accounts;
{%- else %}
  /** @type {LiveChatApiServer} */
  let api;
{%- endif %}

  before(async () => {
    // Never a skip: a missing browser fails the tests, saying what to do.
    const executablePath = findChromium();
{%- if cookiecutter.auth == "sign-in" %}
    // LiveChat's accounts server, stood in for: it knows the emulator's
    // default access token, issued to this app.
    accounts = await new AccountsServer().start();
    accounts.addToken("emulator-access-token", {
      client_id: CLIENT_ID,
      entity_id: AGENT,
    });
{%- else %}
    // LiveChat's REST API, stood in for: it vouches for the login and API key
    // that the emulator sends.
    api = await new LiveChatApiServer().start();
    api.addAgent(AGENT, EMULATOR_API_KEY);
{%- endif %}
    server = new ServerProcess("src/server.js", {
      ENVIRONMENT: "development",
      SESSION_SECRET,
{%- if cookiecutter.auth == "sign-in" %}
      LIVECHAT_CLIENT_ID: CLIENT_ID,
      LIVECHAT_ACCOUNTS_URL: accounts.url,
{%- else %}
      LIVECHAT_API_URL: api.url,
{%- endif %}
    });
    [{ url: base }] = await server.listening();
    browser = await chromium.launch({
      executablePath,
      args: LAUNCH_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
{%- if cookiecutter.auth == "sign-in" %}
    await accounts?.stop();
{%- else %}
    await api?.stop();
{%- endif %}
  });

  /** A new page on the emulator; nothing it asks for leaves the app. */
  async function openEmulator() {
    const page = await browser.newPage();
    // LiveChat's stylesheet is refused, not fetched: no test talks to LiveChat.
    await page.route("**/*", (route) =>
      route.request().url().startsWith(`${base}/`)
        ? route.continue()
        : route.abort(),
    );
    await page.goto(`${base}/emulator/`);
    return page;
  }

  /** @param {import("playwright-core").Page} page */
  async function waitForInit(page) {
    const status = page.locator("#status");
    await eventually(async () =>
      assert.equal(await status.getAttribute("class"), "status ready"),
    );
  }

  /**
   * @param {import("playwright-core").Page} page
   * @param {string} text
   */
  async function logShows(page, text) {
    await eventually(async () =>
      assert.ok((await page.locator("#log").textContent())?.includes(text)),
    );
  }

  it("completes the handshake and shows the customer of the chat", SLOW, async (t) => {
    const page = await openEmulator();
    t.after(() => page.close());
    const extension = page.frameLocator("#extension");

    // The spinner goes once the extension calls LiveChat.init().
    await waitForInit(page);
    await logShows(page, "plugin_inited");
{%- if cookiecutter.auth == "basic" %}

    // The emulator POSTs the login and API key to /authorize/, and the page
    // gets the session in the authorize event.
    await logShows(page, "POST /authorize/ 200");
    await logShows(page, "livechat:authorize");
    // The backend asked LiveChat (the stand-in) about the pair.
    assert.deepEqual(
      api.requests.map(({ login }) => login),
      [AGENT],
    );
{%- else %}

    // Sign in with LiveChat: the stand-in SDK's button; a click gets an
    // identity from the emulator, which the app verifies with the (stand-in)
    // accounts server.
    const button = extension.getByRole("button", {
      name: "Sign in with LiveChat",
    });
    await button.click();
    await logShows(page, "identity (accounts popup)");
{%- endif %}
    await eventually(async () =>
      assert.equal(await extension.locator("#agent-login").textContent(), AGENT),
    );
{%- if cookiecutter.auth == "sign-in" %}
    assert.ok(
      accounts.requests.some(
        ({ authorization }) => authorization === "Bearer emulator-access-token",
      ),
    );
{%- endif %}

    // A customer profile renders; hiding it clears it.
    await page
      .getByRole("button", { name: "Send customer_profile", exact: true })
      .click();
    for (const [id, text] of [
      ["#customer-name", "Mary Brown"],
      ["#customer-email", "mary.brown@email.com"],
      ["#customer-chat", "NY0U96PIT4"],
    ]) {
      await eventually(async () =>
        assert.equal(await extension.locator(id).textContent(), text),
      );
    }
    assert.equal(await extension.locator("#customer").isVisible(), true);
    await page
      .getByRole("button", { name: "Send customer_profile_hidden" })
      .click();
    await extension.locator("#customer").waitFor({ state: "hidden" });
    await extension.locator("#no-customer").waitFor({ state: "visible" });
  });

  it("renders a name with HTML in it as text, running no script", SLOW, async (t) => {
    const page = await openEmulator();
    t.after(() => page.close());
    await waitForInit(page);
    await page.locator("#customer-sample").selectOption({ index: 3 });
    assert.ok((await page.locator("#customer-json").inputValue()).includes("onerror"));
    await page
      .getByRole("button", { name: "Send customer_profile", exact: true })
      .click();
    const extension = page.frameLocator("#extension");
    await eventually(async () =>
      assert.equal(
        await extension.locator("#customer-name").textContent(),
        HTML_NAME,
      ),
    );
    assert.equal(await extension.locator("#customer-name img").count(), 0);
    const frame = page.frame({ url: /lcext_emulator=1/ });
    assert.ok(frame);
    assert.equal(await frame.evaluate(() => "__injected" in window), false);
  });
});

// The widgets in a real browser: headless Chromium, driven with
// playwright-core, opens the Agent App emulator of the app's real server
// (src/server.js, development configuration), which hosts each widget page
// over the widgets SDK's own protocol. The pages run the vendored SDKs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";

import { AccountsServer, EMULATOR_TOKEN } from "./accounts-server.js";
import {
  CLIENT_ID,
  LAUNCH_ARGS,
  SESSION_SECRET,
  ServerProcess,
  findChromium,
} from "./helpers.js";

const AGENT = "agent@example.com";
/** The 4th sample customer's name, in src/plumbing/emulator/customers.json. */
const HTML_NAME = '<img src=x onerror="window.__injected = true">Eve';
const MARY = { id: "S126126161.O136OJPO1", name: "Mary Brown" };
// Starting a browser and a server takes a while on a busy machine.
const SLOW = { timeout: 90_000 };
const WAIT_MS = 10_000;

/**
 * Runs `check` until it passes, or fails with its last error after `WAIT_MS`:
 * the widgets and the emulator answer asynchronously.
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

describe("the widgets in the Agent App emulator", () => {
  /** @type {import("playwright-core").Browser} */
  let browser;
  /** @type {ServerProcess} */
  let server;
  /** @type {string} */
  let base;
  /** @type {AccountsServer} */
  let accounts;

  before(async () => {
    // Never a skip: a missing browser fails the tests, saying what to do.
    const executablePath = findChromium();
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
    [{ url: base }] = await server.listening();
    browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await accounts?.stop();
  });

  /**
   * A new page on the emulator, hosting `widget`; nothing it or its popups
   * ask for leaves the app and the accounts stand-in.
   *
   * @param {import("node:test").TestContext} t
   * @param {Record<string, string>} [query] the emulator's: widget, connection
   */
  async function openEmulator(t, query = {}) {
    const context = await browser.newContext();
    t.after(() => context.close());
    await context.route("**/*", (route) => {
      const url = route.request().url();
      return url.startsWith(`${base}/`) || url.startsWith(`${accounts.url}/`)
        ? route.continue()
        : route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${base}/emulator/?${new URLSearchParams(query)}`);
    const widget = page.frameLocator("#widget-frame");
    // The spinner goes once the widget sends plugin_inited.
    await eventually(async () =>
      assert.equal(await page.locator("#status").getAttribute("class"), "status ready"),
    );
    return { context, page, widget };
  }

  /** @param {import("playwright-core").Page} page */
  const logText = async (page) => (await page.locator("#frame-log").textContent()) ?? "";

  /**
   * @param {import("playwright-core").Page} page
   * @param {number} [sample] which of the emulator's sample customers
   */
  async function sendCustomer(page, sample = 0) {
    await page.locator("#customer-sample").selectOption({ index: sample });
    await page.getByRole("button", { name: "Send customer_profile" }).click();
  }

  /**
   * Signs in from the Details widget: the click opens the accounts server's
   * popup, which answers the page, which trades the token for a session.
   *
   * @param {import("playwright-core").BrowserContext} context
   * @param {import("playwright-core").FrameLocator} widget
   */
  async function signIn(context, widget) {
    const popup = context.waitForEvent("page");
    await widget.locator("#sign-in-button").click();
    const opened = await popup;
    // The popup closes itself once it has answered.
    await opened.waitForEvent("close");
    return opened;
  }

  /** @param {import("playwright-core").Page} page */
  async function sectionRows(page) {
    const rows = await page.locator("#section .label-value").all();
    return Object.fromEntries(
      await Promise.all(
        rows.map(async (row) => [
          await row.locator(".label").textContent(),
          await row.locator(".value").textContent(),
        ]),
      ),
    );
  }

  it("completes the handshake, and plugin_inited hides the loader", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t);
    const log = await logText(page);
    assert.ok(log.includes("handshake complete"), log);
    assert.ok(log.includes("plugin_inited"), log);
    await widget.locator("#sign-in").waitFor({ state: "visible" });
    assert.equal(await widget.locator("#outside-agent-app").isVisible(), false);
  });

  it("shows the customer, and a name with HTML in it as text", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t);
    await sendCustomer(page);
    for (const [id, text] of [
      ["#customer-name", "Mary Brown"],
      ["#customer-email", "mary.brown@email.com"],
      ["#customer-chat", "NY0U96PIT4"],
      ["#customer-group", "42"],
      ["#customer-source", "chats"],
    ]) {
      await eventually(async () =>
        assert.equal(await widget.locator(id).textContent(), text),
      );
    }
    // Before sign-in the section asks the agent to sign in.
    await eventually(async () =>
      assert.match((await page.locator("#section").textContent()) ?? "", /Sign in/),
    );

    await sendCustomer(page, 3);
    await eventually(async () =>
      assert.equal(await widget.locator("#customer-name").textContent(), HTML_NAME),
    );
    assert.equal(await widget.locator("#customer-name img").count(), 0);
    const frame = page.frame({ url: /plugin_id=/ });
    assert.ok(frame);
    assert.equal(await frame.evaluate(() => "__injected" in window), false);
  });

  it("signs in, fills the section from the backend and refreshes it from its button", SLOW, async (t) => {
    const { context, page, widget } = await openEmulator(t);
    /** @type {string[]} */
    const lookups = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/customers/")) lookups.push(request.url());
    });
    await sendCustomer(page);
    await signIn(context, widget);
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

    // The section, rendered by the emulator as the Agent App does.
    await eventually(async () =>
      assert.equal(
        await page.locator("#section .section-title").textContent(),
        {{ cookiecutter.project_name | tojson }},
      ),
    );
    await eventually(async () => {
      const rows = await sectionRows(page);
      assert.equal(rows["Customer ID"], MARY.id);
      assert.equal(rows["Looked up by"], AGENT);
      assert.match(rows["Looked up at"] ?? "", /^\d{2}:\d{2}:\d{2}$/);
    });
    const before = lookups.length;
    assert.ok(before >= 1);
    const sectionFrames = async () =>
      (await page.locator("#frame-log li.in").allTextContents()).filter((text) =>
        text.includes('"message": "customer_details_section"'),
      ).length;
    const modified = await sectionFrames();

    // The section's button: a click in the Agent App reaches the widget, which
    // asks the backend again and modifies the section again.
    await page.locator("#section").getByRole("button", { name: "Refresh" }).click();
    await eventually(async () => assert.ok(lookups.length > before));
    assert.ok((await logText(page)).includes("customer_details_section_button_click"));
    await eventually(async () => assert.ok((await sectionFrames()) > modified));
  });

  it("refuses a token of another app", SLOW, async (t) => {
    const { context, page, widget } = await openEmulator(t);
    accounts.addToken("token-of-another-app", { client_id: "another-app" });
    accounts.popupToken = "token-of-another-app";
    t.after(() => {
      accounts.popupToken = EMULATOR_TOKEN;
    });
    await sendCustomer(page);
    await signIn(context, widget);
    await eventually(async () =>
      assert.match(
        (await widget.locator("#problem").textContent()) ?? "",
        /another application/,
      ),
    );
    assert.equal(await widget.locator("#agent").isVisible(), false);
    await widget.locator("#sign-in").waitFor({ state: "visible" });
  });

  it("puts a reply into the message box from the Details widget", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t);
    await sendCustomer(page);
    await widget.locator("#put-reply").click();
    await eventually(async () =>
      assert.match(
        (await page.locator("#message-box").textContent()) ?? "",
        /Hello Mary Brown/,
      ),
    );
  });

  it("puts a text, cards and quick replies from the message box widget", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t, { widget: "messagebox" });
    const box = page.locator("#message-box");
    await widget.locator("#put-text").click();
    await eventually(async () =>
      assert.ok(((await box.locator(".message-text").textContent()) ?? "").length > 0),
    );
    for (const [button, template] of [
      ["#put-cards", "cards"],
      ["#put-quick-replies", "quick_replies"],
    ]) {
      await widget.locator(button).click();
      await eventually(async () =>
        assert.equal(
          await box.locator(".rich-message").getAttribute("data-template"),
          template,
        ),
      );
    }
  });

  it("sets and clears the badge from the fullscreen widget", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t, { widget: "fullscreen" });
    const badge = page.locator("#badge");
    await widget.locator("#badge-increase").click();
    await widget.locator("#badge-increase").click();
    await eventually(async () => assert.equal(await badge.textContent(), "2"));
    await widget.locator("#badge-clear").click();
    await badge.waitFor({ state: "hidden" });
  });

  it("follows the Agent App's theme", SLOW, async (t) => {
    const { page } = await openEmulator(t);
    const frame = page.frame({ url: /plugin_id=/ });
    assert.ok(frame);
    const theme = () => frame.evaluate(() => document.documentElement.dataset.theme);
    // The first theme comes in the ?theme= query parameter.
    assert.equal(await theme(), "light");
    await page.locator("#theme-select").selectOption("dark");
    await page.getByRole("button", { name: "Send change_theme" }).click();
    await eventually(async () => assert.equal(await theme(), "dark"));
  });

  it("over the plain connection, the widget's events are dropped, as the emulator says", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t, { connection: "plain" });
    await sendCustomer(page);
    await eventually(async () =>
      assert.ok((await logText(page)).includes("drops this one")),
    );
    assert.equal(await widget.locator("#customer").isVisible(), false);
  });

  it("explains itself when opened outside the Agent App", SLOW, async (t) => {
    const context = await browser.newContext();
    t.after(() => context.close());
    const page = await context.newPage();
    for (const path of ["/", "/messagebox", "/fullscreen"]) {
      await page.goto(`${base}${path}`);
      await page.locator("#outside-agent-app").waitFor({ state: "visible" });
      assert.match(
        (await page.locator("#outside-agent-app").textContent()) ?? "",
        /Developers Console/,
      );
    }
  });
});

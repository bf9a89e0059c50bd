// What tests/widgets-browser.test.js drives the widgets with, and the tests
// that hold however the app is served: headless Chromium (playwright-core,
// which never downloads a browser) opens the Agent App emulator, which hosts
// each widget page over the widgets SDK's own protocol. The pages run the
// vendored SDKs.
import assert from "node:assert/strict";
import { it } from "node:test";

import { chromium } from "playwright-core";

import { LAUNCH_ARGS, findChromium } from "./helpers.js";

/** The 1st sample customer, in {{ plumbing }}/emulator/customers.json. */
const MARY = { id: "S126126161.O136OJPO1", name: "Mary Brown" };
/** The 4th sample customer's name. */
const HTML_NAME = '<img src=x onerror="window.__injected = true">Eve';
// Starting a browser and a server takes a while on a busy machine.
export const SLOW = { timeout: 90_000 };
// Generous: the waits end as soon as the page is there; only a failure waits it out.
const WAIT_MS = 30_000;

/**
 * Runs `check` until it passes, or fails with its last error after `WAIT_MS`:
 * the widgets and the emulator answer asynchronously.
 *
 * @param {() => Promise<void>} check
 */
export async function eventually(check) {
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

/**
 * Headless Chromium, as tests/helpers.js finds it. Never a skip: a missing
 * browser fails the tests, saying what to do.
 */
export function launchChromium() {
  return chromium.launch({ executablePath: findChromium(), args: LAUNCH_ARGS });
}

/**
 * Where the tests open pages: the app at `base`, its browser, and what a page
 * may reach besides the app.
 *
 * @typedef {object} Site
 * @property {import("playwright-core").Browser} browser
 * @property {string} base the app's origin
 * @property {string[]} [others] the only other origins pages may reach
 * @property {import("playwright-core").BrowserContextOptions} [options]
 * @property {Record<string, (html: string) => string>} [rewrite] the app's
 *   pages, by path, edited on their way to the browser
 */

/**
 * A new browser context, closed with the test `t`.
 *
 * @param {import("node:test").TestContext} t
 * @param {Site} site
 */
export async function newContext(t, site) {
  const context = await site.browser.newContext(site.options);
  t.after(() => context.close());
  context.setDefaultTimeout(WAIT_MS);
  return context;
}

/**
 * A new page on the emulator, hosting `query.widget`; nothing it or its popups
 * ask for leaves the app and `site.others`.
 *
 * @param {import("node:test").TestContext} t
 * @param {Site} site
 * @param {Record<string, string>} [query] the emulator's: widget, connection
 */
export async function openEmulator(t, site, query = {}) {
  const context = await newContext(t, site);
  const allowed = [site.base, ...(site.others ?? [])];
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    const edit = url.origin === site.base && site.rewrite?.[url.pathname];
    if (edit) {
      const response = await route.fetch();
      await route.fulfill({ response, body: edit(await response.text()) });
    } else if (allowed.includes(url.origin)) {
      await route.continue();
    } else {
      await route.abort();
    }
  });
  const page = await context.newPage();
  await page.goto(`${site.base}/emulator/?${new URLSearchParams(query)}`);
  // The spinner goes once the widget sends plugin_inited.
  await eventually(async () =>
    assert.equal(
      await page.locator("#status").getAttribute("class"),
      "status ready",
    ),
  );
  return { context, page, widget: page.frameLocator("#widget-frame") };
}

/** @typedef {Awaited<ReturnType<typeof openEmulator>>} Emulator */

/** @param {import("playwright-core").Page} page */
const logText = async (page) =>
  (await page.locator("#frame-log").textContent()) ?? "";

/**
 * @param {import("playwright-core").Page} page
 * @param {number} [sample] which of the emulator's sample customers
 */
export async function sendCustomer(page, sample = 0) {
  await page.locator("#customer-sample").selectOption({ index: sample });
  await page.getByRole("button", { name: "Send customer_profile" }).click();
}

/**
 * Signs in from the Details widget: the click opens the accounts server's
 * popup (a stand-in), which answers the page.
 *
 * @param {Emulator} emulator
 */
export async function signIn({ context, widget }) {
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

/**
 * The customer's section, rendered by the emulator as the Agent App does,
 * once the widget has filled it for Mary Brown.
 *
 * @param {import("playwright-core").Page} page
 * @param {string} lookedUpBy the agent the section names
 */
export async function checkSection(page, lookedUpBy) {
  await eventually(async () =>
    assert.equal(
      await page.locator("#section .section-title").textContent(),
      {{ cookiecutter.project_name | tojson }},
    ),
  );
  await eventually(async () => {
    const rows = await sectionRows(page);
    assert.equal(rows["Customer ID"], MARY.id);
    assert.equal(rows["Looked up by"], lookedUpBy);
    assert.match(rows["Looked up at"] ?? "", /^\d{2}:\d{2}:\d{2}$/);
  });
}

/**
 * The section's button: a click in the Agent App reaches the widget, which
 * modifies the section again.
 *
 * @param {import("playwright-core").Page} page
 */
export async function refreshSection(page) {
  const sectionFrames = async () =>
    (await page.locator("#frame-log li.in").allTextContents()).filter((text) =>
      text.includes('"message": "customer_details_section"'),
    ).length;
  const modified = await sectionFrames();
  await page.locator("#section").getByRole("button", { name: "Refresh" }).click();
  await eventually(async () => assert.ok((await sectionFrames()) > modified));
  assert.ok((await logText(page)).includes("customer_details_section_button_click"));
}

/**
 * Registers, in the suite that calls it, the tests that hold however the app
 * is served.
 *
 * @param {() => Site} site the suite's, once its `before` has run
 */
export function everyFlavorsTests(site) {
  /**
   * @param {import("node:test").TestContext} t
   * @param {Record<string, string>} [query]
   */
  const open = (t, query) => openEmulator(t, site(), query);

  it("completes the handshake, and plugin_inited hides the loader", SLOW, async (t) => {
    const { page, widget } = await open(t);
    const log = await logText(page);
    assert.ok(log.includes("handshake complete"), log);
    assert.ok(log.includes("plugin_inited"), log);
    await widget.locator("#sign-in").waitFor({ state: "visible" });
    assert.equal(await widget.locator("#outside-agent-app").isVisible(), false);
  });

  it("shows the customer, and a name with HTML in it as text", SLOW, async (t) => {
    const { page, widget } = await open(t);
    await sendCustomer(page);
    for (const [id, text] of [
      ["#customer-name", MARY.name],
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

  it("puts a reply into the message box from the Details widget", SLOW, async (t) => {
    const { page, widget } = await open(t);
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
    const { page, widget } = await open(t, { widget: "messagebox" });
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
    const { page, widget } = await open(t, { widget: "fullscreen" });
    const badge = page.locator("#badge");
    await widget.locator("#badge-increase").click();
    await widget.locator("#badge-increase").click();
    await eventually(async () => assert.equal(await badge.textContent(), "2"));
    await widget.locator("#badge-clear").click();
    await badge.waitFor({ state: "hidden" });
  });

  it("follows the Agent App's theme", SLOW, async (t) => {
    const { page } = await open(t);
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
    const { page, widget } = await open(t, { connection: "plain" });
    await sendCustomer(page);
    await eventually(async () =>
      assert.ok((await logText(page)).includes("drops this one")),
    );
    assert.equal(await widget.locator("#customer").isVisible(), false);
  });

  it("explains itself when opened outside the Agent App", SLOW, async (t) => {
    const page = await (await newContext(t, site())).newPage();
    for (const path of [
      "/",
      "/messagebox{{ cookiecutter._frameworks[cookiecutter.framework].page_suffix }}",
      "/fullscreen{{ cookiecutter._frameworks[cookiecutter.framework].page_suffix }}",
    ]) {
      await page.goto(`${site().base}${path}`);
      await page.locator("#outside-agent-app").waitFor({ state: "visible" });
      assert.match(
        (await page.locator("#outside-agent-app").textContent()) ?? "",
        /Developers Console/,
      );
    }
  });
}

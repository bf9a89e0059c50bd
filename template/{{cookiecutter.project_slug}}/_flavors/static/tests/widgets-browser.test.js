// The widgets in a real browser, the way the Agent App shows them: headless Chromium (driven by
// playwright-core, which never downloads a browser) opens the Agent App emulator served by the
// development server, which hosts each widget page over the widgets SDK's own protocol. The pages
// run the vendored SDKs. Nothing leaves 127.0.0.1: every other request is refused.
//
// Chromium is found as tests/helpers.js says. Without one these tests fail, never skip.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { createDevServer } from "../plumbing/dev-server.mjs";
import { LAUNCH_ARGS, findChromium } from "./helpers.js";

const TIMEOUT_MS = 10_000;
const SLOW = { timeout: 90_000 };
const ACCOUNT_ID = "6c6b5fb4-7d1e-4f2a-9b3c-0d4e5f6a7b8c";
const CLIENT_ID = "test-client-id";
const HTML_NAME = '<img src=x onerror="window.__injected = true">Eve';

// Runs `check` until it passes, or fails with its last error after TIMEOUT_MS.
async function eventually(check) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

// A stand-in for the page of LiveChat's accounts server that accounts-sdk's popup opens: a real
// HTTP server on 127.0.0.1 whose page hands the opener a token, as LiveChat's does once the agent
// has signed in, and closes.
async function startAccountsStandIn() {
  const popups = [];
  const server = createServer((request, response) => {
    const query = Object.fromEntries(new URL(request.url, "http://127.0.0.1").searchParams);
    popups.push(query);
    const grant = JSON.stringify({
      access_token: "dal:stand-in-token",
      token_type: "Bearer",
      expires_in: 3600,
      scope: "",
      account_id: ACCOUNT_ID,
      organization_id: "2f1e0d9c-8b7a-4c5d-9e6f-a0b1c2d3e4f5",
      client_id: query.client_id,
      state: query.state,
    }).replace(/</g, "\\u003c");
    const target = JSON.stringify(new URL(query.redirect_uri).origin);
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><title>Sign in (stand-in)</title><script>
      window.opener.postMessage({ data: ${grant} }, ${target});
      window.close();
    </script>`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, popups, server };
}

describe("the widgets in the Agent App emulator (headless Chromium)", () => {
  let browser;
  let server;
  let certDir;
  let base;
  let accounts;

  before(async () => {
    const executablePath = findChromium();
    // The real development server over HTTPS, with a throwaway certificate.
    certDir = await mkdtemp(join(tmpdir(), "devcert-"));
    server = await createDevServer({ certDir });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `https://127.0.0.1:${server.address().port}`;
    accounts = await startAccountsStandIn();
    browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
  });

  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    if (accounts) await new Promise((resolve) => accounts.server.close(resolve));
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  // A new page on the emulator, hosting `query.widget`. The published pages carry LiveChat's
  // accounts server and an empty Client Id: the test gives the Details page the stand-in's URL
  // and a Client Id, in the same attributes you fill in.
  async function openEmulator(t, query = {}) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    t.after(() => context.close());
    context.setDefaultTimeout(TIMEOUT_MS);
    await context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === base && url.pathname === "/") {
        const response = await route.fetch();
        const body = (await response.text())
          .replace('data-client-id=""', `data-client-id="${CLIENT_ID}"`)
          .replace(/data-accounts-url="[^"]*"/, `data-accounts-url="${accounts.url}"`);
        await route.fulfill({ response, body });
      } else if (url.origin === base || url.origin === accounts.url) {
        await route.continue();
      } else {
        await route.abort();
      }
    });
    const page = await context.newPage();
    await page.goto(`${base}/emulator/?${new URLSearchParams(query)}`);
    await eventually(async () =>
      assert.equal(await page.locator("#status").getAttribute("class"), "status ready"),
    );
    return { context, page, widget: page.frameLocator("#widget-frame") };
  }

  const logText = async (page) => (await page.locator("#frame-log").textContent()) ?? "";

  async function sendCustomer(page, sample = 0) {
    await page.locator("#customer-sample").selectOption({ index: sample });
    await page.getByRole("button", { name: "Send customer_profile" }).click();
  }

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

  test("completes the handshake, and plugin_inited hides the loader", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t);
    const log = await logText(page);
    assert.ok(log.includes("handshake complete"), log);
    assert.ok(log.includes("plugin_inited"), log);
    await widget.locator("#sign-in").waitFor({ state: "visible" });
  });

  test("shows the customer, and a name with HTML in it as text", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t);
    await sendCustomer(page);
    for (const [id, text] of [
      ["#customer-name", "Mary Brown"],
      ["#customer-email", "mary.brown@email.com"],
      ["#customer-chat", "NY0U96PIT4"],
      ["#customer-group", "42"],
      ["#customer-source", "chats"],
    ]) {
      await eventually(async () => assert.equal(await widget.locator(id).textContent(), text));
    }
    await eventually(async () =>
      assert.match((await page.locator("#section").textContent()) ?? "", /Sign in/),
    );
    await sendCustomer(page, 3);
    await eventually(async () =>
      assert.equal(await widget.locator("#customer-name").textContent(), HTML_NAME),
    );
    assert.equal(await widget.locator("#customer-name img").count(), 0);
    const frame = page.frame({ url: /plugin_id=/ });
    assert.equal(await frame.evaluate(() => "__injected" in window), false);
  });

  test("signs in through the popup, then fills the section and refreshes it from its button", SLOW, async (t) => {
    const { context, page, widget } = await openEmulator(t);
    await sendCustomer(page);
    const popup = context.waitForEvent("page");
    await widget.locator("#sign-in-button").click();
    await (await popup).waitForEvent("close");
    assert.equal(accounts.popups.at(-1).client_id, CLIENT_ID);
    // Shown, not trusted: a static site has no backend to verify the token.
    await eventually(async () =>
      assert.equal(await widget.locator("#agent-login").textContent(), ACCOUNT_ID),
    );
    await eventually(async () => {
      assert.equal(
        await page.locator("#section .section-title").textContent(),
        {{ cookiecutter.project_name | tojson }},
      );
      const rows = await sectionRows(page);
      assert.equal(rows["Customer ID"], "S126126161.O136OJPO1");
      assert.equal(rows["Looked up by"], ACCOUNT_ID);
      assert.match(rows["Looked up at"] ?? "", /^\d{2}:\d{2}:\d{2}$/);
    });
    const sectionFrames = async () =>
      (await page.locator("#frame-log li.in").allTextContents()).filter((text) =>
        text.includes('"message": "customer_details_section"'),
      ).length;
    const modified = await sectionFrames();
    await page.locator("#section").getByRole("button", { name: "Refresh" }).click();
    await eventually(async () => assert.ok((await sectionFrames()) > modified));
    assert.ok((await logText(page)).includes("customer_details_section_button_click"));
  });

  test("puts a reply into the message box from the Details widget", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t);
    await sendCustomer(page);
    await widget.locator("#put-reply").click();
    await eventually(async () =>
      assert.match((await page.locator("#message-box").textContent()) ?? "", /Hello Mary Brown/),
    );
  });

  test("puts a text, cards and quick replies from the message box widget", SLOW, async (t) => {
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
        assert.equal(await box.locator(".rich-message").getAttribute("data-template"), template),
      );
    }
  });

  test("sets and clears the badge from the fullscreen widget", SLOW, async (t) => {
    const { page, widget } = await openEmulator(t, { widget: "fullscreen" });
    const badge = page.locator("#badge");
    await widget.locator("#badge-increase").click();
    await widget.locator("#badge-increase").click();
    await eventually(async () => assert.equal(await badge.textContent(), "2"));
    await widget.locator("#badge-clear").click();
    await badge.waitFor({ state: "hidden" });
  });

  test("follows the Agent App's theme", SLOW, async (t) => {
    const { page } = await openEmulator(t);
    const frame = page.frame({ url: /plugin_id=/ });
    const theme = () => frame.evaluate(() => document.documentElement.dataset.theme);
    assert.equal(await theme(), "light");
    await page.locator("#theme-select").selectOption("dark");
    await page.getByRole("button", { name: "Send change_theme" }).click();
    await eventually(async () => assert.equal(await theme(), "dark"));
  });

  test("explains itself when opened outside the Agent App", SLOW, async (t) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    t.after(() => context.close());
    const page = await context.newPage();
    for (const path of ["/", "/messagebox.html", "/fullscreen.html"]) {
      await page.goto(`${base}${path}`);
      await page.locator("#outside-agent-app").waitFor({ state: "visible" });
      assert.match((await page.locator("#outside-agent-app").textContent()) ?? "", /Developers Console/);
    }
  });
});

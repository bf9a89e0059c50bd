// The page in a real browser, the way the Agent App shows it: headless Chromium (driven by
// playwright-core, which never downloads a browser) opens the Agent App emulator served by the
// development server, and the extension runs in the emulator's iframe with the stand-ins of
// LiveChat's library and accounts SDK. Nothing leaves 127.0.0.1: every other request is refused.
//
// Chromium is found as tests/helpers.js says. Without one these tests fail, never skip: a browser
// test that skips in CI tests nothing.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { createDevServer } from "../plumbing/dev-server.mjs";
import { LAUNCH_ARGS, findChromium } from "./helpers.js";

const TIMEOUT_MS = 10_000;
const SAMPLE_WITH_HTML = "3"; // in plumbing/emulator/customers.json: the name holding HTML

// Counted as a failure of its own, so that a missing browser shows in every summary.
test("Chromium is there to drive", () => {
  assert.ok(findChromium());
});

describe("the extension in the Agent App emulator (headless Chromium)", () => {
  let browser;
  let server;
  let certDir;
  let base;
  let page;
  let extension;

  before(async () => {
    const executablePath = findChromium();
    // The real development server over HTTPS, with a throwaway certificate.
    certDir = await mkdtemp(join(tmpdir(), "devcert-"));
    server = await createDevServer({ certDir });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `https://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath,
      args: LAUNCH_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    context.setDefaultTimeout(TIMEOUT_MS);
    // LiveChat's CDN stylesheet, and anything else not on 127.0.0.1, is refused, not fetched.
    await context.route("**/*", (route) =>
      route.request().url().startsWith(`${base}/`) ? route.continue() : route.abort(),
    );
    page = await context.newPage();
    await page.goto(`${base}/emulator/`);
    await page.waitForSelector("#status.ready");
    extension = page.frameLocator("#extension");
  });

  async function sendSample(index) {
    await page.selectOption("#customer-sample", index);
    await page.click("#send-profile");
  }

  function frame() {
    return page.frames().find((candidate) => candidate.url().includes("lcext_emulator=1"));
  }

  test("the spinner goes once the extension calls LiveChat.init()", async () => {
    assert.equal(await page.getAttribute("#status", "class"), "status ready");
    assert.match(await page.textContent("#log"), /plugin_inited/);
    // The iframe got the stand-ins, not LiveChat's scripts.
    const scripts = await frame().$$eval("script[src]", (all) => all.map((s) => s.src));
    assert.ok(scripts.some((src) => src.endsWith("/emulator/livechat.js")), scripts.join(" "));
  });

  test("customer_profile shows the customer and customer_profile_hidden clears it", async () => {
    await sendSample("0");
    await extension.locator("#customer").waitFor({ state: "visible" });
    assert.equal(await extension.locator("#customer-name").textContent(), "Mary Brown");
    assert.equal(await extension.locator("#customer-email").textContent(), "mary.brown@email.com");
    assert.equal(await extension.locator("#customer-chat").textContent(), "NY0U96PIT4");

    await page.click("#send-hidden");
    await extension.locator("#customer").waitFor({ state: "hidden" });
    await extension.locator("#no-customer").waitFor({ state: "visible" });
    assert.match(await page.textContent("#log"), /livechat:customer_profile_hidden/);
  });

  test("a name that holds HTML is shown as text: no element made, no script run", async () => {
    await sendSample(SAMPLE_WITH_HTML);
    await extension.locator("#customer").waitFor({ state: "visible" });
    const name = extension.locator("#customer-name");
    assert.equal(await name.textContent(), '<img src=x onerror="window.__injected = true">Eve');
    assert.equal(await name.locator("*").count(), 0);
    assert.equal(await frame().evaluate(() => window.__injected), undefined);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
  });

  test("the sign-in button shows and a click signs the agent in", async () => {
    const button = extension.getByRole("button", { name: "Sign in with LiveChat" });
    await button.waitFor({ state: "visible" });
    await button.click();
    await extension.locator("#agent").waitFor({ state: "visible" });
    assert.equal(await extension.locator("#agent-login").textContent(), "agent@example.com");
    await extension.locator("#sign-in").waitFor({ state: "hidden" });
    assert.match(await page.textContent("#log"), /sign-in popup opened/);
  });
});

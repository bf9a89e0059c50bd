// The Agent App emulator and the stand-ins of LiveChat's scripts: served in
// development only, and only the emulator's frame gets the stand-ins.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { TestApp, testSettings } from "./helpers.js";

const LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}";
{%- if cookiecutter.auth == "sign-in" %}
const ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}";
const LIVECHAT_SCRIPTS = [LIBRARY_JS, ACCOUNTS_SDK_JS];
const STAND_INS = ["emulator/livechat.js", "emulator/accounts-sdk.js"];
{%- else %}
const LIVECHAT_SCRIPTS = [LIBRARY_JS];
const STAND_INS = ["emulator/livechat.js"];
{%- endif %}

/** Where the emulator's frame opens the page, as plumbing/emulator/emulator.html says. */
const EMULATOR_FRAME = "/?plugin_id=lcext-emulator&lcext_emulator=1";

/** @type {Array<[string, string]>} path and the start of its Content-Type */
const EMULATOR_FILES = [
  ["/emulator/", "text/html"],
  ["/emulator/emulator.js", "text/javascript"],
  ["/emulator/emulator.css", "text/css"],
  ["/emulator/customers.json", "application/json"],
  ["/emulator/livechat.js", "text/javascript"],
{%- if cookiecutter.auth == "sign-in" %}
  ["/emulator/accounts-sdk.js", "text/javascript"],
{%- endif %}
];

/** @param {string} html */
const scriptsOf = (html) =>
  [...html.matchAll(/<script src="([^"]*)"/g)].map(([, src]) => src);

describe("in development", () => {
  /** @type {TestApp} */
  let app;
  before(async () => {
    app = await TestApp.start(testSettings({ ENVIRONMENT: "development" }));
  });
  after(() => app.close());

  for (const [path, contentType] of EMULATOR_FILES) {
    it(`serves ${path}`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 200);
      assert.ok(answer.headers.get("content-type")?.startsWith(contentType));
    });
  }

  it("sends /emulator to /emulator/, whose page names its files relatively", async () => {
    const answer = await app.fetch("/emulator?x=1", { redirect: "manual" });
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.get("location"), "/emulator/?x=1");
  });

  for (const path of [
    "/emulator/index.js",
    "/emulator/emulator.html",
    "/emulator/livechat-stand-in.js",
    "/emulator/index.html",
  ]) {
    it(`answers ${path}, not one of the emulator's URLs, with a 404`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 404);
      assert.equal(typeof answer.json.detail, "string");
    });
  }

  it("has the emulator frame the page with a plugin_id, as the Agent App does", async () => {
    const html = (await app.fetch("/emulator/")).text;
    assert.ok(html.includes(`src="..${EMULATOR_FRAME.replace("&", "&amp;")}"`));
    assert.ok(html.includes('data-auth="{{ cookiecutter.auth }}"'));
    const customers = (await app.fetch("/emulator/customers.json")).json;
    assert.ok(Array.isArray(customers) && customers.length >= 3);
  });

  it("gives the emulator's frame the stand-ins of LiveChat's scripts", async () => {
    const scripts = scriptsOf((await app.fetch(EMULATOR_FRAME)).text);
    for (const script of STAND_INS) {
      assert.ok(scripts.includes(script), `no ${script} in ${scripts}`);
    }
    for (const script of LIVECHAT_SCRIPTS) {
      assert.ok(!scripts.includes(script));
    }
  });

  it("gives the page LiveChat's scripts otherwise", async () => {
    for (const path of ["/", "/?plugin_id=x", "/?lcext_emulator=yes"]) {
      const html = (await app.fetch(path)).text;
      assert.deepEqual(
        scriptsOf(html).filter((src) => !src.startsWith("static/")),
        LIVECHAT_SCRIPTS,
      );
      assert.ok(!html.includes("emulator/"));
    }
  });
});

describe("in production", () => {
  /** @type {TestApp} */
  let app;
  before(async () => {
    app = await TestApp.start(testSettings({ ENVIRONMENT: "production" }));
  });
  after(() => app.close());

  it("the page never references the emulator nor a stand-in", async () => {
    for (const path of ["/", EMULATOR_FRAME, "/?lcext_emulator=1"]) {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 200);
      assert.deepEqual(
        scriptsOf(answer.text).filter((src) => !src.startsWith("static/")),
        LIVECHAT_SCRIPTS,
      );
      // Not a script, a stylesheet nor a link: only index.html's comment
      // mentions the emulator.
      assert.ok(!answer.text.includes("emulator/"));
      assert.ok(!/(src|href)="[^"]*(emulator|stand-in)/.test(answer.text));
      // No placeholder is left unfilled.
      assert.ok(!/\{\{ [a-z_]+ \}\}/.test(answer.text));
    }
  });

  for (const [path] of [
    ...EMULATOR_FILES,
    ["/emulator"],
    ["/emulator/accounts-sdk.js"],
    ["/emulator/index.html"],
  ]) {
    it(`answers ${path} with a 404`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 404);
      assert.equal(typeof answer.json.detail, "string");
    });
  }
});

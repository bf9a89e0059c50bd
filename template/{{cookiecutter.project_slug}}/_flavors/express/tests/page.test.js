import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { DEFAULT_AGENT_APP_ORIGINS } from "../src/config.js";
import { TestApp, testSettings } from "./helpers.js";

const LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}";
const LIBRARY_CSS = "{{ cookiecutter._livechat.extension_library_css }}";
{%- if cookiecutter.auth == "sign-in" %}
const ACCOUNTS_SDK_JS =
  "{{ cookiecutter._livechat.accounts_sdk_js }}";
{%- endif %}

const START_TAG = /<([a-z]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/g;
const ATTRIBUTE = /([a-z-]+)(?:="([^"]*)")?/g;

/**
 * What the tests look at in the page, without an HTML parser to install: its
 * start tags, with their attributes and whether they are in <head>.
 *
 * @param {string} html
 */
function parsePage(html) {
  const headEnd = html.indexOf("</head>");
  const tags = [...html.matchAll(START_TAG)].map((match) => ({
    name: match[1],
    inHead: /** @type {number} */ (match.index) < headEnd,
    attributes: Object.fromEntries(
      [...match[2].matchAll(ATTRIBUTE)].map(([, name, value]) => [
        name,
        value ?? "",
      ]),
    ),
  }));
  const head = tags.filter((tag) => tag.inHead);
  return {
    headScripts: head
      .filter((tag) => tag.name === "script")
      .map((tag) => tag.attributes.src),
    headStylesheets: head
      .filter((tag) => tag.attributes.rel === "stylesheet")
      .map((tag) => tag.attributes.href),
    byId: Object.fromEntries(
      tags
        .filter((tag) => tag.attributes.id)
        .map((tag) => [tag.attributes.id, tag.attributes]),
    ),
    classes: new Set(
      tags.flatMap((tag) => (tag.attributes.class ?? "").split(" ")),
    ),
  };
}

describe("the extension page", () => {
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
    app = await TestApp.start(testSettings());
  });
  afterEach(() => app.close());

  async function page() {
    const answer = await app.fetch("/");
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-type") ?? "", /^text\/html/);
    return parsePage(answer.text);
  }

  it("loads LiveChat's library and stylesheet in <head>", async () => {
    const { headScripts, headStylesheets } = await page();
    assert.ok(headScripts.includes(LIBRARY_JS));
    assert.ok(headStylesheets.includes(LIBRARY_CSS));
    // The page's own script runs after LiveChat's library, which it needs.
    const ownScript = headScripts.indexOf("static/extension.js");
    assert.ok(ownScript > headScripts.indexOf(LIBRARY_JS));
    assert.ok(headStylesheets.includes("static/extension.css"));
  });

  it("has a place for each state", async () => {
    const { byId } = await page();
    for (const id of [
      "outside-agent-app",
      "problem",
      "agent",
      "no-customer",
      "customer",
      "customer-name",
      "customer-email",
      "customer-chat",
      "customer-group",
      "customer-source",
    ]) {
      assert.ok(byId[id], `no element #${id}`);
    }
    // Until a customer profile arrives, the page says so (no empty fields).
    assert.equal(byId["no-customer"].hidden, undefined);
    assert.equal(byId.customer.hidden, "");
  });

  it("may be framed by the Agent App", async () => {
    const answer = await app.fetch("/");
    assert.equal(answer.headers.get("x-frame-options"), null);
    const frameAncestors = (answer.headers.get("content-security-policy") ?? "")
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .find(([name]) => name === "frame-ancestors");
    // And, in development, the Agent App emulator on the app's own origin.
    assert.deepEqual(frameAncestors?.slice(1), [
      ...DEFAULT_AGENT_APP_ORIGINS,
      "'self'",
    ]);
  });

  it("answers 304 to a browser whose copy is current", async () => {
    const first = await app.fetch("/");
    const etag = first.headers.get("etag");
    assert.ok(etag);
    // As a browser revalidates its copy (fetch() would add "no-cache").
    const revalidate = { "If-None-Match": etag, "Cache-Control": "max-age=0" };
    const again = await app.fetch("/", { headers: revalidate });
    assert.equal(again.status, 304);
    assert.equal(again.text, "");
    // The emulator's page is another page, with another ETag.
    const emulatorPage = await app.fetch("/?lcext_emulator=1", {
      headers: revalidate,
    });
    assert.equal(emulatorPage.status, 200);
    assert.notEqual(emulatorPage.headers.get("etag"), etag);
  });

  for (const [path, contentType] of [
    ["/static/extension.js", "text/javascript"],
    ["/static/extension.css", "text/css"],
  ]) {
    it(`serves ${path}`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 200);
      assert.ok(answer.headers.get("content-type")?.startsWith(contentType));
    });
  }

  it("has a script that starts the library and listens to events", async () => {
    const script = (await app.fetch("/static/extension.js")).text;
{%- if cookiecutter.auth == "sign-in" %}
    // Sign in with LiveChat turns LiveChat's own authorization off, under
    // both documented keys.
    const init = "LiveChat.init({ authorize: false, authorization: false })";
    const events = ["customer_profile", "customer_profile_hidden"];
{%- else %}
    const init = "LiveChat.init()";
    const events = [
      "customer_profile",
      "customer_profile_hidden",
      "authorize",
      "authorize_error",
    ];
{%- endif %}
    assert.ok(script.includes(init));
    for (const event of events) {
      const listener = `LiveChat.on("${event}"`;
      assert.ok(script.includes(listener), `no listener for ${event}`);
    }
    // Customer data is untrusted: it is rendered as text, never as HTML.
    assert.ok(script.includes("textContent"));
    assert.ok(!script.includes("innerHTML"));
  });

  it("answers unknown paths with a JSON 404", async () => {
    for (const path of ["/nowhere", "/static/nothing.js"]) {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 404);
      assert.equal(typeof answer.json.detail, "string");
    }
  });
{%- if cookiecutter.auth == "sign-in" %}

  it("offers Sign in with LiveChat", async () => {
    const { headScripts, classes, byId } = await page();
    assert.ok(headScripts.includes(ACCOUNTS_SDK_JS));
    assert.ok(classes.has("livechat-login-button"));
    assert.equal(byId.extension["data-client-id"], "test-client-id");
  });

  it("carries the client id escaped, as it comes from the environment", async (t) => {
    const clientId = `a"b'<c>&d`;
    const other = await TestApp.start(
      testSettings({ LIVECHAT_CLIENT_ID: clientId }),
    );
    t.after(() => other.close());
    const html = (await other.fetch("/")).text;
    assert.ok(!html.includes("<c>"));
    const { byId } = parsePage(html);
    const attribute = byId.extension["data-client-id"];
    const unescaped = attribute.replace(/&#(\d+);/g, (_, code) =>
      String.fromCharCode(Number(code)),
    );
    assert.equal(unescaped, clientId);
  });
{%- endif %}
});

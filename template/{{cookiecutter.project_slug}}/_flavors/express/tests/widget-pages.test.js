// The widget pages: each loads the pinned SDK from the app itself and its own
// script, and carries the settings the page needs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { WIDGETS } from "../src/routes/widgets.js";
import { CLIENT_ID, TestApp, testSettings } from "./helpers.js";

const ACCOUNTS_URL = "https://accounts.example.test";

/** @param {string} html */
const scriptsOf = (html) =>
  [...html.matchAll(/<script src="([^"]*)"/g)].map(([, src]) => src);

/** @param {string} html */
const stylesheetsOf = (html) =>
  [...html.matchAll(/<link rel="stylesheet" href="([^"]*)"/g)].map(
    ([, href]) => href,
  );

/** @param {string} html */
const mainOf = (html) => {
  const tag = /<main ([^>]*)>/.exec(html)?.[1] ?? "";
  return Object.fromEntries(
    [...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, name, value]) => [
      name,
      value,
    ]),
  );
};

describe("the widget pages", () => {
  /** @type {TestApp} */
  let app;
  before(async () => {
    app = await TestApp.start(
      testSettings({ LIVECHAT_ACCOUNTS_URL: `${ACCOUNTS_URL}/` }),
    );
  });
  after(() => app.close());

  it("are the three placements the Agent App offers", () => {
    assert.deepEqual(
      WIDGETS.map(({ path, placement }) => [path, placement]),
      [
        ["/", "plugin"],
        ["/messagebox", "messagebox"],
        ["/fullscreen", "fullscreen"],
      ],
    );
  });

  for (const { path, view } of WIDGETS) {
    const name = view.replace(".html", "");

    it(`serve ${path}, which loads the widgets SDK, then its own script`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get("content-type") ?? "", /^text\/html/);
      const scripts = scriptsOf(answer.text);
      assert.equal(scripts[0], "static/vendor/agentapp.umd.min.js");
      assert.deepEqual(scripts.slice(-2), ["static/widget.js", `static/${name}.js`]);
      // Only the Details page signs agents in.
      assert.equal(
        scripts.includes("static/vendor/accounts-sdk.js"),
        name === "details",
      );
      // Nothing from another site: the CSP would refuse it anyway.
      assert.ok(scripts.every((src) => src.startsWith("static/")), `${scripts}`);
      assert.deepEqual(stylesheetsOf(answer.text), ["static/widgets.css"]);
      // No placeholder is left unfilled.
      assert.ok(!/\{\{ [a-z_]+ \}\}/.test(answer.text));
    });

    it(`fill ${path}'s Client Id and accounts server in`, async () => {
      const main = mainOf((await app.fetch(path)).text);
      assert.equal(main.id, "widget");
      assert.equal(main["data-widget"], name);
      assert.equal(main["data-client-id"], CLIENT_ID);
      // Without the trailing slash: the sign-in popup answers from the origin.
      assert.equal(main["data-accounts-url"], ACCOUNTS_URL);
    });
  }

  it("carry the client id escaped, as it comes from the environment", async (t) => {
    const clientId = `a"b'<c>&d`;
    const other = await TestApp.start(
      testSettings({ LIVECHAT_CLIENT_ID: clientId }),
    );
    t.after(() => other.close());
    const html = (await other.fetch("/")).text;
    assert.ok(!html.includes("<c>"));
    const unescaped = mainOf(html)["data-client-id"].replace(
      /&#(\d+);/g,
      (_, code) => String.fromCharCode(Number(code)),
    );
    assert.equal(unescaped, clientId);
  });

  it("answer 304 to a browser whose copy is current", async () => {
    const first = await app.fetch("/messagebox");
    const etag = first.headers.get("etag");
    assert.ok(etag);
    const again = await app.fetch("/messagebox", {
      headers: { "If-None-Match": etag, "Cache-Control": "max-age=0" },
    });
    assert.equal(again.status, 304);
  });

  for (const [path, contentType] of [
    ["/static/widget.js", "text/javascript"],
    ["/static/details.js", "text/javascript"],
    ["/static/messagebox.js", "text/javascript"],
    ["/static/fullscreen.js", "text/javascript"],
    ["/static/widgets.css", "text/css"],
    ["/static/vendor/agentapp.umd.min.js", "text/javascript"],
    ["/static/vendor/accounts-sdk.js", "text/javascript"],
    ["/static/vendor/THIRD-PARTY-NOTICES.txt", "text/plain"],
  ]) {
    it(`serve ${path}`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 200);
      assert.ok(answer.headers.get("content-type")?.startsWith(contentType));
    });
  }

  it("render customer data as text, never as HTML", async () => {
    for (const name of ["widget", "details"]) {
      const script = (await app.fetch(`/static/${name}.js`)).text;
      assert.ok(!script.includes("innerHTML"), name);
      assert.ok(!script.includes("insertAdjacentHTML"), name);
    }
    const shared = (await app.fetch("/static/widget.js")).text;
    assert.ok(shared.includes("textContent"));
  });
});

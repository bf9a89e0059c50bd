// The widget pages as published: each loads the pinned SDK from the site itself, then its own
// script, and carries its settings in literal data attributes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { PAGES } from "../plumbing/dev-server.mjs";

const PROJECT = new URL("../", import.meta.url);
const read = (name) => readFileSync(new URL(name, PROJECT), "utf8");
const NAMES = { "index.html": "details", "messagebox.html": "messagebox", "fullscreen.html": "fullscreen" };

describe("the widget pages", () => {
  test("are the three placements: Chat Details at index.html, the message box, fullscreen", () => {
    assert.deepEqual(PAGES, ["index.html", "messagebox.html", "fullscreen.html"]);
  });

  for (const page of PAGES) {
    const name = NAMES[page];

    test(`${page} loads the widgets SDK, then its own script, all from the site`, () => {
      const html = read(page);
      const scripts = [...html.matchAll(/<script src="([^"]*)"/g)].map(([, src]) => src);
      assert.equal(scripts[0], "static/vendor/agentapp.umd.min.js");
      assert.deepEqual(scripts.slice(-2), ["static/widget.js", `static/${name}.js`]);
      assert.equal(scripts.includes("static/vendor/accounts-sdk.js"), name === "details");
      const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]*)"/g)];
      assert.deepEqual(stylesheets.map(([, href]) => href), ["static/widgets.css"]);
    });

    test(`${page} has its settings as literal attributes`, () => {
      const main = /<main ([^>]*)>/.exec(read(page))?.[1] ?? "";
      assert.match(main, new RegExp(`data-widget="${name}"`));
      // Your Client Id goes here; the accounts server is LiveChat's.
      assert.match(main, /data-client-id=""/);
      assert.ok(main.includes(`data-accounts-url="{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}"`), main);
    });
  }

  test("the Details script says a backend must verify the token itself", () => {
    const script = read("static/details.js");
    assert.match(script, /a backend this\s+\/\/ page calls must verify authorization\.access_token/);
    assert.doesNotMatch(script, /api\/session/);
  });

  test("customer data is shown as text, never as HTML", () => {
    for (const name of ["widget", "details", "messagebox", "fullscreen"]) {
      const script = read(`static/${name}.js`);
      assert.doesNotMatch(script, /innerHTML|insertAdjacentHTML|document\.write/, name);
    }
    assert.match(read("static/widget.js"), /textContent/);
  });
});

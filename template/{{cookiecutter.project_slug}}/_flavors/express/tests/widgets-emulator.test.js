// The Agent App emulator for widgets: served in development only.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { TestApp, testSettings } from "./helpers.js";

/** @type {Array<[string, string]>} path and the start of its Content-Type */
const EMULATOR_FILES = [
  ["/emulator/", "text/html"],
  ["/emulator/emulator.js", "text/javascript"],
  ["/emulator/emulator.css", "text/css"],
  ["/emulator/customers.json", "application/json"],
  ["/emulator/postmessage.js", "text/javascript"],
];

describe("the emulator in development", () => {
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

  it("offers each widget page, by its URL relative to /emulator/", async () => {
    const html = (await app.fetch("/emulator/")).text;
    for (const url of ["../", "../messagebox", "../fullscreen"]) {
      assert.ok(html.includes(`data-url="${url}"`), url);
    }
    const customers = (await app.fetch("/emulator/customers.json")).json;
    assert.ok(Array.isArray(customers) && customers.length >= 3);
  });

  for (const path of [
    "/emulator/index.js",
    "/emulator/emulator.html",
    "/emulator/livechat.js",
  ]) {
    it(`answers ${path}, not one of the emulator's URLs, with a 404`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 404);
      assert.equal(typeof answer.json.detail, "string");
    });
  }
});

describe("the emulator in production", () => {
  /** @type {TestApp} */
  let app;
  before(async () => {
    app = await TestApp.start(testSettings({ ENVIRONMENT: "production" }));
  });
  after(() => app.close());

  for (const [path] of [...EMULATOR_FILES, ["/emulator"]]) {
    it(`answers ${path} with a 404`, async () => {
      const answer = await app.fetch(path);
      assert.equal(answer.status, 404);
      assert.equal(typeof answer.json.detail, "string");
    });
  }
});

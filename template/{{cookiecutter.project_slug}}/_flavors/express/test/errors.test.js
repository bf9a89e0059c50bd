import assert from "node:assert/strict";
import { describe, it } from "node:test";

import express from "express";

import { HttpError, handleErrors } from "../src/errors.js";
import { TestApp, captureConsole } from "./helpers.js";

describe("handleErrors", () => {
  /**
   * An app with the routes of a test, answered by handleErrors when they fail.
   *
   * @param {import("node:test").TestContext} t
   * @param {(app: import("express").Express) => void} addRoutes
   */
  async function appWith(t, addRoutes) {
    const app = express();
    addRoutes(app);
    app.use(handleErrors);
    const testApp = await TestApp.serve(app);
    t.after(() => testApp.close());
    return testApp;
  }

  it("answers an HttpError with its status, message and headers", async (t) => {
    const app = await appWith(t, (routes) =>
      routes.get("/", () => {
        throw new HttpError(401, "who are you?", {
          "WWW-Authenticate": "Bearer",
        });
      }),
    );
    const answer = await app.fetch("/");
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, { detail: "who are you?" });
    assert.equal(answer.headers.get("www-authenticate"), "Bearer");
  });

  it("answers Express's own client errors with their status, not a 500", async (t) => {
    const app = await appWith(t, (routes) =>
      routes.get("/items/:id", (req, res) => res.end()),
    );
    // Express cannot decode the parameter; the answer does not quote it.
    const answer = await app.fetch("/items/%E0%A4%A");
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, { detail: "Bad Request" });
  });

  it("answers the app's own failures with a 500, logging the stack only", async (t) => {
    const logs = captureConsole(t);
    const app = await appWith(t, (routes) =>
      routes.get("/", () => {
        // Like body-parser's errors, it carries the request body, secrets too.
        throw Object.assign(new Error("the database is down"), {
          body: "api_key=secret",
        });
      }),
    );
    const answer = await app.fetch("/");
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.json, { detail: "Internal Server Error" });
    assert.match(logs(), /the database is down/);
    assert.doesNotMatch(logs(), /secret/);
  });
});

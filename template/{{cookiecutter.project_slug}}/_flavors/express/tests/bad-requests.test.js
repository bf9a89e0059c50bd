// What every endpoint does with requests it cannot use: oversized, malformed
// or hostile bodies, wrong methods, unknown paths. Never a 500, and every error
// answered as JSON by handleErrors.
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, it } from "node:test";
import { gzipSync } from "node:zlib";

import express from "express";

import { HttpError, handleErrors } from "../src/plumbing/errors.js";
{%- if cookiecutter.auth == "sign-in" %}
import { AccountsServer } from "./accounts-server.js";
{%- endif %}
import { TestApp, captureConsole, signer, testSettings } from "./helpers.js";

{% if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
const BODY_ENDPOINT = "/api/session";
const CUSTOMER_DETAILS = "/api/customers/c1/details";
const ENDPOINTS = [
  "/",
  "/messagebox",
  "/fullscreen",
  "/healthz",
  "/api/me",
  "/api/session",
  CUSTOMER_DETAILS,
];
{%- elif cookiecutter.auth == "sign-in" -%}
const BODY_ENDPOINT = "/api/session";
const ENDPOINTS = ["/", "/healthz", "/api/me", "/api/session"];
{%- else -%}
const BODY_ENDPOINT = "/authorize/";
const ENDPOINTS = ["/", "/healthz", "/api/me", "/authorize/", "/authorize"];
{%- endif %}
// And paths of the app that are not endpoints.
const PATHS = [
  ...ENDPOINTS,
  "/static/{% if cookiecutter._sdks[cookiecutter.sdk].widgets %}widget{% else %}extension{% endif %}.js",
  "/api/nowhere",
  "/nowhere",
];

const SESSION = {
  Authorization: `Bearer ${signer.issue("agent@example.com")}`,
};

const json = { "Content-Type": "application/json" };
const form = { "Content-Type": "application/x-www-form-urlencoded" };
const text = { "Content-Type": "text/plain" };
/** @param {number} depth */
const nested = (depth) => "[".repeat(depth) + "]".repeat(depth);

/** @type {Array<[string, BodyInit, Record<string, string>]>} */
const MALFORMED = [
  ["not JSON", "{not json", json],
  ["truncated JSON", '{"login": "agent@example.com", "api_k', json],
  ["a JSON array", "[1, 2]", json],
  ["a JSON string", '"agent@example.com"', json],
  ["a JSON number", "42", json],
  ["JSON null", "null", json],
  ["deeply nested JSON arrays", nested(2000), json],
  [
    "deeply nested JSON objects",
    '{"a":'.repeat(600) + "1" + "}".repeat(600),
    json,
  ],
  ["JSON nested past the size limit", nested(100_000), json],
  ["a huge JSON string", JSON.stringify({ login: "a".repeat(100_000) }), json],
  ["a huge form field", `login=${"a".repeat(100_000)}`, form],
  ["a JSON __proto__", '{"__proto__": {"admin": true}, "login": 1}', json],
  ["a form __proto__", "__proto__=x&login=a", form],
  ["binary", Buffer.from(Array.from({ length: 256 }, (_, n) => n)), {}],
  [
    "binary as octet-stream",
    Buffer.from([0, 1, 2, 0xff]),
    { "Content-Type": "application/octet-stream" },
  ],
  ["invalid UTF-8 as JSON", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), json],
  [
    "invalid UTF-8 as form data",
    Buffer.from("login=\xff&api_key=\xfe", "latin1"),
    form,
  ],
  ["an encoded surrogate", Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), json],
  [
    "XML",
    "<login>agent@example.com</login>",
    { "Content-Type": "application/xml" },
  ],
  [
    "multipart form data",
    "--x\r\nContent-Disposition: form-data; name=login\r\n\r\na\r\n--x--",
    { "Content-Type": "multipart/form-data; boundary=x" },
  ],
  ["a content type that is not one", "{}", { "Content-Type": "not a type" }],
  [
    "JSON in an unknown charset",
    "{}",
    { "Content-Type": "application/json; charset=klingon" },
  ],
  [
    "a body that claims to be gzip",
    "{}",
    { ...json, "Content-Encoding": "gzip" },
  ],
  ["an unknown content encoding", "{}", { ...json, "Content-Encoding": "xz" }],
  [
    "gzip that unpacks past the size limit",
    gzipSync(" ".repeat(1_000_000)),
    { ...json, "Content-Encoding": "gzip" },
  ],
  [
    "form data with repeated fields",
    "login=a&login=b&api_key=k&access_token=t&access_token=u",
    form,
  ],
  ["malformed form data", "login&&=&api_key", form],
  ["text that is neither JSON nor form data", "[not, either]", text],
  ["an empty JSON body", "", json],
  ["an empty body", "", {}],
];

/**
 * Sends a request on a socket of its own: its head, then only the first bytes
 * of the `length` bytes it announces. Resolves with what the server answered
 * before closing the connection.
 *
 * @param {string} url
 * @param {string} path
 * @param {number} length
 */
async function announceLargeBody(url, path, length) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"a":`,
  );
  let answer = "";
  socket.setEncoding("utf8").on("data", (chunk) => {
    answer += chunk;
  });
  await once(socket, "close");
  const [head, body] = answer.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body };
}

describe("requests the app cannot use", () => {
{%- if cookiecutter.auth == "sign-in" %}
  /** @type {AccountsServer} */
  let accounts;
{%- endif %}
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
{%- if cookiecutter.auth == "sign-in" %}
    // A body that gets as far as a token is refused by the stand-in: 401.
    accounts = await new AccountsServer().start();
    app = await TestApp.start(
      testSettings({ LIVECHAT_ACCOUNTS_URL: accounts.url }),
    );
{%- else %}
    app = await TestApp.start(testSettings());
{%- endif %}
  });
  afterEach(async () => {
    await app.close();
{%- if cookiecutter.auth == "sign-in" %}
    await accounts.stop();
{%- endif %}
  });

  for (const path of PATHS) {
    it(`get a 4xx JSON answer, not a 500, at ${path}`, async (t) => {
      const logs = captureConsole(t);
      for (const [name, body, headers] of MALFORMED) {
        for (const session of [{}, SESSION]) {
          const answer = await app.fetch(path, {
            method: "POST",
            headers: { ...headers, ...session },
            body,
          });
          const what = `${name} (${answer.status})`;
          assert.ok(answer.status >= 400 && answer.status < 500, what);
          assert.match(
            answer.headers.get("content-type") ?? "",
            /^application\/json/,
            what,
          );
          assert.equal(typeof answer.json.detail, "string", what);
        }
      }
      // Not a stack trace among them.
      assert.equal(logs(), "");
    });
  }

  for (const path of PATHS) {
    // With a timeout of its own: an app that waits for the body would hang.
    it(
      `get a 413 at ${path} before the rest of a large body is read`,
      { timeout: 5000 },
      async () => {
        // 10 MB announced, a few bytes sent: the answer comes all the same.
        const answer = await announceLargeBody(app.url, path, 10_000_000);
        assert.equal(answer.status, 413);
        assert.match(JSON.parse(answer.body).detail, /larger than 4096 bytes/);
      },
    );
  }

  it("get a 413 when a body sent in chunks grows past the limit", async () => {
    /** @param {number} chunks of 1000 bytes */
    const chunked = (chunks) =>
      app.fetch(BODY_ENDPOINT, {
        method: "POST",
        headers: json,
        body: new ReadableStream({
          start(controller) {
            const chunk = new TextEncoder().encode(" ".repeat(1000));
            for (let n = 0; n < chunks; n += 1) {
              controller.enqueue(chunk);
            }
            controller.close();
          },
        }),
        // @ts-expect-error: Node's fetch needs it for a stream; the types lack it
        duplex: "half",
      });
    const [small, large] = [await chunked(2), await chunked(20)];
    // Spaces alone are not JSON; but they were read.
    assert.equal(small.status, 400);
    assert.equal(large.status, 413);
    assert.match(large.json.detail, /larger than 4096 bytes/);
  });

  /** @type {Array<[string, string, string]>} */
  const wrongMethods = [
    ["/", "POST", "GET, HEAD"],
    ["/healthz", "DELETE", "GET, HEAD"],
    ["/api/me", "PUT", "GET, HEAD"],
    [BODY_ENDPOINT, "GET", "POST"],
    [BODY_ENDPOINT, "PATCH", "POST"],
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    ["/messagebox", "POST", "GET, HEAD"],
    ["/fullscreen", "PUT", "GET, HEAD"],
    [CUSTOMER_DETAILS, "POST", "GET, HEAD"],
{%- endif %}
  ];
  for (const [path, method, allowed] of wrongMethods) {
    it(`get a JSON 405 for ${method} ${path}`, async () => {
      const answer = await app.fetch(path, { method, headers: SESSION });
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get("allow"), allowed);
      assert.deepEqual(answer.json, { detail: "Method Not Allowed" });
    });
  }

  it("get a JSON 404 at API paths that are not there", async () => {
    for (const path of ["/api/nowhere", "/api/me/more", "/api/"]) {
      const answer = await app.fetch(path, { headers: SESSION });
      assert.equal(answer.status, 404, path);
      assert.deepEqual(answer.json, { detail: "Not Found" });
    }
  });
});

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

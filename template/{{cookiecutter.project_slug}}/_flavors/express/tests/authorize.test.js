import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { DEFAULT_AGENT_APP_ORIGINS } from "../src/config.js";
import { TestApp, captureConsole, signer, testSettings } from "./helpers.js";

const AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0];

const LOGIN = "agent@example.com";
const API_KEY = "dal:Secret-API-key-0123456789";
const CREDENTIALS = { login: LOGIN, api_key: API_KEY };

describe("POST /authorize/", () => {
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
    app = await TestApp.start(testSettings());
  });
  afterEach(() => app.close());

  /**
   * @param {string} sessionId
   * @param {string} agent
   */
  async function assertSessionFor(sessionId, agent) {
    const me = await app.getWithSession("/api/me", sessionId);
    assert.equal(me.status, 200);
    assert.equal(me.json.agent, agent);
  }

  for (const path of ["/authorize/", "/authorize"]) {
    it(`gives JSON credentials a session at ${path}`, async () => {
      const answer = await app.postJson(path, CREDENTIALS);
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.json), ["session_id"]);
      await assertSessionFor(answer.json.session_id, LOGIN);
    });
  }

  // LiveChat does not document how the Agent App encodes the body: the likely
  // encodings are all accepted.
  for (const [name, contentType, body] of [
    [
      "form data",
      "application/x-www-form-urlencoded",
      `login=${LOGIN}&api_key=${API_KEY}`,
    ],
    [
      "JSON sent as text",
      "text/plain;charset=UTF-8",
      JSON.stringify(CREDENTIALS),
    ],
    [
      "form data with an empty content type",
      "",
      `login=${LOGIN}&api_key=${API_KEY}`,
    ],
  ]) {
    it(`accepts ${name}`, async () => {
      const answer = await app.fetch("/authorize/", {
        method: "POST",
        headers: { "Content-Type": contentType },
        body,
      });
      assert.equal(answer.status, 200);
      await assertSessionFor(answer.json.session_id, LOGIN);
    });
  }

  it("accepts a body without a content type", async () => {
    // fetch() sends a byte body with no Content-Type header at all.
    const body = new TextEncoder().encode(JSON.stringify(CREDENTIALS));
    const answer = await app.fetch("/authorize/", { method: "POST", body });
    assert.equal(answer.status, 200);
    await assertSessionFor(answer.json.session_id, LOGIN);
  });

  it("trims the login", async () => {
    const answer = await app.postJson("/authorize/", {
      login: `  ${LOGIN}\n`,
      api_key: API_KEY,
    });
    await assertSessionFor(answer.json.session_id, LOGIN);
  });

  it("issues unguessable session ids that the app's signer accepts", async () => {
    const ids = new Set();
    for (const n of [0, 1, 2]) {
      const login = `agent${n}@example.com`;
      const answer = await app.postJson("/authorize/", {
        login,
        api_key: API_KEY,
      });
      ids.add(answer.json.session_id);
      assert.equal(signer.verify(answer.json.session_id)?.agent, login);
    }
    assert.equal(ids.size, 3);
    for (const id of ids) {
      assert.ok(id.length >= 40);
    }
  });

  const json = { "Content-Type": "application/json" };
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const text = { "Content-Type": "text/plain" };
  /** @type {Array<[string, BodyInit, HeadersInit, number]>} */
  const badBodies = [
    ["not JSON", "{not json", json, 400],
    ["a JSON array", "[1, 2]", json, 400],
    ["a JSON string", '"a string"', json, 400],
    ["not UTF-8", Buffer.from([0xff, 0xfe]), json, 400],
    [
      "form data that is not UTF-8",
      Buffer.from("login=\xff&api_key=k", "latin1"),
      form,
      400,
    ],
    ["an empty JSON object", "{}", json, 422],
    ["no API key", '{"login": "agent@example.com"}', json, 422],
    ["no login", '{"api_key": "k"}', json, 422],
    ["an empty login", '{"login": "", "api_key": "k"}', json, 422],
    ["a blank login", '{"login": "   ", "api_key": "k"}', json, 422],
    ["a number as login", '{"login": 42, "api_key": "k"}', json, 422],
    ["a list as API key", '{"login": "a@b.c", "api_key": ["k"]}', json, 422],
    ["nulls", '{"login": null, "api_key": null}', json, 422],
    [
      "a login too long",
      JSON.stringify({ login: "a".repeat(321), api_key: "k" }),
      json,
      422,
    ],
    ["form data without an API key", "login=a%40b.c", form, 422],
    ["malformed form data", "login&api_key", form, 400],
    ["text that is neither JSON nor form data", "[1, 2]", text, 400],
    ["XML", "<xml/>", { "Content-Type": "application/xml" }, 415],
    ["a JSON body too large", "x".repeat(10_000), json, 413],
    ["a text body too large", "x".repeat(10_000), text, 413],
  ];
  for (const [name, body, headers, status] of badBodies) {
    it(`answers ${name} with a JSON ${status}`, async () => {
      const answer = await app.fetch("/authorize/", {
        method: "POST",
        headers,
        body,
      });
      assert.equal(answer.status, status);
      assert.equal(typeof answer.json?.detail, "string");
    });
  }

  it("says what is wrong with a body", async () => {
    const tooLarge = await app.postJson("/authorize/", "x".repeat(5000));
    assert.match(tooLarge.json.detail, /larger than 4096 bytes/);
    const notJson = await app.fetch("/authorize/", {
      method: "POST",
      headers: json,
      body: "{not json",
    });
    assert.match(notJson.json.detail, /not a valid JSON object/);
    const xml = await app.fetch("/authorize/", {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: "<xml/>",
    });
    assert.match(xml.json.detail, /application\/json/);
  });

  it("names the fields that are wrong, not their values", async () => {
    const answer = await app.postJson("/authorize/", {
      login: 42,
      api_key: "",
    });
    assert.equal(answer.status, 422);
    assert.match(answer.json.detail, /login: must be a string/);
    assert.match(answer.json.detail, /api_key: must not be blank/);
  });

  it("never logs nor answers with the API key", async (t) => {
    const logs = captureConsole(t);
    const answers = [
      await app.postJson("/authorize/", CREDENTIALS),
      await app.postJson("/authorize/", { login: 42, api_key: API_KEY }),
      await app.postJson("/authorize/", {
        login: LOGIN,
        api_key: API_KEY + "x".repeat(600),
      }),
      // Node's JSON parser quotes the text it fails on: the app must not.
      await app.fetch("/authorize/", {
        method: "POST",
        headers: json,
        body: `{"api_key": "${API_KEY}", login`,
      }),
    ];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 422, 422, 400],
    );
    for (const answer of answers) {
      assert.ok(!answer.text.includes(API_KEY));
    }
    assert.ok(!logs().includes(API_KEY));
  });

  it("lets the Agent App's origin call it from a browser", async () => {
    const answer = await app.fetch("/authorize/", {
      method: "OPTIONS",
      headers: {
        Origin: AGENT_APP_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    assert.equal(answer.status, 204);
    assert.equal(
      answer.headers.get("access-control-allow-origin"),
      AGENT_APP_ORIGIN,
    );
    assert.match(
      answer.headers.get("access-control-allow-headers") ?? "",
      /Content-Type/i,
    );
  });

  it("gives other origins no CORS grant", async () => {
    const answer = await app.fetch("/authorize/", {
      method: "OPTIONS",
      headers: {
        Origin: "https://evil.example",
        "Access-Control-Request-Method": "POST",
      },
    });
    assert.equal(answer.headers.get("access-control-allow-origin"), null);
  });
});

describe("authorizeAgent", () => {
  it("refuses an agent with a 401 and no session", async (t) => {
    /** @type {[string, string][]} */
    const seen = [];
    const app = await TestApp.start(testSettings(), {
      authorizeAgent: async (login, apiKey) => {
        seen.push([login, apiKey]);
        return false;
      },
    });
    t.after(() => app.close());
    const answer = await app.postJson("/authorize/", CREDENTIALS);
    assert.equal(answer.status, 401);
    assert.equal(answer.json.session_id, undefined);
    assert.deepEqual(seen, [[LOGIN, API_KEY]]);
  });
});

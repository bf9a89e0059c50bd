import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { DEFAULT_AGENT_APP_ORIGINS } from "../src/config.js";
import { TestApp, captureConsole, signer, testSettings } from "./helpers.js";
import { LiveChatApiServer } from "./livechat-api-server.js";

const AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0];

const LOGIN = "agent@example.com";
const API_KEY = "dal:Secret-API-key-0123456789";
const CREDENTIALS = { login: LOGIN, api_key: API_KEY };
const REFUSED = "LiveChat did not accept this login and API key";
const UNAVAILABLE = "LiveChat's API could not be reached; try again";

/**
 * LiveChat's REST API, stood in for: it vouches for LOGIN and a few more
 * agents, all with API_KEY.
 *
 * @param {import("node:test").TestContext | import("node:test").SuiteContext} [t]
 */
async function startLiveChatApi(t) {
  const api = await new LiveChatApiServer().start();
  for (const login of [LOGIN, ...[0, 1, 2].map((n) => `agent${n}@example.com`)]) {
    api.addAgent(login, API_KEY);
  }
  if (t && "after" in t) {
    t.after(() => api.stop());
  }
  return api;
}

describe("POST /authorize/", () => {
  /** @type {LiveChatApiServer} */
  let api;
  /** @type {TestApp} */
  let app;
  beforeEach(async () => {
    api = await startLiveChatApi();
    app = await TestApp.start(testSettings({ LIVECHAT_API_URL: api.url }));
  });
  afterEach(async () => {
    await app.close();
    await api.stop();
  });

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

  it("asks LiveChat about the login and API key before giving a session", async () => {
    const answer = await app.postJson("/authorize/", CREDENTIALS);
    assert.equal(answer.status, 200);
    assert.deepEqual(api.requests, [
      { path: "/agents/agent%40example.com", apiVersion: "2", login: LOGIN },
    ]);
  });

  /** @type {Array<[string, Record<string, string>]>} */
  const refused = [
    ["a wrong API key", { login: LOGIN, api_key: "not-the-key" }],
    ["an unknown login", { login: "who@example.com", api_key: API_KEY }],
  ];
  for (const [name, credentials] of refused) {
    it(`answers ${name} with a 401 and no session`, async () => {
      const answer = await app.postJson("/authorize/", credentials);
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json, { detail: REFUSED });
    });
  }

  it("answers a 401 when LiveChat describes another agent", async () => {
    api.addAgent(LOGIN, API_KEY, { login: "boss@example.com" });
    const answer = await app.postJson("/authorize/", CREDENTIALS);
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, { detail: REFUSED });
  });

  it("asks LiveChat once for a pair sent again and again", async () => {
    const badKey = { login: LOGIN, api_key: "bad" };
    for (const credentials of [CREDENTIALS, CREDENTIALS, badKey, badKey]) {
      await app.postJson("/authorize/", credentials);
    }
    assert.equal(api.requests.length, 2);
  });

  for (const status of [429, 500, 503]) {
    it(`answers a 503 when LiveChat answers ${status}`, async () => {
      api.failWith = status;
      const answer = await app.postJson("/authorize/", CREDENTIALS);
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.json, { detail: UNAVAILABLE });
    });
  }

  it("answers a 503 when LiveChat cannot be reached", async () => {
    const unreachable = await TestApp.start(testSettings());
    try {
      const answer = await unreachable.postJson("/authorize/", CREDENTIALS);
      assert.equal(answer.status, 503);
      assert.deepEqual(answer.json, { detail: UNAVAILABLE });
    } finally {
      await unreachable.close();
    }
  });

  // Control characters, separators and bidirectional controls: in a log line
  // or a header they forge what follows, and no LiveChat login has them.
  for (const [name, character] of [
    ["a carriage return", "\r"],
    ["a line feed", "\n"],
    ["a tab", "\t"],
    ["a NUL", "\0"],
    ["DEL", "\x7f"],
    ["a C1 control", "\x85"],
    ["a line separator", "\u2028"],
    ["a paragraph separator", "\u2029"],
    ["a right-to-left override", "\u202e"],
    ["a right-to-left mark", "\u200f"],
    ["a first strong isolate", "\u2068"],
    ["an Arabic letter mark", "\u061c"],
  ]) {
    it(`answers a login or API key with ${name} in it with a 422`, async () => {
      for (const credentials of [
        { login: `agent${character}x@example.com`, api_key: API_KEY },
        { login: LOGIN, api_key: `dal:${character}key` },
      ]) {
        const answer = await app.postJson("/authorize/", credentials);
        assert.equal(answer.status, 422, JSON.stringify(credentials));
        assert.match(answer.json.detail, /must not contain control characters/);
      }
      assert.equal(api.requests.length, 0);
    });
  }

  it("never logs nor answers with the API key", async (t) => {
    const logs = captureConsole(t);
    const answers = [
      await app.postJson("/authorize/", CREDENTIALS),
      await app.postJson("/authorize/", { login: LOGIN, api_key: `${API_KEY}!` }),
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
      [200, 401, 422, 422, 400],
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
  /**
   * An app whose authorizeAgent refuses everyone, and the logins it was given.
   *
   * @param {import("node:test").TestContext} t
   */
  async function refusingApp(t) {
    const api = await startLiveChatApi(t);
    /** @type {string[]} */
    const seen = [];
    const app = await TestApp.start(
      testSettings({ LIVECHAT_API_URL: api.url }),
      {
        authorizeAgent: async (login) => {
          seen.push(login);
          return false;
        },
      },
    );
    t.after(() => app.close());
    return { app, seen };
  }

  it("refuses an agent with a 401 and no session", async (t) => {
    const { app, seen } = await refusingApp(t);
    const answer = await app.postJson("/authorize/", CREDENTIALS);
    assert.equal(answer.status, 401);
    assert.equal(answer.json.session_id, undefined);
    assert.deepEqual(seen, [LOGIN]);
  });

  it("is asked only about agents LiveChat vouched for", async (t) => {
    const { app, seen } = await refusingApp(t);
    const answer = await app.postJson("/authorize/", {
      login: LOGIN,
      api_key: "not-the-key",
    });
    assert.deepEqual(answer.json, { detail: REFUSED });
    assert.deepEqual(seen, []);
  });
});

describe("VERIFY_AGENTS=false", () => {
  it("gives any login a session without asking LiveChat, with a warning", async (t) => {
    const api = await startLiveChatApi(t);
    const logs = captureConsole(t);
    const app = await TestApp.start(
      testSettings({ LIVECHAT_API_URL: api.url, VERIFY_AGENTS: "false" }),
    );
    t.after(() => app.close());
    assert.match(logs(), /VERIFY_AGENTS=false.*anyone can get a session/);
    const answer = await app.postJson("/authorize/", {
      login: "anyone@example.com",
      api_key: "anything",
    });
    assert.equal(answer.status, 200);
    assert.equal(api.requests.length, 0);
  });
});

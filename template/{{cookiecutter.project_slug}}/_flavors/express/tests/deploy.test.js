{%- set agent_field = "account_id" if cookiecutter._sdks[cookiecutter.sdk].widgets else "entity_id" -%}
// The app as it runs in production: src/server.js and the Dockerfile's command
// as real processes on real ports, and the image's health check run against
// them (no test can build the image itself).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { promisify } from "node:util";
{% if cookiecutter.auth == "sign-in" %}
import { AccountsServer } from "./accounts-server.js";
import {
  CLIENT_ID,
  SESSION_SECRET,
  ServerProcess,
  TestApp,
  testSettings,
} from "./helpers.js";

const TOKEN = "dal:test-access-token-0123456789";
{%- else %}
import {
  SESSION_SECRET,
  ServerProcess,
  TestApp,
  testSettings,
} from "./helpers.js";
import { LiveChatApiServer } from "./livechat-api-server.js";

const API_KEY = "dal:Secret-API-key-0123456789";
{%- endif %}

const AGENT = "agent@example.com";
// Long enough for the processes to start and stop, short of hanging the suite.
const SLOW = { timeout: 30_000 };
{%- if cookiecutter.auth == "sign-in" %}

/**
 * The settings every process gets: LiveChat's accounts server is a stand-in
 * that knows TOKEN.
 *
 * @param {import("node:test").TestContext} t
 */
async function baseEnv(t) {
  const accounts = await new AccountsServer().start();
  t.after(() => accounts.stop());
  accounts.addToken(TOKEN, { {{ agent_field }}: AGENT });
  return {
    ENVIRONMENT: "development",
    LIVECHAT_CLIENT_ID: CLIENT_ID,
    LIVECHAT_ACCOUNTS_URL: accounts.url,
  };
}

/**
 * A session from the server at `url`, the way the page gets one.
 *
 * @param {string} url
 * @returns {Promise<string>}
 */
async function newSession(url) {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ access_token: TOKEN }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).session_id;
}
{%- else %}

/**
 * The settings every process gets: LiveChat's API is a stand-in that knows
 * AGENT and API_KEY.
 *
 * @param {import("node:test").TestContext} t
 */
async function baseEnv(t) {
  const api = await new LiveChatApiServer().start();
  t.after(() => api.stop());
  api.addAgent(AGENT, API_KEY);
  return { ENVIRONMENT: "development", LIVECHAT_API_URL: api.url };
}

/**
 * A session from the server at `url`, the way the Agent App gets one.
 *
 * @param {string} url
 * @returns {Promise<string>}
 */
async function newSession(url) {
  const response = await fetch(`${url}/authorize/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login: AGENT, api_key: API_KEY }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).session_id;
}
{%- endif %}

/**
 * The Dockerfile's instructions as [KEYWORD, arguments], continued lines joined
 * and comments left out.
 */
function dockerfile() {
  return readFileSync(new URL("../Dockerfile", import.meta.url), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return [keyword.toUpperCase(), rest.join(" ")];
    });
}

/**
 * The arguments of the Dockerfile's last `keyword` instruction: the one that
 * counts.
 *
 * @param {string} keyword
 */
const lastOf = (keyword) =>
  dockerfile()
    .filter(([name]) => name === keyword)
    .map(([, args]) => args)
    .at(-1) ?? "";

/** The script of the Dockerfile's CMD: `node <script>`. */
const PRODUCTION_SCRIPT = (() => {
  const [program, script, ...more] = JSON.parse(lastOf("CMD"));
  assert.equal(program, "node");
  assert.deepEqual(more, []);
  return script;
})();

/**
 * GET `url` on a connection of its own, so that the cluster may hand it to any
 * of its workers (fetch would reuse one connection, hence one worker).
 *
 * @param {string} url
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number | undefined, body: string }>}
 */
async function getOnNewConnection(url, headers = {}) {
  const [response] = await once(
    get(url, { headers, agent: false }),
    "response",
  );
  let body = "";
  for await (const chunk of response) {
    body += chunk;
  }
  return { status: response.statusCode, body };
}

/**
 * @param {import("node:test").TestContext} t
 * @param {string} script
 * @param {Record<string, string>} env
 */
function run(t, script, env) {
  const server = new ServerProcess(script, env);
  t.after(() => server.stop("SIGKILL"));
  return server;
}

/** @param {number} pid */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("instances that share SESSION_SECRET", () => {
  it(
    "accept each other's sessions, behind a load balancer",
    SLOW,
    async (t) => {
      const env = { ...(await baseEnv(t)), SESSION_SECRET };
      const servers = [
        run(t, "src/server.js", env),
        run(t, "src/server.js", env),
      ];
      const [first, second] = await Promise.all(
        servers.map(async (server) => (await server.listening())[0].url),
      );
      assert.notEqual(first, second);
      const sessionId = await newSession(first);
      const me = await fetch(`${second}/api/me`, {
        headers: { Authorization: `Bearer ${sessionId}` },
      });
      assert.equal(me.status, 200);
      assert.equal((await me.json()).agent, AGENT);

      // An instance with another secret does not.
      const other = run(t, "src/server.js", {
        ...env,
        SESSION_SECRET: "another-secret",
      });
      const [{ url }] = await other.listening();
      const refused = await fetch(`${url}/api/me`, {
        headers: { Authorization: `Bearer ${sessionId}` },
      });
      assert.equal(refused.status, 401);
{%- if cookiecutter.auth == "sign-in" %}

      // Nor does another app deployed with the same secret by mistake.
      const otherApp = run(t, "src/server.js", {
        ...env,
        LIVECHAT_CLIENT_ID: "another-client-id",
      });
      const [{ url: otherAppUrl }] = await otherApp.listening();
      const refusedByApp = await fetch(`${otherAppUrl}/api/me`, {
        headers: { Authorization: `Bearer ${sessionId}` },
      });
      assert.equal(refusedByApp.status, 401);
{%- endif %}

      // SIGTERM ends a server once its requests are answered.
      for (const server of servers) {
        assert.deepEqual(await server.stop(), { code: 0, signal: null });
        // All it wrote, from start to end: never the agent's credential.
        assert.ok(server.lines.length > 0);
        assert.ok(!server.lines.join("\n").includes({% if cookiecutter.auth == "sign-in" %}TOKEN{% else %}API_KEY{% endif %}));
      }
    },
  );
});

describe(`${PRODUCTION_SCRIPT}, the production server`, () => {
  it(
    "runs WEB_CONCURRENCY workers that accept each other's sessions",
    SLOW,
    async (t) => {
      // No SESSION_SECRET: in development the primary makes one for all.
      const env = { ...(await baseEnv(t)), WEB_CONCURRENCY: "3" };
      const cluster = run(t, PRODUCTION_SCRIPT, env);
      const workers = await cluster.listening(3);
      assert.equal(new Set(workers.map(({ pid }) => pid)).size, 3);
      assert.ok(workers.every(({ pid }) => pid !== cluster.pid));
      const { url } = workers[0];
      assert.ok(workers.every((worker) => worker.url === url));

      const sessionId = await newSession(url);
      // New connections go to the workers in turn: every one of them is asked.
      for (let n = 0; n < 6; n += 1) {
        const me = await getOnNewConnection(`${url}/api/me`, {
          Authorization: `Bearer ${sessionId}`,
        });
        assert.equal(me.status, 200, me.body);
      }
      const warnings = cluster.lines.filter((line) =>
        line.includes("SESSION_SECRET is not set"),
      );
      assert.equal(warnings.length, 1);
    },
  );

  it(
    "replaces a worker that dies, and stops them all on SIGTERM",
    SLOW,
    async (t) => {
      const env = { ...(await baseEnv(t)), SESSION_SECRET };
      const cluster = run(t, PRODUCTION_SCRIPT, env);
      const workers = await cluster.listening(2);
      process.kill(workers[0].pid, "SIGKILL");
      const [, , replacement] = await cluster.listening(3);
      assert.ok(!workers.some(({ pid }) => pid === replacement.pid));
      assert.match(
        cluster.lines.join("\n"),
        /died \(SIGKILL\); starting another/,
      );
      const health = await getOnNewConnection(`${replacement.url}/healthz`);
      assert.equal(health.status, 200);

      assert.deepEqual(await cluster.stop("SIGTERM"), {
        code: 0,
        signal: null,
      });
      for (const { pid } of [workers[1], replacement]) {
        assert.ok(!isRunning(pid), `worker ${pid} still runs`);
      }
    },
  );

  it("has WEB_CONCURRENCY default to 2", SLOW, async (t) => {
    const cluster = run(t, PRODUCTION_SCRIPT, {
      ...(await baseEnv(t)),
      SESSION_SECRET,
    });
    await cluster.listening(2);
    assert.match(cluster.lines[0], /^Starting 2 workers/);
  });

  /** @type {Array<[string, Record<string, string>, RegExp]>} */
  const badSettings = [
    [
      "without SESSION_SECRET in production",
      { ENVIRONMENT: "production" },
      /SESSION_SECRET/,
    ],
    ["with WEB_CONCURRENCY=0", { WEB_CONCURRENCY: "0" }, /WEB_CONCURRENCY/],
    // Unset, it would default to development's leniency in production.
    ["without ENVIRONMENT", { ENVIRONMENT: "" }, /set ENVIRONMENT/],
    [
      "with a guessable SESSION_SECRET in production",
      { ENVIRONMENT: "production", SESSION_SECRET: "secret".repeat(8) },
      /SESSION_SECRET is too weak.*randomBytes\(32\)/,
    ],
    [
      "with an AGENT_APP_ORIGINS that is not an https origin",
      { AGENT_APP_ORIGINS: "http://my.livechatinc.com" },
      /AGENT_APP_ORIGINS/,
    ],
{%- if cookiecutter.auth == "basic" %}
    [
      "with VERIFY_AGENTS=false in production",
      { ENVIRONMENT: "production", SESSION_SECRET, VERIFY_AGENTS: "false" },
      /VERIFY_AGENTS=false.*anyone could get a session for any login/,
    ],
{%- endif %}
  ];
  for (const [name, env, message] of badSettings) {
    it(`refuses to start ${name}, in one line`, SLOW, async (t) => {
      const cluster = run(t, PRODUCTION_SCRIPT, {
        ...(await baseEnv(t)),
        ...env,
      });
      assert.deepEqual(await cluster.exited, { code: 1, signal: null });
      assert.equal(cluster.lines.length, 1);
      assert.match(cluster.lines[0], /^Configuration error: /);
      assert.match(cluster.lines[0], message);
    });
  }

  it(
    "stops, rather than restart workers forever, when they cannot listen",
    SLOW,
    async (t) => {
      const taken = createServer().listen(0, "127.0.0.1");
      await once(taken, "listening");
      t.after(() => taken.close());
      const { port } = /** @type {import("node:net").AddressInfo} */ (
        taken.address()
      );
      const cluster = run(t, PRODUCTION_SCRIPT, {
        ...(await baseEnv(t)),
        SESSION_SECRET,
        PORT: String(port),
      });
      assert.deepEqual(await cluster.exited, { code: 1, signal: null });
      assert.match(cluster.lines.join("\n"), /could not start; stopping/);
    },
  );
});

describe("src/server.js", () => {
  it("refuses to start without ENVIRONMENT, in one line", SLOW, async (t) => {
    const { ENVIRONMENT, ...env } = await baseEnv(t);
    const server = run(t, "src/server.js", { ...env, SESSION_SECRET });
    assert.deepEqual(await server.exited, { code: 1, signal: null });
    assert.deepEqual(server.lines, [
      "Configuration error: set ENVIRONMENT to production (or development) " +
        "in the environment",
    ]);
  });

  /** @type {Array<[string, string, string | null]>} */
  const proxies = [
    // 127.0.0.1 is no proxy of ours unless TRUST_PROXY says so.
    ["false", "https", null],
    ["true", "https", "max-age=31536000; includeSubDomains"],
  ];
  for (const [trustProxy, forwardedProto, hsts] of proxies) {
    it(`with TRUST_PROXY=${trustProxy}, ${hsts ? "sends" : "sends no"} HSTS for X-Forwarded-Proto: ${forwardedProto}`, SLOW, async (t) => {
      const server = run(t, "src/server.js", {
        ...(await baseEnv(t)),
        ENVIRONMENT: "production",
        SESSION_SECRET,
        TRUST_PROXY: trustProxy,
      });
      const [{ url }] = await server.listening();
      const answer = await fetch(`${url}/healthz`, {
        headers: { "X-Forwarded-Proto": forwardedProto },
      });
      assert.equal(answer.headers.get("strict-transport-security"), hsts);
    });
  }
});

describe("the Docker image's health check", () => {
  it("passes while the app answers /healthz, and fails once it stops", async () => {
    const [, exec] = /\bCMD (\[.*\])$/.exec(lastOf("HEALTHCHECK")) ?? [];
    const [program, ...args] = JSON.parse(exec);
    // With node: the slim image has no curl.
    assert.equal(program, "node");

    const check = (/** @type {string} */ port) =>
      promisify(execFile)(process.execPath, args, { env: { PORT: port } });
    const app = await TestApp.start(testSettings());
    const { port } = new URL(app.url);
    try {
      await check(port);
    } finally {
      await app.close();
    }
    await assert.rejects(check(port), { code: 1 });
  });
});

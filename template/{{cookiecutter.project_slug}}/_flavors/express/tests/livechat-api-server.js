// A stand-in for LiveChat's REST API (version 2): a real HTTP server on
// 127.0.0.1.
//
// It answers `GET /agents/<login>` the way api.livechatinc.com does for a
// request authenticated with HTTP Basic `login:api_key` and `X-API-Version: 2`,
// for the agents a test registers, and records every request (the API key left
// out) so that tests can check what the app sent.
//
// Run as a command, it vouches for the Agent App emulator's login and API key
// while you develop, so that the emulator's basic flow completes without a real
// LiveChat account: `node tests/livechat-api-server.js [--port 8002]`, then
// start the app with the LIVECHAT_API_URL it prints.
import { timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** The login and API key that the emulator sends to /authorize/ by default. */
export const EMULATOR_LOGIN = "agent@example.com";
export const EMULATOR_API_KEY = "emulator-api-key";

/**
 * @typedef {object} Credentials
 * @property {string} login
 * @property {string} apiKey
 */

/**
 * @typedef {object} ApiRequest
 * @property {string} path
 * @property {string} apiVersion the X-API-Version header
 * @property {string} login the login it authenticated as (never the key)
 */

export class LiveChatApiServer {
  /** @type {Map<string, Record<string, unknown>>} the agents' answers */
  agents = new Map();
  /** @type {ApiRequest[]} */
  requests = [];
  /** When set, every request is answered with this status and an error body. */
  failWith = /** @type {number | null} */ (null);
  /** When set, every request is answered 200 with this text, as it is. */
  answerText = /** @type {string | null} */ (null);
  /** Seconds to wait before answering: a slow API. */
  delay = 0;

  /** @type {Map<string, string>} */
  #keys = new Map();
  /** @type {Set<NodeJS.Timeout>} answers waiting for their delay */
  #delayed = new Set();
  #server = createServer((request, response) =>
    this.#handle(request, response),
  );

  /** @param {number} [port] a free one by default */
  async start(port = 0) {
    this.#server.listen(port, "127.0.0.1");
    await once(this.#server, "listening");
    return this;
  }

  get url() {
    const { port } = /** @type {import("node:net").AddressInfo} */ (
      this.#server.address()
    );
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Makes `login` an agent whose API key is `apiKey`; `details` override
   * fields of the agent's answer.
   *
   * @param {string} login
   * @param {string} apiKey
   * @param {Record<string, unknown>} [details]
   */
  addAgent(login, apiKey, details = {}) {
    this.#keys.set(login, apiKey);
    this.agents.set(login, {
      login,
      name: "Agent Smith",
      permission: "normal",
      status: "accepting chats",
      ...details,
    });
  }

  /** Stops answering: the port refuses connections from now on. */
  async stop() {
    if (!this.#server.listening) {
      return;
    }
    this.#server.close();
    // Kept-alive and slow connections too, or close would wait for them.
    this.#server.closeAllConnections();
    for (const timer of this.#delayed) {
      clearTimeout(timer);
    }
    this.#delayed.clear();
    await once(this.#server, "close");
  }

  /**
   * @param {import("node:http").IncomingMessage} request
   * @param {import("node:http").ServerResponse} response
   */
  #handle(request, response) {
    const credentials = basicCredentials(request.headers.authorization ?? "");
    this.requests.push({
      path: request.url ?? "",
      apiVersion: String(request.headers["x-api-version"] ?? ""),
      login: credentials?.login ?? "",
    });
    const reply = () => this.#answer(request, response, credentials);
    if (this.delay > 0) {
      const timer = setTimeout(() => {
        this.#delayed.delete(timer);
        reply();
      }, this.delay * 1000);
      this.#delayed.add(timer);
    } else {
      reply();
    }
  }

  /**
   * @param {import("node:http").IncomingMessage} request
   * @param {import("node:http").ServerResponse} response
   * @param {Credentials | null} credentials
   */
  #answer(request, response, credentials) {
    const path = request.url ?? "";
    if (this.failWith !== null) {
      answer(response, this.failWith, { error: "Internal server error" });
    } else if (this.answerText !== null) {
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end(this.answerText);
    } else if (request.method !== "GET" || !path.startsWith("/agents/")) {
      answer(response, 404, { error: "Not found" });
    } else if (!this.#authenticated(credentials)) {
      answer(response, 401, { error: "Authentication failed" });
    } else if (decodeURIComponent(path.slice(8)) !== credentials?.login) {
      // An agent may read its own details; others' need an administrator.
      answer(response, 403, { error: "Access denied" });
    } else {
      answer(response, 200, this.agents.get(credentials.login));
    }
  }

  /** @param {Credentials | null} credentials */
  #authenticated(credentials) {
    const known = credentials && this.#keys.get(credentials.login);
    if (!known) {
      return false;
    }
    const [given, expected] = [credentials.apiKey, known].map((key) =>
      Buffer.from(key),
    );
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/**
 * The login and API key of an `Authorization: Basic ...` header, or null.
 *
 * @param {string} header
 * @returns {Credentials | null}
 */
function basicCredentials(header) {
  const [scheme, encoded = ""] = header.split(" ", 2);
  if (scheme.toLowerCase() !== "basic") {
    return null;
  }
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) {
    return null;
  }
  return { login: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
}

/**
 * @param {import("node:http").ServerResponse} response
 * @param {number} status
 * @param {unknown} body
 */
function answer(response, status, body) {
  const data = JSON.stringify(body);
  response
    .writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(data),
    })
    .end(data);
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8002" },
      login: { type: "string", default: EMULATOR_LOGIN },
      "api-key": { type: "string", default: EMULATOR_API_KEY },
    },
  });
  const port = Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`Error: ${values.port} is not a port (0 to 65535)`);
    process.exit(2);
  }
  const standIn = new LiveChatApiServer();
  try {
    await standIn.start(port);
  } catch (error) {
    const { code } = /** @type {NodeJS.ErrnoException} */ (error);
    console.error(
      `Error: cannot listen on 127.0.0.1:${port} (${code}); try --port`,
    );
    process.exit(2);
  }
  standIn.addAgent(values.login, values["api-key"]);
  // Until Ctrl-C (or a signal) stops it.
  console.log(
    `LiveChat API stand-in on ${standIn.url}, vouching for ${values.login} ` +
      `and its API key. Start the app with LIVECHAT_API_URL=${standIn.url}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

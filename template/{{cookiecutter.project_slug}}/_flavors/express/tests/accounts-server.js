{%- set widgets = cookiecutter._sdks[cookiecutter.sdk].widgets -%}
// A stand-in for LiveChat's accounts server: a real HTTP server on 127.0.0.1.
//
{%- if widgets %}
// It answers `GET {{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}` the way LiveChat's accounts server does, for the
// tokens a test registers, and records every request so that tests can check
// what the app sent. It also serves the page that accounts-sdk's popup opens,
// `GET /?client_id=...&redirect_uri=...&state=...`: the page hands the opener
// the access token in `popupToken`, as LiveChat's page does once the agent has
// signed in, and closes.
//
// Run as a command, it vouches for that token while you develop, so that the
// Details widget's "Sign in with LiveChat" completes without a LiveChat
// account: `node --env-file=.env tests/accounts-server.js [--port 8001]`.
{%- else %}
// It answers `GET /info` the way accounts.livechatinc.com/info does, for the
// tokens a test registers, and records every request so that tests can check
// what the app sent.
//
// Run as a command, it vouches for the Agent App emulator's access token while
// you develop, so that the emulator's "Sign in with LiveChat" completes without
// a real token: `node --env-file=.env tests/accounts-server.js [--port 8001]`.
{%- endif %}
import { once } from "node:events";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** The access token that {% if widgets %}the sign-in popup{% else %}the emulator's sign-in{% endif %} hands the page by default. */
export const EMULATOR_TOKEN = "emulator-access-token";

export class AccountsServer {
  /** @type {Map<string, Record<string, unknown>>} */
  tokens = new Map();
  /** @type {Array<{ path: string | undefined, authorization: string }>} */
  requests = [];
  /** When set, every request is answered with this status and an error body. */
  failWith = /** @type {number | null} */ (null);
  /** When set, every request is answered 200 with this text instead of JSON. */
  answerText = /** @type {string | null} */ (null);
  /** When true, requests get no answer at all, as from a server that hangs. */
  hang = false;
  /** Seconds to wait before answering: a slow accounts server. */
  delay = 0;
{%- if widgets %}
  /** The access token the sign-in popup hands out: set another to sign in as
   * someone else, or with a token of another app; null, and the popup says
   * the agent is unknown. */
  popupToken = /** @type {string | null} */ (EMULATOR_TOKEN);
  /** The query of every sign-in popup opened, as an object. */
  popups = /** @type {Array<Record<string, string>>} */ ([]);
{%- endif %}

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
   * Makes `token` valid; `info` overrides fields of the token-info answer.
   *
   * @param {string} token
   * @param {Record<string, unknown>} [info]
   */
  addToken(token, info = {}) {
    this.tokens.set(token, {
      access_token: token,
      client_id: "test-client-id",
{%- if widgets %}
      account_id: "agent@example.com",
      organization_id: "390e44e6-f1e6-4f3b-a2a3-f4ab7e2d3d5c",
{%- else %}
      entity_id: "agent@example.com",
      license_id: 1234567,
{%- endif %}
      expires_in: 3600,
      scope: "agents--my:ro,chats--my:ro",
      token_type: "Bearer",
      ...info,
    });
  }

  /** Stops answering: the port refuses connections from now on. */
  async stop() {
    if (!this.#server.listening) {
      return;
    }
    this.#server.close();
    // Kept-alive, hanging and slow connections too, or close would wait.
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
{%- if widgets %}
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method === "GET" && url.pathname === "/") {
      this.popups.push(Object.fromEntries(url.searchParams));
      const redirect = url.searchParams.get("redirect_uri") ?? "";
      if (!/^https?:\/\//.test(redirect) || !URL.canParse(redirect)) {
        answer(response, 400, { error: "invalid_request" });
        return;
      }
      this.#signInPage(response);
      return;
    }
{%- endif %}
    const authorization = request.headers.authorization ?? "";
    this.requests.push({ path: request.url, authorization });
    if (this.hang) {
      return;
    }
    if (this.delay > 0) {
      const timer = setTimeout(() => {
        this.#delayed.delete(timer);
        this.#answer(request, response, authorization);
      }, this.delay * 1000);
      this.#delayed.add(timer);
    } else {
      this.#answer(request, response, authorization);
    }
  }

  /**
   * @param {import("node:http").IncomingMessage} request
   * @param {import("node:http").ServerResponse} response
   * @param {string} authorization
   */
  #answer(request, response, authorization) {
    if (this.failWith !== null) {
      answer(response, this.failWith, { error: "server_error" });
    } else if (this.answerText !== null) {
      response
        .writeHead(200, { "Content-Type": "text/html" })
        .end(this.answerText);
    } else if (request.method !== "GET" || request.url !== "{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}") {
      answer(response, 404, { error: "not_found" });
    } else {
      const info = this.tokens.get(authorization.replace(/^Bearer /, ""));
      if (info === undefined) {
        answer(response, 401, { error: "invalid_token" });
      } else {
        answer(response, 200, info);
      }
    }
  }
{%- if widgets %}

  /**
   * The page of the sign-in popup: it answers its opener as LiveChat's does,
   * with a postMessage to the origin of `redirect_uri`, and closes. Only the
   * stand-in knows the token; the query's state and client id come back as
   * they came.
   *
   * @param {import("node:http").ServerResponse} response
   */
  #signInPage(response) {
    const info = this.popupToken ? this.tokens.get(this.popupToken) : undefined;
    const grant = !this.popupToken || !info ? null : {
      access_token: this.popupToken,
      token_type: "Bearer",
      expires_in: info.expires_in ?? 3600,
      scope: info.scope ?? "",
      account_id: info.account_id ?? "agent@example.com",
      organization_id: info.organization_id ?? "",
      client_id: info.client_id,
    };
    // As JSON in the script, with "<" escaped: no value can end the script.
    const result = grant
      ? { data: grant }
      : { error: { identity_exception: "unauthorized" } };
    const data = JSON.stringify(result).replace(/</g, "\\u003c");
    const html = `<!doctype html>
<title>Sign in with LiveChat (stand-in)</title>
<p>Signing you in…</p>
<script>
  const query = new URLSearchParams(location.search);
  const result = ${data};
  if (result.data) result.data.state = query.get("state");
  window.opener.postMessage(result, new URL(query.get("redirect_uri")).origin);
  window.close();
</script>
`;
    response
      .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
      .end(html);
  }
{%- endif %}
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
    options: { port: { type: "string", default: "8001" } },
  });
  const clientId = process.env.LIVECHAT_CLIENT_ID;
  if (!clientId) {
    console.error(
      "Error: set LIVECHAT_CLIENT_ID (in .env, as for the app; run with --env-file=.env)",
    );
    process.exit(2);
  }
  const standIn = new AccountsServer();
  try {
    await standIn.start(Number(values.port));
  } catch (error) {
    const { code } = /** @type {NodeJS.ErrnoException} */ (error);
    console.error(
      `Error: cannot listen on 127.0.0.1:${values.port} (${code}); try --port`,
    );
    process.exit(2);
  }
  standIn.addToken(EMULATOR_TOKEN, { client_id: clientId });
  console.log(
{%- if widgets %}
    `Accounts stand-in on ${standIn.url}: its sign-in popup hands out, and it ` +
      `vouches for, the token '${EMULATOR_TOKEN}' (agent@example.com). ` +
      `Start the app with LIVECHAT_ACCOUNTS_URL=${standIn.url}`,
  );
{%- else %}
    `Accounts stand-in on ${standIn.url}, vouching for the token ` +
      `'${EMULATOR_TOKEN}' (agent@example.com). ` +
      `Start the app with LIVECHAT_ACCOUNTS_URL=${standIn.url}`,
  );
{%- endif %}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

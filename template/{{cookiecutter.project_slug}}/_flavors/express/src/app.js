// The application factory: everything the app needs comes from its settings.
import { fileURLToPath } from "node:url";

import cors from "cors";
import express from "express";

{% if cookiecutter.auth == "basic" -%}
import { authorizeAgent as yourAuthorizeAgent } from "./authorization.js";
{% endif -%}
import { sessionAudience, sessionSecret } from "./config.js";
import {
{%- if cookiecutter.auth == "sign-in" %}
  AccountsClient,
{%- else %}
  AgentVerifier,
{%- endif %}
  SessionSigner,
  addEmulatorRoute,
  handleErrors,
  limitBodySize,
  notFound,
  securityHeaders,
} from "./plumbing/index.js";
import { apiRouter } from "./routes/api.js";
{%- if cookiecutter.auth == "basic" %}
import { addAuthorizeRoute } from "./routes/authorize.js";
{%- endif %}
import { addHealthRoute } from "./routes/health.js";
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
import { addSessionRoute } from "./routes/session.js";
import { addWidgetRoutes } from "./routes/widgets.js";
{%- else %}
import { addPageRoute } from "./routes/page.js";
{%- if cookiecutter.auth == "sign-in" %}
import { addSessionRoute } from "./routes/session.js";
{%- endif %}
{%- endif %}

const STATIC_DIR = fileURLToPath(new URL("../static", import.meta.url));
{%- if cookiecutter.auth == "basic" %}

/** @typedef {import("./routes/authorize.js").AuthorizeAgent} AuthorizeAgent */
{%- endif %}

/**
 * The extension's app, built from `settings`: server.js makes it listen.
 *
 * @param {import("./config.js").Settings} settings
{%- if cookiecutter.auth == "basic" %}
 * @param {object} [options]
 * @param {AuthorizeAgent} [options.authorizeAgent] the app uses yours, from
 *   authorization.js; tests pass their own
{%- endif %}
 * @returns {import("express").Express}
 */
{%- if cookiecutter.auth == "sign-in" %}
export function createApp(settings) {
{%- else %}
export function createApp(
  settings,
  { authorizeAgent = yourAuthorizeAgent } = {},
) {
{%- endif %}
  const signer = new SessionSigner(
    sessionSecret(settings),
    sessionAudience(settings),
    settings.sessionMaxAge,
  );
{%- if cookiecutter.auth == "sign-in" %}
  const accounts = new AccountsClient({
    baseUrl: settings.livechatAccountsUrl,
    clientId: settings.livechatClientId,
    timeoutMs: settings.accountsTimeoutMs,
  });
{%- else %}
  const verifier = settings.verifyAgents
    ? new AgentVerifier({
        baseUrl: settings.livechatApiUrl,
        timeoutMs: settings.livechatApiTimeoutMs,
      })
    : null;
  if (verifier === null) {
    // config.js refuses it in production.
    console.warn(
      "WARNING: VERIFY_AGENTS=false: LiveChat is not asked about the login " +
        "and API key, so anyone can get a session for any login. Never run " +
        "this way where real agents or data are.",
    );
  }
{%- endif %}

  const development = settings.environment === "development";

  const app = express();
  // Behind a proxy that terminates HTTPS, believe the X-Forwarded-* headers of
  // the proxy directly in front (one hop), and no one else's.
  app.set("trust proxy", settings.trustProxy ? 1 : false);
  // "X-Powered-By: Express" tells attackers what to try; it is never sent.
  app.disable("x-powered-by");
  app.use(securityHeaders(settings.agentAppOrigins, development));
  app.use(limitBodySize);
  // Browsers may call the API from the Agent App's pages; no other site may.
  app.use(
{%- if cookiecutter.auth == "sign-in" %}
    "/api",
{%- else %}
    ["/api", "/authorize"],
{%- endif %}
    cors({
      origin: [...settings.agentAppOrigins],
      methods: ["GET", "POST"],
      allowedHeaders: ["Authorization", "Content-Type"],
    }),
  );
  // The modules of routes/ add their routes to the app itself: a Router of
  // their own, mounted with app.use(), would be one more routing pass for every
  // request that goes by it. Only the API, whose endpoints share a middleware,
  // has one.
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  addWidgetRoutes(app, {
    clientId: settings.livechatClientId,
    accountsUrl: settings.livechatAccountsUrl,
  });
  // Before the API's router: creating a session takes no session.
  addSessionRoute(app, { signer, accounts });
{%- elif cookiecutter.auth == "sign-in" %}
  addPageRoute(app, { clientId: settings.livechatClientId, development });
  // Before the API's router: creating a session takes no session.
  addSessionRoute(app, { signer, accounts });
{%- else %}
  addPageRoute(app, { development });
  addAuthorizeRoute(app, { signer, verifier, authorizeAgent });
{%- endif %}
  addHealthRoute(app);
  app.use("/api", apiRouter(signer));
  // Files answer GET and HEAD; express.static passes other methods on, to the
  // JSON 404 of a path that is not there.
  app.use("/static", express.static(STATIC_DIR));
  if (development) {
    // Open /emulator/ to try the {% if cookiecutter._sdks[cookiecutter.sdk].widgets %}widgets{% else %}page{% endif %} as the Agent App shows {% if cookiecutter._sdks[cookiecutter.sdk].widgets %}them{% else %}it{% endif %}. In production
    // every /emulator/ path is a 404.
    addEmulatorRoute(app);
  }
  app.use(notFound);
  app.use(handleErrors);
  return app;
}

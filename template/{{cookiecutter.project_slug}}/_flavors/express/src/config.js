// Settings, read from the environment at startup (`npm run dev` reads `.env`).
import { randomBytes } from "node:crypto";
{%- if cookiecutter.auth == "sign-in" %}

import {
  MANIFEST_FILE,
  MISSING_CLIENT_ID,
  ManifestError,
  chooseClientId,
} from "./plumbing/manifest.js";
{%- endif %}

/** The Agent App's origins, the only sites whose pages may call the API. */
export const DEFAULT_AGENT_APP_ORIGINS = Object.freeze([
{%- for origin in cookiecutter._livechat.agent_app_origins %}
  "{{ origin }}",
{%- endfor %}
]);
{%- if cookiecutter.auth == "sign-in" %}

export const DEFAULT_ACCOUNTS_URL = "{{ cookiecutter._sdks[cookiecutter.sdk].accounts_url }}";
{%- else %}

// LiveChat's REST API v2, which verifies an agent's login and API key. LiveChat
// has deprecated it, so the URL is a setting: for a successor, and for tests.
export const DEFAULT_LIVECHAT_API_URL = "https://api.livechatinc.com";

/** The app's name, which its session ids carry: see sessionAudience(). */
export const APP_NAME = "{{ cookiecutter.project_slug }}";
{%- endif %}

/**
 * @typedef {object} Settings
 * @property {"development" | "production"} environment
 * @property {string | null} sessionSecret signs session ids; every instance
 *   must share it
 * @property {number} sessionMaxAge how long a session id lasts, in seconds
 * @property {readonly string[]} agentAppOrigins
{%- if cookiecutter.auth == "sign-in" %}
 * @property {string} livechatClientId the app's Client Id
 * @property {string} livechatAccountsUrl LiveChat's accounts server
 * @property {number} accountsTimeoutMs how long to wait for the accounts
 *   server, in milliseconds
{%- else %}
 * @property {boolean} verifyAgents whether LiveChat must vouch for an agent's
 *   login and API key before they get a session
 * @property {string} livechatApiUrl LiveChat's REST API
 * @property {number} livechatApiTimeoutMs how long a call to it may take in
 *   all, in milliseconds
{%- endif %}
 * @property {boolean} trustProxy whether to believe the X-Forwarded-* headers
 *   of the proxy in front of the app
 * @property {string} host where the server listens
 * @property {number} port
 * @property {number} webConcurrency how many worker processes
 *   plumbing/cluster.js runs
 */

/** Settings are missing or invalid; the message names the variables. */
export class ConfigurationError extends Error {
  name = "ConfigurationError";
}

/**
 * Settings from environment variables, with the defaults of `.env.example`.
 *
{%- if cookiecutter.auth == "sign-in" %}
 * The Client Id is LIVECHAT_CLIENT_ID, else auth.clientId in `manifest`
 * (livechat.config.json, where `lcdev bootstrap` writes it).
 *
 * @param {Record<string, string | undefined>} [env]
 * @param {object} [options]
 * @param {string | null} [options.manifest] the manifest's path; null: none
 * @returns {Readonly<Settings>}
 */
export function loadSettings(env = process.env, { manifest = MANIFEST_FILE } = {}) {
{%- else %}
 * @param {Record<string, string | undefined>} [env]
 * @returns {Readonly<Settings>}
 */
export function loadSettings(env = process.env) {
{%- endif %}
  // "SESSION_SECRET=" as copied from .env.example means "not set", not "".
  /** @param {string} name */
  const read = (name) => env[name]?.trim() || undefined;
  /** @type {string[]} */
  const problems = [];

  const environment = read("ENVIRONMENT") ?? "development";
  if (environment !== "development" && environment !== "production") {
    problems.push("ENVIRONMENT must be development or production");
  }
  const sessionMaxAge = wholeNumber(read("SESSION_MAX_AGE") ?? "28800");
  if (sessionMaxAge === null || sessionMaxAge === 0) {
    problems.push("SESSION_MAX_AGE must be a positive number of seconds");
  }
  const origins = (read("AGENT_APP_ORIGINS")?.split(",") ?? [])
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (!origins.every(isOrigin)) {
    problems.push(
      "AGENT_APP_ORIGINS must be https origins such as " +
        "https://my.livechatinc.com (no path), separated by commas",
    );
  }
  const trustProxy = yesOrNo(read("TRUST_PROXY") ?? "false");
  if (trustProxy === null) {
    problems.push("TRUST_PROXY must be true or false");
  }
  const port = wholeNumber(read("PORT") ?? "3000");
  if (port === null || port > 65535) {
    problems.push("PORT must be a port number");
  }
  const webConcurrency = wholeNumber(read("WEB_CONCURRENCY") ?? "2");
  if (webConcurrency === null || webConcurrency === 0) {
    problems.push("WEB_CONCURRENCY must be a positive number of processes");
  }
{%- if cookiecutter.auth == "sign-in" %}
  let livechatClientId = null;
  try {
    livechatClientId = chooseClientId(read("LIVECHAT_CLIENT_ID"), {
      manifest,
      development: environment === "development",
    });
    if (livechatClientId === null) {
      problems.push(MISSING_CLIENT_ID);
    }
  } catch (error) {
    if (!(error instanceof ManifestError)) {
      throw error;
    }
    problems.push(`LIVECHAT_CLIENT_ID: ${error.message}`);
  }
  const accountsUrl = read("LIVECHAT_ACCOUNTS_URL") ?? DEFAULT_ACCOUNTS_URL;
  if (!/^https?:\/\//.test(accountsUrl) || !URL.canParse(accountsUrl)) {
    problems.push("LIVECHAT_ACCOUNTS_URL must be an http(s) URL");
  }
  const accountsTimeout = Number(read("ACCOUNTS_TIMEOUT") ?? "5");
  if (!(accountsTimeout > 0 && accountsTimeout <= 3600)) {
    problems.push("ACCOUNTS_TIMEOUT must be a positive number of seconds");
  }
{%- else %}
  const verifyAgents = yesOrNo(read("VERIFY_AGENTS") ?? "true");
  if (verifyAgents === null) {
    problems.push("VERIFY_AGENTS must be true or false");
  } else if (!verifyAgents && environment === "production") {
    problems.push(
      "VERIFY_AGENTS=false is for development only: anyone could get a " +
        "session for any login",
    );
  }
  const livechatApiUrl = read("LIVECHAT_API_URL") ?? DEFAULT_LIVECHAT_API_URL;
  if (!/^https?:\/\//.test(livechatApiUrl) || !URL.canParse(livechatApiUrl)) {
    problems.push("LIVECHAT_API_URL must be an http(s) URL");
  }
  const livechatApiTimeout = Number(read("LIVECHAT_API_TIMEOUT") ?? "5");
  if (!(livechatApiTimeout > 0 && livechatApiTimeout <= 3600)) {
    problems.push("LIVECHAT_API_TIMEOUT must be a positive number of seconds");
  }
{%- endif %}
  if (problems.length > 0) {
    throw new ConfigurationError(
      `${problems.join("; ")} (in the environment, or in .env for ` +
        "npm run dev; see .env.example)",
    );
  }

  return Object.freeze({
    environment: /** @type {Settings["environment"]} */ (environment),
    sessionSecret: read("SESSION_SECRET") ?? null,
    sessionMaxAge: /** @type {number} */ (sessionMaxAge),
    agentAppOrigins: origins.length
      ? Object.freeze(origins)
      : DEFAULT_AGENT_APP_ORIGINS,
{%- if cookiecutter.auth == "sign-in" %}
    livechatClientId: /** @type {string} */ (livechatClientId),
    livechatAccountsUrl: accountsUrl,
    accountsTimeoutMs: Math.round(accountsTimeout * 1000),
{%- else %}
    verifyAgents: /** @type {boolean} */ (verifyAgents),
    livechatApiUrl,
    livechatApiTimeoutMs: Math.round(livechatApiTimeout * 1000),
{%- endif %}
    trustProxy: /** @type {boolean} */ (trustProxy),
    host: read("HOST") ?? "127.0.0.1",
    port: /** @type {number} */ (port),
    webConcurrency: /** @type {number} */ (webConcurrency),
  });
}

/**
 * The production server's settings: ENVIRONMENT must be said, not defaulted,
 * or a server deployed without it would run with development's leniency.
 *
 * @param {Record<string, string | undefined>} [env]
 * @returns {Readonly<Settings>}
 */
export function loadServerSettings(env = process.env) {
  if (!env.ENVIRONMENT?.trim()) {
    throw new ConfigurationError(
      "set ENVIRONMENT to production (or development) in the environment",
    );
  }
  return loadSettings(env);
}

const MAKE_A_SECRET =
  `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/**
 * The secret that signs session ids: a random one in development if none is.
 * In production it must be set, and too long and varied to guess.
 *
 * @param {Settings} settings
 * @returns {string}
 */
export function sessionSecret(settings) {
  const secret = settings.sessionSecret;
  if (settings.environment === "production") {
    if (secret === null) {
      throw new ConfigurationError(
        `set SESSION_SECRET in production (make one with: ${MAKE_A_SECRET})`,
      );
    }
    if (secret.length < 32 || new Set(secret).size < 12) {
      throw new ConfigurationError(
        "SESSION_SECRET is too weak for production: use at least 32 " +
          `characters, 12 of them different (make one with: ${MAKE_A_SECRET})`,
      );
    }
  }
  if (secret !== null) {
    return secret;
  }
  console.warn(
    "SESSION_SECRET is not set: using a random one, so sessions end when " +
      "the server restarts and are not shared between instances",
  );
  return randomBytes(32).toString("base64url");
}

/**
 * Who the app's session ids are for: {% if cookiecutter.auth == "sign-in" %}its Client Id{% else %}its name{% endif %}. Another app that
 * shares SESSION_SECRET signs its sessions for itself, and this app refuses
 * them.
 *
 * @param {Settings} settings
 * @returns {string}
 */
export function sessionAudience(settings) {
{%- if cookiecutter.auth == "sign-in" %}
  return settings.livechatClientId;
{%- else %}
  return APP_NAME;
{%- endif %}
}

/**
 * Runs `start`, the startup of a server script; when the settings are wrong, it
 * ends the process with one line that says what to set, not a stack trace.
 *
 * @template T
 * @param {() => T} start
 * @returns {T}
 */
export function exitOnConfigurationError(start) {
  try {
    return start();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) {
      throw error;
    }
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}

/**
 * Whether `text` is an https origin, `https://host[:port]`, and nothing more:
 * it goes into the CORS and Content-Security-Policy headers as it is.
 *
 * @param {string} text
 */
function isOrigin(text) {
  return (
    /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(text) &&
    URL.canParse(text) &&
    new URL(text).origin === text
  );
}

/**
 * @param {string} text
 * @returns {boolean | null}
 */
function yesOrNo(text) {
  const word = text.toLowerCase();
  if (["true", "1", "yes", "on"].includes(word)) {
    return true;
  }
  return ["false", "0", "no", "off"].includes(word) ? false : null;
}

/**
 * @param {string} text
 * @returns {number | null} the number `text` spells in decimal digits, or null
 */
function wholeNumber(text) {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

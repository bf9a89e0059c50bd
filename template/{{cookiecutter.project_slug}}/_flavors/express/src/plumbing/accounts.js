// Verifies Sign in with LiveChat access tokens with LiveChat's accounts server.
import { createHash } from "node:crypto";

import { UpstreamError, getText } from "./upstream.js";

/** The longest a verified token is trusted without asking again, in seconds. */
export const CACHE_SECONDS = 300;
/** How long a rejected token is rejected without asking again: a bad token
 * sent over and over costs the accounts server one call every
 * REJECTED_SECONDS. */
export const REJECTED_SECONDS = 30;
// Enough for every agent of a large team; past it, the oldest entries go.
const MAX_CACHED_TOKENS = 10_000;

/** A token this extension may not trust: the agent has to sign in again. */
export class TokenRejected extends Error {
  name = "TokenRejected";
}

/** The accounts server could not be asked, or answered something unusable. */
export class AccountsUnavailable extends Error {
  name = "AccountsUnavailable";
}

/**
 * @typedef {object} AgentIdentity
 * @property {string} agent the agent's e-mail, or their account id on newer
 *   accounts servers
 * @property {string | null} license
 * @property {string[]} scopes
 * @property {number} expiresIn seconds the token has left
 */

/**
 * @typedef {object} CachedIdentity
 * @property {AgentIdentity | null} identity null for a rejected token
 * @property {string} reason why a rejected token was rejected
 * @property {number} tokenExpiresAt when the token ends, in seconds
 * @property {number} until when to ask the accounts server again
 */

export class AccountsClient {
  /** @type {string} */
  #infoUrl;
  /** @type {string} */
  #clientId;
  /** @type {number} */
  #timeoutMs;
  /** @type {() => number} */
  #clock;
  /**
   * Verified tokens, by their SHA-256: the cache holds no token itself.
   *
   * @type {Map<string, CachedIdentity>}
   */
  #cache = new Map();

  /**
   * @param {object} options
   * @param {string} options.baseUrl LiveChat's accounts server
   * @param {string} options.clientId the app's Client Id: tokens of other apps
   *   are refused
   * @param {number} options.timeoutMs how long to wait for the accounts server
   * @param {() => number} [options.clock] the time in seconds; tests pass their
   *   own
   */
  constructor({
    baseUrl,
    clientId,
    timeoutMs,
    clock = () => Date.now() / 1000,
  }) {
    this.#infoUrl = `${baseUrl.replace(/\/+$/, "")}{{ cookiecutter._sdks[cookiecutter.sdk].token_info_path }}`;
    this.#clientId = clientId;
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
  }

  /**
   * Whose `accessToken` is, once the accounts server has said so and the token
   * is ours. An answer is remembered for the token's remaining lifetime, up to
   * CACHE_SECONDS; a refusal for REJECTED_SECONDS; "unavailable" not at all.
   *
   * @param {string} accessToken
   * @returns {Promise<AgentIdentity>}
   * @throws {TokenRejected | AccountsUnavailable}
   */
  async verify(accessToken) {
    // A token that cannot travel in a header is not one LiveChat issued.
    if (!/^[\x21-\x7e]+$/.test(accessToken)) {
      throw new TokenRejected("the access token is malformed");
    }
    const key = createHash("sha256").update(accessToken).digest("base64url");
    const cached = this.#cache.get(key);
    const now = this.#clock();
    if (cached !== undefined && now < cached.until) {
      if (cached.identity === null) {
        throw new TokenRejected(cached.reason);
      }
      const expiresIn = Math.ceil(cached.tokenExpiresAt - now);
      return { ...cached.identity, expiresIn };
    }
    this.#cache.delete(key);
    let identity;
    try {
      identity = await this.#ask(accessToken);
    } catch (error) {
      if (error instanceof TokenRejected) {
        this.#remember(key, null, error.message);
      }
      throw error;
    }
    this.#remember(key, identity);
    return identity;
  }

  /**
   * @param {string} accessToken
   * @returns {Promise<AgentIdentity>}
   */
  async #ask(accessToken) {
    let answer;
    try {
      answer = await getText(this.#infoUrl, {
        headers: { Authorization: `Bearer ${accessToken}` },
        timeoutMs: this.#timeoutMs,
      });
    } catch (error) {
      throw new AccountsUnavailable(
        error instanceof UpstreamError ? error.message : "the request failed",
      );
    }
    const { status, text } = answer;
    // 429 (too many requests) says nothing about the token: try again later.
    if (status >= 400 && status < 500 && status !== 429) {
      throw new TokenRejected("LiveChat did not accept the access token");
    }
    if (status !== 200) {
      throw new AccountsUnavailable(`HTTP ${status}`);
    }
    /** @type {unknown} */
    let info;
    try {
      info = JSON.parse(text);
    } catch {
      throw new AccountsUnavailable("the answer is not JSON");
    }
    if (typeof info !== "object" || info === null || Array.isArray(info)) {
      throw new AccountsUnavailable("the answer is not a JSON object");
    }
    return this.#identity(/** @type {Record<string, unknown>} */ (info));
  }

  /**
   * @param {string} key
   * @param {AgentIdentity | null} identity null for a rejected token
   * @param {string} [reason] why it was rejected
   */
  #remember(key, identity, reason = "") {
    // From the time of the answer: expires_in counts from then.
    const now = this.#clock();
    if (this.#cache.size >= MAX_CACHED_TOKENS) {
      for (const [oldKey, entry] of this.#cache) {
        if (entry.until <= now) {
          this.#cache.delete(oldKey);
        }
      }
      if (this.#cache.size >= MAX_CACHED_TOKENS) {
        // Maps keep their insertion order: the first entry is the oldest.
        const [oldest] = this.#cache.keys();
        this.#cache.delete(oldest);
      }
    }
    if (identity === null) {
      const until = now + REJECTED_SECONDS;
      this.#cache.set(key, { identity, reason, tokenExpiresAt: now, until });
      return;
    }
    const tokenExpiresAt = now + identity.expiresIn;
    this.#cache.set(key, {
      identity,
      reason,
      tokenExpiresAt,
      until: Math.min(tokenExpiresAt, now + CACHE_SECONDS),
    });
  }

  /**
   * @param {Record<string, unknown>} info
   * @returns {AgentIdentity}
   */
  #identity(info) {
    if (info.client_id !== this.#clientId) {
      throw new TokenRejected(
        "the access token was issued to another application",
      );
    }
    const expiresIn = info.expires_in;
    if (!isPositiveInteger(expiresIn)) {
      throw new TokenRejected("the access token has expired");
    }
    // accounts.livechatinc.com/info names the agent "entity_id" (their e-mail)
    // and the license "license_id"; the newer /v2/info answers "account_id" and
    // "organization_id". Both shapes are accepted.
    const agent = info.entity_id || info.account_id;
    if (typeof agent !== "string") {
      throw new AccountsUnavailable("the answer names no agent");
    }
    const license = info.license_id || info.organization_id;
    // "scope" is a comma-separated string; a list is taken as it is.
    const scopes = Array.isArray(info.scope)
      ? info.scope
      : String(info.scope ?? "").split(",");
    return {
      agent,
      license: license ? String(license) : null,
      scopes: scopes.map((item) => String(item).trim()).filter(Boolean),
      expiresIn,
    };
  }
}

/**
 * @param {unknown} value
 * @returns {value is number}
 */
function isPositiveInteger(value) {
  return Number.isInteger(value) && Number(value) > 0;
}

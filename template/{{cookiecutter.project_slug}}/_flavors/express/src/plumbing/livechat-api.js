// Verifies an agent's login and API key with LiveChat's REST API, before the
// extension gives them a session.
import { createHash } from "node:crypto";

import { UpstreamError, getText } from "./upstream.js";

/** How long a login and API key that LiveChat vouched for are trusted. */
export const VERIFIED_SECONDS = 300;
/** How long a refused pair is refused without asking LiveChat again: a bad
 * key sent over and over costs LiveChat one call every REFUSED_SECONDS. */
export const REFUSED_SECONDS = 30;
// Enough for every agent of a large team; past it, the oldest entries go.
const MAX_CACHED_PAIRS = 10_000;

/** LiveChat did not accept the login and API key. */
export class AgentRejected extends Error {
  name = "AgentRejected";
}

/** LiveChat's API could not be asked, or answered something unusable. */
export class LiveChatUnavailable extends Error {
  name = "LiveChatUnavailable";
}

/**
 * @typedef {object} Verdict
 * @property {boolean} verified
 * @property {number} until when to ask LiveChat again, in seconds
 */

export class AgentVerifier {
  /** @type {string} */
  #baseUrl;
  /** @type {number} */
  #timeoutMs;
  /** @type {() => number} */
  #clock;
  /**
   * LiveChat's verdicts, by the SHA-256 of the login and API key: the cache
   * holds no key itself. "Unavailable" is never remembered.
   *
   * @type {Map<string, Verdict>}
   */
  #cache = new Map();

  /**
   * @param {object} options
   * @param {string} options.baseUrl LiveChat's REST API
   * @param {number} options.timeoutMs how long a call may take, in all
   * @param {() => number} [options.clock] the time in seconds; tests pass their
   *   own
   */
  constructor({ baseUrl, timeoutMs, clock = () => Date.now() / 1000 }) {
    this.#baseUrl = baseUrl.replace(/\/+$/, "");
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
  }

  /**
   * Resolves once LiveChat has said that `apiKey` is the API key of the agent
   * `login`.
   *
   * @param {string} login
   * @param {string} apiKey
   * @returns {Promise<void>}
   * @throws {AgentRejected | LiveChatUnavailable}
   */
  async verify(login, apiKey) {
    const key = createHash("sha256")
      .update(`${login}\0${apiKey}`)
      .digest("base64url");
    const cached = this.#cache.get(key);
    if (cached !== undefined && this.#clock() < cached.until) {
      if (!cached.verified) {
        throw new AgentRejected("LiveChat did not accept the login and key");
      }
      return;
    }
    this.#cache.delete(key);
    const verified = await this.#ask(login, apiKey);
    this.#remember(key, verified);
    if (!verified) {
      throw new AgentRejected("LiveChat did not accept the login and key");
    }
  }

  /**
   * LiveChat's REST API v2 (which LiveChat has deprecated) answers an agent's
   * own details to a request authenticated with their login and API key.
   *
   * @param {string} login
   * @param {string} apiKey
   * @returns {Promise<boolean>} whether LiveChat vouched for them
   */
  async #ask(login, apiKey) {
    const url = `${this.#baseUrl}/agents/${encodeURIComponent(login)}`;
    const basic = Buffer.from(`${login}:${apiKey}`).toString("base64");
    let answer;
    try {
      answer = await getText(url, {
        headers: {
          Authorization: `Basic ${basic}`,
          "X-API-Version": "2",
          Accept: "application/json",
        },
        timeoutMs: this.#timeoutMs,
      });
    } catch (error) {
      throw new LiveChatUnavailable(
        error instanceof UpstreamError ? error.message : "the request failed",
      );
    }
    const { status, text } = answer;
    if (status === 401 || status === 403 || status === 404) {
      return false;
    }
    // 429 (too many requests) says nothing about the agent: try again later.
    if (status !== 200) {
      throw new LiveChatUnavailable(`HTTP ${status}`);
    }
    /** @type {unknown} */
    let agent;
    try {
      agent = JSON.parse(text);
    } catch {
      throw new LiveChatUnavailable("the answer is not JSON");
    }
    if (typeof agent !== "object" || agent === null || Array.isArray(agent)) {
      throw new LiveChatUnavailable("the answer is not a JSON object");
    }
    // The details of another agent are not this agent's.
    return /** @type {Record<string, unknown>} */ (agent).login === login;
  }

  /**
   * @param {string} key
   * @param {boolean} verified
   */
  #remember(key, verified) {
    const now = this.#clock();
    if (this.#cache.size >= MAX_CACHED_PAIRS) {
      for (const [oldKey, entry] of this.#cache) {
        if (entry.until <= now) {
          this.#cache.delete(oldKey);
        }
      }
      if (this.#cache.size >= MAX_CACHED_PAIRS) {
        // Maps keep their insertion order: the first entry is the oldest.
        const [oldest] = this.#cache.keys();
        this.#cache.delete(oldest);
      }
    }
    const seconds = verified ? VERIFIED_SECONDS : REFUSED_SECONDS;
    this.#cache.set(key, { verified, until: now + seconds });
  }
}

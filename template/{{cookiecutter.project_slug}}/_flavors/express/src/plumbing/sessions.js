// Session ids the backend verifies without storing them: signed, expiring.
//
// Any instance that shares SESSION_SECRET accepts a session another one issued,
// so the extension runs behind a load balancer with no session store.
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * @typedef {object} Session
 * @property {string} agent
 * @property {number} expiresAt when it ends, in seconds since the epoch
 */

export class SessionSigner {
  /** @type {Buffer} */
  #key;
  /** @type {number} */
  #maxAge;
  /** @type {() => number} */
  #clock;

  /**
   * @param {string} secret
   * @param {string} audience the app the sessions are for (config.js's
   *   sessionAudience())
   * @param {number} maxAge the longest a session lasts, in seconds
   * @param {() => number} [clock] the time in seconds; tests pass their own
   */
  constructor(secret, audience, maxAge, clock = () => Date.now() / 1000) {
    // A key for this app's session ids only: nothing else that the secret
    // signs can pass for one, nor can another app's sessions, should two apps
    // share a secret.
    this.#key = createHmac("sha256", secret)
      .update(`extension-session:${audience}`)
      .digest();
    this.#maxAge = maxAge;
    this.#clock = clock;
  }

  /**
   * A session id for `agent`, valid for `lifetime` seconds at most.
   *
   * @param {string} agent
   * @param {number} [lifetime]
   * @returns {string}
   */
  issue(agent, lifetime) {
    const seconds =
      lifetime === undefined ? this.#maxAge : Math.min(lifetime, this.#maxAge);
    const expiresAt = Math.floor(this.#clock()) + seconds;
    const claims = JSON.stringify({ agent, exp: expiresAt });
    const payload = Buffer.from(claims).toString("base64url");
    return `${payload}.${this.#sign(payload)}`;
  }

  /**
   * The session behind `sessionId`, or null if forged, tampered with or old.
   *
   * @param {string} sessionId
   * @returns {Session | null}
   */
  verify(sessionId) {
    const [payload, signature, ...rest] = sessionId.split(".");
    if (signature === undefined || rest.length > 0) {
      return null;
    }
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(signature);
    // In constant time: how long it takes must not tell how much of a forgery
    // is right.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return null;
    }
    /** @type {unknown} */
    let data;
    try {
      data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    if (typeof data !== "object" || data === null) {
      return null;
    }
    const { agent, exp } = /** @type {Record<string, unknown>} */ (data);
    if (typeof agent !== "string" || typeof exp !== "number") {
      return null;
    }
    if (!Number.isInteger(exp) || exp <= this.#clock()) {
      return null;
    }
    return { agent, expiresAt: exp };
  }

  /** @param {string} payload */
  #sign(payload) {
    return createHmac("sha256", this.#key).update(payload).digest("base64url");
  }
}

// Verifies Sign in with LiveChat access tokens with LiveChat's accounts server.

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

export class AccountsClient {
  /** @type {string} */
  #infoUrl;
  /** @type {string} */
  #clientId;
  /** @type {number} */
  #timeoutMs;

  /**
   * @param {object} options
   * @param {string} options.baseUrl LiveChat's accounts server
   * @param {string} options.clientId the app's Client Id: tokens of other apps
   *   are refused
   * @param {number} options.timeoutMs how long to wait for the accounts server
   */
  constructor({ baseUrl, clientId, timeoutMs }) {
    this.#infoUrl = `${baseUrl.replace(/\/+$/, "")}/info`;
    this.#clientId = clientId;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Asks the accounts server whose `accessToken` is, and checks it is ours.
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
    let status;
    let text;
    try {
      const response = await fetch(this.#infoUrl, {
        headers: { Authorization: `Bearer ${accessToken}` },
        // The token goes to the accounts server and nowhere else.
        redirect: "error",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new AccountsUnavailable(
        error instanceof Error ? error.name : "the request failed",
      );
    }
    if (status >= 400 && status < 500) {
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

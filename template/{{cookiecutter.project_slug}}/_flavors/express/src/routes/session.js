// Sign in with LiveChat: trades a verified access token for a session of the
// extension's own.
import {
  AccountsUnavailable,
  HttpError,
  TokenRejected,
  methodNotAllowed,
  readFields,
  requireStrings,
} from "../plumbing/index.js";

/**
 * Adds `POST /api/session` to `app`.
 *
 * @param {import("express").Express} app
 * @param {object} options
 * @param {import("../plumbing/index.js").SessionSigner} options.signer
 * @param {import("../plumbing/index.js").AccountsClient} options.accounts
 */
export function addSessionRoute(app, { signer, accounts }) {
  /**
   * @param {import("express").Request} req
   * @param {import("express").Response} res
   */
  async function createSession(req, res) {
    const { access_token: accessToken } = requireStrings(req.body, {
      access_token: 4096,
    });
    let identity;
    try {
      identity = await accounts.verify(accessToken);
    } catch (error) {
      if (error instanceof TokenRejected) {
        throw new HttpError(401, error.message);
      }
      if (error instanceof AccountsUnavailable) {
        throw new HttpError(
          503,
          "LiveChat's accounts server cannot be reached; try again shortly",
        );
      }
      throw error;
    }
    // The session never outlives the token it was made from.
    const sessionId = signer.issue(identity.agent, identity.expiresIn);
    res.json({ session_id: sessionId, agent: identity.agent });
  }

  app
    .route("/api/session")
    .post(readFields, createSession)
    .all(methodNotAllowed("POST"));
}

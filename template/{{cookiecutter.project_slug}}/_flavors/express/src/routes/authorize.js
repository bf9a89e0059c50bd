// LiveChat's basic authorization flow: the Agent App POSTs the agent's
// credentials to /authorize/.
import {
  AgentRejected,
  HttpError,
  LiveChatUnavailable,
  methodNotAllowed,
  readFields,
  requireStrings,
} from "../plumbing/index.js";

/**
 * @callback AuthorizeAgent
 * @param {string} login
 * @returns {Promise<boolean>}
 */

/**
 * Adds `POST /authorize/` to `app`.
 *
 * @param {import("express").Express} app
 * @param {object} options
 * @param {import("../plumbing/index.js").SessionSigner} options.signer
 * @param {import("../plumbing/index.js").AgentVerifier | null} options.verifier
 *   null only with VERIFY_AGENTS=false, in development
 * @param {AuthorizeAgent} options.authorizeAgent
 */
export function addAuthorizeRoute(app, { signer, verifier, authorizeAgent }) {
  /**
   * @param {import("express").Request} req
   * @param {import("express").Response} res
   */
  async function authorize(req, res) {
    // The API key is the agent's credential: it goes to LiveChat only, and is
    // never logged nor sent back.
    const { login, api_key: apiKey } = requireStrings(req.body, {
      login: 320,
      api_key: 512,
    });
    try {
      await verifier?.verify(login, apiKey);
    } catch (error) {
      if (error instanceof AgentRejected) {
        throw new HttpError(
          401,
          "LiveChat did not accept this login and API key",
        );
      }
      if (error instanceof LiveChatUnavailable) {
        throw new HttpError(
          503,
          "LiveChat's API could not be reached; try again",
        );
      }
      throw error;
    }
    // Only now is `login` known to be a LiveChat agent's: your rules decide.
    if (!(await authorizeAgent(login))) {
      throw new HttpError(401, "this agent may not use the extension");
    }
    res.json({ session_id: signer.issue(login) });
  }

  // LiveChat fixes the path at /authorize/. Express matches it with or without
  // the trailing slash, so /authorize is answered directly too, not redirected:
  // a redirected POST may lose its body.
  app
    .route("/authorize")
    .post(readFields, authorize)
    .all(methodNotAllowed("POST"));
}

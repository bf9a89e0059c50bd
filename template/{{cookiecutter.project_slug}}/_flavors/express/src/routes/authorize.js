// LiveChat's basic authorization flow: the Agent App POSTs the agent's
// credentials to /authorize/.
import {
  HttpError,
  methodNotAllowed,
  readFields,
  requireStrings,
} from "../plumbing/index.js";

/**
 * @callback AuthorizeAgent
 * @param {string} login
 * @param {string} apiKey
 * @returns {Promise<boolean>}
 */

/**
 * Adds `POST /authorize/` to `app`.
 *
 * @param {import("express").Express} app
 * @param {object} options
 * @param {import("../plumbing/index.js").SessionSigner} options.signer
 * @param {AuthorizeAgent} options.authorizeAgent
 */
export function addAuthorizeRoute(app, { signer, authorizeAgent }) {
  /**
   * @param {import("express").Request} req
   * @param {import("express").Response} res
   */
  async function authorize(req, res) {
    // The API key is the agent's credential: passed on, never logged nor sent.
    const { login, api_key: apiKey } = requireStrings(req.body, {
      login: 320,
      api_key: 512,
    });
    if (!(await authorizeAgent(login, apiKey))) {
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

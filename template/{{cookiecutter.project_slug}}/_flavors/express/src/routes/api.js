// The extension's own API: every endpoint here requires a session. Add yours
// beside GET /api/me.
import { Router } from "express";
{% if cookiecutter._sdks[cookiecutter.sdk].widgets %}
import { customerDetails } from "../customer-details.js";
{%- endif %}
import { HttpError, methodNotAllowed } from "../plumbing/index.js";
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

// LiveChat's customer ids are UUIDs or short tokens: anything else is refused
// before it reaches your lookup.
const CUSTOMER_ID = /^[A-Za-z0-9._:-]{1,128}$/;
{%- endif %}

/**
 * @param {import("../plumbing/index.js").SessionSigner} signer
 */
export function apiRouter(signer) {
  const router = Router();
  router.use(requireSession(signer));

  // Whose the session is: the sample of an endpoint that requires a session.
  router
    .route("/me")
    .get((req, res) => {
      const { agent, expiresAt } = res.locals.session;
      res.json({ agent, expires_at: expiresAt });
    })
    .all(methodNotAllowed("GET", "HEAD"));
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

  // The rows of the Chat Details widget's customer-details section, from your
  // customerDetails() in src/customer-details.js.
  router
    .route("/customers/:customerId/details")
    .get(async (req, res) => {
      const { customerId } = req.params;
      if (!CUSTOMER_ID.test(customerId)) {
        throw new HttpError(
          400,
          "the customer id must be 1 to 128 letters, digits or . _ : -",
        );
      }
      const rows = await customerDetails(customerId, res.locals.session.agent);
      res.json({
        rows: rows.map(({ label, value }) => ({
          label: String(label),
          value: String(value),
        })),
      });
    })
    .all(methodNotAllowed("GET", "HEAD"));
{%- endif %}

  return router;
}

/**
 * Puts the caller's session, from `Authorization: Bearer <session id>`, in
 * `res.locals.session`, or answers 401. The session id travels in a header, not
 * a cookie: inside the Agent App's iframe, cookies are third-party cookies that
 * browsers may block.
 *
 * @param {import("../plumbing/index.js").SessionSigner} signer
 * @returns {import("express").RequestHandler}
 */
export function requireSession(signer) {
  const challenge = { "WWW-Authenticate": "Bearer" };
  return (req, res, next) => {
    const [, sessionId] =
      /^Bearer +(\S+) *$/i.exec(req.get("Authorization") ?? "") ?? [];
    if (sessionId === undefined) {
      throw new HttpError(
        401,
        "send the session id as 'Authorization: Bearer <session id>'",
        challenge,
      );
    }
    const session = signer.verify(sessionId);
    if (session === null) {
      throw new HttpError(
        401,
        "the session id is invalid or has expired; authorize again",
        challenge,
      );
    }
    res.locals.session = session;
    next();
  };
}

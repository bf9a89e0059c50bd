// A health check for load balancers and Docker's HEALTHCHECK: it needs no
// session and calls nothing, so it stays cheap and answers while LiveChat is
// unreachable.
import { methodNotAllowed } from "../plumbing/index.js";

/**
 * Adds `GET /healthz` to `app`.
 *
 * @param {import("express").Express} app
 */
export function addHealthRoute(app) {
  app
    .route("/healthz")
    .get((req, res) => {
      res.json({ status: "ok" });
    })
    .all(methodNotAllowed("GET", "HEAD"));
}

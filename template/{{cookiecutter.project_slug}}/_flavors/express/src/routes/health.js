// A health check for load balancers and Docker's HEALTHCHECK: it needs no
// session and calls nothing, so it stays cheap and answers while LiveChat is
// unreachable.
import { Router } from "express";

import { methodNotAllowed } from "../errors.js";

export function healthRouter() {
  const router = Router();
  router
    .route("/healthz")
    .get((req, res) => {
      res.json({ status: "ok" });
    })
    .all(methodNotAllowed("GET", "HEAD"));
  return router;
}

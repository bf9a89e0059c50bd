// Every error the app answers is JSON `{"detail": "..."}`: a 4xx for the
// client's mistakes, a 500 only for the server's own.
import { STATUS_CODES } from "node:http";

/** An error to answer with its status and message; never quote a secret. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} detail
   * @param {Record<string, string>} [headers]
   */
  constructor(status, detail, headers = {}) {
    super(detail);
    this.name = "HttpError";
    this.status = status;
    this.headers = headers;
  }
}

/**
 * The handler of a path for the methods it does not take: a 405 that names
 * those it does.
 *
 * @param {...string} allowed
 * @returns {import("express").RequestHandler}
 */
export function methodNotAllowed(...allowed) {
  const headers = { Allow: allowed.join(", ") };
  return () => {
    throw new HttpError(405, "Method Not Allowed", headers);
  };
}

/**
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 */
export function notFound(req, res) {
  res.status(404).json({ detail: "Not Found" });
}

/**
 * @param {any} error whatever was thrown
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {import("express").NextFunction} next
 */
export function handleErrors(error, req, res, next) {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof HttpError) {
    res.status(error.status).set(error.headers).json({ detail: error.message });
    return;
  }
  const status = error?.status;
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    // A client error raised by Express or a middleware (a malformed URL, say):
    // its message may quote the request, so the status's name stands in.
    res.status(status).json({ detail: STATUS_CODES[status] });
    return;
  }
  // Only the stack: body-parser's errors carry the request body, secrets too.
  console.error(error instanceof Error ? error.stack : error);
  res.status(500).json({ detail: "Internal Server Error" });
}

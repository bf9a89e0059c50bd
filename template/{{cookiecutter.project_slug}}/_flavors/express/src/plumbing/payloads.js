// Reads small request bodies sent as JSON or form data, with clear 4xx errors.
import { isUtf8 } from "node:buffer";

import express from "express";

import { HttpError } from "./errors.js";

export const MAX_BODY_BYTES = 4 * 1024;

const tooLarge = () =>
  new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);

// Control characters (\r, \n, \t, \0 ...), line and paragraph separators, and
// the bidirectional controls that make a login read otherwise than it is: no
// login, API key or access token has them, and in a log line or a header they
// forge what follows.
const CONTROL_CHARACTERS =
  /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;

const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";
// LiveChat does not document how the Agent App encodes the /authorize/ body,
// and a browser's fetch() sends a string body as text/plain: bodies of these
// types may be JSON or form data.
const SNIFFED_TYPES = new Set(["", "text/plain"]);

/** @param {import("node:http").IncomingMessage} req */
const mediaType = (req) =>
  (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();

/**
 * Middleware for every path: answers 413 to a body whose Content-Length is over
 * the limit before reading any of it. A body sent in chunks has no length: the
 * parsers of readFields count it as they read it.
 *
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {import("express").NextFunction} next
 */
export function limitBodySize(req, res, next) {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    // Rather than read the rest of the body, the connection closes after the
    // answer.
    res.set("Connection", "close");
    throw tooLarge();
  }
  next();
}

// Form data is read as text and decoded strictly below, like the sniffed types:
// the API takes flat strings, which express.urlencoded() would nest, or accept
// from malformed bodies. readFields() picks the parser, so both take any type.
const parseJson = express.json({
  limit: MAX_BODY_BYTES,
  type: () => true,
  verify: requireUtf8,
});
const parseText = express.text({
  limit: MAX_BODY_BYTES,
  type: () => true,
  verify: requireUtf8,
});

/**
 * Middleware for a POST endpoint: leaves the body's fields in `req.body` as a
 * plain object, or answers 400 (not JSON, not an object, bad form data), 413
 * (too large) or 415 (another type).
 *
 * One middleware that reads the body with the parser of its type, rather than a
 * chain that offers the body to each parser in turn: every middleware a request
 * goes through costs it time.
 *
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {import("express").NextFunction} next
 */
export function readFields(req, res, next) {
  const type = mediaType(req);
  let parse;
  if (type === JSON_TYPE) {
    parse = parseJson;
  } else if (type === FORM_TYPE || SNIFFED_TYPES.has(type)) {
    parse = parseText;
  } else {
    // Refused before any of the body is read.
    throw new HttpError(
      415,
      "send the body as application/json or application/x-www-form-urlencoded",
    );
  }
  parse(req, res, (error) => {
    if (error) {
      next(bodyError(error));
      return;
    }
    try {
      // Without a body at all the parsers leave `req.body` undefined.
      req.body = decodeFields(type, req.body);
    } catch (decodeError) {
      next(decodeError);
      return;
    }
    next();
  });
}

/**
 * The named fields of `fields` as strings without surrounding whitespace; a 422
 * names every field that is missing, not a string, blank, too long or with
 * control characters, and never quotes a value.
 *
 * @template {string} Name
 * @param {Record<string, unknown>} fields
 * @param {Record<Name, number>} maxLengths
 * @returns {Record<Name, string>}
 */
export function requireStrings(fields, maxLengths) {
  const values = /** @type {Record<Name, string>} */ ({});
  /** @type {string[]} */
  const problems = [];
  const entries = /** @type {[Name, number][]} */ (Object.entries(maxLengths));
  for (const [name, maxLength] of entries) {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const text = typeof value === "string" ? value.trim() : value;
    if (text === undefined || text === null) {
      problems.push(`${name}: field required`);
    } else if (typeof text !== "string") {
      problems.push(`${name}: must be a string`);
    } else if (text === "") {
      problems.push(`${name}: must not be blank`);
    } else if (text.length > maxLength) {
      problems.push(`${name}: must be at most ${maxLength} characters`);
    } else if (CONTROL_CHARACTERS.test(text)) {
      problems.push(`${name}: must not contain control characters`);
    } else {
      values[name] = text;
    }
  }
  if (problems.length > 0) {
    throw new HttpError(422, problems.join("; "));
  }
  return values;
}

/**
 * Refuses bodies that are not UTF-8, which the parsers would decode into U+FFFD
 * characters and pass on as some other text.
 *
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {Buffer} body
 */
function requireUtf8(req, res, body) {
  // Only a check: the parser decodes the body afterwards, once.
  if (!isUtf8(body)) {
    throw new HttpError(400, "the body is not valid UTF-8");
  }
}

/**
 * body-parser's messages may quote the body, API key and all: ours do not.
 *
 * @param {any} error
 */
function bodyError(error) {
  if (error?.type === "entity.parse.failed") {
    return new HttpError(400, "the body is not a valid JSON object");
  }
  if (error?.type === "entity.too.large") {
    return tooLarge();
  }
  if (
    error?.type === "charset.unsupported" ||
    error?.type === "encoding.unsupported"
  ) {
    // These name the charset or the content encoding, nothing of the body.
    return new HttpError(415, error.message);
  }
  return error;
}

/**
 * The fields of a body that the parser of its media type has read.
 *
 * @param {string} type
 * @param {unknown} body
 * @returns {Record<string, unknown>}
 */
function decodeFields(type, body) {
  if (type === JSON_TYPE) {
    return jsonObject(body);
  }
  const text = typeof body === "string" ? body : "";
  return type === FORM_TYPE ? formFields(text) : sniffFields(text);
}

/**
 * @param {unknown} data
 * @returns {Record<string, unknown>}
 */
function jsonObject(data) {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new HttpError(400, "the body must be a JSON object");
  }
  return /** @type {Record<string, unknown>} */ (data);
}

/**
 * @param {string} text
 * @returns {Record<string, string>}
 */
function formFields(text) {
  // Strict, as the other flavors are: every field is "name=value".
  if (text !== "" && !text.split("&").every((pair) => pair.includes("="))) {
    throw new HttpError(400, "the body is not valid form data");
  }
  const fields = new URLSearchParams(text);
  const names = [...fields.keys()];
  // Which of two values would count is anybody's guess: neither does.
  if (new Set(names).size !== names.length) {
    throw new HttpError(400, "the form data has a field more than once");
  }
  return Object.fromEntries(fields);
}

/**
 * @param {string} text
 * @returns {Record<string, unknown>}
 */
function sniffFields(text) {
  try {
    return jsonObject(JSON.parse(text));
  } catch {
    return formFields(text);
  }
}

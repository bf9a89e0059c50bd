// The extension page that the Agent App shows in its sidebar.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { methodNotAllowed } from "../plumbing/index.js";

const PAGE = new URL("../../views/index.html", import.meta.url);

/** The scripts of LiveChat the page loads in production. */
export const LIVECHAT_SCRIPTS = Object.freeze({
  livechat_library_js: "{{ cookiecutter._livechat.extension_library_js }}",
{%- if cookiecutter.auth == "sign-in" %}
  accounts_sdk_js: "{{ cookiecutter._livechat.accounts_sdk_js }}",
{%- endif %}
});

/**
 * Their local stand-ins, which talk to the Agent App emulator: served under
 * /emulator/ in development only (see app.js).
 */
export const EMULATOR_SCRIPTS = Object.freeze({
  livechat_library_js: "emulator/livechat.js",
{%- if cookiecutter.auth == "sign-in" %}
  accounts_sdk_js: "emulator/accounts-sdk.js",
{%- endif %}
});

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * views/index.html is the page every lcext flavor shares, written as a Jinja
 * template for the Python ones. Its few runtime values are filled in here once
 * at startup rather than with a template engine; escaped, as some come from
 * the environment.
 *
 * @param {string} template
 * @param {Record<string, string>} values
 */
const fillIn = (template, values) =>
  template.replace(/\{\{ ([a-z_]+) \}\}/g, (placeholder, name) =>
    Object.hasOwn(values, name) ? escapeHtml(values[name]) : placeholder,
  );

/**
 * The answer to `GET /` for a page that never changes, made once at startup:
 * its bytes and the headers that describe them. Given a string, `res.send()`
 * would encode it and hash it for an ETag on every request.
 *
 * @param {string} html
 */
function prepareAnswer(html) {
  const body = Buffer.from(html);
  const hash = createHash("sha256").update(body).digest("base64url");
  return {
    body,
    // With an ETag already set, res.send() still answers 304 to a browser
    // whose copy is current, and hashes nothing.
    headers: { "Content-Type": "text/html; charset=utf-8", ETag: `"${hash}"` },
  };
}

/**
 * Adds the page, `GET /`, to `app`.
 *
 * @param {import("express").Express} app
 * @param {object} options
{%- if cookiecutter.auth == "sign-in" %}
 * @param {string} options.clientId the app's Client Id, which the page hands
 *   to LiveChat's accounts SDK
{%- endif %}
 * @param {boolean} options.development whether the Agent App emulator is
 *   served: only then does `?lcext_emulator=1` give the page the stand-ins of
 *   LiveChat's scripts
 */
export function addPageRoute(app, { {% if cookiecutter.auth == "sign-in" %}clientId, {% endif %}development }) {
  const template = readFileSync(PAGE, "utf8");
{%- if cookiecutter.auth == "sign-in" %}
  const values = { client_id: clientId };
{%- else %}
  const values = {};
{%- endif %}
  // The same for every agent: made once.
  const page = prepareAnswer(
    fillIn(template, { ...values, ...LIVECHAT_SCRIPTS }),
  );
  const emulatorPage = development
    ? prepareAnswer(fillIn(template, { ...values, ...EMULATOR_SCRIPTS }))
    : page;
  app
    .route("/")
    .get((req, res) => {
      // Only in development: in production the query is not even parsed.
      const { body, headers } =
        development && req.query.lcext_emulator === "1" ? emulatorPage : page;
      res.set(headers).send(body);
    })
    .all(methodNotAllowed("GET", "HEAD"));
}

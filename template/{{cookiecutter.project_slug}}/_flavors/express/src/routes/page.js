// The extension page that the Agent App shows in its sidebar.
import { readFileSync } from "node:fs";

import { Router } from "express";

import { methodNotAllowed } from "../errors.js";

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
 * @param {object} options
{%- if cookiecutter.auth == "sign-in" %}
 * @param {string} options.clientId the app's Client Id, which the page hands
 *   to LiveChat's accounts SDK
{%- endif %}
 * @param {boolean} options.development whether the Agent App emulator is
 *   served: only then does `?lcext_emulator=1` give the page the stand-ins of
 *   LiveChat's scripts
 */
export function pageRouter({ {% if cookiecutter.auth == "sign-in" %}clientId, {% endif %}development }) {
  const template = readFileSync(PAGE, "utf8");
{%- if cookiecutter.auth == "sign-in" %}
  const values = { client_id: clientId };
{%- else %}
  const values = {};
{%- endif %}
  // The same for every agent: made once.
  const page = fillIn(template, { ...values, ...LIVECHAT_SCRIPTS });
  const emulatorPage = development
    ? fillIn(template, { ...values, ...EMULATOR_SCRIPTS })
    : page;
  const router = Router();
  router
    .route("/")
    .get((req, res) => {
      res
        .type("html")
        .send(req.query.lcext_emulator === "1" ? emulatorPage : page);
    })
    .all(methodNotAllowed("GET", "HEAD"));
  return router;
}

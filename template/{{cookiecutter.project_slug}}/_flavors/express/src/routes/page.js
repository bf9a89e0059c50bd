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

{% include "node/express/page-answer.js" %}

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

// The widget pages the Agent App shows: Chat Details beside a chat, an app in
// the message box, and a fullscreen page of its own.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { methodNotAllowed } from "../plumbing/index.js";

/**
 * Each page's path and its file in views/; the Developers Console (or
 * livechat.config.json) places each URL: `placement` says where.
 */
export const WIDGETS = Object.freeze([
{%- for widget in cookiecutter._livechat.widgets %}
  {
    path: "/{{ widget.path }}",
    view: "{{ widget.name }}.html",
    placement: "{{ widget.placement }}",
  },
{%- endfor %}
]);

{% include "node/express/page-answer.js" %}

/**
 * Adds the widget pages to `app`: `GET /`, `/messagebox` and `/fullscreen`.
 *
 * @param {import("express").Express} app
 * @param {object} options
 * @param {string} options.clientId the app's Client Id, which the Details
 *   page hands to LiveChat's accounts SDK
 * @param {string} options.accountsUrl LiveChat's accounts server, where the
 *   accounts SDK opens its sign-in popup
 */
export function addWidgetRoutes(app, { clientId, accountsUrl }) {
  // The popup answers by postMessage from exactly this origin: no trailing
  // slash.
  const values = {
    client_id: clientId,
    accounts_url: accountsUrl.replace(/\/+$/, ""),
  };
  for (const { path, view } of WIDGETS) {
    const template = readFileSync(
      new URL(`../../views/${view}`, import.meta.url),
      "utf8",
    );
    // The same for every agent: made once.
    const { body, headers } = prepareAnswer(fillIn(template, values));
    app
      .route(path)
      .get((req, res) => {
        res.set(headers).send(body);
      })
      .all(methodNotAllowed("GET", "HEAD"));
  }
}

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

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The pages are the ones every lcext flavor shares, written as Jinja templates
 * for the Python ones. Their two runtime values are filled in here once at
 * startup rather than with a template engine; escaped, as they come from the
 * environment.
 *
 * @param {string} template
 * @param {Record<string, string>} values
 */
const fillIn = (template, values) =>
  template.replace(/\{\{ ([a-z_]+) \}\}/g, (placeholder, name) =>
    Object.hasOwn(values, name) ? escapeHtml(values[name]) : placeholder,
  );

/**
 * The answer for a page that never changes, made once at startup: its bytes
 * and the headers that describe them. Given a string, `res.send()` would
 * encode it and hash it for an ETag on every request.
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

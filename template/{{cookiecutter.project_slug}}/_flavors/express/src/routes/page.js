// The extension page that the Agent App shows in its sidebar.
import { readFileSync } from "node:fs";

import { Router } from "express";

import { methodNotAllowed } from "../errors.js";

const PAGE = new URL("../../views/index.html", import.meta.url);
{%- if cookiecutter.auth == "sign-in" %}

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * @param {string} clientId the app's Client Id, which the page hands to
 *   LiveChat's accounts SDK
 */
export function pageRouter(clientId) {
  // views/index.html is the page every lcext flavor shares, written as a Jinja
  // template for the Python ones. Its one runtime value, the client id, is
  // filled in here once at startup rather than with a template engine for a
  // single attribute; escaped, as it comes from the environment.
  const html = readFileSync(PAGE, "utf8").replace(
    /\{\{ client_id \}\}/,
    escapeHtml(clientId),
  );
{%- else %}

export function pageRouter() {
  // Read once at startup: the page is the same for every agent.
  const html = readFileSync(PAGE, "utf8");
{%- endif %}
  const router = Router();
  router
    .route("/")
    .get((req, res) => {
      res.type("html").send(html);
    })
    .all(methodNotAllowed("GET", "HEAD"));
  return router;
}

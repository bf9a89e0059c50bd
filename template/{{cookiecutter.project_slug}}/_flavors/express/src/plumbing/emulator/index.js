// The route of the Agent App emulator, development only: /emulator/ serves the
// files of this folder, each at the URL the emulator and the page use.
import { fileURLToPath } from "node:url";

import { Router } from "express";

/** The URL of each file, under /emulator, and the file. */
const FILES = Object.freeze({
  "/": "emulator.html",
  "/emulator.js": "emulator.js",
  "/emulator.css": "emulator.css",
  "/customers.json": "customers.json",
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  "/postmessage.js": "postmessage.js",
{%- else %}
  "/livechat.js": "livechat-stand-in.js",
{%- if cookiecutter.auth == "sign-in" %}
  "/accounts-sdk.js": "accounts-sdk-stand-in.js",
{%- endif %}
{%- endif %}
});

/**
 * Adds /emulator/ to `app`: open it to try the page as the Agent App shows it.
 * Any other path under /emulator/, this module included, is the JSON 404 of a
 * path that is not there; so is all of /emulator/ without this route, as in
 * production.
 *
 * @param {import("express").Express} app
 */
export function addEmulatorRoute(app) {
  const router = Router({ caseSensitive: true, strict: true });
  for (const [path, file] of Object.entries(FILES)) {
    const location = fileURLToPath(new URL(file, import.meta.url));
    // GET and HEAD, with an ETag and Last-Modified for the browser's cache.
    router.get(path, (req, res, next) => {
      const { pathname, search } = new URL(req.originalUrl, "http://localhost");
      if (!pathname.endsWith("/") && path === "/") {
        // The emulator's page names its files relative to /emulator/.
        res.redirect(301, `/emulator/${search}`);
        return;
      }
      res.sendFile(location, (error) => error && next(error));
    });
  }
  app.use("/emulator", router);
}

{%- set cli = cookiecutter._livechat.developer_cli -%}
// The Client Id from livechat.config.json, the app's manifest for LiveChat's
// developer CLI: `lcdev bootstrap` (see "Register it" in the README) registers
// the app from it and writes the Client Id it gets into auth.clientId there.
// The app takes LIVECHAT_CLIENT_ID when that is set (production sets it), else
// the manifest's, and says in development which one it uses.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The project's manifest, beside package.json. */
export const MANIFEST_FILE = fileURLToPath(
  new URL("../../livechat.config.json", import.meta.url),
);

export const MISSING_CLIENT_ID =
  "set LIVECHAT_CLIENT_ID to your app's Client Id, or register the app with " +
  "`npx {{ cli.package }}@{{ cli.version }} bootstrap`, which writes it " +
  'into auth.clientId in livechat.config.json (see "Register it" in the README)';

/** The manifest is there but unreadable; the message says where and what. */
export class ManifestError extends Error {
  name = "ManifestError";
}

/**
 * auth.clientId in the manifest at `path`; null without a manifest (or a
 * null path), or without a Client Id in it.
 *
 * @param {string | null} [path]
 * @returns {string | null}
 */
export function manifestClientId(path = MANIFEST_FILE) {
  if (path === null) return null;
  let data;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT") {
      return null;
    }
    throw new ManifestError(
      `${path} is not readable JSON (${/** @type {Error} */ (error).message})`,
    );
  }
  const clientId = data?.auth?.clientId;
  // `lcdev bootstrap` writes "" there when it could not set up the authorization.
  return typeof clientId === "string" && clientId.trim() ? clientId.trim() : null;
}

/**
 * The Client Id the app uses: `fromEnvironment` (LIVECHAT_CLIENT_ID) when
 * set, else the manifest's; null when neither has one. In development it says
 * which one it took when the manifest has one, so that a stale one in either
 * place is noticed.
 *
 * @param {string | undefined} fromEnvironment
 * @param {object} options
 * @param {string | null} [options.manifest] the manifest's path; null: none
 * @param {boolean} options.development
 * @returns {string | null}
 */
export function chooseClientId(
  fromEnvironment,
  { manifest = MANIFEST_FILE, development },
) {
  const own = fromEnvironment?.trim() || null;
  let fromManifest;
  try {
    fromManifest = manifestClientId(manifest);
  } catch (error) {
    if (own === null) throw error;
    // LIVECHAT_CLIENT_ID is set: a broken manifest does not stop the app.
    console.warn(`${/** @type {Error} */ (error).message}; using LIVECHAT_CLIENT_ID`);
    return own;
  }
  if (own !== null) {
    // Said only when there is a choice: the manifest has a Client Id too.
    if (development && fromManifest !== null) {
      const which = fromManifest === own ? "the same one" : "another one";
      console.warn(
        `Client Id: LIVECHAT_CLIENT_ID (livechat.config.json has ${which} in auth.clientId)`,
      );
    }
    return own;
  }
  if (fromManifest !== null && development) {
    console.warn(
      `Client Id: LIVECHAT_CLIENT_ID is not set, so auth.clientId from ${manifest}`,
    );
  }
  return fromManifest;
}

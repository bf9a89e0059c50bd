// The request plumbing: what every request goes through before and after your
// routes, and the servers that run the app. You rarely need to edit any of it;
// app.js and routes/ import it from here.
//
// - security.js: the security headers and Content-Security-Policy of every answer
// - payloads.js: the 4 KiB body limit, and reading JSON or form bodies into fields
// - errors.js: HttpError and the JSON answers of errors (404, 405, 500, ...)
// - sessions.js: the signed, expiring session ids
{%- if cookiecutter.auth == "sign-in" %}
// - accounts.js: the access token checks with LiveChat's accounts server, cached
{%- else %}
// - livechat-api.js: the login and API key checks with LiveChat's REST API, cached
{%- endif %}
// - upstream.js: calls to LiveChat's servers, with a deadline and a size limit
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
// - emulator/: the Agent App emulator, which hosts the widget pages over the
//   widgets SDK's own protocol, served under /emulator/ in development only
//   (emulator/index.js)
// - build-vendor.mjs: `npm run vendor`, which builds static/vendor/ and
//   emulator/postmessage.js from the pinned packages in node_modules
{%- else %}
// - emulator/: the Agent App emulator and the stand-ins of LiveChat's scripts,
//   served under /emulator/ in development only (emulator/index.js)
{%- endif %}
// - dev-server.js and devcert.js: `npm run dev`, over HTTPS with a self-signed
//   certificate for localhost
// - cluster.js: `npm start`, the production server's worker processes
{%- if cookiecutter.auth == "sign-in" %}
export { AccountsClient, AccountsUnavailable, TokenRejected } from "./accounts.js";
{%- else %}
export {
  AgentRejected,
  AgentVerifier,
  LiveChatUnavailable,
} from "./livechat-api.js";
{%- endif %}
export { addEmulatorRoute } from "./emulator/index.js";
export { HttpError, handleErrors, methodNotAllowed, notFound } from "./errors.js";
export { limitBodySize, readFields, requireStrings } from "./payloads.js";
export { securityHeaders } from "./security.js";
export { SessionSigner } from "./sessions.js";

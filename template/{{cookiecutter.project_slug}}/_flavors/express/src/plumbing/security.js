{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
// The security headers of every answer: the widget pages must stay frameable
// by the Agent App, and load nothing but this app's own files (LiveChat's SDKs
// are served from static/vendor/).
{%- else -%}
// The security headers of every answer: the page must stay frameable by the
// Agent App, and load nothing but LiveChat's scripts.

/** Where the LiveChat scripts and stylesheet of the page come from. */
const SCRIPT_ORIGINS = {{ cookiecutter._livechat.script_origins | tojson }};
{%- if cookiecutter.auth == "sign-in" %}

/** Where Sign in with LiveChat's SDK connects to and opens its frames. */
const ACCOUNTS_ORIGINS = [
{%- for origin in cookiecutter._livechat.accounts_origins %}
  "{{ origin }}",
{%- endfor %}
];
{%- endif %}
{%- endif %}

/**
 * The Content-Security-Policy of the app's answers.
 *
 * In development the Agent App emulator, served by the app itself under
 * /emulator/, frames the page too: the page's own origin ('self') may then frame
 * it and be framed. Never in production.
 *
 * @param {readonly string[]} agentAppOrigins the sites that may frame the page
 * @param {boolean} [development]
 */
export function contentSecurityPolicy(agentAppOrigins, development = false) {
  const emulator = development ? ["'self'"] : [];
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  // The pages load their scripts and stylesheet from this app, and talk to its
  // API only: the accounts SDK's sign-in is a popup, which no directive governs.
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": development ? emulator : ["'none'"],
    // Instead of X-Frame-Options, which cannot name the Agent App.
    "frame-ancestors": [...agentAppOrigins, ...emulator],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  };
{%- else %}
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...SCRIPT_ORIGINS],
    "style-src": ["'self'", ...SCRIPT_ORIGINS],
    "font-src": ["'self'", ...SCRIPT_ORIGINS, "data:"],
    // Broad on purpose: LiveChat's stylesheet and the accounts SDK's button
    // load images from hosts that LiveChat does not document.
    "img-src": ["'self'", "data:", "https:"],
{%- if cookiecutter.auth == "sign-in" %}
    "connect-src": ["'self'", ...ACCOUNTS_ORIGINS],
    "frame-src": [...emulator, ...ACCOUNTS_ORIGINS],
{%- else %}
    "connect-src": ["'self'"],
    "frame-src": development ? emulator : ["'none'"],
{%- endif %}
    // Instead of X-Frame-Options, which cannot name the Agent App.
    "frame-ancestors": [...agentAppOrigins, ...emulator],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  };
{%- endif %}
}

/**
 * The Content-Security-Policy header's value: `name source source;name ...`.
 *
 * @param {Record<string, string[]>} directives
 */
function serializePolicy(directives) {
  return Object.entries(directives)
    .map(([name, sources]) => {
      for (const source of sources) {
        // A ";" or "," would end the directive, or the policy, early: an
        // origin with one is a mistake in AGENT_APP_ORIGINS, not a policy.
        if (/[;,]/.test(source)) {
          throw new Error(`${source} cannot go into a Content-Security-Policy`);
        }
      }
      return [name, ...sources].join(" ");
    })
    .join(";");
}

/** Strict-Transport-Security: a year, subdomains included. */
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Middleware that sets the security headers on every answer: the page, static
 * files, the API and errors alike. (The app also never sends X-Powered-By: see
 * app.js.)
 *
 * They are the same for every request (but HSTS), so they are worked out once,
 * here, and set by one middleware. helmet, the usual package for them, runs one
 * middleware per header: a dozen steps that every request went through.
 *
 * @param {readonly string[]} agentAppOrigins
 * @param {boolean} [development] whether the Agent App emulator may frame the
 *   page
 * @returns {import("express").RequestHandler}
 */
export function securityHeaders(agentAppOrigins, development = false) {
  const headers = Object.entries({
    "Content-Security-Policy": serializePolicy(
      contentSecurityPolicy(agentAppOrigins, development),
    ),
    // Only the pages of this site may embed its files with <script>, <img> and
    // the like. It governs such no-cors loads, not the Agent App's frame.
    "Cross-Origin-Resource-Policy": "same-origin",
    // The page gets a process of its own where the browser can give it one.
    "Origin-Agent-Cluster": "?1",
    // Other sites learn this site's origin from links, not the page's path.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // Browsers take each file for its Content-Type, never guess another.
    "X-Content-Type-Options": "nosniff",
    // The rest turn off old browser features that no page here uses: DNS
    // prefetching, Internet Explorer's "open" of downloads, Flash's and PDF's
    // cross-domain policies, and the XSS filter, which did more harm than good.
    "X-DNS-Prefetch-Control": "off",
    "X-Download-Options": "noopen",
    "X-Permitted-Cross-Domain-Policies": "none",
    "X-XSS-Protection": "0",
    // Never X-Frame-Options: it can only say DENY or SAMEORIGIN, and either
    // keeps the page out of the Agent App; frame-ancestors decides who may
    // frame it. Nor Cross-Origin-Opener-Policy: it does nothing in the Agent
    // App's frame, and would cut off the Sign in with LiveChat popup from the
    // page that opened it.
  });
  return (req, res, next) => {
    for (const [name, value] of headers) {
      res.setHeader(name, value);
    }
    // Browsers ignore HSTS over plain HTTP.
    if (cameOverHttps(req)) {
      res.setHeader("Strict-Transport-Security", HSTS);
    }
    next();
  };
}

/**
 * Whether the browser's request came over HTTPS: to this server, or, with
 * TRUST_PROXY, to the proxy in front. Express's req.secure reads the first
 * X-Forwarded-Proto entry, which a client can write when the proxy appends
 * its own; the proxy's is the last one.
 * @param {import("express").Request} req
 */
function cameOverHttps(req) {
  if (/** @type {import("node:tls").TLSSocket} */ (req.socket).encrypted) return true;
  const trusted = req.app.get("trust proxy fn");
  if (!trusted(req.socket.remoteAddress, 0)) return false;
  const entries = String(req.get("X-Forwarded-Proto") ?? "").split(",");
  return entries[entries.length - 1].trim().toLowerCase() === "https";
}

// The security headers of every answer, set with helmet: the page must stay
// frameable by the Agent App, and load nothing but LiveChat's scripts.
import helmet, { strictTransportSecurity } from "helmet";

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
}

/**
 * Middleware that sets the security headers on every answer: the page, static
 * files, the API and errors alike.
 *
 * @param {readonly string[]} agentAppOrigins
 * @param {boolean} [development] whether the Agent App emulator may frame the
 *   page
 * @returns {import("express").RequestHandler[]}
 */
export function securityHeaders(agentAppOrigins, development = false) {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: contentSecurityPolicy(agentAppOrigins, development),
    },
    // X-Frame-Options can only say DENY or SAMEORIGIN, and either keeps the
    // page out of the Agent App: frame-ancestors decides who may frame it.
    xFrameOptions: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    // Does nothing in the Agent App's frame, and would cut off the Sign in
    // with LiveChat popup from the page that opened it.
    crossOriginOpenerPolicy: false,
    // Sent below, only over HTTPS.
    strictTransportSecurity: false,
    // helmet's other defaults are kept: X-Content-Type-Options: nosniff,
    // Cross-Origin-Resource-Policy: same-origin (it governs no-cors loads,
    // not the Agent App's frame), Origin-Agent-Cluster, X-DNS-Prefetch-Control,
    // X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection: 0,
    // and no X-Powered-By.
  });
  const hsts = strictTransportSecurity({
    maxAge: 31_536_000,
    includeSubDomains: true,
  });
  return [
    headers,
    // Browsers ignore HSTS over plain HTTP. Behind a proxy that terminates
    // HTTPS, req.secure believes its X-Forwarded-Proto only with TRUST_PROXY.
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}

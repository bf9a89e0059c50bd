{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
// plumbing/ is for development only, and nothing in it is published: this server, the builder
// of static/vendor/ (build-vendor.mjs, `npm run vendor`) and, in emulator/, the Agent App
// emulator that hosts the widget pages. You rarely need to edit any of it.
//
// The development server: `npm run dev` serves the site and the Agent App emulator over HTTPS on
// https://localhost:8000, with a self-signed certificate for localhost made on first run into
// .devcert/ (git-ignored). Production is the plain files (see the README). The pages are served
// exactly as they are published: they run the vendored SDKs in the emulator too.
{%- else -%}
// plumbing/ is for development only, and nothing in it is published: this server and, in
// emulator/, the Agent App emulator with the stand-ins of LiveChat's scripts. You rarely need to
// edit any of it.
//
// The development server: `npm run dev` serves the site and the Agent App emulator over HTTPS on
// https://localhost:8000, with a self-signed certificate for localhost made on first run into
// .devcert/ (git-ignored). Production is the plain files (see the README).
//
// For the emulator's iframe (a page request carrying lcext_emulator=1) it serves index.html with
// LiveChat's two scripts swapped for their local stand-ins; every other request for the page gets
// index.html exactly as it is published.
{%- endif %}
import { X509Certificate } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import selfsigned from "selfsigned";

// The project's folder, where the site is.
const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CERT_DIR = join(ROOT, ".devcert");
{%- if not cookiecutter._sdks[cookiecutter.sdk].widgets %}

// LiveChat's scripts in index.html, and the stand-ins the emulator's iframe gets instead.
export const STAND_INS = [
  ["{{ cookiecutter._livechat.extension_library_js }}", "emulator/livechat.js"],
  ["{{ cookiecutter._livechat.accounts_sdk_js }}", "emulator/accounts-sdk.js"],
];
// The accounts SDK needs a Client Id before the sign-in can start. While data-client-id in
// index.html is still empty, emulator requests (only those) get this development value, which
// only the emulator's stand-in accepts; a real Client Id in index.html is left as it is.
export const EMULATOR_CLIENT_ID = "lcext-emulator-client-id";
{%- endif %}

{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

// The widget pages, each at its URL: "/" is the Chat Details page, index.html.
export const PAGES = [
{%- for widget in cookiecutter._livechat.widgets %}
  "{% if widget.path %}{{ widget.path }}{% else %}index{% endif %}.html",
{%- endfor %}
];

// What the server serves: the pages, static/ and the emulator's files at the URLs the emulator
// knows them by. Never .devcert/ (the private key), node_modules/, the tests or this script.
{%- else %}

// What the server serves: the page, static/ and the emulator's files at the URLs the emulator and
// the stand-ins are known by. Never .devcert/ (the private key), node_modules/, the tests or this
// script.
{%- endif %}
const EMULATOR_FILES = {
  "/emulator/": "emulator.html",
  "/emulator/emulator.js": "emulator.js",
  "/emulator/emulator.css": "emulator.css",
  "/emulator/customers.json": "customers.json",
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  "/emulator/postmessage.js": "postmessage.js",
{%- else %}
  "/emulator/livechat.js": "livechat-stand-in.js",
  "/emulator/accounts-sdk.js": "accounts-sdk-stand-in.js",
{%- endif %}
};
const EMULATOR_DIR = join("plumbing", "emulator");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};
const CERT_DAYS = 365; // browsers refuse certificates valid for more than 398 days

/** The certificate for localhost in `dir`, made (or remade, once expired) with `selfsigned`. */
export async function localhostCertificate(dir = CERT_DIR) {
  const keyFile = join(dir, "localhost-key.pem");
  const certFile = join(dir, "localhost-cert.pem");
  try {
    const [key, cert] = await Promise.all([readFile(keyFile, "utf8"), readFile(certFile, "utf8")]);
    const validTo = new Date(new X509Certificate(cert).validTo);
    if (validTo.getTime() - Date.now() > 24 * 60 * 60 * 1000) return { key, cert };
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + CERT_DAYS * 24 * 60 * 60 * 1000);
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  await mkdir(dir, { recursive: true });
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  await writeFile(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert };
}
{%- if not cookiecutter._sdks[cookiecutter.sdk].widgets %}

/** index.html as the emulator's iframe gets it: LiveChat's scripts swapped for the stand-ins. */
export function emulatorPage(html) {
  let page = html;
  for (const [livechat, standIn] of STAND_INS) {
    const tag = `<script src="${livechat}"></script>`;
    if (!page.includes(tag)) {
      throw new Error(`index.html no longer loads ${livechat}: the emulator cannot swap it.`);
    }
    page = page.replace(tag, `<script src="${standIn}"></script>`);
  }
  return page.replace('data-client-id=""', `data-client-id="${EMULATOR_CLIENT_ID}"`);
}
{%- endif %}

/** The file a URL path names, or null for anything outside what the server serves. */
function servedFile(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  if (path === "/") return "index.html";
  if (PAGES.includes(path.slice(1))) return path.slice(1);
{%- else %}
  if (path === "/" || path === "/index.html") return "index.html";
{%- endif %}
  // Published beside the pages, which read their Client Id there (see "Configure" in the README).
  if (path === "/livechat.config.json") return "livechat.config.json";
  if (Object.hasOwn(EMULATOR_FILES, path)) return join(EMULATOR_DIR, EMULATOR_FILES[path]);
  const relative = normalize(path.slice(1));
  const [top] = relative.split(sep);
  if (relative.startsWith("..") || top !== "static" || relative.includes("\0")) {
    return null;
  }
  return relative;
}

function answer(response, status, body, type = "text/plain; charset=utf-8", extra = {}) {
  response.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...extra,
  });
  response.end(body);
}

/** The request handler: the site and the emulator, from `root`. */
export function handler(root = ROOT) {
  return async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      answer(response, 405, "Method not allowed\n", undefined, { Allow: "GET, HEAD" });
      return;
    }
    const url = new URL(request.url, "http://localhost");
    if (url.pathname === "/emulator") {
      answer(response, 308, "", undefined, { Location: `/emulator/${url.search}` });
      return;
    }
    const file = servedFile(url.pathname);
    const path = file && join(root, file);
    if (!path || !(await stat(path).catch(() => null))?.isFile()) {
      answer(response, 404, "Not found\n");
      return;
    }
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    const body = await readFile(path);
{%- else %}
    let body = await readFile(path);
    if (file === "index.html" && url.searchParams.get("lcext_emulator") === "1") {
      try {
        body = emulatorPage(body.toString("utf8"));
      } catch (error) {
        answer(response, 500, `${error.message}\n`);
        return;
      }
    }
{%- endif %}
    answer(response, 200, body, TYPES[extname(path)] || "application/octet-stream");
  };
}

/** An HTTPS server with the localhost certificate, or a plain HTTP one with `https: false`. */
export async function createDevServer({ https = true, root = ROOT, certDir = CERT_DIR } = {}) {
  if (!https) return createHttpServer(handler(root));
  return createHttpsServer(await localhostCertificate(certDir), handler(root));
}

/** Which Client Id the page uses: data-client-id in index.html, else the manifest's. */
export async function clientIdSource(root = ROOT) {
  const page = await readFile(join(root, "index.html"), "utf8");
  if (/data-client-id="[^"\s]+"/.test(page)) return "Client Id: data-client-id in index.html";
  const manifest = await readFile(join(root, "livechat.config.json"), "utf8").catch(() => "{}");
  let clientId;
  try {
    clientId = JSON.parse(manifest).auth?.clientId;
  } catch {
    return "Client Id: none, and livechat.config.json is not valid JSON";
  }
  return typeof clientId === "string" && clientId.trim()
    ? "Client Id: auth.clientId in livechat.config.json (data-client-id in index.html is empty)"
    : "Client Id: none yet. Put it in data-client-id in index.html, or register the app with " +
        'lcdev bootstrap, which writes it into livechat.config.json (see "Register it")';
}

async function main() {
  const port = Number(process.env.PORT || 8000);
  const host = process.env.HOST || "localhost";
  const server = await createDevServer();
  server.listen(port, host, () => {
    console.log(`Serving https://localhost:${port}/ (the page as published)`);
    console.log(`Agent App emulator: https://localhost:${port}/emulator/`);
    console.log("The certificate is self-signed: accept it once in the browser. Ctrl+C stops.");
  });
  console.log(await clientIdSource());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

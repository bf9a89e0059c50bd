{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
// The development server and what gets published: the certificate it makes is one TLS accepts
// for localhost, it serves the pages as published and nothing but the site and the emulator, and
// the published pages never reference the emulator or another site.
{%- else -%}
// The development server and what gets published: the certificate it makes is one TLS accepts
// for localhost, it swaps in the stand-ins for the emulator's iframe only, it serves nothing but
// the site and the emulator, and the published page never references the emulator or a stand-in.
{%- endif %}
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { after, before, describe, test } from "node:test";
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
import { PAGES, createDevServer, localhostCertificate } from "../plumbing/dev-server.mjs";

const PROJECT = new URL("../", import.meta.url);
const PAGE = readFileSync(new URL("index.html", PROJECT), "utf8");
// Words that only development pages and files contain.
const DEVELOPMENT_ONLY = /emulator\/|lcext_emulator|stand-in|postmessage\.js/i;
{%- else %}
import {
  EMULATOR_CLIENT_ID,
  STAND_INS,
  createDevServer,
  emulatorPage,
  localhostCertificate,
} from "../plumbing/dev-server.mjs";

const PROJECT = new URL("../", import.meta.url);
const PAGE = readFileSync(new URL("index.html", PROJECT), "utf8");
const LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}";
const ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}";
// Words that only development pages and files contain.
const DEVELOPMENT_ONLY = /emulator|stand-in|lcext_emulator|accounts-sdk\.js|livechat\.js/i;
{%- endif %}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server.address().port;
}

function close(server) {
  return new Promise((resolve) => server.close(resolve));
}

describe("the published site", () => {
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
  test("the pages load the vendored SDKs from the site itself, and no emulator file", () => {
    for (const name of PAGES) {
      const html = readFileSync(new URL(name, PROJECT), "utf8");
      const scripts = [...html.matchAll(/<script src="([^"]*)"/g)].map(([, src]) => src);
      assert.equal(scripts[0], "static/vendor/agentapp.umd.min.js", name);
      assert.ok(scripts.every((src) => src.startsWith("static/")), `${name}: ${scripts}`);
      // The emulator's name may be in the explanation outside the Agent App; never a URL.
      assert.doesNotMatch(html, /(src|href)="[^"]*emulator/, name);
    }
  });

  test("static/ references no emulator or stand-in either", () => {
    for (const name of readdirSync(new URL("static/", PROJECT))) {
      if (name === "vendor") continue; // LiveChat's SDKs, checked by vendor.test.js
      const text = readFileSync(new URL(`static/${name}`, PROJECT), "utf8");
      assert.doesNotMatch(text, DEVELOPMENT_ONLY, name);
    }
  });
{%- else %}
  test("index.html loads LiveChat's own scripts and no emulator or stand-in", () => {
    assert.ok(PAGE.includes(`<script src="${LIBRARY_JS}"></script>`));
    assert.ok(PAGE.includes(`<script src="${ACCOUNTS_SDK_JS}"></script>`));
    assert.doesNotMatch(PAGE, DEVELOPMENT_ONLY);
  });

  test("static/ references no emulator or stand-in either", () => {
    for (const name of readdirSync(new URL("static/", PROJECT))) {
      const text = readFileSync(new URL(`static/${name}`, PROJECT), "utf8");
      assert.doesNotMatch(text, DEVELOPMENT_ONLY, name);
    }
  });
{%- endif %}
});

describe("the certificate step", () => {
  let certDir;
  before(async () => {
    certDir = await mkdtemp(join(tmpdir(), "devcert-"));
  });
  after(() => rm(certDir, { recursive: true, force: true }));

  test("makes a certificate Node's TLS accepts for localhost, and reuses it", async () => {
    const { key, cert } = await localhostCertificate(certDir);
    const x509 = new X509Certificate(cert);
    assert.equal(x509.checkHost("localhost"), "localhost");
    assert.equal(x509.checkIP("127.0.0.1"), "127.0.0.1");
    assert.ok(new Date(x509.validTo) > new Date());

    const server = createServer({ key, cert }, (_, response) => response.end("ok"));
    const port = await listen(server);
    try {
      // Trusting only this certificate, with the host name checked as a browser checks it.
      const authorized = await new Promise((resolve, reject) => {
        const socket = connect({ host: "127.0.0.1", port, servername: "localhost", ca: cert }, () => {
          resolve(socket.authorized);
          socket.end();
        });
        socket.on("error", reject);
      });
      assert.equal(authorized, true);
    } finally {
      await close(server);
    }

    assert.deepEqual(await localhostCertificate(certDir), { key, cert });
    assert.equal(await readFile(join(certDir, "localhost-cert.pem"), "utf8"), cert);
  });
});

describe("the development server", () => {
  let server;
  let port;
  before(async () => {
    server = await createDevServer({ https: false });
    port = await listen(server);
  });
  after(() => close(server));

  function get(path) {
    return new Promise((resolve, reject) => {
      request({ host: "127.0.0.1", port, path }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode, response, body }));
      })
        .on("error", reject)
        .end();
    });
  }
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

  test("serves each page as published", async () => {
    for (const name of PAGES) {
      const published = readFileSync(new URL(name, PROJECT), "utf8");
      const paths = name === "index.html" ? ["/", "/index.html", "/?plugin_id=x"] : [`/${name}`];
      for (const path of paths) {
        const { status, body } = await get(path);
        assert.equal(status, 200, path);
        assert.equal(body, published, path);
      }
    }
  });

  test("serves the emulator, the parent side of the protocol and the vendored SDKs", async () => {
    assert.equal((await get("/emulator")).response.headers.location, "/emulator/");
    for (const path of [
      "/emulator/",
      "/emulator/emulator.js",
      "/emulator/emulator.css",
      "/emulator/customers.json",
      "/emulator/postmessage.js",
      "/static/widget.js",
      "/static/widgets.css",
      "/static/vendor/agentapp.umd.min.js",
      "/static/vendor/accounts-sdk.js",
    ]) {
      assert.equal((await get(path)).status, 200, path);
    }
    assert.ok(JSON.parse((await get("/emulator/customers.json")).body).length >= 3);
  });

  test("serves nothing else: not the certificate's key, the tests or the packages", async () => {
    for (const path of [
      "/.devcert/localhost-key.pem",
      "/plumbing/dev-server.mjs",
      "/plumbing/build-vendor.mjs",
      "/emulator/emulator.html",
      "/emulator/livechat.js",
      "/package.json",
      "/tests/dev.test.js",
      "/node_modules/@livechat/agent-app-sdk/package.json",
      "/static/../package.json",
      "/static/%2e%2e/package.json",
      "/static/nothing.js",
    ]) {
      assert.equal((await get(path)).status, 404, path);
    }
  });
{%- else %}

  test("serves the page as published to every request but the emulator's", async () => {
    for (const path of ["/", "/index.html", "/?plugin_id=x", "/?lcext_emulator=0"]) {
      const { status, body } = await get(path);
      assert.equal(status, 200, path);
      assert.equal(body, PAGE, path);
    }
  });

  test("gives the emulator's iframe the stand-ins and a development Client Id", async () => {
    const { status, body } = await get("/?plugin_id=lcext-emulator&lcext_emulator=1");
    assert.equal(status, 200);
    assert.equal(body, emulatorPage(PAGE));
    for (const [livechat, standIn] of STAND_INS) {
      assert.ok(!body.includes(livechat), livechat);
      assert.ok(body.includes(`<script src="${standIn}"></script>`), standIn);
    }
    assert.ok(body.includes(`data-client-id="${EMULATOR_CLIENT_ID}"`));
  });

  test("serves the emulator and the stand-ins", async () => {
    assert.equal((await get("/emulator")).response.headers.location, "/emulator/");
    for (const path of [
      "/emulator/",
      "/emulator/emulator.js",
      "/emulator/emulator.css",
      "/emulator/customers.json",
      "/emulator/livechat.js",
      "/emulator/accounts-sdk.js",
      "/static/extension.js",
      "/static/extension.css",
    ]) {
      assert.equal((await get(path)).status, 200, path);
    }
    assert.ok(JSON.parse((await get("/emulator/customers.json")).body).length >= 3);
  });

  test("serves nothing else: not the certificate's key, the tests or the packages", async () => {
    for (const path of [
      "/.devcert/localhost-key.pem",
      "/dev-server.mjs",
      "/plumbing/dev-server.mjs",
      "/plumbing/emulator/emulator.html",
      "/emulator/emulator.html",
      "/emulator/livechat-stand-in.js",
      "/package.json",
      "/tests/dev.test.js",
      "/node_modules/selfsigned/package.json",
      "/static/../package.json",
      "/static/%2e%2e/package.json",
      "/static/nothing.js",
    ]) {
      assert.equal((await get(path)).status, 404, path);
    }
  });
{%- endif %}
});

// The development server and what gets published: the certificate it makes is one TLS accepts
// for localhost, it swaps in the stand-ins for the emulator's iframe only, it serves nothing but
// the site and the emulator, and the published page never references the emulator or a stand-in.
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

async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server.address().port;
}

function close(server) {
  return new Promise((resolve) => server.close(resolve));
}

describe("the published site", () => {
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
});

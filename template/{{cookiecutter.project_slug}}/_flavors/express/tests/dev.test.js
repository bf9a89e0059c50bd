// The certificate of `npm run dev`: made once, and accepted by TLS for
// localhost.
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { localhostCertificate } from "../src/plumbing/devcert.js";

describe("the development certificate", () => {
  it("is made on first run, kept, and valid for localhost", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "devcert-"));
    t.after(() => rm(dir, { recursive: true, force: true }));

    const first = await localhostCertificate(join(dir, ".devcert"));
    assert.equal(first.created, true);
    const keyMode = (await stat(join(dir, ".devcert", "localhost-key.pem")))
      .mode;
    assert.equal(keyMode & 0o077, 0, "the key is readable by others");
    const second = await localhostCertificate(join(dir, ".devcert"));
    assert.equal(second.created, false);
    assert.equal(second.cert, first.cert);

    // A server with it, which a client that trusts it reaches as localhost.
    const server = createServer(first, (req, res) => res.end("hello"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    t.after(() => {
      server.close();
      server.closeAllConnections();
    });
    const { port } = /** @type {import("node:net").AddressInfo} */ (
      server.address()
    );
    const request = get({
      host: "127.0.0.1",
      port,
      servername: "localhost",
      ca: first.cert,
      agent: false,
    });
    const [response] = await once(request, "response");
    let body = "";
    for await (const chunk of response) {
      body += chunk;
    }
    assert.equal(body, "hello");
    const peer = /** @type {import("node:tls").TLSSocket} */ (response.socket)
      .getPeerCertificate();
    assert.match(peer.subjectaltname ?? "", /DNS:localhost/);
    assert.equal(peer.subject.CN, "localhost");
  });

  it("is refused for another host name", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "devcert-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const certificate = await localhostCertificate(dir);
    const server = createServer(certificate, (req, res) => res.end("hello"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    t.after(() => {
      server.close();
      server.closeAllConnections();
    });
    const { port } = /** @type {import("node:net").AddressInfo} */ (
      server.address()
    );
    const request = get({
      host: "127.0.0.1",
      port,
      servername: "example.com",
      ca: certificate.cert,
      agent: false,
    });
    const [error] = await once(request, "error");
    assert.equal(
      /** @type {NodeJS.ErrnoException} */ (error).code,
      "ERR_TLS_CERT_ALTNAME_INVALID",
    );
  });
});

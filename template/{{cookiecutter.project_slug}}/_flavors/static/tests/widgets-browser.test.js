// The widgets in a real browser, the way the Agent App shows them: headless Chromium (driven by
// playwright-core, which never downloads a browser) opens the Agent App emulator served by the
// development server, which hosts each widget page over the widgets SDK's own protocol. The pages
// run the vendored SDKs. Nothing leaves 127.0.0.1: every other request is refused.
//
// Chromium is found as tests/helpers.js says. Without one these tests fail, never skip.
// The tests of every flavor are in tests/widgets-browser.js; here, how the development server
// starts, the stand-in of LiveChat's accounts server, and the section a static site fills from
// the profile alone.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createDevServer } from "../plumbing/dev-server.mjs";
import {
  SLOW,
  checkSection,
  eventually,
  everyFlavorsTests,
  launchChromium,
  openEmulator,
  refreshSection,
  sendCustomer,
  signIn,
} from "./widgets-browser.js";

const ACCOUNT_ID = "6c6b5fb4-7d1e-4f2a-9b3c-0d4e5f6a7b8c";
const CLIENT_ID = "test-client-id";

// A stand-in for the page of LiveChat's accounts server that accounts-sdk's popup opens: a real
// HTTP server on 127.0.0.1 whose page hands the opener a token, as LiveChat's does once the agent
// has signed in, and closes.
async function startAccountsStandIn() {
  const popups = [];
  const server = createServer((request, response) => {
    const query = Object.fromEntries(new URL(request.url, "http://127.0.0.1").searchParams);
    popups.push(query);
    const grant = JSON.stringify({
      access_token: "dal:stand-in-token",
      token_type: "Bearer",
      expires_in: 3600,
      scope: "",
      account_id: ACCOUNT_ID,
      organization_id: "2f1e0d9c-8b7a-4c5d-9e6f-a0b1c2d3e4f5",
      client_id: query.client_id,
      state: query.state,
    }).replace(/</g, "\\u003c");
    const target = JSON.stringify(new URL(query.redirect_uri).origin);
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><title>Sign in (stand-in)</title><script>
      window.opener.postMessage({ data: ${grant} }, ${target});
      window.close();
    </script>`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, popups, server };
}

describe("the widgets in the Agent App emulator (headless Chromium)", () => {
  let server;
  let certDir;
  let accounts;
  let site;

  before(async () => {
    // The real development server over HTTPS, with a throwaway certificate.
    certDir = await mkdtemp(join(tmpdir(), "devcert-"));
    server = await createDevServer({ certDir });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    accounts = await startAccountsStandIn();
    site = {
      browser: await launchChromium(),
      base: `https://127.0.0.1:${server.address().port}`,
      others: [accounts.url],
      options: { ignoreHTTPSErrors: true },
      // The published Details page carries LiveChat's accounts server and an empty Client Id: the
      // test gives it the stand-in's URL and a Client Id, in the same attributes you fill in.
      rewrite: {
        "/": (html) =>
          html
            .replace('data-client-id=""', `data-client-id="${CLIENT_ID}"`)
            .replace(/data-accounts-url="[^"]*"/, `data-accounts-url="${accounts.url}"`),
      },
    };
  });

  after(async () => {
    await site?.browser.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    if (accounts) await new Promise((resolve) => accounts.server.close(resolve));
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  everyFlavorsTests(() => site);

  test("signs in through the popup, then fills the section and refreshes it from its button", SLOW, async (t) => {
    const emulator = await openEmulator(t, site);
    await sendCustomer(emulator.page);
    await signIn(emulator);
    assert.equal(accounts.popups.at(-1).client_id, CLIENT_ID);
    // Shown, not trusted: a static site has no backend to verify the token.
    await eventually(async () =>
      assert.equal(await emulator.widget.locator("#agent-login").textContent(), ACCOUNT_ID),
    );
    await checkSection(emulator.page, ACCOUNT_ID);
    await refreshSection(emulator.page);
  });
});

// The page's logic, run the way the Agent App runs it: index.html and static/extension.js are
// loaded into jsdom, inside a simulated Agent App iframe or on their own, with stand-ins for
// LiveChat's extension library and accounts SDK. jsdom loads no subresource unless asked to,
// so the CDN scripts in <head> are never fetched: no test uses the network.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, test } from "node:test";
import { JSDOM, VirtualConsole } from "jsdom";

const PROJECT = new URL("../", import.meta.url);
const PAGE = readFileSync(new URL("index.html", PROJECT), "utf8");
const SCRIPT = readFileSync(new URL("static/extension.js", PROJECT), "utf8");

const LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}";
const LIBRARY_CSS = "{{ cookiecutter._livechat.extension_library_css }}";
const ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}";
const AGENT_APP_URL = "{{ cookiecutter._livechat.agent_app_origins[0] }}/";

// LiveChat's documented sample payload.
const CUSTOMER = {
  id: "S126126161.O136OJPO1",
  name: "Mary Brown",
  email: "mary.brown@email.com",
  chat: { id: "NY0U96PIT4", groupID: "42" },
  source: "chats",
};

// What the accounts SDK hands to onIdentityFetched once the agent is signed in.
const IDENTITY = {
  access_token: "test-access-token",
  scopes: ["agents--my:ro"],
  expires_in: 28800,
  entity_id: "agent@example.com",
  license: 104130623,
  client_id: "test-client-id",
};

/** Stands in for LiveChat's extension library: records init() and the event handlers. */
function fakeLiveChat() {
  const handlers = new Map();
  return {
    inits: [],
    events: [],
    init(options) {
      this.inits.push(options);
    },
    on(name, handler) {
      this.events.push(name);
      handlers.set(name, handler);
    },
    // What the Agent App does when it pushes an event to the extension.
    emit(name, data) {
      handlers.get(name)(data);
    },
  };
}

/** Stands in for LiveChat's accounts SDK: a test answers for it through onIdentityFetched. */
function fakeAccountsSDK() {
  return {
    inits: [],
    init(options) {
      this.inits.push(options);
      return { openPopup() {}, signOut() {}, displayButtons() {} };
    },
    identify(error, data) {
      this.inits.at(-1).onIdentityFetched(error, data);
    },
  };
}

// Objects made inside the page belong to its own JavaScript realm: compare their contents.
const plain = (value) => JSON.parse(JSON.stringify(value));

// What jsdom reports while a test runs: errors in the page and features it does not implement.
let reported;
beforeEach(() => {
  reported = [];
});
afterEach(() => {
  assert.deepEqual(reported, []);
});

function newDom(html, url) {
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (error) => reported.push(error.message));
  return new JSDOM(html, { url, runScripts: "outside-only", virtualConsole });
}

/**
 * Opens the page inside the Agent App's iframe (window.self !== window.top) or on its own,
 * sets its Client Id, puts the stand-ins where LiveChat's scripts would be (null: the script
 * did not load), runs static/extension.js and waits until the document has loaded.
 */
async function openPage({
  inAgentApp = true,
  clientId = "test-client-id",
  liveChat = fakeLiveChat(),
  accounts = fakeAccountsSDK(),
  manifest = null,
} = {}) {
  let window;
  if (inAgentApp) {
    const agentApp = newDom("<iframe></iframe>", AGENT_APP_URL);
    window = agentApp.window.document.querySelector("iframe").contentWindow;
    window.document.open();
    window.document.write(PAGE);
    window.document.close();
  } else {
    window = newDom(PAGE, "https://extension.test/").window;
  }
  const { document } = window;
  document.getElementById("extension").dataset.clientId = clientId;
  if (liveChat) window.LiveChat = liveChat;
  if (accounts) window.AccountsSDK = accounts;
  // jsdom has no fetch: this one answers the page's request for livechat.config.json.
  if (manifest) window.fetch = async () => ({ ok: true, json: async () => manifest });
  window.eval(SCRIPT);
  if (document.readyState === "loading") {
    await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve));
  }
  return {
    window,
    liveChat,
    accounts,
    text: (id) => document.getElementById(id).textContent,
    shown: (id) => !document.getElementById(id).hidden,
  };
}

describe("index.html", () => {
  const { document } = new JSDOM(PAGE).window;

  test("loads LiveChat's library and accounts SDK in <head>, before its own script", () => {
    const attributes = (selector, name) =>
      [...document.head.querySelectorAll(selector)].map((element) => element.getAttribute(name));
    const scripts = attributes("script[src]", "src");
    const styles = attributes("link[rel=stylesheet]", "href");
    assert.ok(styles.includes(LIBRARY_CSS));
    const own = scripts.indexOf("static/extension.js");
    assert.ok(scripts.indexOf(LIBRARY_JS) >= 0 && scripts.indexOf(LIBRARY_JS) < own);
    assert.ok(scripts.indexOf(ACCOUNTS_SDK_JS) >= 0 && scripts.indexOf(ACCOUNTS_SDK_JS) < own);
  });

  test("refers to its own files by relative URLs, so it works under any path", () => {
    const own = [
      document.querySelector("script[src^='static/']").getAttribute("src"),
      document.querySelector("link[href^='static/']").getAttribute("href"),
    ];
    assert.deepEqual(own, ["static/extension.js", "static/extension.css"]);
    for (const path of own) assert.ok(existsSync(new URL(path, PROJECT)), path);
  });

  test("has a place for each state and a sign-in button", () => {
    for (const id of ["outside-agent-app", "problem", "sign-in", "agent", "customer"]) {
      assert.ok(document.getElementById(id), id);
    }
    assert.ok(document.querySelector("#sign-in .livechat-login-button"));
    assert.ok(!document.getElementById("no-customer").hidden);
  });
});

describe("inside the Agent App", () => {
  test("starts LiveChat's library once, with LiveChat's own authorization turned off", async () => {
    const { window, liveChat } = await openPage();
    assert.notEqual(window.self, window.top);
    assert.deepEqual(plain(liveChat.inits), [{ authorize: false, authorization: false }]);
  });

  test("listens to the customer profile events", async () => {
    const { liveChat } = await openPage();
    assert.deepEqual(liveChat.events.sort(), ["customer_profile", "customer_profile_hidden"]);
  });

  test("shows the customer of the open chat", async () => {
    const page = await openPage();
    page.liveChat.emit("customer_profile", CUSTOMER);
    assert.ok(page.shown("customer"));
    assert.ok(!page.shown("no-customer"));
    assert.equal(page.text("customer-name"), "Mary Brown");
    assert.equal(page.text("customer-email"), "mary.brown@email.com");
    assert.equal(page.text("customer-chat"), "NY0U96PIT4");
    assert.equal(page.text("customer-group"), "42");
    assert.equal(page.text("customer-source"), "chats");
  });

  test("shows a dash for what a profile leaves out, and group_id as the group", async () => {
    const page = await openPage();
    page.liveChat.emit("customer_profile", {
      id: "S1",
      chat: { id: "C1", group_id: 7 },
      source: "archives",
    });
    assert.equal(page.text("customer-name"), "—");
    assert.equal(page.text("customer-email"), "—");
    assert.equal(page.text("customer-group"), "7");
  });

  test("renders HTML in customer data as text", async () => {
    const page = await openPage();
    const name = '<img src=x onerror="window.attacked = true">';
    page.liveChat.emit("customer_profile", { ...CUSTOMER, name });
    assert.equal(page.text("customer-name"), name);
    assert.equal(page.window.document.querySelector("img"), null);
    assert.equal(page.window.attacked, undefined);
  });

  test("clears the profile when it is hidden", async () => {
    const page = await openPage();
    page.liveChat.emit("customer_profile", CUSTOMER);
    page.liveChat.emit("customer_profile_hidden", { id: CUSTOMER.id });
    assert.ok(!page.shown("customer"));
    assert.ok(page.shown("no-customer"));
  });

  test("keeps the profile when another customer's is hidden", async () => {
    const page = await openPage();
    page.liveChat.emit("customer_profile", CUSTOMER);
    page.liveChat.emit("customer_profile_hidden", { id: "S999" });
    assert.ok(page.shown("customer"));
  });

  test("signs in with the Client Id from index.html", async () => {
    const { accounts } = await openPage();
    assert.equal(accounts.inits.length, 1);
    assert.equal(accounts.inits[0].client_id, "test-client-id");
    assert.equal(typeof accounts.inits[0].onIdentityFetched, "function");
  });

  test("shows the agent once signed in", async () => {
    const page = await openPage();
    page.accounts.identify(null, IDENTITY);
    assert.ok(page.shown("agent"));
    assert.equal(page.text("agent-login"), "agent@example.com");
    assert.ok(!page.shown("sign-in"));
    assert.ok(!page.shown("problem"));
  });

  test("offers the sign-in button to an agent who is not signed in", async () => {
    const page = await openPage();
    page.accounts.identify({ identity_exception: "unauthorized" });
    assert.ok(page.shown("sign-in"));
    assert.ok(!page.shown("problem"));
    assert.ok(!page.shown("agent"));
  });

  test("hides the button and the message once the agent signs in", async () => {
    const page = await openPage();
    page.accounts.identify({ identity_exception: "access_denied" });
    page.accounts.identify(null, IDENTITY);
    assert.ok(!page.shown("sign-in"));
    assert.ok(!page.shown("problem"));
    assert.ok(page.shown("agent"));
  });

  for (const [kind, code, hint] of [
    ["identity_exception", "access_denied", /installed on another LiveChat license/],
    ["oauth_exception", "access_denied", /installed on another LiveChat license/],
    ["identity_exception", "invalid_request", /not among the app's redirect URIs/],
    ["oauth_exception", "invalid_client", /^Sign-in failed: invalid_client\.$/],
  ]) {
    test(`explains the ${kind} ${code}`, async () => {
      const page = await openPage();
      page.accounts.identify({ [kind]: code });
      assert.ok(page.shown("problem"));
      assert.match(page.text("problem"), hint);
      assert.ok(page.shown("sign-in"));
    });
  }

  test("asks for a Client Id while index.html has none, and still starts the library", async () => {
    const page = await openPage({ clientId: "" });
    // After its look for a Client Id in livechat.config.json.
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.ok(page.shown("problem"));
    assert.match(page.text("problem"), /data-client-id in index\.html/);
    assert.equal(page.accounts.inits.length, 0);
    assert.equal(page.liveChat.inits.length, 1);
  });

  test("takes the Client Id from livechat.config.json while index.html has none", async () => {
    const manifest = { auth: { clientId: "from-manifest" } };
    const page = await openPage({ clientId: "", manifest });
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(page.accounts.inits[0].client_id, "from-manifest");
    assert.ok(!page.shown("problem"));
  });

  test("says so when LiveChat's library did not load", async () => {
    const page = await openPage({ liveChat: null });
    assert.match(page.text("problem"), /extension library did not load/);
    assert.equal(page.accounts.inits.length, 0);
  });

  test("says so when the accounts SDK did not load, and still starts the library", async () => {
    const page = await openPage({ accounts: null });
    assert.match(page.text("problem"), /accounts SDK did not load/);
    assert.equal(page.liveChat.inits.length, 1);
  });
});

describe("outside the Agent App", () => {
  test("explains how to open it there, and starts neither library nor sign-in", async () => {
    const page = await openPage({ inAgentApp: false });
    assert.equal(page.window.self, page.window.top);
    assert.ok(page.shown("outside-agent-app"));
    assert.ok(!page.shown("problem"));
    assert.deepEqual(page.liveChat.inits, []);
    assert.deepEqual(page.liveChat.events, []);
    assert.deepEqual(page.accounts.inits, []);
  });
});

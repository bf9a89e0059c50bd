// livechat.config.json, what LiveChat's developer CLI registers, stays true to
// the app. `lcdev bootstrap` replaces %baseURL% with --baseURL and creates the
// app, its authorization and a widget per entry (see "Register it" in the
// README); these tests check what it would register. No network.
{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] %}
{%- set sdk = cookiecutter._sdks[cookiecutter.sdk] %}
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
{%- if flavor.server %}

{%- if cookiecutter.auth == "sign-in" %}
import { loadSettings } from "../src/config.js";
import {
  ManifestError,
  chooseClientId,
  manifestClientId,
} from "../src/plumbing/manifest.js";
{%- endif %}
import { TestApp, captureConsole, testSettings } from "./helpers.js";
{%- else %}

import { clientIdSource, createDevServer } from "../plumbing/dev-server.mjs";
{%- endif %}

const PROJECT = new URL("../", import.meta.url);
const MANIFEST = new URL("livechat.config.json", PROJECT);
const BASE_URL = "https://extension.example/path";
// What lcdev bootstrap ({{ cookiecutter._livechat.developer_cli.package }}
// {{ cookiecutter._livechat.developer_cli.version }}) reads, and what it writes back.
const TOP_LEVEL = ["auth", "name", "widget"];
const WRITTEN_BACK = ["appId", "baseURL"];
const AUTH_FIELDS = ["clientType", "redirectURI", "scopes"];
const PLACEMENTS = ["plugin", "messagebox", "fullscreen", "settings"];
const CLIENT_TYPES = ["javascript_app", "server_side_app"];
{%- if sdk.widgets %}
// Each placement's page: the widget it names and the SDK factory it calls.
const PAGES = {
{%- for widget in cookiecutter._livechat.widgets %}
  {{ widget.placement }}: ["{{ widget.name }}", "{{ widget.factory }}"],
{%- endfor %}
};
{%- endif %}

const manifest = () => JSON.parse(readFileSync(MANIFEST, "utf8"));

/** The manifest as lcdev bootstrap reads it: every %baseURL% replaced. */
function registered() {
  const text = readFileSync(MANIFEST, "utf8");
  return JSON.parse(text.replace(/%baseURL%/gi, () => BASE_URL));
}

function widgets() {
  const { widget } = registered();
  return Array.isArray(widget) ? widget : [widget];
}

/** The path the app serves `url` at: the part after the base URL. */
function appPath(url) {
  assert.ok(url.startsWith(`${BASE_URL}/`), `${url} is not below %baseURL%/`);
  return url.slice(BASE_URL.length);
}

/** The src of every <script> in `html`, and its <main>'s data-widget. */
function parsePage(html) {
  return {
    scripts: [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    widget: /<main\b[^>]*\bdata-widget="([^"]*)"/.exec(html)?.[1] ?? null,
  };
}

/** A fresh folder, removed after the test `t`. */
function folder(t) {
  const dir = mkdtempSync(join(tmpdir(), "manifest-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ownScript = (name) => readFileSync(new URL(`static/${name}`, PROJECT), "utf8");
{%- if flavor.server %}

/** The page at `path`, from the app itself. */
async function fetchPage(path) {
  const app = await TestApp.start(testSettings());
  try {
    const answer = await app.fetch(path);
    assert.equal(answer.status, 200, `GET ${path}`);
    assert.match(answer.headers.get("content-type") ?? "", /^text\/html/, path);
    return parsePage(answer.text);
  } finally {
    await app.close();
  }
}
{%- else %}

/** The page at `path`, as the static host serves it: a file of the project. */
async function fetchPage(path) {
  const file = path.endsWith("/") ? `${path.slice(1)}index.html` : path.slice(1);
  assert.ok(existsSync(new URL(file, PROJECT)), `${path}: no ${file}`);
  return parsePage(readFileSync(new URL(file, PROJECT), "utf8"));
}
{%- endif %}

describe("livechat.config.json", () => {
  it("parses and has only what lcdev bootstrap reads", () => {
    const data = manifest();
    const keys = Object.keys(data);
    assert.ok(TOP_LEVEL.every((key) => keys.includes(key)), keys.join());
    assert.ok(keys.every((key) => [...TOP_LEVEL, ...WRITTEN_BACK].includes(key)), keys.join());
    assert.equal(data.name, {{ cookiecutter.project_name | tojson }});
    const auth = Object.keys(data.auth);
    assert.ok(AUTH_FIELDS.every((key) => auth.includes(key)), auth.join());
    assert.ok(auth.every((key) => [...AUTH_FIELDS, "clientId"].includes(key)), auth.join());
    for (const widget of widgets()) {
      assert.deepEqual(Object.keys(widget).sort(), ["placement", "url"]);
    }
  });

  it("holds values lcdev bootstrap accepts", () => {
    const { auth } = registered();
    assert.ok(CLIENT_TYPES.includes(auth.clientType));
    // The browser holds the agent's token; no backend keeps a client secret.
    assert.equal(auth.clientType, "javascript_app");
    assert.ok(Array.isArray(auth.scopes));
    const placements = widgets().map((widget) => widget.placement);
    assert.ok(placements.every((placement) => PLACEMENTS.includes(placement)));
    // lcdev keeps one widget per placement: a second would replace the first.
    assert.equal(new Set(placements).size, placements.length);
    for (const url of [...widgets().map((widget) => widget.url), ...auth.redirectURI]) {
      const parsed = new URL(url);
      assert.equal(parsed.protocol, "https:", url);
      assert.ok(!parsed.pathname.includes("//") && !parsed.search && !parsed.hash, url);
    }
  });

  it("lists pages the app serves, each the page of its placement", async () => {
    for (const widget of widgets()) {
      const page = await fetchPage(appPath(widget.url));
{%- if sdk.widgets %}
      const [name, factory] = PAGES[widget.placement];
      assert.equal(page.widget, name, widget.url);
      assert.ok(page.scripts.includes(`static/${name}.js`), widget.url);
      assert.ok(page.scripts.includes("static/vendor/agentapp.umd.min.js"), widget.url);
      const script = ownScript(`${name}.js`);
      assert.ok(script.includes(factory), `static/${name}.js does not call ${factory}`);
      for (const [, other] of Object.values(PAGES)) {
        assert.ok(other === factory || !script.includes(other), `${name}.js calls ${other}`);
      }
{%- else %}
      // The 2017 extension page: LiveChat's library and the script calling LiveChat.init().
      assert.equal(widget.placement, "plugin");
      assert.ok(page.scripts.includes("{{ cookiecutter._livechat.extension_library_js }}"));
      assert.ok(page.scripts.includes("static/extension.js"));
      assert.ok(ownScript("extension.js").includes("LiveChat.init("));
{%- endif %}
    }
  });

  it("has redirect URIs that are pages of the app", async () => {
    const pages = widgets().map((widget) => widget.url);
    const { redirectURI } = registered().auth;
    assert.ok(redirectURI.length > 0);
    for (const uri of redirectURI) {
      assert.ok(pages.includes(uri), uri);
{%- if cookiecutter.auth == "sign-in" %}
      // The accounts server sends the agent back to the page that signs in.
      const page = await fetchPage(appPath(uri));
      assert.ok(page.scripts.some((src) => src.includes("accounts-sdk")), uri);
{%- endif %}
    }
  });

  it("registers the scopes the code requests: none", () => {
    // The pages never pass "scope" to the accounts SDK, and {% if flavor.server %}the backend only
    // asks the accounts server whose token it is ({{ sdk.token_info_path }}), which takes none{% else %}there is no backend{% endif %}.
    const scripts = readdirSync(new URL("static/", PROJECT))
      .filter((name) => name.endsWith(".js"))
      .map(ownScript);
{%- if cookiecutter.auth == "sign-in" %}
    assert.ok(scripts.some((text) => text.includes("AccountsSDK")));
{%- endif %}
    const requested = scripts.flatMap((text) =>
      [...text.matchAll(/\bscope\s*:\s*["']([^"']*)["']/g)].map((m) => m[1]),
    );
    assert.deepEqual(requested, []);
    assert.deepEqual(manifest().auth.scopes, requested);
  });
});
{%- if flavor.server and cookiecutter.auth == "sign-in" %}

describe("the Client Id", () => {
  /** The path of a manifest holding `clientId`, removed after the test. */
  function manifestWith(t, clientId) {
    const path = join(folder(t), "livechat.config.json");
    writeFileSync(path, JSON.stringify({ name: "x", auth: { clientId } }));
    return path;
  }

  it("comes from the manifest without LIVECHAT_CLIENT_ID, and says so", (t) => {
    const output = captureConsole(t);
    const manifest = manifestWith(t, "from-manifest");
    assert.equal(loadSettings({}, { manifest }).livechatClientId, "from-manifest");
    assert.match(output(), /LIVECHAT_CLIENT_ID is not set, so auth\.clientId from/);
  });

  it("is LIVECHAT_CLIENT_ID when set, saying when the manifest has another", (t) => {
    const output = captureConsole(t);
    const manifest = manifestWith(t, "from-manifest");
    const settings = loadSettings({ LIVECHAT_CLIENT_ID: "from-env" }, { manifest });
    assert.equal(settings.livechatClientId, "from-env");
    assert.match(output(), /Client Id: LIVECHAT_CLIENT_ID \(livechat\.config\.json has another/);
    // Without a Client Id in the manifest there is no choice to tell about.
    loadSettings({ LIVECHAT_CLIENT_ID: "from-env" }, { manifest: null });
    assert.equal(output().match(/Client Id:/g).length, 1);
  });

  it("is missing when neither has one, and the message says where to put it", (t) => {
    for (const clientId of [undefined, "", 42]) {
      const manifest = manifestWith(t, clientId);
      assert.equal(manifestClientId(manifest), null);
      assert.throws(() => loadSettings({}, { manifest }), {
        name: "ConfigurationError",
        message: /LIVECHAT_CLIENT_ID.*bootstrap/,
      });
    }
  });

  it("stops at a broken manifest unless LIVECHAT_CLIENT_ID is set", (t) => {
    const manifest = manifestWith(t, "unused");
    writeFileSync(manifest, "{not json");
    const development = true;
    assert.throws(() => chooseClientId(undefined, { manifest, development }), ManifestError);
    captureConsole(t);
    assert.equal(chooseClientId("from-env", { manifest, development }), "from-env");
  });
});
{%- endif %}
{%- if not flavor.server %}

describe("the Client Id of the static site", () => {
  it("is data-client-id, else the manifest's: the development server says which", async (t) => {
    const root = folder(t);
    writeFileSync(join(root, "index.html"), '<main id="extension" data-client-id="">');
    assert.match(await clientIdSource(root), /^Client Id: none yet/);
    writeFileSync(join(root, "livechat.config.json"), '{"auth": {"clientId": "m"}}');
    assert.match(await clientIdSource(root), /auth\.clientId in livechat\.config\.json/);
    writeFileSync(join(root, "index.html"), '<main id="extension" data-client-id="own">');
    assert.match(await clientIdSource(root), /data-client-id in index\.html/);
  });

  it("is read from livechat.config.json, which is served beside the page", async (t) => {
    const server = (await createDevServer({ https: false })).listen(0, "127.0.0.1");
    t.after(() => server.close());
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${server.address().port}/livechat.config.json`;
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), manifest());
  });
});
{%- endif %}

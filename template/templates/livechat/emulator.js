// The Agent App emulator: embeds the extension as the Agent App does and plays LiveChat's side
// of the protocol (the wire format is described in LiveChat's agent-app-widget SDK): it waits
// for plugin_inited, authorizes the agent, and sends customer events. Development only.
"use strict";

(function () {
  const INIT_TIMEOUT_MS = 5000;
  const byId = (id) => document.getElementById(id);
  const frame = byId("extension");
  const auth = document.body.dataset.auth;
  const origin = window.location.origin;
  let initialised = false;
  let current = null;

  function log(direction, name, data) {
    const item = document.createElement("li");
    item.textContent = `${direction} ${name}`;
    if (data !== undefined) {
      const details = document.createElement("pre");
      details.textContent = JSON.stringify(data, null, 2);
      item.append(details);
    }
    const list = byId("log");
    list.append(item);
    list.scrollTop = list.scrollHeight; // scroll the log, not the page
  }

  function setStatus(kind, text) {
    const status = byId("status");
    status.className = `status ${kind}`;
    status.textContent = text;
  }

  function send(name, data) {
    frame.contentWindow.postMessage({ event_name: `livechat:${name}`, event_data: data }, origin);
    log("→ extension", `livechat:${name}`, data);
  }

  async function authorize() {
    const body = { login: byId("login").value, api_key: byId("api-key").value };
    log("→ backend", "POST /authorize/", { login: body.login, api_key: "(hidden)" });
    let response;
    try {
      response = await fetch("../authorize/", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (error) {
      log("← backend", "POST /authorize/ failed", { error: String(error) });
      send("authorize_error", { detail: String(error) });
      return;
    }
    const answer = await response.json().catch(() => ({}));
    log("← backend", `POST /authorize/ ${response.status}`, answer);
    if (response.ok && typeof answer.session_id === "string") {
      send("authorize", { session_id: answer.session_id });
    } else {
      send("authorize_error", { status: response.status, detail: answer.detail ?? null });
    }
  }

  function giveIdentity(clientId) {
    const identity = {
      access_token: byId("access-token").value,
      entity_id: byId("entity-id").value,
      expires_in: 3600,
      scopes: [],
      license: 0,
      client_id: clientId,
    };
    frame.contentWindow.postMessage({ lcext_emulator: "identity", identity }, origin);
    log("→ extension", "identity (accounts popup)", { ...identity, access_token: "(hidden)" });
  }

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.lcext_emulator === "sign_in") {
      log("← extension", "sign-in popup opened", { client_id: data.client_id });
      giveIdentity(data.client_id);
      return;
    }
    if (typeof data.message !== "string") return;
    log("← extension", data.message, data);
    if (data.message === "plugin_inited" && !initialised) {
      initialised = true;
      setStatus("ready", "The extension called LiveChat.init(): the Agent App shows it.");
      if (auth === "basic") authorize();
    } else if (data.message === "plugin_loaded" && auth === "basic") {
      authorize(); // refreshSessionId(): authorize again
    }
  });

  // This script runs once the emulator's page is parsed, and the frame loads meanwhile: its page
  // may already have called LiveChat.init(), a message sent before anyone listened. Load it
  // again then, now that the emulator listens, as the Agent App is ready before it frames a page.
  const framed = frame.contentDocument;
  if (framed && framed.URL !== "about:blank" && framed.readyState !== "loading") {
    frame.src = frame.getAttribute("src");
  }

  setTimeout(() => {
    if (initialised) return;
    setStatus(
      "warning",
      `The extension has not called LiveChat.init() after ${INIT_TIMEOUT_MS / 1000} seconds, ` +
        "so the Agent App would keep spinning. Likely causes: the page never calls " +
        "LiveChat.init() once loaded; LiveChat's library did not load (see the browser " +
        "console); in Sign in with LiveChat mode, init is called without " +
        "{ authorize: false }; the page cannot be framed (X-Frame-Options or a CSP " +
        "frame-ancestors that leaves the Agent App out).",
    );
  }, INIT_TIMEOUT_MS);

  function showSample(customer) {
    current = customer;
    byId("customer-json").value = JSON.stringify(customer, null, 2);
    byId("customer-error").hidden = true;
  }

  async function loadSamples() {
    const customers = await (await fetch("customers.json")).json();
    const select = byId("customer-sample");
    customers.forEach((customer, index) => {
      const option = document.createElement("option");
      option.value = String(index);
      option.textContent = customer.name || customer.id;
      select.append(option);
    });
    select.addEventListener("change", () => showSample(customers[Number(select.value)]));
    showSample(customers[0]);
  }

  byId("send-profile").addEventListener("click", () => {
    try {
      current = JSON.parse(byId("customer-json").value);
    } catch (error) {
      byId("customer-error").textContent = `Not valid JSON: ${error.message}`;
      byId("customer-error").hidden = false;
      return;
    }
    byId("customer-error").hidden = true;
    send("customer_profile", current);
  });
  byId("send-hidden").addEventListener("click", () => {
    send("customer_profile_hidden", { id: current ? current.id : null });
  });

  loadSamples();
})();

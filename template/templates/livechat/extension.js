// The extension page's logic: start LiveChat's extension library, listen to the Agent App's
// events, {% if cookiecutter.auth == "sign-in" %}sign the agent in with LiveChat{% else %}and call the backend with the session the basic flow created{% endif %}.
// Customer data is untrusted text: it is only ever shown through textContent.
"use strict";

(function () {
  const byId = (id) => document.getElementById(id);
  const show = (id, visible) => {
    byId(id).hidden = !visible;
  };
  const setText = (id, value) => {
    byId(id).textContent = value === undefined || value === null || value === "" ? "—" : String(value);
  };
  const showProblem = (message) => {
    setText("problem", message);
    show("problem", true);
  };

  let currentCustomerId = null;
{%- if cookiecutter.framework != "static" %}
  let sessionId = null;
{%- endif %}

  function renderCustomer(customer) {
    if (!customer || typeof customer !== "object") return;{% if cookiecutter.auth == "basic" %}
    // "authorize" and "authorize_error" are not documented in detail: the session id is also
    // picked up with the first customer profile, in case the events never arrive.
    if (!sessionId && LiveChat.getSessionId()) onAuthorized();{% endif %}
    const chat = customer.chat || {};
    currentCustomerId = customer.id ?? null;
    setText("customer-name", customer.name);
    setText("customer-email", customer.email);
    setText("customer-chat", chat.id);
    // The documentation spells the group "groupID"; tolerate "group_id" as well.
    setText("customer-group", chat.groupID ?? chat.group_id);
    setText("customer-source", customer.source);
    show("no-customer", false);
    show("customer", true);
  }

  function clearCustomer(data) {
    // Only the profile on screen is cleared; an event without an id clears whatever is shown.
    const hiddenId = data && data.id;
    if (hiddenId && currentCustomerId && hiddenId !== currentCustomerId) return;
    currentCustomerId = null;
    show("customer", false);
    show("no-customer", true);
  }
{%- if cookiecutter.framework != "static" %}

  async function loadAgent() {
    if (!sessionId) return;
    // The backend only answers with a valid session: the pattern for your own endpoints.
    const response = await fetch("api/me", { headers: { Authorization: `Bearer ${sessionId}` } });
    if (!response.ok) {
      showProblem(`The backend refused the session (HTTP ${response.status}).`);
      return;
    }
    const me = await response.json();
    setText("agent-login", me.agent);
    show("agent", true);
  }
{%- endif %}
{% if cookiecutter.auth == "sign-in" %}
  // Hints for the errors LiveChat's accounts SDK reports most often.
  const SIGN_IN_HINTS = {
    unauthorized: "Sign in with LiveChat to continue.",
    invalid_request:
      "This page's URL is not among the app's redirect URIs in the Developers Console.",
    access_denied: "The app is installed on another LiveChat license than the one you use.",
  };
{% if cookiecutter.framework == "static" %}
  function showAgent(identity) {
    // entity_id is the agent's login e-mail. Like all of the SDK's identity data it comes from
    // the browser, so it is fit for display only: a backend this page calls must verify
    // identity.access_token itself with LiveChat's accounts server.
    show("sign-in", false);
    setText("agent-login", identity.entity_id);
    show("agent", true);
  }
{% else %}
  async function exchangeToken(accessToken) {
    // The backend verifies the token with LiveChat's accounts server before trusting it.
    const response = await fetch("api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ access_token: accessToken }),
    });
    if (!response.ok) {
      const error = await response.json().catch(() => ({}));
      showProblem(error.detail || `Signing in failed (HTTP ${response.status}).`);
      show("sign-in", true);
      return;
    }
    // Kept in memory, not in a cookie: in the Agent App's iframe cookies are third-party.
    sessionId = (await response.json()).session_id;
    show("sign-in", false);
    await loadAgent();
  }
{% endif %}
  function onIdentityFetched(error, data) {
    if (error) {
      const code = error.identity_exception || error.oauth_exception;
      if (code !== "unauthorized") showProblem(SIGN_IN_HINTS[code] || `Sign-in failed: ${code}.`);
      show("sign-in", true);
      return;
    }
    show("problem", false);
{%- if cookiecutter.framework == "static" %}
    showAgent(data);
{%- else %}
    exchangeToken(data.access_token);
{%- endif %}
  }

  function startSignIn() {
    if (typeof AccountsSDK === "undefined") {
      showProblem("LiveChat's accounts SDK did not load: check the network and the page's CSP.");
      return;
    }
{%- if cookiecutter.framework == "static" %}
    // A static site has no server settings: the Client Id is written into index.html.
    if (!byId("extension").dataset.clientId) {
      showProblem("No Client Id yet: put your app's Client Id in data-client-id in index.html.");
      return;
    }
{%- endif %}
    AccountsSDK.init({ client_id: byId("extension").dataset.clientId, onIdentityFetched });
  }
{% else %}
  function onAuthorized() {
    // The Agent App POSTed the agent's login and API key to /authorize/; the session id our
    // backend answered with is now available from the library.
    sessionId = LiveChat.getSessionId();
    show("problem", false);
    loadAgent();
  }

  function onAuthorizeError() {
    showProblem("LiveChat could not authorize you for this extension (POST /authorize/ failed).");
  }
{% endif %}
  function start() {
    if (window.self === window.top) {
      // Not inside the Agent App: LiveChat.init() would wait for a parent that is not there.
      show("outside-agent-app", true);
      return;
    }
    if (typeof LiveChat === "undefined") {
      showProblem("LiveChat's extension library did not load: check the network and the page's CSP.");
      return;
    }
    LiveChat.on("customer_profile", renderCustomer);
    LiveChat.on("customer_profile_hidden", clearCustomer);
{%- if cookiecutter.auth == "sign-in" %}
    // Authorization is done by Sign in with LiveChat, so LiveChat's own is turned off. The docs
    // name the key "authorize" in code samples and "authorization" in prose: both are passed,
    // the library ignores the one it does not know. Without it the loader never stops spinning.
    LiveChat.init({ authorize: false, authorization: false });
    startSignIn();
{%- else %}
    LiveChat.on("authorize", onAuthorized);
    LiveChat.on("authorize_error", onAuthorizeError);
    // Hides the Agent App's loader; the Agent App then POSTs to /authorize/.
    LiveChat.init();
{%- endif %}
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The Chat Details widget (placement "plugin"): shows the customer of the open chat, keeps a
// customer-details section up to date in the Agent App, and puts a prepared reply into the
// agent's message box.
{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] %}
"use strict";

(function () {
  const { byId, show, setText, showProblem, start } = window.widgetPage;
  const page = byId("widget").dataset;

  // The section's title: declare a customer-details section with this same title in the
  // Developers Console (your app → Chat Details), then modifySection() fills it in.
  const SECTION_TITLE = {{ cookiecutter.project_name | tojson }};
  // The id of the section's button; the Agent App says which one was clicked by its id.
  const REFRESH_BUTTON = "refresh-details";

  let widget = null;
  let customer = null;
{%- if flavor.server %}
  // The session our backend issued (POST api/session): every call to its API carries it. Kept
  // in memory, not in a cookie: in the Agent App's iframe cookies are third-party.
  let sessionId = null;
{%- else %}
  // Who signed in, as the accounts SDK says: fit for display only (see signIn below).
  let agent = null;
{%- endif %}

  function showCustomer(profile) {
    if (!profile || typeof profile !== "object") return;
    customer = profile;
    const chat = profile.chat || {};
    setText("customer-name", profile.name);
    setText("customer-email", profile.email);
    // The SDK's types name the chat "id"; the current docs say "chat_id": either is accepted.
    setText("customer-chat", chat.id ?? chat.chat_id);
    setText("customer-group", chat.groupID);
    setText("customer-source", profile.source);
    show("no-customer", false);
    show("customer", true);
  }

  // --- The customer-details section ---------------------------------------------------------

  const labelValue = (label, value) => ({ type: "label_value", data: { label, value: String(value) } });

  /** Shows `rows` ({label, value}) in the section, with a button to look them up again. */
  function modifySection(rows) {
    // The SDK checks the section before sending it, and throws on a component it does not
    // know or one that lacks a required field (a button needs a label and an id).
    return widget.modifySection({
      title: SECTION_TITLE,
      components: [
        ...rows.map((row) => labelValue(row.label, row.value)),
        { type: "button", data: { id: REFRESH_BUTTON, label: "Refresh" } },
      ],
    });
  }

  function askToSignIn() {
    return widget.modifySection({
      title: SECTION_TITLE,
      components: [labelValue("Details", "Sign in in the app to see them.")],
    });
  }
{% if flavor.server %}
  /** The customer's rows from our backend: GET api/customers/<id>/details, with the session. */
  async function loadDetails() {
    if (!widget || !customer) return;
    if (!sessionId) {
      await askToSignIn();
      return;
    }
    const response = await fetch(`api/customers/${encodeURIComponent(customer.id)}/details`, {
      headers: { Authorization: `Bearer ${sessionId}` },
    });
    if (!response.ok) {
      const error = await response.json().catch(() => ({}));
      showProblem(error.detail || `The backend did not answer (HTTP ${response.status}).`);
      if (response.status === 401) signedOut();
      return;
    }
    const { rows } = await response.json();
    await modifySection(rows);
  }
{% else %}
  /** The customer's rows. A static site has no backend to ask: they come from the profile. */
  async function loadDetails() {
    if (!widget || !customer) return;
    if (!agent) {
      await askToSignIn();
      return;
    }
    await modifySection([
      { label: "Customer ID", value: customer.id },
      { label: "Looked up by", value: agent },
      { label: "Looked up at", value: new Date().toISOString().slice(11, 19) },
    ]);
  }
{% endif %}
  function refreshDetails() {
    return loadDetails().catch((error) => showProblem(`The details could not be shown: ${error.message}`));
  }

  // --- Sign in with LiveChat ----------------------------------------------------------------

  function signedOut() {
{%- if flavor.server %}
    sessionId = null;
{%- else %}
    agent = null;
{%- endif %}
    show("agent", false);
    show("sign-in", true);
  }

  function signedIn(name) {
    setText("agent-login", name);
    show("agent", true);
    show("sign-in", false);
    show("problem", false);
  }

  // Runs in the button's click handler itself: the accounts SDK asks the browser for storage
  // access before opening its popup (Safari), which a browser only grants from a click.
  function signIn() {
    if (typeof AccountsSDK === "undefined") {
      showProblem("LiveChat's accounts SDK did not load: check the network and the page's CSP.");
      return;
    }
    if (!page.clientId) {
{%- if flavor.server %}
      showProblem("No Client Id yet: put your app's Client Id in {{ flavor.client_id_from }}.");
{%- else %}
      showProblem(
        "No Client Id yet: put your app's Client Id in {{ flavor.client_id_from }}, or " +
          "register the app with lcdev bootstrap, which writes it into livechat.config.json.",
      );
{%- endif %}
      return;
    }
    // The popup answers by postMessage from exactly this origin: no trailing slash.
    const accounts = new AccountsSDK({
      client_id: page.clientId,
      server_url: page.accountsUrl.replace(/\/+$/, ""),
    });
    accounts
      .popup()
      .authorize()
      .then(useToken, (error) => {
        const reason = (error && (error.description || error.oauth_exception || error.identity_exception)) || error;
        showProblem(`Sign-in did not complete: ${reason}`);
      });
  }
{% if flavor.server %}
  async function useToken(authorization) {
    // The backend verifies the token with LiveChat's accounts server before trusting it.
    const response = await fetch("api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ access_token: authorization.access_token }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      showProblem(answer.detail || `Signing in failed (HTTP ${response.status}).`);
      signedOut();
      return;
    }
    sessionId = answer.session_id;
    signedIn(answer.agent);
    await refreshDetails();
  }
{% else %}
  async function useToken(authorization) {
    // The account id comes from the browser, so it is fit for display only: a backend this
    // page calls must verify authorization.access_token itself with LiveChat's accounts server.
    agent = authorization.account_id;
    signedIn(agent);
    await refreshDetails();
  }
{% endif %}
{%- if not flavor.server %}

{% include "manifest/client-id.js" %}
  // Read when the page starts, not on the click: the popup must open within the click itself.
  if (!page.clientId) {
    manifestClientId().then((clientId) => {
      if (clientId) page.clientId = clientId;
    });
  }
{% endif %}
  // --- The widget -----------------------------------------------------------------------------

  function putReply() {
    if (!widget || !customer) return;
    const name = customer.name || "there";
    widget.putMessage(`Hello ${name}, thanks for waiting! Let me check that for you.`);
  }

  start("createDetailsWidget", (created) => {
    widget = created;
    widget.on("customer_profile", (profile) => {
      showCustomer(profile);
      refreshDetails();
    });
    widget.on("customer_details_section_button_click", (click) => {
      if (click && click.buttonId === REFRESH_BUTTON) refreshDetails();
    });
    byId("put-reply").addEventListener("click", putReply);
    byId("sign-in-button").addEventListener("click", signIn);
    show("sign-in", true);
  });
})();

// The extension page's logic: start LiveChat's extension library, listen to the Agent App's
// events and authorize the agent (connect() below starts all three).
// Customer data is untrusted text: it is only ever shown through textContent.
{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] %}
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
{%- if flavor.server %}
  // The session our backend issued: every call to its API carries it.
  let sessionId = null;
{%- endif %}

  function renderCustomer(customer) {
    if (!customer || typeof customer !== "object") return;
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
{%- if flavor.server %}

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
{% include "livechat/authorization/" ~ cookiecutter.auth ~ ".js" %}
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
    connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

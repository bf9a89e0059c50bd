// The Agent App emulator for widgets: frames a widget page as LiveChat's Agent App does and
// plays the Agent App's side of the widgets SDK. Over the trusted connection (the default) it
// runs the parent side of @livechat/postmessage, the library the Agent App uses; over the plain
// one (?connection=plain) it reads what the widget posts. It shows what the widget asks for
// (the section, the message box, the badge) and logs every frame both ways. Development only.
"use strict";

(function () {
  // How long the Agent App's loader may spin before the emulator says what is likely wrong.
  const INIT_TIMEOUT_MS = 6000;
  // The origins the widgets SDK's plain driver accepts events from (widget-core-sdk 1.5).
  const PLAIN_ORIGINS = "livechatinc.com, livechat.com, text.com, helpdesk.com";

  const byId = (id) => document.getElementById(id);
  const frame = byId("widget-frame");
  const query = new URLSearchParams(window.location.search);
  const connection = query.get("connection") === "plain" ? "plain" : "trusted";
  const widgetSelect = byId("widget-select");
  const widgetOption =
    [...widgetSelect.options].find((option) => option.value === query.get("widget")) ||
    widgetSelect.options[0];
  let inited = false;
  let pending = null; // the trusted connection being made: { promise, destroy }
  let parentSide = null; // the trusted connection once the widget answered the handshake

  // --- The log ------------------------------------------------------------------------------

  function log(direction, data, note) {
    const item = document.createElement("li");
    item.className = direction.startsWith("→") ? "out" : "in";
    const head = document.createElement("div");
    head.textContent = direction;
    item.append(head);
    if (data !== undefined) {
      const details = document.createElement("pre");
      details.textContent = JSON.stringify(data, null, 2);
      item.append(details);
    }
    if (note) {
      const remark = document.createElement("p");
      remark.className = "note";
      remark.textContent = note;
      item.append(remark);
    }
    const list = byId("frame-log");
    list.append(item);
    list.scrollTop = list.scrollHeight; // scroll the log, not the page
  }

  function setStatus(kind, text) {
    const status = byId("status");
    status.className = `status ${kind}`;
    status.textContent = text;
  }

  // --- What the widget sends: {plugin_id, message, data} ------------------------------------

  function receive(envelope) {
    const { message, data } = envelope || {};
    if (message === "plugin_inited" && !inited) {
      inited = true;
      setStatus("ready", "The widget sent plugin_inited: the Agent App hides its loader and shows it.");
    } else if (message === "customer_details_section") {
      renderSection(data);
    } else if (message === "put_message") {
      showInMessageBox({ type: "message", value: data }); // from the Details widget: a text
    } else if (message === "put_messagebox_message") {
      showInMessageBox(data); // from the message box widget: {type: "message"|"rich_message", ...}
    } else if (message === "set_fullscreen_widget_notification_badge") {
      setBadge(data);
    }
  }

  // --- What the emulator sends: {event_name: "livechat:<name>", event_data} -------------------

  function sendEvent(name, data) {
    const envelope = { event_name: `livechat:${name}`, event_data: data };
    if (connection === "plain") {
      frame.contentWindow.postMessage(envelope, window.location.origin);
      log(
        `→ widget (plain) livechat:${name}`,
        envelope,
        `The widgets SDK's plain driver takes events only from LiveChat's origins (${PLAIN_ORIGINS}), ` +
          "so the widget drops this one: use the trusted connection to try events.",
      );
      return;
    }
    if (!parentSide) {
      log(`livechat:${name} not sent`, undefined, "The widget has not completed the handshake yet.");
      return;
    }
    // The SDK's child side offers one method, handle: the Agent App calls it with each event.
    parentSide.call("handle", envelope).catch((error) => {
      log(`livechat:${name} failed`, undefined, String(error && error.message));
    });
  }

  // --- The trusted connection ---------------------------------------------------------------

  // The frame as postmessage.js sees it: every frame it sends goes through the log first.
  const recordingFrame = {
    get src() {
      return frame.src;
    },
    contentWindow: {
      postMessage(message, targetOrigin) {
        log("→ widget", message);
        frame.contentWindow.postMessage(message, targetOrigin);
      },
    },
  };

  function connectTrusted() {
    if (pending) pending.destroy(); // the page reloaded: the old connection is gone
    parentSide = null;
    // The Agent App starts the handshake once the frame has loaded, and tries again every
    // 500 ms, 5 times; the widget answers the first handshake it gets within 3 s.
    const current = window.LiveChatPostMessage.connectExistingIframe(
      { frame: recordingFrame, targetOrigin: window.location.origin },
      { handle: receive },
    );
    pending = current;
    current.promise.then(
      (connected) => {
        if (pending !== current) return;
        parentSide = connected;
        log("handshake complete", undefined, "The widget's trusted connection is up.");
      },
      (error) => {
        if (pending !== current || (error && error.code === "DESTROYED")) return;
        log(
          "no handshake",
          undefined,
          "The page did not answer the Agent App's handshake: does it load the widgets SDK and " +
            "call a factory such as LiveChat.createDetailsWidget() once loaded?",
        );
      },
    );
  }

  // Every frame the widget posts, both connections: the raw frames are the log's "←" lines.
  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow) return;
    log("← widget", event.data);
    if (connection === "plain" && event.data && typeof event.data.message === "string") {
      receive(event.data);
    }
  });

  // --- The section, as the Agent App renders modifySection() --------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeLink(url, text) {
    // Only web links become links: a javascript: URL from a widget stays text.
    const link = element("a", "", text || url);
    if (/^https?:\/\//i.test(String(url))) {
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener";
    }
    return link;
  }

  function renderComponent(component) {
    const data = (component && component.data) || {};
    switch (component && component.type) {
      case "label_value": {
        const row = element("div", "label-value");
        row.append(element("span", "label", data.label));
        row.append(data.url ? safeLink(data.url, data.value) : element("span", "value", data.value));
        return row;
      }
      case "button": {
        const kind = data.primary ? "primary" : data.secondary ? "secondary" : "";
        const button = element("button", kind, data.label);
        button.type = "button";
        button.addEventListener("click", () => {
          sendEvent("customer_details_section_button_click", { buttonId: data.id });
        });
        return button;
      }
      case "link":
        return safeLink(data.url, data.value);
      case "line":
        return element("hr");
      case "tags": {
        const tags = element("div", "tags");
        if (data.label) tags.append(element("span", "label", data.label));
        for (const tag of data.tags || []) tags.append(element("span", "tag", tag));
        return tags;
      }
      case "title": {
        const title = element("div", "title-component");
        title.append(element("strong", "", data.title));
        if (data.value) title.append(element("span", "value", data.value));
        if (data.description) title.append(element("p", "muted", data.description));
        return title;
      }
      case "customer":
        return element("p", "muted", "(the customer's card)");
      default:
        return element("p", "error", `Unknown component: ${component && component.type}`);
    }
  }

  function renderSection(section) {
    const container = byId("section");
    container.replaceChildren(element("h3", "section-title", section && section.title));
    for (const component of (section && section.components) || []) {
      container.append(renderComponent(component));
    }
  }

  // --- The message box and the badge ----------------------------------------------------------

  function renderRichMessage(payload) {
    const rich = element("div", "rich-message");
    rich.dataset.template = payload && payload.template_id;
    rich.append(element("span", "muted", `rich message: ${payload && payload.template_id}`));
    for (const item of (payload && payload.elements) || []) {
      const card = element("div", "card");
      if (item.title) card.append(element("strong", "", item.title));
      if (item.subtitle) card.append(element("p", "", item.subtitle));
      for (const button of item.buttons || []) card.append(element("span", "rich-button", button.text));
      rich.append(card);
    }
    return rich;
  }

  function showInMessageBox(message) {
    const box = byId("message-box");
    // Like the agent's composer, it holds one draft: the newest replaces the last.
    if (message && message.type === "rich_message") {
      box.replaceChildren(renderRichMessage(message.payload));
    } else {
      box.replaceChildren(element("p", "message-text", message && message.value));
    }
  }

  function setBadge(count) {
    const badge = byId("badge");
    badge.hidden = count === null || count === undefined;
    badge.textContent = badge.hidden ? "" : String(count);
  }

  // --- The controls -------------------------------------------------------------------------

  function reopen(changes) {
    const next = new URLSearchParams({ widget: widgetOption.value, connection, ...changes });
    window.location.search = next.toString();
  }

  widgetSelect.value = widgetOption.value;
  widgetSelect.addEventListener("change", () => reopen({ widget: widgetSelect.value }));
  byId("connection-select").value = connection;
  byId("connection-select").addEventListener("change", (event) => reopen({ connection: event.target.value }));
  byId("send-theme").addEventListener("click", () => {
    sendEvent("change_theme", { theme: byId("theme-select").value });
  });

  let samples = [];
  function showSample(customer) {
    byId("customer-json").value = JSON.stringify(customer, null, 2);
    byId("customer-error").hidden = true;
  }

  async function loadSamples() {
    samples = await (await fetch("customers.json")).json();
    const select = byId("customer-sample");
    samples.forEach((customer, index) => {
      select.append(new Option(customer.name || customer.id, String(index)));
    });
    select.addEventListener("change", () => showSample(samples[Number(select.value)]));
    showSample(samples[0]);
  }

  byId("send-profile").addEventListener("click", () => {
    let customer;
    try {
      customer = JSON.parse(byId("customer-json").value);
    } catch (error) {
      byId("customer-error").textContent = `Not valid JSON: ${error.message}`;
      byId("customer-error").hidden = false;
      return;
    }
    byId("customer-error").hidden = true;
    sendEvent("customer_profile", customer);
  });

  // --- Framing the widget ---------------------------------------------------------------------

  document.body.dataset.placement = widgetOption.dataset.placement;
  const parameters = new URLSearchParams({ plugin_id: "lcext-emulator", theme: byId("theme-select").value });
  if (connection === "plain") parameters.set("connection", "plain");
  frame.addEventListener("load", () => {
    if (connection === "trusted") connectTrusted();
  });
  // Set only now, with the listeners in place: the widget's first message cannot be missed.
  frame.src = `${widgetOption.dataset.url}?${parameters}`;

  setTimeout(() => {
    if (inited) return;
    setStatus(
      "warning",
      `The widget has not sent plugin_inited after ${INIT_TIMEOUT_MS / 1000} seconds, so the ` +
        "Agent App would keep spinning. Likely causes: the page does not load the widgets SDK " +
        "or never calls its factory (LiveChat.createDetailsWidget() and the like); the page " +
        "loads LiveChat's 2017 extension library too (both define LiveChat); the page cannot " +
        "be framed (X-Frame-Options, or a CSP frame-ancestors that leaves the Agent App out).",
    );
  }, INIT_TIMEOUT_MS);

  loadSamples();
})();

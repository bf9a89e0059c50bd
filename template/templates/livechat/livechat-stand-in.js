// A local stand-in for LiveChat's extension library (boilerplate 1.1.js), for development and
// tests only: the same LiveChat API over the same postMessage protocol, talking to the Agent App
// emulator served by the development server. Production pages load LiveChat's real library;
// the server never serves this file in production.
"use strict";

(function () {
  const pluginId = new URLSearchParams(window.location.search).get("plugin_id");
  const handlers = new Map();
  let sessionId = null;

  function send(message) {
    window.parent.postMessage({ message, plugin_id: pluginId }, "*");
  }

  window.addEventListener("message", (event) => {
    // LiveChat's library trusts only the Agent App; this one only the emulator on this origin.
    if (event.origin !== window.location.origin || event.source !== window.parent) return;
    const { event_name: name, event_data: data } = event.data || {};
    if (typeof name !== "string" || !name.startsWith("livechat:")) return;
    const type = name.slice("livechat:".length);
    // How the real library learns the session id is not documented: the emulator sends the
    // one /authorize/ answered with the authorize event.
    if (type === "authorize" && data && typeof data.session_id === "string") {
      sessionId = data.session_id;
    }
    for (const handler of handlers.get(type) || []) handler(data);
  });

  window.LiveChat = {
    init() {
      send("plugin_inited");
    },
    on(name, handler) {
      handlers.set(name, [...(handlers.get(name) || []), handler]);
    },
    getSessionId() {
      return sessionId;
    },
    refreshSessionId() {
      sessionId = null;
      send("plugin_loaded");
    },
  };
})();

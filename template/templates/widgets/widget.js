// What the three widget pages share (each page's own script uses it as window.widgetPage):
// the Agent App's theme, starting the widget, and helpers that only ever show text.
// Customer data is untrusted text: it is only ever shown through textContent.
"use strict";

window.widgetPage = (function () {
  const byId = (id) => document.getElementById(id);

  function show(id, visible) {
    byId(id).hidden = !visible;
  }

  function setText(id, value) {
    byId(id).textContent = value === undefined || value === null || value === "" ? "—" : String(value);
  }

  function showProblem(message) {
    setText("problem", message);
    show("problem", true);
  }

  // The Agent App says which theme it shows: first in the page's ?theme= query parameter, later
  // with change_theme events. widgets.css follows <html data-theme="...">.
  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  }
  applyTheme(new URLSearchParams(window.location.search).get("theme"));

  function showOutsideAgentApp() {
    show("outside-agent-app", true);
  }

  /**
   * Starts the widget: LiveChat[factory]() (createDetailsWidget, ...) connects to the Agent App
   * and tells it the widget is ready, which hides the Agent App's loader. Then onReady(widget)
   * sets the page up. Outside the Agent App the page explains how to open it instead.
   */
  async function start(factory, onReady) {
    if (typeof LiveChat === "undefined" || typeof LiveChat[factory] !== "function") {
      showProblem("LiveChat's widgets SDK did not load: check the network and the page's CSP.");
      return;
    }
    if (window.self === window.top) {
      // Opened in a tab of its own: there is no Agent App to connect to.
      showOutsideAgentApp();
      return;
    }
    let widget;
    try {
      widget = await LiveChat[factory]();
    } catch {
      // The factory gives up when no Agent App answers its handshake within 3 seconds: the
      // page is framed by something else.
      showOutsideAgentApp();
      return;
    }
    widget.on("change_theme", (data) => applyTheme(data && data.theme));
    onReady(widget);
  }

  return { byId, show, setText, showProblem, start };
})();

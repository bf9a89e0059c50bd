// The fullscreen widget (placement "fullscreen"): a page of the app's own in the Agent App's
// navigation, which sets the number on the navigation's badge.
"use strict";

(function () {
  const { byId, show, setText, start } = window.widgetPage;
  let count = 0;

  start("createFullscreenWidget", (widget) => {
    byId("badge-increase").addEventListener("click", () => {
      count += 1;
      widget.setNotificationBadge(count);
      setText("badge-count", count);
    });
    byId("badge-clear").addEventListener("click", () => {
      count = 0;
      // null takes the badge away.
      widget.setNotificationBadge(null);
      setText("badge-count", "none");
    });
    show("badge", true);
  });
})();

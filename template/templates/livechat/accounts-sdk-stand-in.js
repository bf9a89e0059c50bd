// A local stand-in for LiveChat's accounts SDK, for development and tests only. It renders a
// "Sign in with LiveChat" button into the page's .livechat-login-button elements; a click asks
// the emulator (the parent page) for an identity, as LiveChat's popup would return one, and
// hands it to onIdentityFetched. A backend that receives the token still verifies it with the
// accounts server it is configured with (a local stand-in in development and tests).
"use strict";

(function () {
  window.AccountsSDK = {
    init({ client_id: clientId, onIdentityFetched }) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Sign in with LiveChat";

      const instance = {
        openPopup() {
          window.parent.postMessage({ lcext_emulator: "sign_in", client_id: clientId }, "*");
        },
        signOut(callback) {
          if (callback) callback();
        },
        displayButtons() {
          for (const place of document.querySelectorAll(".livechat-login-button")) {
            place.replaceChildren(button);
          }
        },
      };
      button.addEventListener("click", () => instance.openPopup());

      window.addEventListener("message", (event) => {
        if (event.origin !== window.location.origin || event.source !== window.parent) return;
        const reply = event.data || {};
        if (reply.lcext_emulator !== "identity") return;
        if (reply.error) onIdentityFetched(reply.error, null);
        else onIdentityFetched(null, reply.identity);
      });

      instance.displayButtons();
      // Like the real SDK for an agent who has not signed in yet.
      setTimeout(() => onIdentityFetched({ identity_exception: "unauthorized" }, null), 0);
      return instance;
    },
  };
})();

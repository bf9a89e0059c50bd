  // Sign in with LiveChat: the accounts SDK gives the page the agent's access token.
{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] %}
  // Hints for the errors LiveChat's accounts SDK reports most often.
  const SIGN_IN_HINTS = {
    unauthorized: "Sign in with LiveChat to continue.",
    invalid_request:
      "This page's URL is not among the app's redirect URIs in the Developers Console.",
    access_denied: "The app is installed on another LiveChat license than the one you use.",
  };
{% if flavor.server %}
  async function useIdentity(identity) {
    // The backend verifies the token with LiveChat's accounts server before trusting it.
    const response = await fetch("api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ access_token: identity.access_token }),
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
{% else %}
  function useIdentity(identity) {
    // entity_id is the agent's login e-mail. Like all of the SDK's identity data it comes from
    // the browser, so it is fit for display only: a backend this page calls must verify
    // identity.access_token itself with LiveChat's accounts server.
    show("sign-in", false);
    setText("agent-login", identity.entity_id);
    show("agent", true);
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
    useIdentity(data);
  }

  function startSignIn() {
    if (typeof AccountsSDK === "undefined") {
      showProblem("LiveChat's accounts SDK did not load: check the network and the page's CSP.");
      return;
    }
    const clientId = byId("extension").dataset.clientId;
{%- if flavor.server %}
    if (!clientId) {
      showProblem("No Client Id yet: put your app's Client Id in {{ flavor.client_id_from }}.");
      return;
    }
    AccountsSDK.init({ client_id: clientId, onIdentityFetched });
{%- else %}
    if (clientId) {
      AccountsSDK.init({ client_id: clientId, onIdentityFetched });
      return;
    }
    manifestClientId().then((fromManifest) => {
      if (fromManifest) {
        AccountsSDK.init({ client_id: fromManifest, onIdentityFetched });
      } else {
        showProblem(
          "No Client Id yet: put your app's Client Id in {{ flavor.client_id_from }}, or " +
            "register the app with lcdev bootstrap, which writes it into livechat.config.json.",
        );
      }
    });
{%- endif %}
  }
{%- if not flavor.server %}

{% include "manifest/client-id.js" %}
{%- endif %}

  function connect() {
    LiveChat.on("customer_profile", renderCustomer);
    LiveChat.on("customer_profile_hidden", clearCustomer);
    // Authorization is done by Sign in with LiveChat, so LiveChat's own is turned off. The docs
    // name the key "authorize" in code samples and "authorization" in prose: both are passed,
    // the library ignores the one it does not know. Without it the loader never stops spinning.
    LiveChat.init({ authorize: false, authorization: false });
    startSignIn();
  }

  // The basic flow: the Agent App POSTs the agent's login and API key to /authorize/, and
  // LiveChat's library then holds the session id our backend answered with.
  function onAuthorized() {
    sessionId = LiveChat.getSessionId();
    show("problem", false);
    loadAgent();
  }

  function onAuthorizeError() {
    showProblem("LiveChat could not authorize you for this extension (POST /authorize/ failed).");
  }

  function connect() {
    LiveChat.on("customer_profile", (customer) => {
      // "authorize" and "authorize_error" are not documented in detail: the session id is also
      // picked up with the first customer profile, in case the events never arrive.
      if (!sessionId && LiveChat.getSessionId()) onAuthorized();
      renderCustomer(customer);
    });
    LiveChat.on("customer_profile_hidden", clearCustomer);
    LiveChat.on("authorize", onAuthorized);
    LiveChat.on("authorize_error", onAuthorizeError);
    // Hides the Agent App's loader; the Agent App then POSTs to /authorize/.
    LiveChat.init();
  }

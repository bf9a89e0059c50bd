  // A static site has no server to fill data-client-id in: without one, the page takes the
  // Client Id that `lcdev bootstrap` wrote into livechat.config.json, published beside it.
  async function manifestClientId() {
    try {
      const response = await fetch("livechat.config.json", { cache: "no-cache" });
      const manifest = response.ok ? await response.json() : null;
      const clientId = manifest && manifest.auth && manifest.auth.clientId;
      return typeof clientId === "string" ? clientId.trim() : "";
    } catch {
      // No fetch (an old browser), no manifest published, or not JSON: no Client Id.
      return "";
    }
  }
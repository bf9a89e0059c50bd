// One server process, over plain HTTP: `npm start` (src/plumbing/cluster.js)
// runs one in each of its workers. app.js builds the app.
import cluster from "node:cluster";

import { createApp } from "./app.js";
import { exitOnConfigurationError, loadServerSettings } from "./config.js";

const { settings, app } = exitOnConfigurationError(() => {
  const settings = loadServerSettings();
  return { settings, app: createApp(settings) };
});

const server = app.listen(settings.port, settings.host, (error) => {
  if (error) {
    console.error(
      `Cannot listen on ${settings.host}:${settings.port}: ${error.message}`,
    );
    process.exit(1);
  }
  if (cluster.isWorker) {
    return; // the primary says so
  }
  const { address, port } = /** @type {import("node:net").AddressInfo} */ (
    server.address()
  );
  const host = address.includes(":") ? `[${address}]` : address;
  console.log(`Listening on http://${host}:${port}/ (process ${process.pid})`);
});

if (cluster.isWorker) {
  // Ctrl-C reaches every process of the terminal: the primary stops the
  // workers in order.
  process.on("SIGINT", () => {});
} else {
  // Stop taking connections, finish the requests under way, then exit.
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => server.close());
  }
}

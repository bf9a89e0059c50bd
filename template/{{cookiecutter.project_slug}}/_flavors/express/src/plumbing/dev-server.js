// The development server of `npm run dev`: the app over HTTPS on
// https://localhost:8000, with the Agent App emulator at /emulator/. The first
// run makes a self-signed certificate for localhost (see devcert.js).
import { createServer } from "node:https";

import { createApp } from "../app.js";
import { exitOnConfigurationError, loadSettings } from "../config.js";
import { localhostCertificate } from "./devcert.js";

const DEFAULT_DEV_PORT = 8000;

const { settings, app } = exitOnConfigurationError(() => {
  const settings = loadSettings();
  return { settings, app: createApp(settings) };
});
if (settings.environment !== "development") {
  console.error(
    "npm run dev is for ENVIRONMENT=development; in production run " +
      "npm start behind your HTTPS proxy",
  );
  process.exit(1);
}
const port = Number(process.env.DEV_PORT ?? DEFAULT_DEV_PORT);

const { key, cert, created } = await localhostCertificate();
if (created) {
  console.log(
    "Made a self-signed certificate for localhost in .devcert/: your browser " +
      "asks you to accept it once",
  );
}

const server = createServer({ key, cert }, app);
server.listen(port, settings.host, () => {
  const address = /** @type {import("node:net").AddressInfo} */ (
    server.address()
  );
  const base = `https://localhost:${address.port}`;
  console.log(`Listening on ${base}/ (process ${process.pid})`);
  console.log(`Agent App emulator: ${base}/emulator/`);
});
server.on("error", (error) => {
  console.error(`Cannot listen on ${settings.host}:${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

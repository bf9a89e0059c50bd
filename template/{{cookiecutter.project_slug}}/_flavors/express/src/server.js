// The server that `npm start` and `npm run dev` run; app.js builds the app.
import { createApp } from "./app.js";
import { ConfigurationError, loadSettings } from "./config.js";

function configure() {
  try {
    const settings = loadSettings();
    return { settings, app: createApp(settings) };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) {
      throw error;
    }
    // One line that says what to set, instead of a stack trace.
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}

const { settings, app } = configure();
app.listen(settings.port, settings.host, (error) => {
  if (error) {
    console.error(
      `Cannot listen on ${settings.host}:${settings.port}: ${error.message}`,
    );
    process.exit(1);
  }
  console.log(`Listening on http://${settings.host}:${settings.port}/`);
});

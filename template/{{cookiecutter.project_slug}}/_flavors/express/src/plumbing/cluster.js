// The production server of `npm start`: WEB_CONCURRENCY worker processes (2 by
// default), each running src/server.js, share the port. A worker that dies is
// replaced, and SIGTERM stops them all once their requests are answered.
import cluster from "node:cluster";

import {
  exitOnConfigurationError,
  loadServerSettings,
  sessionSecret,
} from "../config.js";

// How long the workers get to answer their requests once asked to stop.
const STOP_TIMEOUT_MS = 10_000;

if (cluster.isWorker) {
  await import("../server.js");
} else {
  const { settings, secret } = exitOnConfigurationError(() => {
    const settings = loadServerSettings();
    return { settings, secret: sessionSecret(settings) };
  });
  // In development without SESSION_SECRET the random secret is made here,
  // once, so that every worker accepts the sessions of the others.
  const workerEnv = { SESSION_SECRET: secret };
  /** @type {Set<number>} the workers that got as far as listening */
  const started = new Set();
  let stopping = false;

  /** @param {number} exitCode */
  const stop = (exitCode) => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.exitCode = exitCode;
    for (const worker of Object.values(cluster.workers ?? {})) {
      // It closes its server and exits once its requests are answered.
      worker?.disconnect();
    }
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) {
        worker?.kill("SIGKILL");
      }
    }, STOP_TIMEOUT_MS).unref();
  };

  cluster.on("listening", (worker, { address, port }) => {
    started.add(worker.id);
    // Said here rather than by the worker, once this process knows it.
    const host = address?.includes(":") ? `[${address}]` : address;
    const pid = worker.process.pid;
    console.log(`Listening on http://${host}:${port}/ (process ${pid})`);
  });
  cluster.on("exit", (worker, code, signal) => {
    const pid = worker.process.pid;
    if (stopping || worker.exitedAfterDisconnect) {
      return;
    }
    if (!started.has(worker.id)) {
      // Another would fail the same way (the port is taken, say).
      console.error(`Worker ${pid} could not start; stopping`);
      stop(1);
      return;
    }
    console.error(
      `Worker ${pid} died (${signal ?? `exit code ${code}`}); starting another`,
    );
    cluster.fork(workerEnv);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => stop(0));
  }

  console.log(
    `Starting ${settings.webConcurrency} workers (primary ${process.pid})`,
  );
  for (let n = 0; n < settings.webConcurrency; n += 1) {
    cluster.fork(workerEnv);
  }
}

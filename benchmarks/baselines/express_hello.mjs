// Express's bare endpoints behind node:cluster, the baseline for the generated Express app.
// bench_load.py copies it into the generated project so that it uses the project's express.
import cluster from "node:cluster";
import express from "express";

const workers = Number(process.env.WEB_CONCURRENCY || 2);
if (cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const app = express();
  app.get("/", (request, response) => response.type("text/plain").send("hello"));
  app.post("/authorize/", express.json(), (request, response) =>
    response.json({ session_id: "hello" }),
  );
  app.listen(Number(process.env.PORT), process.env.HOST);
}

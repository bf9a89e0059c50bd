// The deployment files: the Dockerfile, read here (and its health check run),
// since no test can build the image; and the CI workflow.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { promisify } from "node:util";

import { TestApp, testSettings } from "./helpers.js";

const PRODUCTION_COMMAND = ["node", "src/cluster.js"];

/** @param {string} path from the project's folder */
const read = (path) =>
  readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

/**
 * The Dockerfile's instructions as [KEYWORD, arguments], continued lines joined
 * and comments left out.
 */
function dockerfile() {
  return read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return [keyword.toUpperCase(), rest.join(" ")];
    });
}

/**
 * The arguments of the instructions `keyword`, in order.
 *
 * @param {string} keyword
 */
const argumentsOf = (keyword) =>
  dockerfile()
    .filter(([name]) => name === keyword)
    .map(([, args]) => args);

/** @param {string} section a heading of the README */
function readmeCommands(section) {
  const pattern = new RegExp(
    `^## ${section}\n[^]*?\`\`\`sh\n([^]*?)\`\`\``,
    "m",
  );
  const [, block] = pattern.exec(read("README.md")) ?? [];
  assert.ok(block, `no commands under "## ${section}" in the README`);
  return block
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

describe("the Dockerfile", () => {
  it("runs the production command, as npm start and the README do", () => {
    const [command] = argumentsOf("CMD");
    assert.deepEqual(JSON.parse(command), PRODUCTION_COMMAND);
    const { scripts } = JSON.parse(read("package.json"));
    assert.equal(scripts.start, PRODUCTION_COMMAND.join(" "));
    assert.ok(readmeCommands("Deploy").includes(PRODUCTION_COMMAND.join(" ")));
  });

  it("runs it as an unprivileged user", () => {
    const users = argumentsOf("USER");
    assert.ok(users.length > 0, "no USER");
    assert.ok(!["root", "0"].includes(users.at(-1)?.split(":")[0] ?? ""));
  });

  it("runs it in production", () => {
    assert.match(argumentsOf("ENV").join(" "), /\bENVIRONMENT=production\b/);
  });

  it("installs the locked dependencies, without the dev ones, before the code", () => {
    const instructions = dockerfile().map(([name, args]) => `${name} ${args}`);
    const install = instructions.findIndex((line) =>
      /^RUN npm ci --omit=dev\b/.test(line),
    );
    const code = instructions.indexOf("COPY src ./src");
    assert.ok(
      install > 0 && code > install,
      "npm ci --omit=dev, then the code",
    );
    assert.ok(
      instructions
        .slice(0, install)
        .includes("COPY package.json package-lock.json ./"),
    );
  });

  it("has a health check that asks /healthz", async () => {
    const [healthcheck] = argumentsOf("HEALTHCHECK");
    const [, exec] = /\bCMD (\[.*\])$/.exec(healthcheck ?? "") ?? [];
    const [program, ...args] = JSON.parse(exec);
    // With node: the slim image has no curl.
    assert.equal(program, "node");
    assert.ok(args.join(" ").includes("/healthz"));

    const check = (/** @type {string} */ port) =>
      promisify(execFile)(process.execPath, args, { env: { PORT: port } });
    const app = await TestApp.start(testSettings());
    const { port } = new URL(app.url);
    try {
      await check(port);
    } finally {
      await app.close();
    }
    await assert.rejects(check(port), { code: 1 });
  });

  it("gets neither .env nor node_modules", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const path of [".env", "node_modules/"]) {
      assert.ok(ignored.includes(path), `${path} is not in .dockerignore`);
    }
  });
});

describe("the CI workflow", () => {
  const workflow = read(".github/workflows/test.yml");

  it("runs the README's test commands", () => {
    const runs = [...workflow.matchAll(/^\s*- run: (.+)$/gm)].map(
      ([, run]) => run,
    );
    assert.deepEqual(runs, readmeCommands("Test it"));
  });

  it("tests on the Node.js of the Docker image", () => {
    const [image] = argumentsOf("FROM");
    const [, version] = /^\s*node-version: (\S+)$/m.exec(workflow) ?? [];
    assert.equal(image, `node:${version}-slim`);
  });
});

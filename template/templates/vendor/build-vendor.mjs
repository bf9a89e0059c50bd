// Builds the browser files of LiveChat's SDKs from the pinned npm packages in node_modules.
//
//   node build-vendor.mjs <pages folder> <emulator folder>          writes them
//   node build-vendor.mjs <pages folder> <emulator folder> --check  fails on other bytes
//
// - agentapp.umd.min.js: @livechat/agent-app-sdk's own UMD build, byte for byte.
// - accounts-sdk.js: @livechat/accounts-sdk's ES build bundled for the browser. Its published
//   UMD build throws in a browser (its bundled `qs` asks for Node's `util`), so it is rebuilt.
// - postmessage.js: the parent side of @livechat/postmessage, which the Agent App emulator (and
//   lcext doctor) use to host the widgets the way the Agent App does.
// - THIRD-PARTY-NOTICES.txt: the license of every package in those files.
import { build } from "esbuild";
import { readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
// The packages whose code each file holds: folder -> package.json.
const packages = new Map();

async function addPackage(folder) {
  if (packages.has(folder)) return;
  const manifest = JSON.parse(await readFile(path.join(folder, "package.json"), "utf8"));
  packages.set(folder, manifest);
  // A prebuilt bundle (the widgets SDK's UMD build) holds its dependencies too.
  const local = createRequire(path.join(folder, "package.json"));
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    await addPackage(path.dirname(local.resolve(`${name}/package.json`)));
  }
}

// Each file, built from the packages: the same inputs give the same bytes.
async function bundle(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    platform: "browser",
    format: "iife",
    minify: true,
    legalComments: "eof",
    metafile: true,
    write: false,
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    // "(disabled):..." marks Node-only modules the browser build leaves out.
    if (input.startsWith("(disabled)")) continue;
    const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match) packages.set(path.resolve(match[1]), null);
  }
  return result.outputFiles[0].contents;
}

async function notices() {
  const sections = [];
  for (const folder of packages.keys()) {
    const manifest = JSON.parse(await readFile(path.join(folder, "package.json"), "utf8"));
    const licenseFile = (await readdir(folder)).find((name) => /^licen[cs]e/i.test(name));
    const text = licenseFile
      ? (await readFile(path.join(folder, licenseFile), "utf8")).trim()
      : `${manifest.license ?? "MIT"} (as its package.json declares; it ships no license file)`;
    sections.push(`${manifest.name} ${manifest.version}\n\n${text}\n`);
  }
  sections.sort();
  sections.splice(0, sections.length, ...new Set(sections));
  const head =
    "The files in this folder are built from these npm packages (node build-vendor.mjs):\n";
  return new TextEncoder().encode([head, ...sections].join("\n" + "-".repeat(72) + "\n\n"));
}

// Where each goes: "pages" beside the widget pages, "emulator" with the development emulator.
const FILES = {
  "pages/agentapp.umd.min.js": async () => {
    const file = require.resolve("@livechat/agent-app-sdk/dist/agentapp.umd.min.js");
    await addPackage(path.dirname(path.dirname(file)));
    return readFile(file);
  },
  "pages/accounts-sdk.js": async () =>
    bundle('import AccountsSDK from "@livechat/accounts-sdk";\nglobalThis.AccountsSDK = AccountsSDK;\n'),
  "emulator/postmessage.js": async () =>
    bundle(
      'import { connectExistingIframe } from "@livechat/postmessage";\n' +
        "globalThis.LiveChatPostMessage = { connectExistingIframe };\n",
    ),
  // Last: it lists the packages the files above were built from.
  "pages/THIRD-PARTY-NOTICES.txt": notices,
};

const [pages, emulator, flag] = process.argv.slice(2);
if (!pages || !emulator) {
  console.error("usage: node build-vendor.mjs <pages folder> <emulator folder> [--check]");
  process.exit(2);
}
const folders = { pages, emulator };
let stale = 0;
for (const [name, make] of Object.entries(FILES)) {
  const built = Buffer.from(await make());
  const [where, file] = name.split("/");
  const target = path.join(folders[where], file);
  if (flag === "--check") {
    const present = await readFile(target).catch(() => null);
    if (!present || !built.equals(present)) {
      console.error(`${target} is not what the pinned packages build to: run npm run vendor`);
      stale += 1;
    }
  } else {
    await mkdir(folders[where], { recursive: true });
    await writeFile(target, built);
  }
}
process.exit(stale ? 1 : 0);

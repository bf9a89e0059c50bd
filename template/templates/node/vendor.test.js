// The vendored SDK files in static/vendor/ and {{ plumbing }}/emulator/ are what
// the packages pinned in package-lock.json build to: `npm run vendor` rebuilds
// them, and this test fails when they differ (an upgrade without a rebuild, or
// an edit by hand).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILDER = "{{ plumbing }}/build-vendor.mjs";
const PAGES = "static/vendor";
const EMULATOR = "{{ plumbing }}/emulator";
// Building bundles with esbuild takes a few seconds on a busy machine.
const SLOW = { timeout: 60_000 };

/**
 * Runs the builder with --check against `pages` and `emulator`.
 *
 * @param {string} pages
 * @param {string} emulator
 */
async function check(pages, emulator) {
  try {
    await run(process.execPath, [BUILDER, pages, emulator, "--check"], {
      cwd: ROOT,
    });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failure = /** @type {NodeJS.ErrnoException & { stderr: string }} */ (
      error
    );
    return { code: Number(failure.code), stderr: failure.stderr };
  }
}

describe("the vendored SDK files", () => {
  it("are what the lockfile's packages build to", SLOW, async () => {
    const { code, stderr } = await check(PAGES, EMULATOR);
    assert.equal(code, 0, stderr);
  });

  it("fail the check when a byte differs", SLOW, async (t) => {
    const copy = await mkdtemp(join(tmpdir(), "vendor-"));
    t.after(() => rm(copy, { recursive: true, force: true }));
    await cp(join(ROOT, PAGES), join(copy, "pages"), { recursive: true });
    await cp(join(ROOT, EMULATOR, "postmessage.js"), join(copy, "postmessage.js"));
    await writeFile(join(copy, "postmessage.js"), "/* edited */", { flag: "a" });
    const { code, stderr } = await check(join(copy, "pages"), copy);
    assert.equal(code, 1);
    assert.match(stderr, /postmessage\.js is not what the pinned packages build to/);
    assert.doesNotMatch(stderr, /agentapp|accounts-sdk|NOTICES/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { SessionSigner } from "../src/plumbing/sessions.js";

const AGENT = "agent@example.com";
const APP = "{{ cookiecutter.project_slug }}";

/** A clock the test sets. */
class Clock {
  /** @param {number} now seconds */
  constructor(now) {
    this.now = now;
  }

  read = () => this.now;
}

describe("SessionSigner", () => {
  it("makes sessions valid until they expire", () => {
    const clock = new Clock(1_000);
    const signer = new SessionSigner("secret", APP, 60, clock.read);
    const sessionId = signer.issue(AGENT);
    clock.now = 1_059;
    assert.deepEqual(signer.verify(sessionId), {
      agent: AGENT,
      expiresAt: 1_060,
    });
    clock.now = 1_060;
    assert.equal(signer.verify(sessionId), null);
  });

  it("lets a shorter lifetime win over the maximum age", () => {
    const signer = new SessionSigner("secret", APP, 3_600, () => 1_000);
    const short = signer.verify(signer.issue(AGENT, 30));
    const long = signer.verify(signer.issue(AGENT, 10_000));
    assert.equal(short?.expiresAt, 1_030);
    assert.equal(long?.expiresAt, 4_600);
  });

  it("makes ids that differ between secrets and do not verify across them", () => {
    const first = new SessionSigner("first-secret", APP, 60);
    const second = new SessionSigner("second-secret", APP, 60);
    assert.notEqual(first.issue(AGENT), second.issue(AGENT));
    assert.equal(second.verify(first.issue(AGENT)), null);
    assert.notEqual(first.verify(first.issue(AGENT)), null);
  });

  it("makes ids for one app, which another app with the same secret refuses", () => {
    // Two extensions deployed with one SESSION_SECRET by mistake: a session of
    // one must not open the other.
    const ours = new SessionSigner("shared-secret", APP, 60);
    const theirs = new SessionSigner("shared-secret", "another-app", 60);
    assert.equal(ours.verify(theirs.issue(AGENT)), null);
    assert.equal(theirs.verify(ours.issue(AGENT)), null);
    assert.equal(ours.verify(ours.issue(AGENT))?.agent, AGENT);
  });

  it("refuses ids that are not session ids at all", () => {
    const signer = new SessionSigner("secret", APP, 60);
    const [payload, signature] = signer.issue(AGENT).split(".");
    for (const sessionId of [
      "",
      ".",
      "not-a-session",
      `${payload}.${signature}.more`,
      `${payload}.`,
      `.${signature}`,
    ]) {
      assert.equal(signer.verify(sessionId), null, JSON.stringify(sessionId));
    }
  });
});

// GET /api/customers/:customerId/details: the rows of the Chat Details
// widget's section, from customerDetails() in src/customer-details.js.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { customerDetails } from "../src/customer-details.js";
import { TestApp, signer, testSettings } from "./helpers.js";

const AGENT = "agent@example.com";
const CUSTOMER_ID = "f0c3a0a2-6b8e-4c8e-9b9f-0a1b2c3d4e5f";

describe("customerDetails()", () => {
  it("has the sample rows: the customer, who looked them up and when", async () => {
    const rows = await customerDetails(CUSTOMER_ID, AGENT);
    assert.deepEqual(
      rows.map((row) => row.label),
      ["Customer ID", "Looked up by", "Looked up at"],
    );
    assert.equal(rows[0].value, CUSTOMER_ID);
    assert.equal(rows[1].value, AGENT);
    // UTC, to the second: a refresh visibly changes it.
    assert.match(rows[2].value, /^\d{2}:\d{2}:\d{2}$/);
  });
});

describe("GET /api/customers/:customerId/details", () => {
  /** @type {TestApp} */
  let app;
  before(async () => {
    app = await TestApp.start(testSettings());
  });
  after(() => app.close());

  const session = signer.issue(AGENT);
  /** @param {string} id */
  const details = (id) =>
    app.getWithSession(`/api/customers/${id}/details`, session);

  it("answers the rows for the session's agent", async () => {
    const answer = await details(CUSTOMER_ID);
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.json), ["rows"]);
    const rows = answer.json.rows;
    assert.deepEqual(rows.slice(0, 2), [
      { label: "Customer ID", value: CUSTOMER_ID },
      { label: "Looked up by", value: AGENT },
    ]);
    assert.equal(rows[2].label, "Looked up at");
    const now = new Date().toISOString().slice(11, 19);
    assert.ok(rows[2].value <= now, `${rows[2].value} is after ${now}`);
  });

  it("answers 401 without a session, or with a forged one", async () => {
    const none = await app.fetch(`/api/customers/${CUSTOMER_ID}/details`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), "Bearer");
    const forged = await app.getWithSession(
      `/api/customers/${CUSTOMER_ID}/details`,
      `${session}x`,
    );
    assert.equal(forged.status, 401);
    assert.equal(typeof forged.json.detail, "string");
  });

  /** @type {Array<[string, string]>} */
  const badIds = [
    ["too long", "c".repeat(129)],
    ["with a space", "a%20b"],
    ["with a slash", "a%2Fb"],
    ["with HTML", "%3Cscript%3E"],
    ["with a quote", "a%22b"],
    ["with an at sign", "a@b"],
    ["with a control character", "a%0Ab"],
    ["not ASCII", "%C3%A9"],
  ];
  for (const [what, id] of badIds) {
    it(`answers 400 for a customer id ${what}`, async () => {
      const answer = await details(id);
      assert.equal(answer.status, 400);
      assert.match(answer.json.detail, /customer id/);
    });
  }

  it("takes the longest customer id it allows", async () => {
    const answer = await details("c".repeat(128));
    assert.equal(answer.status, 200);
    assert.equal(answer.json.rows[0].value, "c".repeat(128));
  });
});

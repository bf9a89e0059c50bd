// Your customer lookup: what the Chat Details widget shows in its
// customer-details section in the Agent App. Replace the sample rows with
// your own, from your database or your CRM.

/**
 * @typedef {object} Row one line of the section, shown as "label: value"
 * @property {string} label
 * @property {string} value
 */

/**
 * The rows to show about a customer. GET /api/customers/:customerId/details
 * calls it once the agent's session is verified; what it throws is a 500.
 *
 * @param {string} customerId LiveChat's id of the customer of the open chat
 * @param {string} agent who asks: the signed-in agent's account id
 * @returns {Promise<Row[]>}
 */
export async function customerDetails(customerId, agent) {
  return [
    { label: "Customer ID", value: customerId },
    { label: "Looked up by", value: agent },
    // The time in UTC, HH:MM:SS: a refresh visibly changes it.
    { label: "Looked up at", value: new Date().toISOString().slice(11, 19) },
  ];
}

// Your authorization logic for LiveChat's basic flow: the function to make
// your own.

/**
 * Decides whether the agent `login` may use this extension.
 *
 * The Agent App sends the agent's login (their e-mail) and their LiveChat API
 * key to `POST /authorize/` each time the extension loads. This function is
 * called only after LiveChat's API has vouched that the key is that agent's
 * (see plumbing/livechat-api.js), so `login` is a real LiveChat agent: here go
 * your own rules, and only here. Allow a list of logins, a domain, the agents
 * of your customers' licences, and so on. Return false to refuse the agent:
 * the Agent App then reports an authorization error.
 *
 * By default every agent LiveChat vouched for is accepted.
 *
 * @param {string} login the agent's login, trimmed and non-empty
 * @returns {Promise<boolean>}
 */
export async function authorizeAgent(login) {
  return login !== "";
}

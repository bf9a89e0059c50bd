// Your authorization logic for LiveChat's basic flow: the function to make
// your own.

/**
 * Decides whether the agent `login` may use this extension.
 *
 * The Agent App sends the agent's login (their e-mail) and their LiveChat API
 * key to `POST /authorize/` each time the extension loads. Replace the body
 * with your own check: look the login up in your user base, call your service
 * with the key, and so on. Return false to refuse the agent: the Agent App then
 * reports an authorization error.
 *
 * By default every well-formed login and key is accepted (both arrive trimmed
 * and non-empty).
 *
 * `apiKey` is the agent's credential: never log it, store it or send it back.
 * If you compare it with a key of your own, use `crypto.timingSafeEqual`.
 *
 * @param {string} login
 * @param {string} apiKey
 * @returns {Promise<boolean>}
 */
export async function authorizeAgent(login, apiKey) {
  return login !== "" && apiKey !== "";
}

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The pages are the ones every lcext flavor shares, written as Jinja templates
 * for the Python ones. Their few runtime values are filled in here once at
 * startup rather than with a template engine; escaped, as some come from the
 * environment.
 *
 * @param {string} template
 * @param {Record<string, string>} values
 */
const fillIn = (template, values) =>
  template.replace(/\{\{ ([a-z_]+) \}\}/g, (placeholder, name) =>
    Object.hasOwn(values, name) ? escapeHtml(values[name]) : placeholder,
  );

/**
 * The answer for a page that never changes, made once at startup: its bytes
 * and the headers that describe them. Given a string, `res.send()` would
 * encode it and hash it for an ETag on every request.
 *
 * @param {string} html
 */
function prepareAnswer(html) {
  const body = Buffer.from(html);
  const hash = createHash("sha256").update(body).digest("base64url");
  return {
    body,
    // With an ETag already set, res.send() still answers 304 to a browser
    // whose copy is current, and hashes nothing.
    headers: { "Content-Type": "text/html; charset=utf-8", ETag: `"${hash}"` },
  };
}
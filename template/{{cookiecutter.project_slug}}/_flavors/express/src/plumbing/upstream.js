// Calls to LiveChat's servers, bounded: one deadline for the whole exchange and
// a cap on the answer, so a slow or broken server cannot hold a request or fill
// the memory.

/** The most of an answer that is read: LiveChat's are a few hundred bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** No usable answer: unreachable, too slow, or too large. */
export class UpstreamError extends Error {
  name = "UpstreamError";
}

/**
 * GETs `url` and reads the whole answer as text, within `timeoutMs` in all
 * (connecting, sending and reading: a server that drips its answer a byte at a
 * time runs out of time too) and `MAX_ANSWER_BYTES`.
 *
 * @param {string} url
 * @param {object} options
 * @param {Record<string, string>} options.headers
 * @param {number} options.timeoutMs
 * @returns {Promise<{ status: number, text: string }>}
 * @throws {UpstreamError} never with the headers in its message: they hold
 *   the credentials
 */
export async function getText(url, { headers, timeoutMs }) {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      headers,
      // The credentials go to this server and nowhere else.
      redirect: "error",
      signal,
    });
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > MAX_ANSWER_BYTES || response.body === null) {
      await response.body?.cancel();
      if (length > MAX_ANSWER_BYTES) {
        throw new UpstreamError("the answer is too large");
      }
      return { status: response.status, text: "" };
    }
    /** @type {Uint8Array[]} */
    const chunks = [];
    let size = 0;
    // The signal aborts a read that waits past the deadline.
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        throw new UpstreamError("the answer is too large");
      }
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    return { status: response.status, text };
  } catch (error) {
    if (error instanceof UpstreamError) {
      throw error;
    }
    // Its name only: TimeoutError, TypeError ("fetch failed"), and so on.
    throw new UpstreamError(
      signal.aborted
        ? "no answer in time"
        : error instanceof Error
          ? error.name
          : "the request failed",
    );
  }
}

// The self-signed certificate for https://localhost of `npm run dev`, made with
// the selfsigned package on first run and kept in .devcert/ (git-ignored).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import selfsigned from "selfsigned";

/** Where `npm run dev` keeps it, in the project's folder. */
export const DEVCERT_DIR = new URL("../../.devcert/", import.meta.url);

/**
 * The key and certificate in `dir`, made there first if they are not.
 *
 * @param {string | URL} [dir]
 * @returns {Promise<{ key: string, cert: string, created: boolean }>}
 */
export async function localhostCertificate(dir = DEVCERT_DIR) {
  const folder = dir instanceof URL ? dir.pathname : dir;
  const keyFile = join(folder, "localhost-key.pem");
  const certFile = join(folder, "localhost.pem");
  try {
    const [key, cert] = await Promise.all([
      readFile(keyFile, "utf8"),
      readFile(certFile, "utf8"),
    ]);
    return { key, cert, created: false };
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "ENOENT") {
      throw error;
    }
  }
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate);
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 1);
  const pems = await selfsigned.generate(
    [{ name: "commonName", value: "localhost" }],
    {
      keySize: 2048,
      algorithm: "sha256",
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 7, ip: "127.0.0.1" },
            { type: 7, ip: "::1" },
          ],
        },
      ],
    },
  );
  await mkdir(folder, { recursive: true });
  // The key is readable by its owner only.
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  await writeFile(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, created: true };
}

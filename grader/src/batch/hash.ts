/** Content hashes for the batch's skip logic: same file + same suite + same wlgrade + same settings = same result. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Streamed: a file of any size (a hostile upload is refused later, by size) costs no memory here. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** One hash over the case files' contents, in the order given (order decides case order). */
export async function hashSuite(paths: string[]): Promise<string> {
  const h = createHash('sha256');
  for (const p of paths) {
    const body = await readFile(p);
    h.update(`${body.length}\0`).update(body);
  }
  return h.digest('hex');
}

/** The grading settings that can change a report (the Python, the sandbox, the limits, the Keras mode), hashed. */
export function settingsHash(o: { python: string; sandbox: string; limits: object; keras: string }): string {
  const limits = Object.fromEntries(Object.entries(o.limits).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify({ python: o.python, sandbox: o.sandbox, limits, keras: o.keras })).digest('hex');
}

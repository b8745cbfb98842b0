/** Writing one file of wlgrade's own cache (the suite cache, check's memory of the Python). */
import { rename, writeFile } from 'node:fs/promises';
import { makeDirs } from './make-dirs.js';

/**
 * Stores `text` as `file` in `dir` (made 0700 when missing), the file 0600 and replaced whole (a
 * temporary file renamed over it, so a reader never sees half of it). A cache that cannot be
 * written (a read-only or missing home) is no cache: nothing is thrown.
 */
export async function writeCacheFile(dir: string, file: string, text: string): Promise<void> {
  try {
    await makeDirs(dir, 0o700);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch {
    // no cache, same result
  }
}

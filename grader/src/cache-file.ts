/** Reading and writing one file of wlgrade's own cache (the suite cache, check's memory of the Python). */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { makeDirs } from './make-dirs.js';
import { readRegularFileSync } from './read-regular.js';

/**
 * Stores `text` as `file` in `dir` (made 0700 when missing), the file 0600 and replaced whole (a
 * temporary file renamed over it, so a reader never sees half of it). A cache that cannot be
 * written (a read-only or missing home) is no cache: nothing is thrown; false is returned.
 */
export async function writeCacheFile(dir: string, file: string, text: string): Promise<boolean> {
  try {
    await makeDirs(dir, 0o700);
    // A name no one could guess, made new ('wx': O_EXCL, which follows no symlink): learner code
    // that check ran in process mode owns this folder, and at the old name (file.<pid>.tmp) a
    // symlink made the next check write through it to any file its user may write (a
    // `sudo wlgrade check` that kept HOME: any file at all), a FIFO held it for ever.
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
    return true;
  } catch {
    // no cache, same result
    return false;
  }
}

/**
 * The text of `file` when it is a regular file of at most `maxBytes`, else undefined (missing,
 * unreadable, or anything else). In process mode learner code runs as the user who owns the cache
 * and can put anything at its paths: a FIFO there held every later `check` for ever (a read waits
 * for a writer), and a symlink to /dev/zero or a sparse file of gigabytes was read whole. So the
 * file is opened without blocking and checked on the open descriptor before it is read.
 */
export function readCacheFile(file: string, maxBytes: number): string | undefined {
  try {
    // Never past maxBytes, whatever the stat said: a link to /proc/self/pagemap (a "regular file"
    // of size 0) was read to its end, gigabytes, by readFileSync (review 28).
    const read = readRegularFileSync(file, maxBytes);
    return read.ok ? read.bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

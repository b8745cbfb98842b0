/**
 * Reading a file that someone else may have put there (a learner's file, wlgrade's own cache, which
 * learner code run in process mode can write to) without ever blocking on it or reading past a
 * limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file's bytes, or, when they were not read, the stat of the open file that said why (readRegularFileSync). */
export type FileRead = { ok: true; bytes: Buffer } | { ok: false; stats: Stats };

/**
 * The bytes of `path` read with direct (synchronous) calls when it is a regular file of at most
 * `maxBytes`; else the stat that refused it, the file unread. Opened without blocking and checked
 * on the open descriptor, so a file swapped for a FIFO or a device since it was checked is never
 * read (a FIFO would block the whole process, not one thread-pool thread), and a file over the
 * limit is never read either (a sparse 2 TB .py, holes only, unpacked by tar from a few bytes,
 * held a batch for as long as reading 2 TB takes). For the small files a batch reads once per
 * learner: through fs/promises, an open, a stat, a read and a close are each a round trip through
 * libuv's thread pool with a wake-up on both sides (~0.1-0.2 ms of CPU a file on a 2-core VM,
 * against ~0.02 ms for these calls made directly). Throws what the open or the read throws.
 */
export function readRegularFileSync(path: string, maxBytes = Infinity): FileRead {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return { ok: false, stats };
    // Read to the end, but never past the limit: readFileSync(fd) reads on past the size checked,
    // to the end of a file that grew since (a writer appending) or whose size says 0 (/proc, /sys).
    let buf = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let n = 0;
    for (let got: number; (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) {
      n += got;
      if (n > maxBytes) return { ok: false, stats: Object.assign(stats, { size: n }) };
      if (n === buf.length) buf = Buffer.concat([buf], Math.min(buf.length * 2, maxBytes + 1));
    }
    return { ok: true, bytes: buf.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}

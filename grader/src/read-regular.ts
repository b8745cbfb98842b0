/** One synchronous read of a file that must be a regular file. */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * The bytes of `path` read with direct (synchronous) calls, or null when it is not a regular file
 * now: opened without blocking and checked on the open descriptor, so a file swapped for a FIFO
 * or a device since it was checked is never read (a FIFO would block the whole process, not one
 * thread-pool thread). For the small files a batch reads once per learner (the learner's file,
 * hashed, and read again for the report's lines): through fs/promises, an open, a stat, a read
 * and a close are each a round trip through libuv's thread pool with a wake-up on both sides
 * (~0.1-0.2 ms of CPU a file on a 2-core VM, against ~0.02 ms for these calls made directly).
 * Throws what the open or the read throws.
 */
export function readRegularFileSync(path: string): Buffer | null {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    if (!fstatSync(fd).isFile()) return null;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

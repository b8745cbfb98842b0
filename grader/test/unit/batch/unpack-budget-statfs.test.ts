/**
 * UnpackBudget.forDisk: a statfs the file system refuses (ENOSYS, EACCES) leaves the fixed cap; a
 * machine error (EIO) or a bug is not swallowed there (batch 36b: a bare catch took them all for
 * "statfs cannot read this file system"). statfs fails as the folder's name says (`EIO-scratch`).
 */
import { describe, expect, it, vi } from 'vitest';
import { UnpackBudget, ZIP_LIMITS } from '../../../src/batch/zip.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    statfs: async (path: string) => {
      const code = /(E[A-Z]+)-scratch$/.exec(path)?.[1];
      if (path.endsWith('bug-scratch')) throw new TypeError("Cannot read properties of undefined (reading 'bsize')");
      if (code) throw Object.assign(new Error(`${code}: failed, statfs '${path}'`), { code, errno: -5, path });
      return real.statfs(path);
    },
  };
});

describe('UnpackBudget.forDisk', () => {
  it("keeps the fixed cap when statfs is refused, and lets the machine's error and a bug up", async () => {
    for (const code of ['ENOSYS', 'EACCES', 'ENOENT']) {
      const b = await UnpackBudget.forDisk(`/tmp/${code}-scratch`, ZIP_LIMITS);
      expect(b.take(ZIP_LIMITS.maxBatchBytes), code).toBe(true);
      expect(b.take(1), code).toBe(false);
    }
    await expect(UnpackBudget.forDisk('/tmp/EIO-scratch', ZIP_LIMITS)).rejects.toMatchObject({ code: 'EIO' });
    await expect(UnpackBudget.forDisk('/tmp/ENOSPC-scratch', ZIP_LIMITS)).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(UnpackBudget.forDisk('/tmp/bug-scratch', ZIP_LIMITS)).rejects.toThrow(TypeError);
  });
});

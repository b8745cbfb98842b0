/**
 * gradescope's upload folder that cannot be listed (EACCES on --submission-dir itself) is staff's
 * set-up to fix, not a learner who uploaded no Python file (batch 36b). The tests run as root,
 * where chmod refuses nothing: readdir fails as the folder's name says (`EACCES-upload`).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pickUpload } from '../../../src/commands/gradescope.js';
import type { OtherFiles } from '../../../src/batch/pick.js';
import { GraderError } from '../../../src/errors.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    readdir: async (path: Parameters<typeof real.readdir>[0], ...rest: unknown[]) => {
      const code = /(?:^|\/)(E[A-Z]+)-[^/]*$/.exec(String(path))?.[1];
      if (code) throw Object.assign(new Error(`${code}: failed, scandir '${String(path)}'`), { code, errno: -13, path: String(path) });
      return (real.readdir as (...a: unknown[]) => unknown)(path, ...rest);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-gs36b-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const pick = (at: string) => pickUpload(at, at, [], { names: [], count: 0 } as OtherFiles);

describe('gradescope pickUpload', () => {
  it("an upload folder that cannot be listed (EACCES, EPERM) is staff's to fix (USAGE), in one sentence naming it", async () => {
    for (const code of ['EACCES', 'EPERM']) {
      const upload = join(dir, `${code}-upload`);
      await mkdir(upload);
      await writeFile(join(upload, 'hw.py'), 'x = 1\n');
      const err = await pick(upload).catch((e: unknown) => e);
      expect(err, code).toBeInstanceOf(GraderError);
      expect((err as GraderError).code).toBe('USAGE');
      expect((err as GraderError).message).toBe(
        `--submission-dir ${upload} cannot be listed (${code}: ${code === 'EACCES' ? 'permission denied' : 'not permitted'}), a problem of the autograder's set-up, not of the learner's upload; make it readable by the user run_autograder runs as (chmod -R a+rX), or pass the folder holding the learner's upload.`,
      );
    }
  });

  it('a subfolder of the upload that cannot be listed holds nothing gradable, the upload is still read; a machine error goes up as it is', async () => {
    const upload = join(dir, 'upload');
    await mkdir(join(upload, 'EACCES-sub'), { recursive: true });
    await writeFile(join(upload, 'hw.py'), 'def compute_class_freqs(labels):\n    pass\n');
    expect((await pick(upload))?.file).toBe(join(upload, 'hw.py'));
    const full = join(dir, 'EIO-upload');
    await mkdir(full);
    await expect(pick(full)).rejects.toMatchObject({ code: 'EIO' });
  });
});

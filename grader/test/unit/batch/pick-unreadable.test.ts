/**
 * pick.ts reads a learner's files to rank them: a file it cannot open for a reason of the file's
 * (gone, no permission, a folder, a loop of links, a name that is not UTF-8) is "unreadable", a
 * note or a row; anything else met there (a bug, the machine's too many open files or failing disk)
 * goes up with its stack (batch 36: bare `catch {}` blocks said "could not be opened" of a bug).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pickOwnFile, pickSubmissionFile } from '../../../src/batch/pick.js';
import { GraderError } from '../../../src/errors.js';

/** stat and readdir fail as a file's name says: `<CODE>.py` with that code, `bug.py` with a TypeError. */
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const fail = (path: unknown): void => {
    const name = String(path).split('/').pop()!;
    if (name.startsWith('bug')) throw new TypeError("Cannot read properties of undefined (reading 'size')");
    const code = /^(E[A-Z]+)(\.py)?$/.exec(name)?.[1];
    if (code) throw Object.assign(new Error(`${code}: failed, '${String(path)}'`), { code, errno: -1, path: String(path) });
  };
  return {
    ...real,
    stat: async (path: Parameters<typeof real.stat>[0], ...rest: unknown[]) => {
      fail(path);
      return (real.stat as (...a: unknown[]) => unknown)(path, ...rest);
    },
    readdir: async (path: Parameters<typeof real.readdir>[0], ...rest: unknown[]) => {
      if (!String(path).endsWith('learner')) fail(path);
      return (real.readdir as (...a: unknown[]) => unknown)(path, ...rest);
    },
  };
});

let dir: string;
let learner: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-pick36-'));
  learner = join(dir, 'learner');
  await mkdir(learner);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const HW = 'def compute_class_freqs(labels):\n    pass\n\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n';

describe('pickSubmissionFile and pickOwnFile: what is unreadable', () => {
  it("a file's own refusals (ENOENT, EACCES, EPERM, EISDIR, ELOOP, ENOTDIR, ENAMETOOLONG) make it unreadable, as before", async () => {
    for (const code of ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'ENOTDIR', 'ENAMETOOLONG']) {
      await writeFile(join(learner, `${code}.py`), HW);
      await writeFile(join(learner, 'hw.py'), HW);
      expect((await pickSubmissionFile(learner))?.file, code).toBe(join(learner, 'hw.py'));
      const own = await pickOwnFile(learner);
      expect([own?.file, own?.note], code).toEqual([join(learner, 'hw.py'), `could not open ${code}.py`]);
      await rm(join(learner, 'hw.py'));
      await expect(pickSubmissionFile(learner), code).rejects.toThrow(GraderError);
      await rm(join(learner, `${code}.py`));
    }
  });

  it('a bug or the machine\'s error (EMFILE, EIO) met reading a file goes up as it is, not "could not be opened"', async () => {
    for (const name of ['bug.py', 'EMFILE.py', 'EIO.py']) {
      await writeFile(join(learner, name), HW);
      await writeFile(join(learner, 'hw.py'), HW);
      const want = name === 'bug.py' ? TypeError : /^E/;
      await expect(pickSubmissionFile(learner), name).rejects.toThrow(want);
      await expect(pickOwnFile(learner), name).rejects.toThrow(want);
      await rm(join(learner, name));
    }
  });

  it("a subfolder: its own refusal (EACCES) leaves it out as before; a bug or the machine's error there goes up", async () => {
    await writeFile(join(learner, 'hw.py'), HW);
    await mkdir(join(learner, 'EACCES'));
    expect((await pickSubmissionFile(learner))?.file).toBe(join(learner, 'hw.py'));
    for (const name of ['bug-folder', 'EMFILE']) {
      await mkdir(join(learner, name));
      await expect(pickSubmissionFile(learner), name).rejects.toThrow(name === 'EMFILE' ? /EMFILE/ : TypeError);
      await rm(join(learner, name), { recursive: true });
    }
  });
});

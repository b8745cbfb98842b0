/**
 * Discovery's per-learner work is inside that learner's boundary (batch 35): an LMS learner's files,
 * a folder, file or zip of one learner; a throw there (a bug met on one learner's files) is that
 * learner's row, its stack given to onBug, and the other learners are read. A Gradescope learner
 * whose reading meets a bug is a row per group member, named and noted as a working learner is
 * (review 35, mend35b), in an export zip and in an export folder on disk alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { discoverSubmissions } from '../../../src/batch/discover.js';
import { GraderError } from '../../../src/errors.js';
import { makeZip } from './zip-helpers.js';
import { definesBoth, scratchPerTest } from '../../helpers/discover-dirs.js';

vi.mock('../../../src/siblings.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/siblings.js')>();
  return {
    ...real,
    importedModules: (source: string, ...rest: [string?, boolean?]) => {
      if (source.includes('THROW-RANGE')) throw new RangeError('Maximum call stack size exceeded');
      const machine = /THROW-(E[A-Z]+)/.exec(source)?.[1];
      if (machine) throw fsError(machine, '/srv/out/.scratch/zip3-x/hw.py');
      return real.importedModules(source, ...rest);
    },
  };
});

// A folder's pick (a folder on disk) meeting a bug on the same learner's folder.
vi.mock('../../../src/batch/pick.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/batch/pick.js')>();
  return {
    ...real,
    pickSubmissionFile: (folder: string, ...rest: unknown[]) => {
      if (folder.endsWith('submission_12')) throw new RangeError('Maximum call stack size exceeded');
      if (folder.endsWith('submission_14')) throw fsError('EMFILE', `${folder}/hw.py`);
      if (folder.endsWith('submission_13')) throw Object.assign(new TypeError('The "path" argument must be of type string'), { code: 'ERR_INVALID_ARG_TYPE' });
      return (real.pickSubmissionFile as (...a: unknown[]) => unknown)(folder, ...rest);
    },
  };
});

/** A file system error as node's fs gives one: code, errno, syscall and path. */
function fsError(code: string, path: string): NodeJS.ErrnoException {
  const errno: Record<string, number> = { EMFILE: -24, ENFILE: -23, EROFS: -30, EIO: -5, ENOSPC: -28 };
  return Object.assign(new Error(`${code}: failed, open '${path}'`), { code, errno: errno[code] ?? -1, syscall: 'open', path });
}

let dir: string;
let scratch: string;
scratchPerTest('wlgrade-disc35-', (d, s) => ([dir, scratch] = [d, s]));

const BOTH = (head: string) => definesBoth(`${head}\nimport utils`);
const METADATA = [
  'submission_11:',
  '  :submitters:',
  '  - :name: Alice Smith',
  '    :email: alice@uni.edu',
  'submission_12:',
  '  :submitters:',
  '  - :name: Bob Jones',
  '    :sid: 1002',
  '  - :name: Carol Diaz',
  '    :email: carol@uni.edu',
  '',
].join('\n');
const FILES = {
  'export/submission_11/hw.py': BOTH('# fine'),
  'export/submission_11/utils.py': 'X = 1\n',
  'export/submission_12/hw.py': BOTH('# THROW-RANGE'),
  'export/submission_12/utils.py': 'X = 1\n',
  'export/submission_metadata.yml': METADATA,
};

describe('discoverSubmissions: a Gradescope group whose files meet a bug', () => {
  it('is a row per member with the Gradescope note, the bug told to onBug, in a zip and a folder', async () => {
    for (const [name, text] of Object.entries(FILES)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    await writeFile(join(dir, 'export.zip'), await makeZip(FILES));
    for (const given of ['export.zip', 'export']) {
      const bugs: string[] = [];
      const items = await discoverSubmissions([given], { scratch, cwd: dir, onBug: (l) => bugs.push(l) });
      const rows = items.map((i) => [i.learner, i.gradescope, i.error === undefined]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(rows).toEqual([
        ['1002', 'submission_12', false],
        ['alice@uni.edu', 'submission_11', true],
        ['carol@uni.edu', 'submission_12', false],
      ]);
      for (const who of ['1002', 'carol@uni.edu']) {
        const row = items.find((i) => i.learner === who)!;
        expect(row.error).toBe("wlgrade failed reading this submission (Maximum call stack size exceeded); please report it with the file (the whole error is on grade's standard error).");
        expect(row.note).toMatch(/^Gradescope submission_12: .* \(group of 2\)$/);
      }
      expect(bugs).toEqual(['submission_12']);
    }
  });

  it("a folder on disk whose pick meets Node's own ERR_* error (a bug with a code) goes the bug's way too", async () => {
    await mkdir(join(dir, 'export', 'submission_13'), { recursive: true });
    await writeFile(join(dir, 'export', 'submission_13', 'hw.py'), BOTH('# fine'));
    const bugs: string[] = [];
    const items = await discoverSubmissions(['export'], { scratch, cwd: dir, onBug: (l) => bugs.push(l) });
    expect(items.map((i) => [i.learner, i.error])).toEqual([
      ['submission_13', 'wlgrade failed reading this submission (The "path" argument must be of type string); please report it with the file (the whole error is on grade\'s standard error).'],
    ]);
    expect(bugs).toEqual(['submission_13']);
  });
});

describe('discoverSubmissions: one learner whose files meet a bug', () => {
  it('a Canvas download (folder and zip): that learner is an error row, the bug told to onBug, the others read', async () => {
    const files = {
      'adams_11111_1_hw.py': BOTH('# fine'),
      'adams_11111_2_utils.py': 'X = 1\n',
      'baker_22222_3_hw.py': BOTH('# THROW-RANGE'),
      'baker_22222_4_utils.py': 'X = 1\n',
      'clark_33333_5_hw.py': BOTH('# fine'),
      'clark_33333_6_utils.py': 'X = 1\n',
    };
    await mkdir(join(dir, 'canvas'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'canvas', name), text);
    await writeFile(join(dir, 'canvas.zip'), await makeZip(files));
    for (const given of ['canvas', 'canvas.zip']) {
      const bugs: Array<[string, string]> = [];
      const items = await discoverSubmissions([given], { scratch, cwd: dir, onBug: (l, t) => bugs.push([l, t]) });
      expect(items.map((i) => [i.learner, i.error === undefined, i.file !== undefined])).toEqual([
        ['11111', true, true],
        ['22222', false, false],
        ['33333', true, true],
      ]);
      expect(items[1]!.error).toBe("wlgrade failed reading this submission (Maximum call stack size exceeded); please report it with the file (the whole error is on grade's standard error).");
      expect(bugs.map(([l]) => l)).toEqual(['22222']);
      expect(bugs[0]![1]).toContain('RangeError: Maximum call stack size exceeded\n    at ');
    }
  });

  it("a machine's error (too many open files, a read-only or failing disk) stops the batch with one sentence, no learner row or bug", async () => {
    const files = { 'adams_11111_1_hw.py': BOTH('# fine'), 'baker_22222_4_utils.py': 'X = 1\n', 'clark_33333_5_hw.py': BOTH('# fine') };
    await mkdir(join(dir, 'canvas'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'canvas', name), text);
    for (const code of ['EMFILE', 'ENFILE', 'EROFS', 'EIO', 'ENOSPC']) {
      await writeFile(join(dir, 'canvas', 'baker_22222_3_hw.py'), BOTH(`# THROW-${code}`));
      const bugs: string[] = [];
      const err = await discoverSubmissions(['canvas'], { scratch, cwd: dir, onBug: (l) => bugs.push(l) }).then(() => null, (e: unknown) => e);
      expect(err, code).toBeInstanceOf(GraderError);
      const message = (err as GraderError).message;
      expect(message).toContain(code);
      expect(message).toContain('/srv/out/.scratch/zip3-x/hw.py');
      expect(message).toMatch(/this machine's/);
      expect(message).toMatch(/grade again\.$/);
      expect(message.split('\n')).toHaveLength(1);
      expect(bugs).toEqual([]);
    }
  });

  it("a folder whose pick meets a machine's error (EMFILE) stops the batch too, not an error row of that learner", async () => {
    await mkdir(join(dir, 'export', 'submission_14'), { recursive: true });
    await writeFile(join(dir, 'export', 'submission_14', 'hw.py'), BOTH('# fine'));
    const err = await discoverSubmissions(['export'], { scratch, cwd: dir }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(GraderError);
    expect((err as GraderError).message).toMatch(/^Grading stopped while reading export\/submission_14: EMFILE: too many open files at .*submission_14\/hw\.py/);
    expect((err as GraderError).message).toContain('ulimit -n');
  });
});

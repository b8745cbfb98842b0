/**
 * A learner's file is read once, by the built CLI: the batch reads it (its size checked on the open
 * file) to hash it, and those bytes are what runs (the sandbox's copy, the warm pool's job) and what
 * the report's lines are read from. It was stat'ed twice and read three times (hashed, copied or
 * sent to the pool, read again for a mistake's line), and the bytes graded need not be the bytes
 * hashed. Counted in the CLI's own process by a module given to --import, which wraps node:fs's
 * path-taking calls (syncBuiltinESMExports carries the wrappers to the ES modules' imports).
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cacheEnv, CLI, ROOT } from '../helpers/cli.js';

const COUNTER = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const watched = process.env.COUNT_PATH;
const counts = {};
const wrap = (obj, prefix, names) => {
  for (const n of names) {
    const f = obj[n];
    obj[n] = function (p, ...rest) {
      if (p === watched) counts[prefix + n] = (counts[prefix + n] ?? 0) + 1;
      return f.call(this, p, ...rest);
    };
  }
};
wrap(fs, '', ['openSync', 'readFileSync', 'statSync', 'lstatSync', 'copyFileSync', 'open', 'readFile', 'stat', 'lstat', 'copyFile', 'createReadStream']);
wrap(fs.promises, 'promises.', ['open', 'readFile', 'stat', 'lstat', 'copyFile']);
syncBuiltinESMExports();
process.on('exit', () => fs.writeFileSync(process.env.COUNT_OUT, JSON.stringify(counts)));
`;

let tmp: string;
let file: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-read-once-'));
  await writeFile(join(tmp, 'counter.mjs'), COUNTER);
  // A mistake with a line (loss-swapped-weights has a site rule): its report reads the file's lines too.
  file = join(tmp, 'hw.py');
  await copyFile(join(ROOT, 'submissions', 'mistakes', 'loss-swapped-weights.py'), file);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** The CLI's calls on the learner's file, by node:fs function. */
async function counted(args: string[], watched = file): Promise<{ exitCode: number; counts: Record<string, number> }> {
  const out = join(tmp, 'counts.json');
  const r = await execa(process.execPath, ['--import', join(tmp, 'counter.mjs'), CLI, ...args], {
    cwd: tmp,
    env: { NO_COLOR: '1', ...cacheEnv(), COUNT_PATH: watched, COUNT_OUT: out },
    reject: false,
    timeout: 110_000,
  });
  return { exitCode: r.exitCode ?? -1, counts: JSON.parse(await readFile(out, 'utf8')) as Record<string, number> };
}

describe('the learner\'s file is read once', () => {
  it.each([[[]], [['--no-pool']]])('by grade %j: one open, no stat but discovery\'s', async (extra: string[]) => {
    const r = await counted(['grade', file, '--sandbox', 'process', '--force', '--out', join(tmp, `out${extra.join('')}`), ...extra]);
    expect(r.exitCode).toBe(0);
    // Discovery's (a path given is a file or a folder) are asynchronous stats, before any reading.
    const { 'promises.stat': _discovery, ...grading } = r.counts;
    expect(grading).toEqual({ openSync: 1 });
  });

  it('by check: one open, no stat', async () => {
    const r = await counted(['check', file, '--sandbox', 'process']);
    expect(r.exitCode).toBe(1);
    expect(r.counts).toEqual({ openSync: 1 });
  });

  // The CI formats place a notebook's messages by line of the .ipynb: that JSON was read again from
  // the path (red team 28), so the lines shown need not be those of the file graded, and a notebook
  // swapped for a FIFO after the first read held check for ever.
  it.each(['github', 'junit'])('by check --format %s on a notebook: one open, no stat', async (format) => {
    const nb = join(tmp, 'hw.ipynb');
    await copyFile(join(ROOT, 'submissions', 'notebooks', 'keras-loss-mean-over-classes.ipynb'), nb);
    const r = await counted(['check', nb, '--sandbox', 'process', '--format', format], nb);
    expect(r.exitCode).toBe(1);
    expect(r.counts).toEqual({ openSync: 1 });
  });
});

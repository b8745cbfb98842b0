/**
 * Nothing outlives the grader: killed (SIGKILL, an OOM kill, a cancelled CI job) while a pool job
 * runs, its sandbox goes with it. Under bwrap --as-pid-1 the pool server is the sandbox's init and
 * dies with bwrap by its parent-death signal, which any change of credentials clears: as root the
 * server takes each job's uid as its effective uid to clean up after it, and from its second job
 * on a red-team job (and the server) kept running after the grader was killed.
 *
 * Nor does anything of the grader's own parent reach learner code: a descriptor the grader
 * inherited (a CI log, a jobserver pipe) is closed before any learner code runs.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { probeBwrap } from '../../src/sandbox/detect.js';
import { cacheEnv, CLI, ROOT } from '../helpers/cli.js';
import { named, waitFor } from '../helpers/wait.js';

const probe = await probeBwrap();
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function until(test: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await test()) return true;
  return test();
}

it.skipIf(!probe.ok || !existsSync('/proc/self/comm'))('a pool job on its server\'s second job or later does not outlive a grader killed with SIGKILL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-death-'));
  dirs.push(dir);
  const comm = `wl${randomBytes(5).toString('hex')}`; // 12 characters: comm keeps 15
  await mkdir(join(dir, 'subs'));
  await writeFile(join(dir, 'subs', 'a_first.py'), await readFile(join(ROOT, 'submissions', 'correct', 'loop.py')));
  await writeFile(
    join(dir, 'subs', 'b_sleeper.py'),
    `import ctypes, time\n\n\ndef compute_class_freqs(labels):\n    ctypes.CDLL(None).prctl(15, ${JSON.stringify(comm)}.encode(), 0, 0, 0)  # PR_SET_NAME\n    time.sleep(50)\n`,
  );
  const grader = execa(process.execPath, [CLI, 'grade', join(dir, 'subs'), '--out', join(dir, 'out'), '--jobs', '1', '--sandbox', 'bwrap'], { reject: false, env: { NO_COLOR: '1', ...cacheEnv() } });
  try {
    // A cold bwrap pool grading a_first.py first: 45 s is room at load 20 (the test has 60 s in all).
    await waitFor(`b_sleeper.py's pool job (comm ${comm}) to start, on its server's second job`, async () => (await named(comm)).length > 0, { limitMs: 45_000, everyMs: 100 });
  } finally {
    grader.kill('SIGKILL');
    await grader;
  }
  const gone = await until(async () => (await named(comm)).length === 0, 5_000);
  const left = await named(comm);
  for (const pid of left) process.kill(pid, 'SIGKILL'); // never leave one behind for the next test
  expect(gone, `still running: ${left.join(', ')}`).toBe(true);
}, 60_000);

it.for(['bwrap', 'process'] as const)('a descriptor the grader inherited is closed before learner code runs (%s, a cold run)', { timeout: 60_000 }, async (sandbox, ctx) => {
  if (sandbox === 'bwrap' && !probe.ok) return ctx.skip();
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-fd-'));
  dirs.push(dir);
  const log = join(dir, 'host.log');
  await writeFile(log, '');
  const learner = join(dir, 'fd.py');
  await writeFile(learner, 'import os\nfor fd in (30, 200):\n    try:\n        os.write(fd, b"written from learner code\\n")\n    except OSError:\n        pass\n\n\ndef compute_class_freqs(labels):\n    p = labels.mean(axis=0)\n    return p, 1 - p\n');
  // The grader's parent hands it fd 30 and fd 200, open for appending to a host file.
  const r = await execa('bash', ['-c', `exec 30>>"$1" 200>>"$1"; exec "$2" "$3" check "$4" --sandbox ${sandbox}`, 'sh', log, process.execPath, CLI, learner], { reject: false, env: { NO_COLOR: '1', ...cacheEnv() } });
  expect(r.stdout).toMatch(/Score: \d+\/\d+/); // it ran and was graded
  expect(await readFile(log, 'utf8')).toBe('');
});

/**
 * `wlgrade check` started in the learner's own folder, as templates/github-workflow.yml runs it
 * (as root, in the checkout of the learner's repository) and as staff do in a cloned repository:
 * nothing of that folder runs outside the sandbox. The Python probe (`python -c`, which puts the
 * current folder first on sys.path) imported the learner's json.py there, as wlgrade's user, with
 * its whole environment (red team 32).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBwrap } from '../../src/sandbox/detect.js';
import { ROOT, runCli } from '../helpers/cli.js';

const bwrap = await probeBwrap();
let dir: string;
let marker: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-learner-folder-'));
  marker = join(tmpdir(), `${join(dir).split('/').pop()}-ran`);
  // A module named after every module of Python's library, each leaving its name in the marker
  // file when imported, beside the learner's file.
  const names = (await execa('python3', ['-c', "import sys; print('\\n'.join(getattr(sys, 'stdlib_module_names', ['json', 'importlib', 'site', 'sysconfig', 'os', 're'])))"])).stdout.split('\n');
  for (const name of names.filter((n) => /^[A-Za-z_]\w*$/.test(n))) {
    await writeFile(join(dir, `${name}.py`), `open(${JSON.stringify(marker)}, "a").write(${JSON.stringify(name)} + "\\n")\n`);
  }
  await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(dir, 'assignment.py'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(marker, { force: true });
});

const ran = async () => (existsSync(marker) ? (await readFile(marker, 'utf8')).trim().split('\n').join(', ') : 'nothing');

describe.skipIf(!bwrap.ok)(`check in the learner's folder${bwrap.ok ? '' : ` (skipped: bwrap unavailable: ${bwrap.reason})`}`, () => {
  it('runs none of its modules outside the sandbox: the file is graded as usual', async () => {
    const r = await runCli(['check', 'assignment.py', '--sandbox', 'bwrap'], { cwd: dir });
    expect(await ran(), 'modules of the learner folder imported outside the sandbox').toBe('nothing');
    expect(r.stdout, r.stderr).toContain('Score: 23/23 — all cases passed');
    expect(r.exitCode).toBe(0);
  });
});

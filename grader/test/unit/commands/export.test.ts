/**
 * run_autograder as `wlgrade export gradescope` writes it, run by a shell: a case file's name is
 * passed to wlgrade as it is, never run. `node` is a stub that records its arguments.
 */
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutograderScript } from '../../../src/commands/export.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

const NAMES = ['public.yaml', 'public-$(touch PWNED).yaml', 'x`touch PWNED`.yaml', "it's; touch PWNED '.yaml", "$'$`$&$$ \"$HOME\".yaml", 'two\nlines *.yaml'];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-export-'));
  await mkdir(join(tmp, 'bin'));
  // NUL-separated, so a name with a line break or a space is seen whole.
  await writeFile(join(tmp, 'bin', 'node'), '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done > "$ARGS_OUT"\n');
  await chmod(join(tmp, 'bin', 'node'), 0o755);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Runs `script` with `shell` in a fresh folder; the --cases values node was given, and the folder's files. */
async function run(shell: string, script: string, name: string): Promise<{ cases: string[]; files: string[] }> {
  const dir = join(tmp, name);
  await mkdir(dir);
  await writeFile(join(dir, 'script'), script);
  const argsOut = join(tmp, `${name}.args`);
  await execa(shell, ['script'], { cwd: dir, reject: false, env: { PATH: `${join(tmp, 'bin')}:${process.env.PATH}`, ARGS_OUT: argsOut, HOME: '/home/x' } });
  const args = (await readFile(argsOut, 'utf8')).split('\0').slice(0, -1);
  return { cases: args.flatMap((a, i) => (args[i - 1] === '--cases' ? [a] : [])), files: (await readdir(dir)).sort() };
}

describe('runAutograderScript', () => {
  const expected = NAMES.map((n) => `cases/${n}`);

  it('passes every case file name to wlgrade as one word, running nothing in it (bash, as Gradescope runs it)', async () => {
    const template = await readFile(join(PACKAGE_ROOT, 'templates', 'gradescope', 'run_autograder'), 'utf8');
    const script = runAutograderScript(template, NAMES);
    expect(script).toContain("--cases 'cases/public.yaml' --cases 'cases/public-$(touch PWNED).yaml'");
    expect(await run('bash', script, 'bash')).toEqual({ cases: expected, files: ['script'] });
  });

  it('passes the staff\'s --feedback level as words of their own', async () => {
    const script = runAutograderScript('exec node cli.js gradescope {{CASES}} --results r.json\n', ['public.yaml'], ['--feedback', 'scores']);
    expect(script).toBe("exec node cli.js gradescope --cases 'cases/public.yaml' '--feedback' 'scores' --results r.json\n");
  });

  it('and under sh', async () => {
    const script = runAutograderScript('exec node cli.js gradescope {{CASES}} --results r.json\n', NAMES);
    expect(await run('sh', script, 'sh')).toEqual({ cases: expected, files: ['script'] });
  });
});

/** Where wlgrade's own files are, whether it runs from dist/ or from the sources under vitest. */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'grader'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('wlgrade: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();
export const PYTHON_DIR = join(PACKAGE_ROOT, 'grader', 'src', 'python');
/**
 * What a cold run starts: a few lines that import runner.py as a module, so that Python reads it from
 * the bytecode `npm run build` compiled (a script named on the command line is compiled at every
 * start); see wlgrade_run.py.
 */
export const RUNNER_ENTRY_NAME = 'wlgrade_run.py';
export const RUNNER_ENTRY = join(PYTHON_DIR, RUNNER_ENTRY_NAME);
export const CASES_DIR = join(PACKAGE_ROOT, 'cases');
export const PUBLIC_SUITE = join(CASES_DIR, 'public.yaml');

/**
 * Whether `rel`, a path.relative(base, p), leaves `base`: '..', '../x', or another root (absolute on
 * Windows). A name that only starts with two dots ('..results') is inside.
 */
export function leavesBase(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

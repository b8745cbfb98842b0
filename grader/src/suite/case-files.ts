/**
 * Reading the case files, apart from parsing them (load-suite.ts): `check`'s suite cache
 * (suite-cache.ts) needs their texts on every run and the YAML parser only when the cache misses,
 * so the parser (a fifth of what a check compiled) is loaded only then.
 */
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fsReason, GraderError } from '../errors.js';
import { leavesBase, PACKAGE_ROOT } from '../paths.js';

/** The case files' texts, each with the name messages show for it (relative to `cwd`). */
export async function readCaseFiles(paths: string[], cwd = process.cwd()): Promise<{ display: string; text: string }[]> {
  const out: { display: string; text: string }[] = [];
  for (const path of paths) {
    const display = caseFileName(path, cwd);
    out.push({ display, text: await readCaseFile(path, display) });
  }
  return out;
}

/** The name messages and reports give a case file (validate's Files list too, so both agree). */
export function caseFileName(path: string, cwd = process.cwd()): string {
  // Relative to where the user is, unless the file is outside it ("../../../work/cases/x.yaml"
  // says less than the absolute path, and nothing at all to a program reading the JSON elsewhere).
  // wlgrade's own suites, run from elsewhere, are "cases/public.yaml": learner-facing outputs
  // (Classroom's test_code) need not show where wlgrade is installed.
  const rel = relative(cwd, path);
  const own = relative(PACKAGE_ROOT, resolve(cwd, path));
  return !rel ? path : !leavesBase(rel) ? rel : own && !leavesBase(own) ? own : resolve(cwd, path);
}

async function readCaseFile(path: string, display: string): Promise<string> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) {
      throw new GraderError('CASES_NOT_FOUND', `${display} is a directory; pass a .yaml case file to --cases.`);
    }
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof GraderError) throw e;
    throw new GraderError('CASES_NOT_FOUND', `Cannot read the case file ${display} (${fsReason(e)}). Check the path given to --cases.`);
  }
}

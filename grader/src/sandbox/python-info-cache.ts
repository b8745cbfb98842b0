/**
 * `wlgrade check`'s memory of where a Python lives (detect.ts PythonInfo), kept next to the suite
 * cache. Asking costs a check a Python start, and through a pyenv or asdf shim (a shell script
 * that works out which Python to run) ~50-100 ms more on a quiet machine, all before the sandbox
 * could start. With the last answer for the same command, environment and folder, the sandbox
 * starts at once while this run's probe asks again; the run counts only if the answers agree
 * (launch.ts `confirm`), so a learner who switched Pythons (`pyenv local 3.12`, a venv) gets the
 * new one's results, one run later. A file learner code could have rewritten (in process mode it
 * runs as the learner's user) can therefore only cost a run made again, never choose what a run
 * that counts is built from. Any failure to read or write it is no cache.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readCacheFile, writeCacheFile } from '../cache-file.js';
import { PythonInfoSchema, type PythonInfo } from './detect.js';

/** Bump when PythonInfo's meaning changes in a way a stored copy would not show. */
const FORMAT = 1;

/**
 * What picks the Python a command names: the command, PATH, the folder (pyenv's .python-version,
 * asdf's .tool-versions) and the variables version managers and Python read. Another value is
 * another file; a match is still checked against this run's probe.
 */
export function pythonCacheFile(dir: string, python: string, env: NodeJS.ProcessEnv, cwd: string): string {
  const vars = Object.keys(env)
    .filter((k) => /^(PATH|HOME|VIRTUAL_ENV|CONDA_PREFIX|PYENV_.*|ASDF_.*|PYTHON.*)$/.test(k))
    .sort()
    .map((k) => [k, env[k]]);
  const key = createHash('sha256').update(JSON.stringify([FORMAT, python, cwd, vars])).digest('hex');
  return join(dir, `python-${key}.json`);
}

/** A description is a few hundred bytes (a few KiB with a long sys.path): a larger file is not one. */
const MAX_BYTES = 2 ** 20;

/** The stored description, or undefined (none, unreadable, not a regular file of at most MAX_BYTES, or not a PythonInfo). Synchronous: a few hundred bytes. */
export function readPythonInfo(file: string): PythonInfo | undefined {
  try {
    const text = readCacheFile(file, MAX_BYTES);
    if (text === undefined) return undefined;
    const parsed = PythonInfoSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `info` (the folder made 0700 when missing), replacing the file whole. */
export async function writePythonInfo(file: string, dir: string, info: PythonInfo): Promise<void> {
  await writeCacheFile(dir, file, JSON.stringify(info));
}

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, PYTHON_DIR } from './paths.js';

/** wlgrade's version, from package.json: recorded in every report and used by the batch's skip logic. */
export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * A hash of the code files under `dirs` (.js, .ts, .py; source maps and caches left out), by
 * path relative to each folder and contents: the same for the same code wherever it is installed.
 * A folder that does not exist counts as empty.
 */
export function fingerprintOf(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  const walk = (root: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '__pycache__' && e.name !== 'node_modules') walk(root, path);
      } else if (e.isFile() && /\.(?:[cm]?js|ts|py)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        hash.update(`${path}\0`).update(readFileSync(join(root, path))).update('\0');
      }
    }
  };
  for (const dir of dirs) {
    hash.update(`\u0001${dirs.indexOf(dir)}\0`);
    walk(dir, '');
  }
  return hash.digest('hex').slice(0, 16);
}

let fingerprint: string | undefined;

/**
 * VERSION and a fingerprint of the grading code (the running build of wlgrade, its Python runner
 * and the reference): what `grade`'s re-run skip compares, so a wlgrade updated in place (a
 * `git pull` and build, still 0.1.0) grades every learner again instead of keeping reports the
 * old code wrote. Read once per process (a few MB hashed, milliseconds).
 */
export function buildVersion(): string {
  fingerprint ??= fingerprintOf(codeDirs(dirname(fileURLToPath(import.meta.url))));
  return `${VERSION}+${fingerprint}`;
}

/**
 * The folders buildVersion hashes for code running from `here` (the bundle's folder, dist's, or
 * grader/src under the tests): that code, the runner's, and the reference it was built with. Run
 * from dist, the compiled reference only: the release tarball ships no reference/ sources, and its
 * install must be the same build as the checkout it was packed from (merge compares the two).
 */
export function codeDirs(here: string): string[] {
  const dist = join(PACKAGE_ROOT, 'dist');
  const built = here === dist || here.startsWith(dist + sep);
  return [here, PYTHON_DIR, join(PACKAGE_ROOT, built ? 'dist' : '', 'reference')];
}

/**
 * What the discovery tests set up alike: a temporary folder per test with the scratch folder
 * discoverSubmissions unpacks into, and a learner's file that defines both graded functions.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Before each test of the calling file (or describe), a fresh folder named `prefix…` under the
 * temporary folder and its `scratch/`, given to `set`; removed after the test. Call at top level.
 */
export function scratchPerTest(prefix: string, set: (dir: string, scratch: string) => void): void {
  let made = '';
  beforeEach(async () => {
    made = await mkdtemp(join(tmpdir(), prefix));
    await mkdir(join(made, 'scratch'));
    set(made, join(made, 'scratch'));
  });
  afterEach(() => rm(made, { recursive: true, force: true }));
}

/** A file of `imports` that defines both graded functions (bodies `pass`): a learner's file to discover, not to grade. */
export const definesBoth = (imports: string): string => `${imports}\n\ndef compute_class_freqs(labels):\n    pass\n\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n`;

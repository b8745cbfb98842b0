/**
 * The README's mistake catalogue is the newcomer's list of what the grader can name: it must list
 * exactly the catalogued ids, in the order of reference/mistakes/ids.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MISTAKE_IDS } from '../../../reference/mistakes/index.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

describe('README mistake catalogue', () => {
  it('has one row per mistake id, in catalogue order', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `((?:loss|freqs|weights)-[a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...MISTAKE_IDS]);
  });
});

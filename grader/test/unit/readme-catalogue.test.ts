/**
 * The README's mistake catalogue is the newcomer's list of what the grader can name: it must list
 * exactly the catalogued ids, in the order of reference/mistakes/ids.ts; and the number of
 * learners "The two commands" promises `npm run samples` grades is the samples' number.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

describe('README samples count', () => {
  it('says how many learners npm run samples grades: one per file in the four sample folders', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const said = /`: (\d+) learners \(every sample\)/.exec(readme);
    const files = ['correct', 'mistakes', 'notebooks', 'frameworks'].flatMap((d) =>
      readdirSync(join(PACKAGE_ROOT, 'submissions', d)).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')),
    );
    expect(said?.[1]).toBe(String(files.length));
  });
});

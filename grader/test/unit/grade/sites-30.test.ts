/**
 * Where a named mistake is (grade/sites.ts over runner.fix_sites), stop 30's gaps: each row a
 * spelling that gave no line, the wrong one, or a site twice before; the lines the fix changes
 * now, or none when the source cannot say.
 */
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf } from '../../helpers/runner.js';

const HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch\nfrom keras import backend as K\n\n\n';

/** get_weighted_loss with its inner loss's body (lines indented by 8). */
const loss = (body: string[], head = 'pos_weights, neg_weights, epsilon=1e-7', inner = 'y_true, y_pred') =>
  `${HEAD}def get_weighted_loss(${head}):\n    def weighted_loss(${inner}):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

/** The trimmed text of each line `id`'s site names in each source, or undefined for no site. */
async function shownLines(rows: [string, MistakeId, string][]): Promise<[string, string[] | undefined][]> {
  const fs = await functionsOf(rows.map(([, , src]) => src));
  return rows.map(([name, id, src], i) => {
    const at = siteOf(id, fs[i]);
    const lines = src.split('\n');
    return [name, at ? (at.lines ?? [at]).map((l) => lines[l.line - 1]!.trim()) : undefined];
  });
}

describe('loss-swapped-weights: both terms on one line', () => {
  it('is one site, not one per term', async () => {
    const src = loss(['return -np.mean(neg_weights * y_true * np.log(y_pred + epsilon) + pos_weights * (1 - y_true) * np.log(1 - y_pred + epsilon))']);
    const [fs] = await functionsOf([src]);
    expect(fs!.get_weighted_loss!.sites!.filter((s) => s.kind === 'swapped')).toEqual([{ kind: 'swapped', line: 9 }]);
  });
});

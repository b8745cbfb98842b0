/**
 * Where a named mistake is, on the many ways learners write it (grade/sites.ts over
 * runner.fix_sites): each row a spelling seen with no line, or the wrong one, before; the lines the
 * fix changes, or none when the source cannot say.
 */
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { FunctionInfoSchema, type FunctionInfo } from '../../../src/schema/protocol.js';
import { runnerOnEach } from '../../helpers/runner.js';

type Raw = { f: 'loss' | 'freqs'; line: number } & Record<string, unknown>;

/** runner.fix_sites on each source, per graded function, checked by the schema (as serve() hands them on). */
async function functionsOf(sources: string[]): Promise<Record<string, FunctionInfo>[]> {
  const all = (await runnerOnEach('fix_sites', sources)) as (Raw[] | null)[];
  return all.map((sites) => {
    const out: Record<string, FunctionInfo> = {};
    for (const { f, ...site } of sites ?? []) {
      const name = f === 'loss' ? 'get_weighted_loss' : 'compute_class_freqs';
      out[name] ??= { defined: true, callable: true, params: null, sites: [] };
      out[name].sites!.push(site as never);
    }
    for (const info of Object.values(out)) FunctionInfoSchema.parse(info);
    return out;
  });
}

/** The trimmed text of each line `id`'s site names in `source`, or undefined for no site. */
async function shownLines(rows: [string, MistakeId, string][]): Promise<[string, string[] | undefined][]> {
  const fs = await functionsOf(rows.map(([, , src]) => src));
  return rows.map(([name, id, src], i) => {
    const at = siteOf(id, fs[i]);
    const lines = src.split('\n');
    return [name, at ? (at.lines ?? [at]).map((l) => lines[l.line - 1]!.trim()) : undefined];
  });
}

const HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch\nfrom keras import backend as K\n\n\n';

/** get_weighted_loss with its inner loss's body (lines indented by 8) and the factory's signature. */
const loss = (body: string[], head = 'pos_weights, neg_weights, epsilon=1e-7', inner = 'y_true, y_pred') =>
  `${HEAD}def get_weighted_loss(${head}):\n    def weighted_loss(${inner}):\n${body.map((l) => `        ${l}`).join('\n')}\n    return weighted_loss\n`;

describe('loss-swapped-weights', () => {
  it.each([
    // A term reduced by a method with its axis as a positional argument reads as the term, as with axis=.
    ['.mean(0) of each term, weighted outside', ['return -(neg_weights * (y_true * np.log(y_pred + epsilon)).mean(0) + pos_weights * ((1 - y_true) * np.log(1 - y_pred + epsilon)).mean(0)).sum()'], 0],
    ['.mean(axis=0) of each term, weighted outside', ['return -(neg_weights * (y_true * np.log(y_pred + epsilon)).mean(axis=0) + pos_weights * ((1 - y_true) * np.log(1 - y_pred + epsilon)).mean(axis=0)).sum()'], 0],
    ['torch .sum(0) of each term', ['return -(neg_weights * (y_true * torch.log(y_pred + epsilon)).sum(0) / len(y_true) + pos_weights * ((1 - y_true) * torch.log(1 - y_pred + epsilon)).sum(0) / len(y_true)).sum()'], 0],
    // tf.math.log(x) still reads its argument (a function of a module's module, not a method).
    ['tf.math.log', ['return -tf.reduce_sum(tf.reduce_mean(neg_weights * y_true * tf.math.log(y_pred + epsilon) + pos_weights * (1 - y_true) * tf.math.log(1 - y_pred + epsilon), axis=0))'], 0],
  ] as [string, string[], number][])('%s', async (name, body, k) => {
    const src = loss(body);
    expect(await shownLines([[name, 'loss-swapped-weights', src]])).toEqual([[name, [body[k]!]]]);
  });
});

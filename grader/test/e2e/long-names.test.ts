/**
 * Python's names have no length limit; the protocol takes a name in a hint as an identifier of at
 * most 200 characters. A file whose names are longer is graded: the hints that would quote them
 * are left out (runner.within_protocol), not the whole load record taken as a corrupt channel.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const check = scratchSubmissions('long-names');
const LONG = `pos_${'w'.repeat(250)}`;

const FREQS = `import numpy as np


def compute_class_freqs(labels):
    f = np.mean(labels, axis=0)
    return f, 1 - f
`;

describe('names longer than the protocol takes', () => {
  it('a weight parameter of 254 characters that the loss never reads: graded, compute_class_freqs passes', async () => {
    // unread_weights named the parameter, the schema refused the load record, and every case read
    // "the grader could not read the Python side's answers".
    const { report } = await check(
      'unread.py',
      `${FREQS}

def get_weighted_loss(${LONG}, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return -np.mean(y_true * np.log(y_pred + epsilon))
    return weighted_loss
`,
    );
    expect(report.problems).toEqual([]);
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'passed')).toBe(true);
    expect(report.cases.filter((c) => c.function === 'weighted_loss').every((c) => c.status === 'failed')).toBe(true);
  });

  it('a notebook importing a module of a 250-character dotted name that it does not use: graded', async () => {
    // The import is left out as unused, and its note named the module as a token of at most 200
    // characters: the schema refused the load record, and the whole notebook was "Not graded".
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const module = Array.from({ length: 25 }, (_, i) => `part${i}_xxxx`).join('.');
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [cell(`import ${module}\n`), cell(FREQS), cell('def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return 0.0\n    return weighted_loss\n')],
    };
    expect(module.length).toBeGreaterThan(200);
    const { report } = await check('unused-import.ipynb', JSON.stringify(nb));
    expect(report.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status === 'passed')).toBe(true);
  });

  it('a .py importing a module named with more than 2,000 characters: graded, with a note (load 21)', async () => {
    // The module's name went into the load record's imports, whose names the protocol holds to
    // 2,000 characters: the record was a corrupt channel, and no case was graded.
    const module = 'm'.repeat(2_100);
    const LOSS = 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        return float(np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0)))\n    return weighted_loss\n';
    const note = 'An import names a module longer than 2,000 characters: wlgrade ran it as written but leaves it out of the modules it lists for your file (framework detection, the report\'s imports).';
    for (const [name, head] of [
      ['long_import_try.py', `try:\n    import ${module}\nexcept ImportError:\n    pass\n`],
      ['long_import.py', `import ${module}\n`],
    ] as const) {
      const { exitCode, report } = await check(name, `${head}${FREQS}\n${LOSS}`);
      expect(report.problems, name).toEqual([]);
      expect(report.score, name).toBe(report.maxScore);
      expect(exitCode, name).toBe(0);
      expect(report.notes[0], name).toBe(note);
    }
  });
});

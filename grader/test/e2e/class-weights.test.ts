/**
 * The notebook's or script's own class weights: `pos_weights = freq_pos` after `freq_pos, freq_neg
 * = compute_class_freqs(...)` takes the weights from the frequencies without inverting them. That
 * code reads the training data and never runs; the runner evaluates only the weight expressions,
 * on made-up frequencies, and the report names weights-not-inverted with the lines to swap. The
 * course's weights, written any of the usual ways, are not named, and neither is an expression
 * that is not plain arithmetic. The score is the same either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { scratchSubmissions } from '../helpers/cli.js';

const CORRECT = readFileSync(join(PACKAGE_ROOT, 'submissions/correct/loop.py'), 'utf8');
const scratch = scratchSubmissions('weights');
/** The weights-not-inverted finding as "evidence. fix", with its line; the cases all pass, and nothing is a note any more. */
const weightNotes = async (name: string, text: string) => {
  const { report } = await scratch(name, text);
  expect(report.status, report.problems.map((p) => p.message).join('; ')).toBe('passed');
  expect(report.score).toBe(report.maxScore);
  expect(report.notes.filter((n) => n.includes('without inverting'))).toEqual([]);
  return report.mistakes
    .filter((m) => m.id === 'weights-not-inverted')
    .map((m) => {
      expect(m.cases).toEqual([]);
      expect(m.location?.line).toBeGreaterThan(0);
      return `${m.evidence}. ${m.fix}`;
    });
};

const notebook = (...cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ cell_type: 'markdown', metadata: {}, source: '# Class weights' }, ...cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source }))],
  });

describe('class weights taken from the frequencies', () => {
  it('a notebook: names both lines, by cell, and says to swap them', async () => {
    const notes = await weightNotes(
      'raw.ipynb',
      notebook(CORRECT, 'freq_pos, freq_neg = compute_class_freqs(train_generator.labels)', 'pos_weights = freq_pos\nneg_weights = freq_neg\npos_contribution = freq_pos * pos_weights'),
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('`pos_weights = freq_pos` (cell 4, line 1) and `neg_weights = freq_neg` (cell 4, line 2) in raw.ipynb');
    expect(notes[0]).toContain('Set pos_weights = freq_neg and neg_weights = freq_pos');
  });

  it('one side only (a copy-paste: neg_weights = freq_neg under a right pos_weights): names that side, and the fix leaves the right one alone', async () => {
    const { report } = await scratch('half.ipynb', notebook(CORRECT, 'freq_pos, freq_neg = compute_class_freqs(train_generator.labels)', 'pos_weights = freq_neg\nneg_weights = freq_neg'));
    const found = report.mistakes.filter((m) => m.id === 'weights-not-inverted');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('you take neg_weights from the negative frequencies without inverting them');
    expect(found[0]!.message).not.toContain('pos_weights = freq_pos');
    expect(found[0]!.fix).toMatch(/^Set neg_weights = freq_pos \(pos_weights is already right\)/);
  });

  it('a script: the weights under a main guard, other names, one tuple assignment', async () => {
    const script = `${CORRECT}\n\nif __name__ == "__main__":\n    fp, fn = compute_class_freqs(load_labels())\n    w_pos, w_neg = np.array(fp, dtype=np.float32), fn.copy()\n`;
    const notes = await weightNotes('script.py', script);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('(line 24)');
    expect(notes[0]).toMatch(/^`w_pos, w_neg = np.array\(fp, dtype=np.float32\), fn.copy\(\)` \(line 24\) in script\.py\. /);
  });

  it('the weights as Python lists of the frequencies (sweep 16a): list(freq_pos) is named too', async () => {
    const notes = await weightNotes('lists.ipynb', notebook(CORRECT, 'freq_pos, freq_neg = compute_class_freqs(train_generator.labels)', 'pos_weights = list(freq_pos)\nneg_weights = list(freq_neg)'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('`pos_weights = list(freq_pos)` (cell 4, line 1) and `neg_weights = list(freq_neg)` (cell 4, line 2) in lists.ipynb');
  });

  it('the pair kept in one name: freqs[0] as the positive weights', async () => {
    const cells = ['freqs = compute_class_freqs(train_generator.labels)', 'pos_weights = freqs[0]\nneg_weights = freqs[0]'];
    const notes = await weightNotes('pair.ipynb', notebook(CORRECT, ...cells));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^`pos_weights = freqs\[0\]` \(cell 4, line 1\) in pair\.ipynb\. Set/);
  });

  it('an expression it refuses (a string exponent) does not stop the check of the other weight', async () => {
    const cells = ['freq_pos, freq_neg = compute_class_freqs(labels)', 'pos_weights = freq_neg ** "2"\nneg_weights = freq_neg'];
    const notes = await weightNotes('refused.ipynb', notebook(CORRECT, ...cells));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^`neg_weights = freq_neg` \(cell 4, line 2\) in refused\.ipynb\. Set/);
  });

  it('only the wrong one of the two is named', async () => {
    const notes = await weightNotes('half.py', `${CORRECT}\nfreq_pos, freq_neg = compute_class_freqs(np.eye(3))\npos_weights = freq_neg\nneg_weights = freq_neg\n`);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^`neg_weights = freq_neg` \(line 23\) in half\.py\. Set/);
  });

  it.each([
    ['the course convention', 'pos_weights = freq_neg\nneg_weights = freq_pos'],
    ['written as 1 - freq', 'pos_weights, neg_weights = 1 - freq_pos, 1 - freq_neg'],
    ['numpy copies', 'pos_weights = np.array(freq_neg, dtype=np.float32)\nneg_weights = freq_pos.copy()'],
    ['Python lists of the course weights', 'pos_weights = list(freq_neg)\nneg_weights = list(freq_pos)'],
    ['inverse frequencies (another balance, not this mistake)', 'pos_weights = 1 / freq_pos\nneg_weights = 1 / freq_neg'],
    // Evaluated, `np.save(...) or freq_pos` would be freq_pos and be named.
    // Evaluated, this would compute a huge integer until the run's time limit.
    ['a power that never ends: never evaluated', 'pos_weights = freq_pos * 0 ** 10 ** 10 ** 10 + freq_pos\nneg_weights = freq_pos'],
    ['not plain arithmetic: never evaluated', 'pos_weights = np.save("w.npy", freq_pos) or freq_pos\nneg_weights = freq_neg if True else 0'],
  ])('not named: %s', async (_label, weights) => {
    expect(await weightNotes('fine.ipynb', notebook(CORRECT, `freq_pos, freq_neg = compute_class_freqs(labels)\n${weights}`))).toEqual([]);
  });

  it('a later assignment replaces an earlier one', async () => {
    const cells = ['freq_pos, freq_neg = compute_class_freqs(labels)', 'pos_weights = freq_pos\nneg_weights = freq_neg', 'pos_weights = freq_neg\nneg_weights = freq_pos'];
    expect(await weightNotes('fixed.ipynb', notebook(CORRECT, ...cells))).toEqual([]);
  });
});

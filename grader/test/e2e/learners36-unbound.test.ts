/**
 * Learners 36: name errors a learner's own Python makes, told as what to change.
 *
 * - An UnboundLocalError (the template's `loss = 0.0` deleted, or `pos_weights = K.constant(pos_weights)`
 *   inside the loss, which hides the factory's argument of that name) is told at the line that reads
 *   the name, on every case: CPython 3.11 put it at the line before (a `for` header) once the loss had
 *   run ~8 times (its STORE_FAST__LOAD_FAST superinstruction reports the store's line), so one
 *   mistake showed as two groups of cases at two lines. The message says why the name has no value.
 * - A Python 2 builtin (`xrange`, `raw_input`, `unicode` …) is told its Python 3 name.
 */
import { describe, expect, it } from 'vitest';
import { scratchSubmissions } from '../helpers/cli.js';

const FREQS =
  'import numpy as np\n\n' +
  'def compute_class_freqs(labels):\n' +
  '    p = np.sum(labels, axis=0) / labels.shape[0]\n' +
  '    return p, 1 - p\n\n';

const loss = (body: string) =>
  FREQS + 'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' + '    def weighted_loss(y_true, y_pred):\n' + body + '    return weighted_loss\n';

const TERM =
  '-np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))';

const check = scratchSubmissions('learners36-unbound');

/** The distinct (message, line) pairs of the loss cases that did not pass. */
async function lossErrors(name: string, contents: string) {
  const { report } = await check(name, contents);
  const loss = report.cases.filter((c) => c.function === 'weighted_loss');
  expect(loss.length).toBeGreaterThan(10); // enough calls for CPython 3.11 to quicken the loss
  expect(loss.every((c) => c.status === 'error')).toBe(true);
  return [...new Set(loss.map((c) => `${c.location?.line}: ${c.message.replace(/ on \d+ examples? × \d+ classe?s?/, '')}`))];
}

describe('UnboundLocalError in the loss', () => {
  it('an accumulator never started: one line (the one that adds to it) on every case, and the start to write', async () => {
    const m = await lossErrors(
      'nostart.py',
      loss('        for i in range(len(pos_weights)):\n' + `            loss += ${TERM}\n` + '        return loss\n'),
    );
    expect(m).toEqual([
      "10: Your weighted_loss raised UnboundLocalError (line 10): cannot access local variable 'loss' where it is not associated with a value; " +
        'loss is added to before anything is assigned to it in weighted_loss: give it its start before the loop, loss = 0.0',
    ]);
  });

  it('a name the loss assigns and also reads from get_weighted_loss: says the assignment hides the argument', async () => {
    // A long file name, as an LMS export gives (smithjohn_12345_678901_...): the hint names the line
    // only, so the fix stays within the 300 characters a message keeps.
    const m = await lossErrors(
      'smithjohn_12345_678901_C1W1_weighted_loss_assignment_submission_final_v2.py',
      loss(
        '        loss = 0.0\n' +
          '        for i in range(len(neg_weights)):\n' +
          '            pos_weights = np.asarray(pos_weights, dtype=float)\n' +
          `            loss += ${TERM}\n` +
          '        return loss\n',
      ),
    );
    expect(m).toEqual([
      "11: Your weighted_loss raised UnboundLocalError (line 11): cannot access local variable 'pos_weights' where it is not associated with a value; " +
        "weighted_loss assigns pos_weights (line 11), so pos_weights in it is its own, not get_weighted_loss's parameter pos_weights: name the new value otherwise",
    ]);
  });
});

describe('Python 2 builtins', () => {
  it.each([
    ['xrange', 'range'],
    ['raw_input', 'input'],
    ['unicode', 'str'],
  ])('%s: told the Python 3 name', async (old, now) => {
    const { report } = await check(
      `py2_${old}.py`,
      loss('        loss = 0.0\n' + `        for i in ${old === 'xrange' ? 'xrange' : 'range'}(len(pos_weights)):\n` + `            loss += ${TERM}\n` + (old === 'xrange' ? '' : `        ${old}\n`) + '        return loss\n'),
    );
    const errors = report.cases.filter((c) => c.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const messages = [...new Set(errors.map((c) => c.message.replace(/ on \d+ examples? × \d+ classe?s?/, '')))];
    expect(messages.length).toBe(1);
    expect(messages[0]).toContain(`name '${old}' is not defined; ${old} is Python 2's, which Python 3 does not have: write ${now} instead`);
  });
});

// Learners 36: `K.log(1 - y_pred[:, i]) + epsilon)` where `K.log(1 - y_pred[:, i] + epsilon))` was
// meant, and no epsilon in the first log: epsilon added once after the two terms, inside the mean.
// It was told loss-no-epsilon, partial (the cases with exact 0/1 predictions only), the epsilon=1
// cases unexplained.
describe('epsilon once after both terms', () => {
  it('is named loss-epsilon-outside-log, on every case it fails', async () => {
    const { report } = await check(
      'after_sum.py',
      FREQS +
        'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
        '    def weighted_loss(y_true, y_pred):\n' +
        '        loss = 0.0\n' +
        '        for i in range(len(pos_weights)):\n' +
        '            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i]) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]) + epsilon)\n' +
        '        return loss\n' +
        '    return weighted_loss\n',
    );
    expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-epsilon-outside-log', 'full']]);
    const failed = report.cases.filter((c) => c.status !== 'passed').map((c) => c.id);
    expect(report.mistakes[0]!.cases).toEqual(failed);
    expect(report.mistakes[0]!.message).toContain('(here: once after the two terms, w * y * log(y_pred) + w * (1 - y) * log(1 - y_pred) + epsilon, with no epsilon inside either log)');
  });
});

// Learners 36: a class loop over range(1, C + 1) raises IndexError at column C on every loss case,
// 14 classes too. Told loss-class-index-off-by-one from loss-hardcoded-classes' errors, it kept that
// model's cases: a fixed count of 2 to 14 raises on fewer classes only, so the 14-class cases
// (loss-float32) were left out and the mistake was 'partial' ("Some of your results suggest ..."),
// though every failure was that one IndexError.
describe('range(1, C + 1) over the classes, 14 classes too', () => {
  it('is named in full, on every loss case', async () => {
    const { report } = await check(
      'range_1_c_plus_1.py',
      loss(
        '        loss = 0.0\n' +
          '        for i in range(1, len(pos_weights) + 1):\n' +
          `            loss += ${TERM.replaceAll('pos_weights[i]', 'pos_weights[i - 1]').replaceAll('neg_weights[i]', 'neg_weights[i - 1]')}\n` +
          '        return loss\n',
      ),
    );
    const failed = report.cases.filter((c) => c.function === 'weighted_loss' && c.status !== 'passed').map((c) => c.id);
    expect(failed).toContain('loss-float32');
    expect(report.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-class-index-off-by-one', 'full']]);
    expect(report.mistakes[0]!.cases).toEqual(failed);
    expect(report.mistakes[0]!.message).toMatch(/^It looks like your class loop runs over range\(1, C \+ 1\)/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/**
 * gradeSuite on hand-made outcomes: report-level notes that come from a pattern across cases.
 */
import { withFeedback } from '../../../src/report/feedback.js';
import { describe, expect, it } from 'vitest';
import { expectedFor, gradeSuite as gradeSuiteApart, pastedLine, RunnerBugError, UNEXPLAINED_FIXES } from '../../../src/grade/grade-suite.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { CallOutcome, RunOutcome } from '../../../src/sandbox/run-submission.js';
import { loadSuite, parseSuite, type Case, type Suite } from '../../../src/suite/load-suite.js';
import { CASES_DIR, PUBLIC_SUITE } from '../../../src/paths.js';
import { CORRECT_FREQS, CORRECT_LOSS, freqsWithSpec, isModelError, lossWithSpec, weightedLoss, weightedLossFloat32, type LossInputs, WEIGHT_PROBE } from '../../../../reference/loss.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { arr, freqsRun, lossRun, runWith } from '../../helpers/run-outcome.js';
import type { GradeContext } from '../../../src/grade/grade-suite.js';

const suite = await loadSuite([PUBLIC_SUITE]);
/** The report as every format shows it at full feedback: each note in words, fix included. */
const gradeSuite = (...args: Parameters<typeof gradeSuiteApart>) => withFeedback(gradeSuiteApart(...args), 'full');
const fn = { defined: true, callable: true, params: null };

/** A submission whose loss is `loss(expected)` on every case, the frequencies right. */
const outcome = (loss: (expected: number) => number): RunOutcome => lossRun(suite, (_, e) => loss(e));
/** A submission whose loss is right and whose frequencies are `freq(expected)`. */
const freqsOff = (freq: (expected: number) => number): RunOutcome => freqsRun(suite, (pos, neg) => [pos.map(freq), neg.map(freq)]);
/** The note for wrong values no mistake explains (nothing else the numbers show). */
const UNEXPLAINED = /^No mistake in wlgrade's catalogue explains the values your (loss|compute_class_freqs) returns on \d+ cases?/;
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

describe('gradeSuite: the constant-factor note', () => {
  it('says so when every failed loss case is off by the same factor and no mistake explains it', () => {
    const r = gradeSuite(suite, outcome((e) => 2 * e), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toEqual([
      'Every failed loss case is 2× the expected value: your formula is right up to a constant factor. Look for a term counted twice, a division by a fixed number, or a weight applied twice.',
    ]);
  });

  it('stays silent when a catalogued mistake explains the failures, or the factor varies', () => {
    expect(gradeSuite(suite, outcome((e) => -e), ctx).notes).toEqual([]); // loss-sign
    let i = 0;
    expect(gradeSuite(suite, outcome((e) => e * (1.5 + 0.1 * i++)), ctx).notes).toEqual([expect.stringMatching(UNEXPLAINED)]);
    expect(gradeSuite(suite, outcome((e) => e), ctx).notes).toEqual([]); // correct
  });
});

describe('gradeSuite: notes for answers that are right but coarse, or in another form', () => {
  it('says the arithmetic is too coarse when every failed loss case is within a few tenths of a percent (float16, rounding)', () => {
    let i = 0;
    const r = gradeSuite(suite, outcome((e) => e * [1.0004, 0.9997, 1.00002][i++ % 3]!), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toEqual([
      'Every failed loss case is within 0.04% of the expected value: the formula looks right, but the arithmetic is too coarse for the tolerance. float16 (np.float16, torch.half) keeps only about 3 significant digits, and rounding (np.round, round) drops digits: compute in float32 or float64 and return the loss unrounded.',
    ]);
    // Not when one case is far off, or most are over 0.5% away: a formula mistake is likelier.
    let j = 0;
    expect(gradeSuite(suite, outcome((e) => e * (j++ === 4 ? 1.2 : 1.0004)), ctx).notes).toEqual([expect.stringMatching(UNEXPLAINED)]);
    let k = 0;
    expect(gradeSuite(suite, outcome((e) => e * [1.03, 0.98][k++ % 2]!), ctx).notes).toEqual([expect.stringMatching(UNEXPLAINED)]);
  });

  /** The loss off by `factor(i)` on the i-th loss case with a prediction of 0.99 or more, right elsewhere, returned as `dtype`. */
  function offNearOne(factor: (i: number) => number, dtype: 'float32'): RunOutcome {
    const run = lossRun(suite, (_, e) => e, dtype);
    let i = 0;
    for (const c of suite.cases) {
      const call = run.calls[c.id]!;
      if (c.inputs.fn !== 'weighted_loss' || call.status !== 'ok' || call.value.kind !== 'number') continue;
      if (typeof call.value.value !== 'number') throw new Error(`case ${c.id}: the reference loss is not a finite number`);
      if (c.inputs.yPred.some((row) => row.some((p) => p >= 0.99))) call.value = { ...call.value, value: call.value.value * factor(i++) };
    }
    return run;
  }
  it('tells a float32 loss that float32 is the coarse part, not to compute in float32 (a @tf.function on tf.float32 casts)', () => {
    const r = gradeSuite(suite, offNearOne((i) => [1.0035, 0.9997, 1.00002][i % 3]!, 'float32'), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^Every failed loss case is within 0\.35% of the expected value: the formula looks right/);
    expect(r.notes[0]).toContain('Your loss is computed in float32');
    expect(r.notes[0]).toContain('Compute in float64');
    expect(r.notes[0]).not.toContain('compute in float32');
    expect(r.notes[0]).not.toContain('float16');
    // float16 results (or mixed) keep the general wording.
    let j = 0;
    expect(gradeSuite(suite, lossRun(suite, (_, e) => e * [1.0004, 0.9997][j++ % 2]!, 'float16'), ctx).notes[0]).toContain('compute in float32 or float64');
    // So does a float32 result off where no prediction is near 1 (every one 0.7), which float32
    // arithmetic does not explain: float16 cast back to float32 (sweep 15b: torch .half(), then .float()).
    let k = 0;
    const half = gradeSuite(suite, lossRun(suite, (_, e) => e * [1.0004, 0.9997][k++ % 2]!, 'float32'), ctx).notes[0];
    expect(half).toContain('float16 (np.float16, torch.half) keeps only about 3 significant digits');
    expect(half).not.toContain('Your loss is computed in float32');
  });

  it('says the frequencies are percentages, or rounded, when every failed one is', () => {
    expect(gradeSuite(suite, freqsOff((f) => 100 * f), ctx).notes).toEqual([
      'Every failed frequency is 100× the expected value: percentages. The frequencies are fractions between 0 and 1: do not multiply by 100.',
    ]);
    expect(gradeSuite(suite, freqsOff((f) => Math.round(f * 100) / 100), ctx).notes).toEqual([
      'Every failed frequency is the expected value rounded to 2 decimals: return the fractions unrounded (no np.round or round).',
    ]);
    expect(gradeSuite(suite, freqsOff((f) => f * 0.9), ctx).notes).toEqual([expect.stringMatching(UNEXPLAINED)]);
  });

  it('says the arithmetic is too coarse when every failed frequency is within float16 precision (labels.astype(np.float16))', () => {
    const half = (x: number) => {
      // Round to float16's 11 significant bits (normal range: the frequencies here are at least 1/200).
      if (x === 0) return 0;
      const e = Math.floor(Math.log2(Math.abs(x)));
      const step = 2 ** (e - 10);
      return Math.round(x / step) * step;
    };
    // The positive fractions rounded, the negative ones 1 - those, as `pos = labels.astype(np.float16).mean(axis=0); return pos, 1 - pos` does.
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      const pos = e.freqs.pos.map(half);
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(pos), arr(pos.map((p) => half(1 - p)))] }, mutated: [], ms: 1 };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^Every failed frequency is within 0\.000\d+ of the expected value: the formula looks right, but the arithmetic is too coarse for the tolerance\. float16 \(np\.float16\) keeps only about 3 significant digits/);
    // A wrong formula one part in a thousand off is no float16.
    expect(gradeSuite(suite, freqsOff((f) => f * 1.001), ctx).notes).toEqual([expect.stringMatching(UNEXPLAINED)]);
  });
});

describe("gradeSuite: Keras 3's BinaryCrossentropy loss, which clips in float32 (sweep 13b)", () => {
  it('is one clipping mistake, matched on every case, not a partial pair with epsilon-ignored', () => {
    // Each class's column through tf.keras.losses.BinaryCrossentropy()(y, p, sample_weight=w): the
    // inputs cast to float32, clipped to [1e-7, 1 - 1e-7] (0.99999988 in float32), no epsilon added.
    const f = Math.fround;
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'weighted_loss') continue;
      const { yTrue, yPred, posWeights, negWeights } = c.inputs;
      let loss = 0;
      for (let k = 0; k < yTrue[0]!.length; k++) {
        let sum = 0;
        for (let i = 0; i < yTrue.length; i++) {
          const y = f(yTrue[i]![k]!);
          const q = Math.min(Math.max(f(yPred[i]![k]!), f(1e-7)), f(1 - 1e-7));
          const bce = f(-f(f(y * f(Math.log(q))) + f(f(1 - y) * f(Math.log(f(1 - q))))));
          sum = f(sum + f(f(f(posWeights[k]!) * y + f(negWeights[k]!) * f(1 - y)) * bce));
        }
        loss = f(loss + f(sum / yTrue.length));
      }
      run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'numpy.float32', dtype: 'float32', value: loss }, mutated: [], ms: 1 };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-clip-instead-of-epsilon', 'full']]);
    expect(r.mistakes[0]!.message).toContain("(here: predictions clipped to [1e-7, 1 - 1e-7] in float32, as Keras 3's BinaryCrossentropy loss does (it computes in float32))");
  });

  it('names a clip to [epsilon, 1 - epsilon] done on float32 tensors (torch.clamp after .float(), framework 30), whose 1 - 1e-7 is 0.99999988', () => {
    // torch.clamp(y_pred.float(), epsilon, 1 - epsilon), the logs without epsilon, all in float32.
    // At a prediction of exactly 1 the upper bound is float32's 0.99999988, so log(1 - q) is
    // log(1.19e-7): ~1% of that term from the float64 bound, which left "cannot tell".
    const f = Math.fround;
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'weighted_loss') continue;
      const { yTrue, yPred, posWeights, negWeights, epsilon } = c.inputs;
      let loss = 0;
      for (let k = 0; k < yTrue[0]!.length; k++) {
        let sum = 0;
        for (let i = 0; i < yTrue.length; i++) {
          const y = f(yTrue[i]![k]!);
          // torch.clamp with min > max (epsilon = 1) gives max.
          const q = Math.min(Math.max(f(yPred[i]![k]!), f(epsilon)), f(1 - epsilon));
          sum = f(sum + f(f(f(posWeights[k]!) * y) * f(Math.log(q))) + f(f(f(negWeights[k]!) * f(1 - y)) * f(Math.log(f(1 - q)))));
        }
        loss = f(loss - f(sum / yTrue.length));
      }
      run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'torch.float32', dtype: 'float32', value: loss }, mutated: [], ms: 1 };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-clip-instead-of-epsilon', 'full']]);
    expect(r.mistakes[0]!.message).toContain('(here: predictions clipped to [epsilon, 1 - epsilon])');
  });
});

describe('gradeSuite: a record the runner could not encode', () => {
  // runner.emit replaces a load or result record that is not JSON by one failed with this type.
  const bug = { type: 'WlgradeInternalError', message: "wlgrade's runner could not encode its load record (ValueError: Out of range float values are not JSON compliant)", traceback: 'File "runner.py", line 40, in emit' };

  it('is thrown as a bug in wlgrade, not graded as the learner’s load error', () => {
    const run = { ...outcome((e) => e), load: { ok: false as const, error: bug, imports: [] } };
    expect(() => gradeSuite(suite, run, ctx)).toThrow(/^grading hw\.py: wlgrade's runner could not encode its load record \(ValueError: Out of range float values are not JSON compliant\)\nFile "runner\.py"/);
  });

  it('is thrown for a result record too, not graded as the case’s error', () => {
    const run = outcome((e) => e);
    run.calls[suite.cases[0]!.id] = { status: 'error', error: { ...bug, message: "wlgrade's runner could not encode its result record (TypeError: x)" }, mutated: [], ms: 1 };
    expect(() => gradeSuite(suite, run, ctx)).toThrow(/could not encode its result record/);
  });

  // Learner code can send this record (or the runner's `internal` one) itself, with the token it
  // reads from memory: a bug on every run kept a hostile file's row blank, graded again for ever.
  // The row is a 0 (rowWorth: the learner's), which the message says: "not graded" is a blank row.
  const runnerAgain = ", so it counts 0: wlgrade's runner reports such an error for a bug in wlgrade, and code in a file can send that report itself (reaching into the grader through sys.modules, gc or its file descriptors); remove any such code and hand the file in again, or, if it has none, show this message to your course staff";
  const bugOwn = " (staff: if it is a real bug in wlgrade, `wlgrade check` on this file shows the whole error: report it with the file, and once it is fixed grade again with --force, which grades it again).";
  const eitherOwn = " (staff: if either failure was the machine's or wlgrade's, a busy machine, an out-of-memory kill or a real bug in wlgrade (`wlgrade check` on this file shows it), grade again with --force, which grades it again).";
  it("after the same file under the same options failed on the grade run before (a bug, a crash, a time-out), is the file's: INTERNAL_ERROR_AGAIN, 0, each saying which (red team 28 left it blank on every run)", () => {
    const atLoad = { ...outcome((e) => e), load: { ok: false as const, error: bug, imports: [] } };
    expect(() => gradeSuite(suite, atLoad, ctx)).toThrow(RunnerBugError);
    const twice = gradeSuite(suite, atLoad, { ...ctx, loadFailedBefore: 'INTERNAL_ERROR' });
    expect([twice.status, twice.score, twice.problems]).toEqual(['error', 0, [{ code: 'INTERNAL_ERROR_AGAIN', message: `hw.py: wlgrade's runner reported an internal error on two grade runs of this unchanged file${runnerAgain}${bugOwn}` }]]);
    expect(twice.cases.every((c) => c.points === 0 && c.status === 'error')).toBe(true);
    for (const before of ['LOAD_CRASH', 'LOAD_TIMEOUT'] as const) {
      expect(gradeSuite(suite, atLoad, { ...ctx, loadFailedBefore: before }).problems).toEqual([{ code: 'INTERNAL_ERROR_AGAIN', message: `hw.py: wlgrade's runner reported an internal error, and it did not load on the grade run before either (the file unchanged)${runnerAgain}${eitherOwn}` }]);
    }
    // Sent during a call of a file that loaded: none of its cases counts, as on the first run (a bug).
    const inCall = outcome((e) => e);
    inCall.calls[suite.cases[0]!.id] = { status: 'error', error: bug, mutated: [], ms: 1 };
    const r = gradeSuite(suite, inCall, { ...ctx, loadFailedBefore: 'INTERNAL_ERROR' });
    expect([r.status, r.score, r.problems.map((p) => p.code), r.mistakes]).toEqual(['error', 0, ['INTERNAL_ERROR_AGAIN'], []]);
  });

  it('a crash or time-out after a bug on the grade run before is LOAD_CRASH_AGAIN / LOAD_TIMEOUT_AGAIN, naming the bug (a file alternating them stayed blank)', () => {
    const crash = { ...outcome((e) => e), calls: {}, load: { ok: false as const, fatal: 'crash' as const, detail: 'the Python process ended while loading the submission (killed by signal SIGKILL)' } };
    const [p] = gradeSuite(suite, crash, { ...ctx, loadFailedBefore: 'INTERNAL_ERROR' }).problems;
    expect(p!.code).toBe('LOAD_CRASH_AGAIN');
    expect(p!.message.startsWith(`hw.py: ${crash.load.detail}, and wlgrade's runner reported an internal error on the grade run before (the file unchanged), so it counts as not loading at all`)).toBe(true);
    expect(p!.message.endsWith(eitherOwn)).toBe(true);
    const slow = { ...crash, load: { ok: false as const, fatal: 'timeout' as const, detail: 'loading the submission (its top-level code) did not finish within 60 s' } };
    expect(gradeSuite(suite, slow, { ...ctx, loadFailedBefore: 'INTERNAL_ERROR' }).problems.map((q) => q.code)).toEqual(['LOAD_TIMEOUT_AGAIN']);
  });
});

describe('gradeSuite: a near-miss name with letters of another script', () => {
  const missing = (near: { name: string; line: number }[]): RunOutcome => {
    const run = outcome((e) => e);
    run.load = { ok: true, functions: { compute_class_freqs: { defined: false, callable: false, params: null, near: near.map((n) => ({ ...n, scope: 'similar' })) }, get_weighted_loss: fn }, imports: [], notes: [], weights: [] };
    return run;
  };
  it.each([
    [
      'one Cyrillic letter',
      'compute_class_freqѕ',
      "hw.py does not define compute_class_freqs; did you mean compute_class_freqѕ (hw.py:5)? Its name contains the non-ASCII character 'ѕ' (U+0455 CYRILLIC SMALL LETTER DZE) where 's' belongs: it may look the same, but to Python it is another name. The grader calls it by this exact name: define compute_class_freqs(labels).",
    ],
    [
      'two letters, one of them unknown to the table',
      'сompute_class_freqé',
      "hw.py does not define compute_class_freqs; did you mean сompute_class_freqé (hw.py:5)? Its name contains the non-ASCII characters 'с' (U+0441 CYRILLIC SMALL LETTER ES) where 'c' belongs and 'é' (U+00E9) where 's' belongs: it may look the same, but to Python it is another name. The grader calls it by this exact name: define compute_class_freqs(labels).",
    ],
    ['an ASCII typo, as before', 'compute_class_freq', 'hw.py does not define compute_class_freqs; did you mean compute_class_freq (hw.py:5)? The grader calls it by this exact name: define compute_class_freqs(labels).'],
  ])('%s', (_, name, message) => {
    const r = gradeSuite(suite, missing([{ name, line: 5 }]), ctx);
    expect(r.problems).toEqual([{ code: 'MISSING_FUNCTION', message, line: 5 }]);
  });
});

describe('gradeSuite: the loss itself at the top level, without get_weighted_loss (sweep 16a)', () => {
  // Public solutions define def weighted_loss(y_true, y_pred, pos_weights, neg_weights, epsilon=1e-7)
  // or def weighted_loss(true, pred) reading global weights: renaming it, as "did you mean" said,
  // gives a wrong signature. What is missing is the function that makes the loss.
  it('says to define get_weighted_loss around it, not to rename it', () => {
    const run = outcome((e) => e);
    run.load = { ok: true, functions: { compute_class_freqs: fn, get_weighted_loss: { defined: false, callable: false, params: null, near: [{ name: 'weighted_loss', scope: 'similar', line: 11 }] } }, imports: [], notes: [], weights: [] };
    expect(gradeSuite(suite, run, ctx).problems).toEqual([
      {
        code: 'MISSING_FUNCTION',
        message:
          'hw.py defines the loss weighted_loss (hw.py:11) but not get_weighted_loss, the function that makes it, which the grader calls: define get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7) and put def weighted_loss(y_true, y_pred) inside it, using its pos_weights, neg_weights and epsilon, then end it with return weighted_loss.',
        line: 11,
      },
    ]);
  });
});

describe('pastedLine: characters pasted from a web page, a PDF or a chat (notebooks 27)', () => {
  // Python's own message names a code point the learner cannot see or tell from a quote.
  it.each([
    ['\u00a0   return p', 'invalid non-printable character U+00A0', /^invalid non-printable character U\+00A0: a non-breaking space, which looks like nothing or like a space but is not one to Python/, /^retype the spaces of that line/],
    ['x = 1\u200b', 'invalid non-printable character U+200B', /: a zero-width character, /, /^retype the spaces/],
    ['print(\u201cdone\u201d)', "invalid character '\u201c' (U+201C)", /: a curly quote, as a word processor, a web page or a chat writes one, where Python needs a straight one$/, /as straight quotes \("\)$/],
    ["x = \u2018a\u2019", "invalid character '\u2018' (U+2018)", /a curly quote/, /as straight quotes \('\)$/],
  ])('%j (%s): says what the character is and to retype it', (text, message, what, todo) => {
    const said = pastedLine(text, message);
    expect(said?.what).toMatch(what);
    expect(said?.todo).toMatch(todo);
  });

  it('keeps Python\'s message alone for other characters', () => {
    expect(pastedLine('x = 1 \u00d7 2', "invalid character '\u00d7' (U+00D7)")).toBeNull();
    expect(pastedLine('x = 1\u0007', 'invalid non-printable character U+0007')).toBeNull();
  });
});

describe('gradeSuite: a graded function in a cell a magic hands to something else', () => {
  const inMagicCell = (magic: string): RunOutcome => {
    const run = outcome((e) => e);
    const near = [{ name: 'compute_class_freqs', scope: `notebook-magic ${magic}`, cell: 2, line: 3 }];
    run.load = { ok: true, functions: { compute_class_freqs: { defined: false, callable: false, params: null, near }, get_weighted_loss: fn }, imports: [], notes: [], weights: [] };
    return run;
  };
  it.each([
    ['writefile', '%%writefile', '%%writefile writes the cell to a file, which no cell below imports or %runs', '%%writefile line'],
    // IPython's other name for %%writefile (notebooks 28).
    ['file', '%%file', '%%file writes the cell to a file, which no cell below imports or %runs', '%%file line'],
    // A %%bash cell was told what %%writefile does (red-team round 12).
    ['bash', '%%bash', '%%bash runs the cell as a shell script, in a separate process', '%%bash line'],
    // %%script python3 (and %%python3) were "another program than the notebook's Python": it is Python, in another process (notebooks 30).
    ['python3', '%%python3', '%%python3 runs the cell in a separate Python process, which ends with the cell, so what it defines never reaches the notebook (only what it prints does)', '%%python3 line'],
    ['script:python3', '%%script python3', '%%script python3 runs the cell in a separate Python process, which ends with the cell, so what it defines never reaches the notebook (only what it prints does)', '%%script line'],
    ['script:perl', '%%script perl', '%%script perl runs the cell with perl, in a separate process', '%%script line'],
    ['html', '%%html', "%%html shows the cell in the notebook's page as HTML, which the browser reads, not Python", '%%html line'],
    ['javascript', '%%javascript', "%%javascript shows the cell in the notebook's page as JavaScript, which the browser reads, not Python", '%%javascript line'],
    ['R', '%%R', '%%R runs the cell as R code (rpy2), not Python', '%%R line'],
    ['sql', '%%sql', "%%sql hands it to another program than the notebook's Python, so nothing it defines reaches the notebook", '%%sql line'],
    // A stack names the first line's magic and the one that runs the body, with its line (notebooks 30).
    ['capture,sh@2', '%%capture, over %%sh at line 2', '%%sh runs the cell as a shell script, in a separate process', '%%sh line (line 2)'],
  ])('%%%s: the problem says what that magic does', (magic, starts, does, line) => {
    const [problem] = gradeSuite(suite, inMagicCell(magic), ctx).problems;
    expect(problem!.message).toBe(`hw.py, cell 2, line 3: def compute_class_freqs is in a cell that starts with ${starts}, so the cell is not run as the notebook's Python (${does}): remove the ${line} so the cell defines compute_class_freqs itself.`);
  });

  it("%%capture over %%timeit: names the cell's first magic and the %%timeit that runs it, with its line (notebooks 30: 'a cell that starts with %%timeit')", () => {
    const [problem] = gradeSuite(suite, inMagicCell('capture,timeit@2'), ctx).problems;
    expect(problem!.message).toBe(
      'hw.py, cell 2, line 3: def compute_class_freqs is in a cell that starts with %%capture, over %%timeit at line 2, which runs the cell inside a timing function, so compute_class_freqs is defined only inside that function and never in your notebook (a fresh Run All does not define it either): remove the %%timeit line (line 2), and time the call in a cell of its own (%%timeit compute_class_freqs(...)).',
    );
  });

  it('%%cython of Cython syntax: says the grader cannot compile it, and to write plain Python (notebooks 30)', () => {
    const [problem] = gradeSuite(suite, inMagicCell('cython'), ctx).problems;
    expect(problem!.message).toBe(
      "hw.py, cell 2, line 3: def compute_class_freqs is in a cell that starts with %%cython, and the cell holds Cython's own syntax (cdef, cimport ...), which the grader cannot compile (it runs a %%cython cell of plain Python as Python), so that cell was not run: write compute_class_freqs in plain Python, or in a cell without %%cython.",
    );
  });

  it('%%timeit: says the def stays inside the timing function %%timeit runs the cell in (notebooks 28)', () => {
    const [problem] = gradeSuite(suite, inMagicCell('timeit'), ctx).problems;
    expect(problem!.message).toBe(
      'hw.py, cell 2, line 3: def compute_class_freqs is in a cell that starts with %%timeit, which runs the cell inside a timing function, so compute_class_freqs is defined only inside that function and never in your notebook (a fresh Run All does not define it either): remove the %%timeit line, and time the call in a cell of its own (%%timeit compute_class_freqs(...)).',
    );
  });
});

describe('gradeSuite: a parameter put before epsilon (sweep 20)', () => {
  const P = (name: string, hasDefault = false) => ({ name, kind: 'POSITIONAL_OR_KEYWORD' as const, hasDefault });
  const withParams = (params: ReturnType<typeof P>[]) => {
    const run = outcome((e) => e);
    if (run.load.ok) run.load.functions.get_weighted_loss = { ...fn, params, line: 4 };
    return gradeSuite(suite, run, ctx);
  };
  it('is a wrong signature naming that parameter, not a note that epsilon has no default', () => {
    for (const extra of [P('num_classes'), P('num_classes', true)]) {
      const r = withParams([P('pos_weights'), P('neg_weights'), extra, P('epsilon', true)]);
      expect(r.problems).toEqual([
        {
          code: 'WRONG_SIGNATURE',
          line: 4,
          message:
            "hw.py:4: get_weighted_loss has num_classes as its third parameter, where the cases pass epsilon by position (get_weighted_loss(pos_weights, neg_weights, 0.1)), so num_classes gets epsilon and epsilon keeps its default: make epsilon the third parameter, and drop num_classes or move it after epsilon with a default; the assignment's signature is get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).",
        },
      ]);
      expect(r.notes.join(' ')).not.toContain('no default value');
    }
  });
  it("keeps the note on values no mistake explains off that function: the cases' epsilon went into the wrong parameter", () => {
    // With epsilon = 1 in num_classes, a loop over range(num_classes) adds one class up.
    const run = outcome((e) => e);
    run.calls['loss-course-epsilon-1'] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: 0.29262136 }, mutated: [], ms: 1 };
    expect(gradeSuite(suite, run, ctx).notes).toContainEqual(expect.stringMatching(UNEXPLAINED));
    if (run.load.ok) run.load.functions.get_weighted_loss = { ...fn, params: [P('pos_weights'), P('neg_weights'), P('num_classes'), P('epsilon', true)], line: 4 };
    const r = gradeSuite(suite, run, ctx);
    expect(r.problems.map((p) => p.code)).toEqual(['WRONG_SIGNATURE']);
    expect(r.notes.filter((n) => UNEXPLAINED.test(n))).toEqual([]);
  });
  it('says where y_true and y_pred go when get_weighted_loss takes them itself (the loss written flat)', () => {
    const r = withParams([P('y_true'), P('y_pred'), P('pos_weights'), P('neg_weights'), P('epsilon', true)]);
    expect(r.problems).toEqual([
      {
        code: 'WRONG_SIGNATURE',
        line: 4,
        message:
          "hw.py:4: get_weighted_loss requires 4 parameters, y_true and y_pred among them: get_weighted_loss takes only the weights and epsilon, and returns the loss function, which takes (y_true, y_pred). Move the loss's code into def weighted_loss(y_true, y_pred): inside get_weighted_loss and end get_weighted_loss with return weighted_loss; the assignment's signature is get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).",
      },
    ]);
    // Another extra parameter is only counted.
    expect(withParams([P('pos_weights'), P('neg_weights'), P('epsilon'), P('n_classes')]).problems[0]!.message).toMatch(/get_weighted_loss requires 4 parameters; the assignment's/);
  });
  it('a *args before epsilon, which takes the epsilon the cases pass by position, is a wrong signature that says so (sweep 20 a24)', () => {
    const K = (name: string, hasDefault = true) => ({ name, kind: 'KEYWORD_ONLY' as const, hasDefault });
    const V = (name: string) => ({ name, kind: 'VAR_POSITIONAL' as const, hasDefault: false });
    const message = (star: string, kept: string) =>
      `hw.py:4: get_weighted_loss takes *${star} before epsilon, which makes epsilon keyword-only, where the cases pass epsilon by position (get_weighted_loss(pos_weights, neg_weights, 0.1)): that 0.1 lands in ${star}, not in epsilon, ${kept}: name each parameter instead of *${star}; the assignment's signature is get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).`;
    for (const [params, text] of [
      [[V('weights'), K('epsilon')], message('weights', 'which keeps its default')],
      [[P('pos_weights'), V('rest'), K('epsilon')], message('rest', 'which keeps its default')],
      [[P('pos_weights'), P('neg_weights'), V('args'), K('epsilon', false)], message('args', 'which has no default, so those calls fail')],
    ] as const) {
      const r = withParams(params as unknown as ReturnType<typeof P>[]);
      expect(r.problems).toEqual([{ code: 'WRONG_SIGNATURE', line: 4, message: text }]);
    }
    // Three named parameters before the *args: epsilon's value lands in the third, as the assignment's does.
    expect(withParams([P('pos_weights'), P('neg_weights'), P('eps', true), V('args') as unknown as ReturnType<typeof P>]).problems).toEqual([]);
  });
  it('leaves the signatures the cases can call alone, and a third parameter named for epsilon', () => {
    expect(withParams([P('pos_weights'), P('neg_weights'), P('epsilon', true), P('num_classes', true)]).problems).toEqual([]);
    expect(withParams([P('pw'), P('nw'), P('eps', true)]).problems).toEqual([]);
    // epsilon required: every case still runs, and the note says which case leaves it out.
    const r = withParams([P('pos_weights'), P('neg_weights'), P('epsilon')]);
    expect(r.problems).toEqual([]);
    expect(r.notes.join(' ')).toContain('gives epsilon no default value');
  });
});

describe('gradeSuite: get_weighted_loss that computes a loss of its own instead of returning a function (sweep 20)', () => {
  // It builds its own 3-class y_true and y_pred and returns the loss it gets: a Tensor, not a
  // function, where the weights have 3 classes, and an IndexError at class 3 where they have more.
  const own = (cases: Suite) => {
    const run = runWith({});
    for (const c of cases.cases) {
      if (c.inputs.fn !== 'weighted_loss') {
        const e = expectedFor(c);
        if (e.fn === 'compute_class_freqs') run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: [], ms: 1 };
        continue;
      }
      run.calls[c.id] =
        c.inputs.posWeights.length > 3
          ? { status: 'error', error: { type: 'IndexError', message: 'index 3 is out of bounds for axis 1 with size 3', line: 6, traceback: '', during: 'get_weighted_loss' }, mutated: [], ms: 1 }
          : { status: 'error', error: { type: 'NotAFunction', message: 'get_weighted_loss returned Tensor, not a function: it must return the inner weighted_loss function', traceback: '' }, mutated: [], ms: 1 };
    }
    return run;
  };
  it('names no mistake of the loss from the errors get_weighted_loss raised: no loss function ever ran', async () => {
    const both = await loadSuite([join(CASES_DIR, 'hidden.yaml')]);
    const r = gradeSuite(both, own(both), ctx);
    expect(r.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'passed')).toEqual([]);
    expect(r.mistakes.filter((m) => MISTAKES[m.id].fn === 'weighted_loss')).toEqual([]);
  });
});

describe("gradeSuite: a case's authored message (loss-epsilon-default's)", () => {
  const AUTHORED = 'This case calls get_weighted_loss(pos_weights, neg_weights) without epsilon, so the default must be epsilon=1e-7.';
  const message = (r: ReturnType<typeof gradeSuite>) => r.cases.find((c) => c.id === 'loss-epsilon-default')!.message;

  it('goes first when that case is about the only one failing (a default of 1e-5)', () => {
    const run = outcome((e) => e);
    run.calls['loss-epsilon-default'] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: 8.6 }, mutated: [], ms: 1 };
    expect(message(gradeSuite(suite, run, ctx)).startsWith(`${AUTHORED} Your loss is 8.6;`)).toBe(true);
  });

  it('is left out when the case raised the error other cases raised too: their shared cause is another one (sweep 13b)', () => {
    // F.binary_cross_entropy(y_pred + epsilon, ...) raises at predictions of 1, in this case and a few others.
    const error = { type: 'RuntimeError', message: 'all elements of input should be between 0 and 1', line: 17, traceback: '' };
    const run = outcome((e) => e);
    for (const id of ['loss-epsilon-default', 'loss-exact-0-1-predictions', 'loss-perfect-predictions']) run.calls[id] = { status: 'error', error, mutated: [], ms: 1 };
    const m = message(gradeSuite(suite, run, ctx));
    expect(m).toMatch(/^Your weighted_loss raised RuntimeError/);
    expect(m).not.toContain('default must be');
    // Raised by this case alone (a default of None: TypeError), the authored message still goes first.
    const alone = outcome((e) => e);
    alone.calls['loss-epsilon-default'] = { status: 'error', error: { ...error, type: 'TypeError', message: "unsupported operand type(s) for +: 'float' and 'NoneType'" }, mutated: [], ms: 1 };
    expect(message(gradeSuite(suite, alone, ctx)).startsWith(`${AUTHORED} Your weighted_loss raised TypeError`)).toBe(true);
  });

  it('is left out when most cases of the function fail: their cause is another one', () => {
    const m = message(gradeSuite(suite, outcome((e) => 3 * e), ctx));
    expect(m).toMatch(/^Your loss is /);
    expect(m).not.toContain('default must be');
  });
});

describe("gradeSuite: whose a failed import is (IMPORT_ERROR, the machine's; IMPORT_UNRESOLVABLE, the file's)", () => {
  const code = (module: string | undefined, more: Record<string, unknown> = {}) => {
    const error = { type: 'ModuleNotFoundError', message: `No module named '${module}'`, line: 2, traceback: `hw.py, line 2\n    import ${module}`, ...(module === undefined ? {} : { module }), ...more };
    const run = { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } };
    return gradeSuite(suite, run, ctx).problems.map((p) => p.code);
  };

  it.each([
    ['a package wlgrade knows, not installed here (torch)', 'torch', {}],
    ['a submodule of one (tensorflow.keras)', 'tensorflow.keras', {}],
    ["a module of Python's own library this Python lacks (tkinter without Tk)", 'tkinter', { stdlib: true }],
    ['a module a later Python removed from its library (imp, 3.12)', 'imp', {}],
    ["a dependency an installed package's own code asks for (tensorflow asking for google.protobuf)", 'google.protobuf', { within: 'tensorflow' }],
    ['a name an installed module lacks (numpy 2 has no float_)', 'numpy', { type: 'ImportError', absent: 'float_' }],
  ])("is the machine's: %s", (_what, module, more) => {
    expect(code(module, more)).toEqual(['IMPORT_ERROR']);
  });

  it.each([
    ['a misspelt module (nump)', 'nump', {}],
    ['a made-up name', 'wlgrade_madeup_pkg', {}],
    ["a helper module of the course's workspace (utils)", 'utils', {}],
    ['a file of the learner\'s own not handed in (from solution import *)', 'solution', { ownImport: { module: 'solution', star: true, names: ['compute_class_freqs', 'get_weighted_loss'] } }],
    ["the learner's own file, named as a module of Python's library (from test import *)", 'test', { stdlib: true, ownImport: { module: 'test', star: true, names: ['compute_class_freqs', 'get_weighted_loss'] } }],
    ['a slip of a name the installed module has (from numpy import arrray: array)', 'numpy', { type: 'ImportError', absent: 'arrray', close: 'array' }],
    ['a relative import (from .utils import xp) of a file beside it, not handed in', undefined, { type: 'ImportError', message: 'attempted relative import with no known parent package', relative: '.utils' }],
  ])("is the file's: %s", (_what, module: string | undefined, more) => {
    expect(code(module, more)).toEqual(['IMPORT_UNRESOLVABLE']);
  });

  it('says which import to write for an alias taken for a module (import np) or a misspelt known package, never for a package wlgrade knows', () => {
    const message = (module: string, alias?: string) => {
      const error = { type: 'ModuleNotFoundError', message: `No module named '${module}'`, line: 2, traceback: `hw.py, line 2\n    import ${module}`, module, usedBy: ['compute_class_freqs' as const, 'get_weighted_loss' as const], ...(alias ? { alias } : {}) };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!.message;
    };
    // `import nump as np` (imports 33): the import to write keeps np; `import numpy` left np undefined.
    expect(message('nump', 'np')).toContain('if you meant numpy, correct the import (import numpy as np); if nump is a file of yours');
    // `import np as npy` (aliases 33): the line to write binds what the file uses, npy, not the table's np.
    expect(message('np', 'npy')).toContain('Correct the import: "np" is the usual name for numpy, not a module (import numpy as npy).');
    expect(message('plt', 'p')).toContain('Correct the import: "plt" is the usual name for matplotlib.pyplot, not a module (import matplotlib.pyplot as p).');
    expect(message('np', 'numpy')).toContain('Correct the import: "np" is the usual name for numpy, not a module (import numpy).');
    expect(message('np', 'np')).toContain('Correct the import: "np" is the usual name for numpy, not a module (import numpy as np).');
    expect(message('tensorflw', 'tensorflow')).toContain('if you meant tensorflow, correct the import (import tensorflow);');
    expect(message('np')).toBe('hw.py:2: imports "np", which is not installed for python3, and your graded functions use it. Correct the import: "np" is the usual name for numpy, not a module (import numpy as np).');
    expect(message('tensorflw')).toBe('hw.py:2: imports "tensorflw", which is not installed for python3, and your graded functions use it. "tensorflw" is no package wlgrade knows: if you meant tensorflow, correct the import (import tensorflow); if tensorflw is a file of yours, hand it in beside hw.py (in the same folder or zip), or put what you use from it in hw.py.');
    // A learner's own module one letter from a package (transformer, network) is told both readings, not only "a misspelling".
    for (const own of ['transformer', 'network', 'dash']) expect(message(own)).toMatch(new RegExp(`if you meant \\w+, correct the import \\(import \\w+\\); if ${own} is a file of yours, hand it in beside hw\\.py \\(in the same folder or zip\\), or put what you use from it in hw\\.py`));
    expect(message('torch')).toContain('Install it with "python3 -m pip install torch"');
  });

  it('tells the name to write for a slip of a name the installed module has, and keeps numpy\'s words for a name another version had', () => {
    const message = (absent: string, said: string, close?: string) => {
      const error = { type: 'ImportError', message: said, line: 2, traceback: `hw.py, line 2\n    from numpy import ${absent}`, module: 'numpy', absent, ...(close ? { close } : {}) };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!;
    };
    expect(message('arrray', 'numpy 2.4.6 has no arrray', 'array')).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports arrray from "numpy", but numpy 2.4.6 has no arrray: "arrray" looks like a misspelling of "array", which it has. Correct the import (from numpy import array) and the code using arrray.',
      line: 2,
    });
    const removed = message('float', 'numpy 2.4.6 has no float (`np.float` was removed in the NumPy 1.24 release. ... use `np.float64` here.)');
    expect(removed.code).toBe('IMPORT_ERROR');
    expect(removed.message).toContain('was removed in the NumPy 1.24 release');
  });

  it('words a submodule an installed package lacks as the import written (import numpy.madeupx), not as a from-import', () => {
    const message = (absent: string, close?: string) => {
      const error = { type: 'ModuleNotFoundError', message: `numpy 2.4.6 has no submodule ${absent}`, line: 2, traceback: `hw.py, line 2\n    import numpy.${absent}`, module: 'numpy', absent, submodule: true as const, ...(close ? { close } : {}) };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!;
    };
    expect(message('madeupx')).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports "numpy.madeupx", but numpy 2.4.6 has no submodule madeupx, and no NumPy release from 1.21 to 2.4 has a submodule madeupx: a typo, or a name from another library. Change that import (and the code using it) to what numpy has.',
      line: 2,
    });
    expect(message('linalgg', 'linalg')).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports "numpy.linalgg", but numpy 2.4.6 has no submodule linalgg: "linalgg" looks like a misspelling of "linalg", which it has. Correct the import (numpy.linalg) and the code using numpy.linalgg.',
      line: 2,
    });
  });

  it("tells numpy's names apart by what NumPy releases had: another release's is the machine's (blank), none's the file's (0)", () => {
    // numpy's own tables miss dozens of names older releases had (in1d, msort, product): a made-up
    // name stayed IMPORT_ERROR, blank, and msort, one letter from sort, read as a slip of sort (0).
    const problem = (absent: string, more: Record<string, unknown> = {}) => {
      const said = more.submodule ? `numpy 2.4.6 has no submodule ${absent}` : `numpy 2.4.6 has no ${absent}`;
      const error = { type: 'ImportError', message: said, line: 2, traceback: `hw.py, line 2\n    from numpy import ${absent}`, module: 'numpy', absent, usedBy: ['compute_class_freqs' as const], ...more };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!;
    };
    expect(problem('madeupx')).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports madeupx from "numpy", but numpy 2.4.6 has no madeupx, and no NumPy release from 1.21 to 2.4 has madeupx: a typo, or a name from another library. Change that import (and the code using it) to what numpy has.',
      line: 2,
    });
    expect(problem('in1d')).toEqual({
      code: 'IMPORT_ERROR',
      message: 'hw.py:2: imports in1d from "numpy", but numpy 2.4.6 has no in1d: NumPy releases up to 2.3 had in1d, so this is code for another NumPy. Use `np.isin` instead. Change that import (and the code using it) to what this numpy has; staff can also grade it with a NumPy that has in1d.',
      line: 2,
    });
    // One letter from sort, but NumPy 1.x's own function: not a slip, whatever close the run sends.
    expect(problem('msort', { close: 'sort' }).code).toBe('IMPORT_ERROR');
    expect(problem('msort', { close: 'sort' }).message).toContain('NumPy releases up to 1.26 had msort');
    for (const name of ['trapz', 'product', 'cumproduct', 'alltrue', 'sometrue', 'round_', 'asfarray', 'alen', 'asscalar', 'loads', 'bool8', 'float96', 'pmt']) expect([name, problem(name).code]).toEqual([name, 'IMPORT_ERROR']);
    // numpy's own words (the runner's hint, in parentheses) are not repeated.
    expect(problem('product', { message: 'numpy 2.4.6 has no product (`np.product` was removed in the NumPy 2.0 release. Use `np.prod` instead.)' }).message).not.toMatch(/instead\.\) .*instead/);
    // A name of a newer release on an older numpy (vecdot on 1.26): another release's too.
    expect(problem('vecdot', { message: 'numpy 1.26.4 has no vecdot' }).message).toContain('newer NumPy releases have vecdot');
    // Submodules: one another release had (array_api, until 1.26) is blank; a function is no submodule in any release.
    expect(problem('array_api', { submodule: true }).code).toBe('IMPORT_ERROR');
    expect(problem('in1d', { submodule: true }).code).toBe('IMPORT_UNRESOLVABLE');
    // A slip of a name numpy has keeps its "did you mean".
    expect(problem('arrray', { close: 'array' }).message).toContain('"arrray" looks like a misspelling of "array"');
  });

  it("tells numpy's public submodules' own names apart the same way (numpy.random, numpy.linalg, numpy.fft ...): none's is the file's (0), another release's blank", () => {
    // from numpy.random import madeup was IMPORT_ERROR, blank ("a name another version may have"); from numpy.linalg import nrom the same, told both readings.
    const problem = (module: string, absent: string, more: Record<string, unknown> = {}) => {
      const said = more.submodule ? `${module} (numpy 2.4.6) has no submodule ${absent}` : `${module} (numpy 2.4.6) has no ${absent}`;
      const written = more.submodule ? `import ${module}.${absent}` : `from ${module} import ${absent}`;
      const error = { type: 'ImportError', message: said, line: 2, traceback: `hw.py, line 2\n    ${written}`, module, absent, ...more };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!;
    };
    expect(problem('numpy.random', 'madeup')).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports madeup from "numpy.random", but numpy.random (numpy 2.4.6) has no madeup, and no NumPy release from 1.23 to 2.4 has numpy.random.madeup: a typo, or a name from another library. Change that import (and the code using it) to what numpy.random has.',
      line: 2,
    });
    expect(problem('numpy.linalg', 'nrom', { close: 'norm' })).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports nrom from "numpy.linalg", but numpy.linalg (numpy 2.4.6) has no nrom: "nrom" looks like a misspelling of "norm", which it has. Correct the import (from numpy.linalg import norm) and the code using nrom.',
      line: 2,
    });
    expect(problem('numpy.fft', 'helper')).toEqual({
      code: 'IMPORT_ERROR',
      message: 'hw.py:2: imports helper from "numpy.fft", but numpy.fft (numpy 2.4.6) has no helper: NumPy releases up to 2.3 had numpy.fft.helper, so this is code for another NumPy. Change that import (and the code using it) to what this numpy.fft has; staff can also grade it with a NumPy that has numpy.fft.helper.',
      line: 2,
    });
    expect(problem('numpy.testing', 'utils', { submodule: true }).code).toBe('IMPORT_ERROR');
    expect(problem('numpy.random', 'madeup', { submodule: true }).code).toBe('IMPORT_UNRESOLVABLE');
    // A name some release had is no slip, whatever close the run sends (lapack_lite, until 1.24).
    expect(problem('numpy.linalg', 'lapack_lite', { close: 'lapack_litex' }).code).toBe('IMPORT_ERROR');
    // Deeper packages are in no list: blank, for staff.
    expect(problem('numpy.lib', 'function_base', { submodule: true }).code).toBe('IMPORT_ERROR');
  });

  it("leaves to staff a slip of another package's name, which may be another version's (one letter from a name it has), telling both readings; binom_test, which package-history.json lists, told its release", () => {
    // It was IMPORT_UNRESOLVABLE, 0, told only "a misspelling of binomtest": scipy before 1.12 had binom_test.
    const error = { type: 'ImportError', message: 'scipy.stats (scipy 1.17.1) has no binom_test', line: 2, traceback: 'hw.py, line 2\n    from scipy.stats import binom_test', module: 'scipy.stats', absent: 'binom_test', close: 'binomtest' };
    const problems = gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems;
    expect(problems).toEqual([
      {
        code: 'IMPORT_ERROR',
        message: 'hw.py:2: imports binom_test from "scipy.stats", but scipy.stats (scipy 1.17.1) has no binom_test: scipy releases up to 1.11 had scipy.stats.binom_test, so this is code for another scipy. Use scipy.stats.binomtest. Change that import (and the code using it) to what this scipy has; staff can also grade it with a scipy that has scipy.stats.binom_test.',
        line: 2,
      },
    ]);
    // A name the list does not know (kendalltaw, one letter from kendalltau): both readings.
    const unlisted = { ...error, message: 'scipy.stats (scipy 1.17.1) has no kendalltaw', absent: 'kendalltaw', close: 'kendalltau' };
    expect(gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error: unlisted, imports: [] } }, ctx).problems).toEqual([
      {
        code: 'IMPORT_ERROR',
        message: 'hw.py:2: imports kendalltaw from "scipy.stats", but scipy.stats (scipy 1.17.1) has no kendalltaw: "kendalltaw" is either a misspelling of "kendalltau", which it has (then correct the import, from scipy.stats import kendalltau, and the code using kendalltaw), or a name another version of scipy has (then change that code to what this scipy has; staff can also grade it with a scipy that has kendalltaw).',
        line: 2,
      },
    ]);
    // A slip of a submodule the package has (import torch.nnn: nn) stays the file's.
    const sub = { ...error, message: 'torch 2.9.0 has no submodule nnn', traceback: 'hw.py, line 2\n    import torch.nnn', module: 'torch', absent: 'nnn', close: 'nn', submodule: true as const };
    expect(gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error: sub, imports: [] } }, ctx).problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
  });

  it("leaves a submodule this install's folders do not hold, none a letter away (lacks, read by import-facts.ts), to staff, saying another version may have it; a slip of one they hold is the file's", () => {
    // import scipy.madeupx was IMPORT_UNRESOLVABLE, a 0 (review31a: import keras.engine, tensorflow.contrib.keras are other versions'); from scipy import linalgg (scipy.linalg not yet loaded) was IMPORT_ERROR, blank.
    const problem = (more: Record<string, unknown>) => {
      const error = { type: 'ImportError', message: 'scipy 1.17.1 has no submodule madeupx', line: 2, traceback: 'hw.py, line 2\n    import scipy.madeupx', module: 'scipy', absent: 'madeupx', submodule: true as const, lacks: true as const, ...more };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!;
    };
    expect(problem({})).toEqual({
      code: 'IMPORT_ERROR',
      message: 'hw.py:2: imports "scipy.madeupx", but scipy 1.17.1 has no submodule madeupx, nor one a letter away (its installed files were read): a typo, or code for another version of scipy. Change that import (and the code using it) to what this scipy has; if another version has scipy.madeupx, staff can also grade it with that version.',
      line: 2,
    });
    const from = problem({ message: 'scipy 1.17.1 has no linalgg', traceback: 'hw.py, line 2\n    from scipy import linalgg', absent: 'linalgg', submodule: undefined, close: 'linalg' });
    expect(from).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports linalgg from "scipy", but scipy 1.17.1 has no linalgg: "linalgg" looks like a misspelling of "linalg", which it has. Correct the import (from scipy import linalg) and the code using linalgg.',
      line: 2,
    });
    // Unread (no lacks): as before, another version's, blank.
    expect(problem({ lacks: undefined }).code).toBe('IMPORT_ERROR');
  });

  it('leaves to staff a submodule or name an earlier release of the package had (package-history.json), even when the install lacks it: told which release had it and what replaces it', () => {
    // import tensorflow.contrib on TensorFlow 2 counted 0 (lacks: no such folder in this install), as a made-up name does.
    const problem = (more: Record<string, unknown>) => {
      const error = { type: 'ImportError', message: 'tensorflow 2.21.0 has no submodule contrib', line: 2, traceback: 'hw.py, line 2\n    import tensorflow.contrib', module: 'tensorflow', absent: 'contrib', submodule: true as const, lacks: true as const, ...more };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems[0]!;
    };
    expect(problem({})).toEqual({
      code: 'IMPORT_ERROR',
      message:
        'hw.py:2: imports "tensorflow.contrib", but tensorflow 2.21.0 has no submodule contrib: tensorflow releases up to 1.15 had tensorflow.contrib, so this is code for another tensorflow. TensorFlow 2 moved what it kept into tf (tf.keras, tf.compat.v1) or TensorFlow Addons. Change that import (and the code using it) to what this tensorflow has; staff can also grade it with a tensorflow that has tensorflow.contrib.',
      line: 2,
    });
    // from sklearn.cross_validation import train_test_split; import keras.layers.core; a submodule below a removed one; a removed name.
    expect(problem({ module: 'sklearn', absent: 'cross_validation', close: 'cross_validatio' }).code).toBe('IMPORT_ERROR');
    expect(problem({ module: 'keras.layers', absent: 'core' }).message).toContain('keras releases up to 2.12 had keras.layers.core, so this is code for another keras. Import the layers from keras.layers');
    expect(problem({ module: 'tensorflow.keras.layers', absent: 'experimental' }).code).toBe('IMPORT_ERROR');
    expect(problem({ module: 'scipy.misc', absent: 'imread', submodule: undefined, lacks: undefined }).message).toContain('imports imread from "scipy.misc", but tensorflow 2.21.0 has no submodule contrib: scipy releases up to 1.1 had scipy.misc.imread');
    // Not on the list, none a letter away: blank too (another version may have it: review 31a), but
    // not told a release (a made-up submodule, or a removed name imported as a submodule).
    for (const more of [{ absent: 'madeupx' }, { module: 'scipy.misc', absent: 'imread' }]) {
      expect(problem(more).code).toBe('IMPORT_ERROR');
      expect(problem(more).message).not.toContain('releases up to');
    }
  });

  it("leaves a helper module the case files declare (helpers:) to staff: IMPORT_ERROR, saying how to supply it; an undeclared one stays the file's", () => {
    const error = { type: 'ModuleNotFoundError', message: "No module named 'util'", line: 2, traceback: 'hw.py, line 2\n    import util', module: 'util', usedBy: ['compute_class_freqs' as const, 'get_weighted_loss' as const] };
    const run = { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } };
    expect(gradeSuite({ ...suite, helpers: ['util', 'public_tests'] }, run, ctx).problems).toEqual([
      {
        code: 'IMPORT_ERROR',
        message: 'hw.py:2: imports "util", a helper module the course provides (the case files list it under helpers:), which is not installed for python3, and your graded functions use it. Nothing for you to change: course staff, put the course\'s util.py (or its folder) in a folder on PYTHONPATH when running wlgrade, or in python3\'s site-packages, and grade again with --force.',
        line: 2,
      },
    ]);
    // A submodule of one (util.plots), and the graded functions imported from one by name.
    const sub = { ...error, module: 'util.plots', ownImport: { module: 'util.plots', star: false, names: ['compute_class_freqs' as const] } };
    expect(gradeSuite({ ...suite, helpers: ['util'] }, { ...run, load: { ...run.load, error: sub } }, ctx).problems.map((p) => p.code)).toEqual(['IMPORT_ERROR']);
    expect(gradeSuite({ ...suite, helpers: ['public_tests'] }, run, ctx).problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
  });

  it("does not leave to staff a name the course's installed helper lacks (a learner's own util.py, not handed in, named like the course's): the file's, a 0", () => {
    // Red team b30: `from util import my_norm` (the learner's util.py) was IMPORT_ERROR, blank, while
    // util was missing (declared), and again once staff installed the course's util as told (a name
    // an installed module lacks, "another version's"): blank on every run.
    const error = { type: 'ImportError', message: 'util has no my_norm', line: 2, traceback: 'hw.py, line 2\n    from util import my_norm', module: 'util', absent: 'my_norm', usedBy: ['compute_class_freqs' as const, 'get_weighted_loss' as const] };
    const run = { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } };
    const [problem] = gradeSuite({ ...suite, helpers: ['util'] }, run, ctx).problems;
    expect(problem).toEqual({
      code: 'IMPORT_UNRESOLVABLE',
      message: 'hw.py:2: imports my_norm from "util", but util has no my_norm: util is a helper module the course provides (the case files list it under helpers:), and the course\'s util has no my_norm. If util is a file of yours, put what you use from it in hw.py (the course\'s util is the one imported); else change that import (and the code using it) to what the course\'s util has.',
      line: 2,
    });
    // Not declared: a name an installed module lacks stays another version's (not closed, docs/sandbox.md).
    expect(gradeSuite(suite, run, ctx).problems.map((p) => p.code)).toEqual(['IMPORT_ERROR']);
    // A submodule the course's util lacks (import util.mine, a folder of the learner's own): the same.
    const sub = { ...error, message: 'util has no submodule mine', traceback: 'hw.py, line 2\n    import util.mine', absent: 'mine', submodule: true as const };
    expect(gradeSuite({ ...suite, helpers: ['util'] }, { ...run, load: { ...run.load, error: sub } }, ctx).problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
  });

  it('says a module this Python has (here, read apart from the run) is there and the file made its import fail, never that it is not installed', () => {
    // It said 'imports "numpy", which is not installed for python3. Install it with ...' while scoring the row 0.
    const problems = (more: Record<string, unknown>) => {
      const error = { type: 'ModuleNotFoundError', message: "No module named 'numpy'", line: 2, traceback: 'hw.py, line 2\n    import numpy', module: 'numpy', here: true as const, ...more };
      return gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } }, ctx).problems;
    };
    const message = 'hw.py:2: imports "numpy", which python3 has: the file\'s own code made that import fail (a module of its own under that name, or a change to sys.modules, sys.path or the import system)';
    const todo = 'Import numpy as it is installed: remove what replaces or hides it.';
    expect(problems({})).toEqual([{ code: 'IMPORT_UNRESOLVABLE', message: `${message}. ${todo}`, line: 2 }]);
    expect(problems({ usedBy: ['compute_class_freqs', 'get_weighted_loss'] })).toEqual([{ code: 'IMPORT_UNRESOLVABLE', message: `${message}, and your graded functions use it. ${todo}`, line: 2 }]);
    const one = gradeSuite(suite, { ...outcome((e) => e), load: { ok: true as const, functions: { compute_class_freqs: { defined: true, callable: true, params: null, missing: { type: 'ModuleNotFoundError', message: "No module named 'numpy'", line: 2, traceback: '', module: 'numpy', here: true as const } } }, imports: [], notes: [], weights: [] } }, ctx).problems;
    expect(one.map((p) => p.message)).toContainEqual(expect.stringMatching(/^hw\.py:2: imports "numpy", which python3 has: the file's own code made that import fail .*, and compute_class_freqs uses it, so compute_class_freqs's cases were not graded/));
  });

  it('names a relative import (from .utils import xp) and what to do, for the file and for one graded function', () => {
    const error = { type: 'ImportError', message: 'attempted relative import with no known parent package', line: 2, traceback: 'hw.py, line 2\n    from .utils import xp', relative: '.utils' };
    const whole = gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error: { ...error, usedBy: ['compute_class_freqs' as const, 'get_weighted_loss' as const] }, imports: [] } }, ctx).problems;
    expect(whole).toEqual([
      {
        code: 'IMPORT_UNRESOLVABLE',
        message: 'hw.py:2: "from .utils import" is a relative import (the leading dot) of "utils", a helper module of the course\'s workspace, which works only inside a package; the grader loads hw.py alone, so Python raises ImportError (attempted relative import with no known parent package), and your graded functions use it. Put what you use from it in this file and remove the import.',
        line: 2,
      },
    ]);
    const own = gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error: { ...error, relative: '..mylib.losses', traceback: 'hw.py, line 2\n    from ..mylib.losses import xp' }, imports: [] } }, ctx).problems;
    expect(own.map((p) => p.message)).toEqual([
      'hw.py:2: "from ..mylib.losses import" is a relative import (the leading dot) of "mylib.losses", a file of yours, which works only inside a package; the grader loads hw.py alone, so Python raises ImportError (attempted relative import with no known parent package). Put what you use from it in this file and remove the import.',
    ]);
  });
});

describe('gradeSuite: a notebook line in a .py', () => {
  const syntaxError = (text: string, kind: 'py' | 'ipynb' = 'py') => {
    const error = { type: 'SyntaxError', message: 'invalid syntax', line: 3, traceback: `hw.py, line 3\n    ${text}` };
    const run = { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } };
    return gradeSuite(suite, run, { ...ctx, submission: { ...ctx.submission, kind } }).problems;
  };

  it.each([
    ['%matplotlib inline', 'a magic'],
    ['%%time', 'a magic'],
    ['!pip install -q seaborn', 'a shell command'],
  ])('%s: says it is IPython, and to delete or comment it out', (line, what) => {
    expect(syntaxError(line)).toEqual([
      {
        code: 'SYNTAX_ERROR',
        message: `hw.py:3: SyntaxError: ${line} is ${what} of Jupyter notebooks (IPython), not Python, so a .py file cannot hold it. Delete that line, or comment it out (# ${line}).`,
        line: 3,
      },
    ]);
  });

  it.each([
    ['```python', '```python is a Markdown code fence, copied with the code from a chat answer or a web page, not Python. Delete the fence lines (the ``` line above the code and the one below it).'],
    ['~~~', '~~~ is a Markdown code fence, copied with the code from a chat answer or a web page, not Python. Delete the fence lines (the ~~~ line above the code and the one below it).'],
    ['Here is the corrected code:', '"Here is the corrected code:" is a sentence, not Python (text copied with the code?). Delete that line, or make it a comment (# Here is the corrected code:).'],
  ])('%s, pasted from a chat answer: says what the line is and to delete it', (line, said) => {
    expect(syntaxError(line)[0]!.message).toBe(`hw.py:3: SyntaxError: ${said}`);
  });

  it('Python that only reads like a sentence, or that Python explains itself, is not called one', () => {
    for (const line of ['None of these work', 'Model fit(x) now', 'x = 1 +', 'else if x is None:'])
      expect(syntaxError(line)[0]!.message).toBe('hw.py:3: SyntaxError: invalid syntax. Fix that line so the file runs.');
  });

  it('a SyntaxError the top level raised (ast.literal_eval, eval) is a crash of the run, not a line to fix so Python can read the file', () => {
    const error = { type: 'SyntaxError', message: "'{' was never closed (<unknown>, line 1)", line: 3, traceback: 'hw.py, line 3\n    ast.literal_eval(text)', raised: true as const };
    const run = { ...outcome((e) => e), load: { ok: false as const, error, imports: [] } };
    expect(gradeSuite(suite, run, ctx).problems).toEqual([
      { code: 'LOAD_ERROR', message: "hw.py:3: running the file raised SyntaxError: '{' was never closed (<unknown>, line 1). Fix it so the file runs top to bottom without errors.", line: 3 },
    ]);
  });

  it('another SyntaxError, or a line that only starts with %, keeps the plain sentence', () => {
    expect(syntaxError('def f(x)')[0]!.message).toBe('hw.py:3: SyntaxError: invalid syntax. Fix that line so the file runs.');
    expect(syntaxError('% 2')[0]!.message).toBe('hw.py:3: SyntaxError: invalid syntax. Fix that line so the file runs.');
  });
});

describe("gradeSuite: Python's SyntaxError message as a sentence", () => {
  it('adds a full stop only when the message has none ("Did you mean print(...)?" keeps its question mark)', () => {
    const problem = (message: string) =>
      gradeSuite(suite, { ...outcome((e) => e), load: { ok: false as const, error: { type: 'SyntaxError', message, line: 2, traceback: '' }, imports: [] } }, ctx).problems[0]!.message;
    expect(problem("Missing parentheses in call to 'print'. Did you mean print(...)?")).toBe("hw.py:2: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? Fix that line so the file runs.");
    expect(problem("expected ':'")).toBe("hw.py:2: SyntaxError: expected ':'. Fix that line so the file runs.");
  });
});

describe('gradeSuite: a log of 0 that no mistake explains', () => {
  it('says once that epsilon is not inside the logs when every case with exact 0/1 predictions gives NaN', async () => {
    const { hasExactZeroOne } = await import('../../../src/grade/grade-case.js');
    const run = outcome((e) => e * 1.3); // epsilon used somewhere: no model reproduces the rest
    const exact = suite.cases.filter((c) => c.function === 'weighted_loss' && hasExactZeroOne(c));
    expect(exact.length).toBeGreaterThan(1);
    for (const c of exact) run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: 'NaN' }, mutated: [], ms: 1 };
    const r = gradeSuite(suite, run, ctx);
    expect(r.notes).toContain(
      `All ${exact.length} cases with predictions of exactly 0 or 1 give NaN: a log of 0. Whatever your code does with epsilon, it is not inside both logs: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon).`,
    );
    // Not when a finite answer comes back on one of them.
    run.calls[exact[0]!.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: 1 }, mutated: [], ms: 1 };
    expect(gradeSuite(suite, run, ctx).notes.join(' ')).not.toContain('a log of 0');
  });
});

describe('gradeSuite: a loss that keeps a running total between calls', () => {
  it('says so when each loss is its case plus the call before, and not for a plain wrong answer', () => {
    let total = 0;
    const r = gradeSuite(suite, outcome((e) => (total += e)), ctx);
    expect(r.notes.join(' ')).toMatch(/^Your loss keeps a running total between calls: on case \S+ it returned .*, which is that case's loss \(.*\) plus what the call before returned \(.*\), and \d+ loss cases add up so\./);
    expect(gradeSuite(suite, outcome((e) => e + 1), ctx).notes.join(' ')).not.toContain('running total');
  });
});

describe('gradeSuite: a loss returned as one value per class', () => {
  /** Each loss case answered with a (C,) array whose sum is `total(case)`. */
  function perClass(total: (c: (typeof suite.cases)[number]) => number): RunOutcome {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'weighted_loss') continue;
      const k = c.inputs.yTrue[0]!.length;
      const values = Array.from({ length: k }, (_, i) => (i === 0 ? total(c) : 0));
      run.calls[c.id] = { status: 'ok', value: { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [k], values }, mutated: [], ms: 1 };
    }
    return run;
  }

  it('names the mistake in the values it adds up to as well as the form (no epsilon, not only loss-not-scalar)', () => {
    const noEps = perClass((c) => lossWithSpec(c.inputs as LossInputs, { ...CORRECT_LOSS, eps: 'none' }) as number);
    expect(gradeSuite(suite, noEps, ctx).mistakes.map((m) => m.id).sort()).toEqual(['loss-no-epsilon', 'loss-not-scalar']);
    // Values that add up to the right loss: only the form is wrong.
    const right = perClass((c) => (expectedFor(c) as { loss: number }).loss);
    const r = gradeSuite(suite, right, ctx);
    expect(r.mistakes.map((m) => m.id)).toEqual(['loss-not-scalar']);
    expect(r.notes).toEqual([]);
  });

  it('a loss returned with its per-class terms ((loss, per_class)) is loss-not-scalar, and its loss is diagnosed', () => {
    const withTerms = (total: (c: (typeof suite.cases)[number]) => number): RunOutcome => {
      const run = perClass(total);
      for (const [id, call] of Object.entries(run.calls))
        if (call.status === 'ok' && call.value.kind === 'array')
          run.calls[id] = { ...call, value: { kind: 'sequence', pytype: 'tuple', items: [{ kind: 'number', pytype: 'float', value: call.value.values![0]! }, call.value] } };
      return run;
    };
    const noEps = gradeSuite(suite, withTerms((c) => lossWithSpec(c.inputs as LossInputs, { ...CORRECT_LOSS, eps: 'none' }) as number), ctx);
    expect(noEps.mistakes.map((m) => m.id).sort()).toEqual(['loss-no-epsilon', 'loss-not-scalar']);
    const right = gradeSuite(suite, withTerms((c) => (expectedFor(c) as { loss: number }).loss), ctx);
    expect(right.mistakes.map((m) => m.id)).toEqual(['loss-not-scalar']);
    expect(right.mistakes[0]!.fix).toMatch(/^Return one number, not a tuple/);
  });

  it("quotes the first case's shape and the one number expected as evidence, not only how many cases (sweep 19)", () => {
    const right = gradeSuite(suite, perClass((c) => (expectedFor(c) as { loss: number }).loss), ctx);
    const m = right.mistakes.find((x) => x.id === 'loss-not-scalar')!;
    const first = suite.cases.find((c) => c.id === m.cases[0])!;
    const k = first.inputs.fn === 'weighted_loss' ? first.inputs.yTrue[0]!.length : 0;
    const want = (expectedFor(first) as { loss: number }).loss;
    // The case named once: "on case X, your loss returned ... (and 16 other cases)".
    expect(m.evidence.startsWith(`on case ${first.id}, your loss returned an array of shape (${k},)`)).toBe(true);
    expect(m.evidence).toMatch(new RegExp(`where one number, ${String(Number(want.toPrecision(8))).replace('.', '\\.')}, is expected: the sum over the classes is missing \\(and ${m.cases.length - 1} other cases\\)$`));
    expect(m.message.endsWith(`: ${m.evidence}.`)).toBe(true);
  });
});

describe('gradeSuite: a loss that ran again with float32 y_true and y_pred (runner.run_call_as_keras)', () => {
  const CLASH = {
    type: 'InvalidArgumentError',
    message: '{{function_node __wrapped__Mul_device_/job:localhost/replica:0/task:0/device:CPU:0}} cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor [Op:Mul] name: ',
  };
  /** What a learner's loss computing `spec` in float32 on float32 y_true and y_pred returns. */
  const inFloat32 = (c: Case, spec = CORRECT_LOSS) => {
    const i = c.inputs as LossInputs;
    return Math.fround(lossWithSpec({ ...i, yPred: i.yPred.map((r) => r.map(Math.fround)) }, spec) as number);
  };
  /** Every loss case answered by `spec` in float32; the float64 ones re-run so (their first run raised CLASH). */
  function rerun(s: Suite, spec = CORRECT_LOSS): RunOutcome {
    const run = { ...outcome((e) => e), calls: {} as Record<string, CallOutcome> };
    for (const c of s.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'weighted_loss') continue;
      const f64 = c.dtype === 'float64';
      run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'numpy.float32', dtype: 'float32', value: inFloat32(c, spec) }, mutated: [], ms: 1, ...(f64 ? { float32: CLASH } : {}) };
    }
    return run;
  }
  const losses = (s: Suite): Suite => ({ ...s, cases: s.cases.filter((c) => c.function === 'weighted_loss') });

  it('grades the re-run against the reference for float32 inputs, and says which cases, why, and the fix: no mark lost', () => {
    // Predictions within 1e-5 of 1: rounded to float32 they move the loss by ~25 tolerances, so
    // the float64 inputs' reference fails a correct float32 loss; the float32 inputs' passes it.
    const near = parseSuite(
      ['suite: near', 'cases:', '  - id: loss-near-one', '    function: weighted_loss', '    y_true: [[0, 1], [1, 0]]', '    y_pred: [[0.99999, 0.3], [0.2, 0.99998]]', '    pos_weights: [1, 1]', '    neg_weights: [1, 1]'].join('\n'),
      'near.yaml',
    );
    const s: Suite = { files: ['near.yaml'], names: ['near'], cases: near.cases };
    const c = s.cases[0]!;
    expect(Math.abs(inFloat32(c) - (expectedFor(c) as { loss: number }).loss)).toBeGreaterThan(10 * (c.tolerance.atol + c.tolerance.rtol * 11));
    const r = gradeSuite(s, rerun(s), ctx);
    expect([r.status, r.score, r.mistakes]).toEqual(['passed', 1, []]);
    // The expected value shown is the float32 inputs' too.
    const i = c.inputs as LossInputs;
    expect(r.cases[0]!.expected).toBe(weightedLoss({ ...i, yPred: i.yPred.map((row) => row.map(Math.fround)) }));
    expect(r.notes).toEqual([
      "Your loss mixes dtypes: on the suite's float64 inputs it raised InvalidArgumentError (cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor). In the course it works, because Keras passes a loss y_true and y_pred as float32 tensors (it casts y_true to y_pred's dtype), so case loss-near-one ran again with float32 y_true and y_pred and is graded on that run, against the reference for those inputs (or the same loss in float32 arithmetic): no points are lost for this. To make the loss work on inputs of any dtype, cast them to one: y_true = tf.cast(y_true, y_pred.dtype), and the weights as tf.cast(pos_weights, y_pred.dtype), instead of casting one of them to tf.float32.",
    ]);
  });

  it("after TensorFlow's division refused a float32 count (learner 26), quotes its error without its period and says to cast the count too", () => {
    const s = losses(suite);
    const run = rerun(s);
    const DIVIDED = { type: 'TypeError', message: '`x` and `y` must have the same dtype, got tf.float64 != tf.float32.' };
    for (const c of Object.values(run.calls)) if (c.status === 'ok' && c.float32) c.float32 = DIVIDED;
    const note = gradeSuite(s, run, ctx).notes.find((n) => n.startsWith('Your loss mixes dtypes'))!;
    expect(note).toContain('raised TypeError (`x` and `y` must have the same dtype, got tf.float64 != tf.float32). In the course it works');
    expect(note).toContain('and a count you divide by as tf.cast(tf.shape(y_true)[0], y_pred.dtype), instead of casting any of them to tf.float32.');
    // A loss written with Keras 3's ops is told ops.cast (learner 27: it was told tf.cast); the quoted error stays as raised.
    const ops = gradeSuite(s, importing(run, ['keras.ops', 'numpy'], ['get_weighted_loss']), ctx).notes.find((n) => n.startsWith('Your loss mixes dtypes'))!;
    expect(ops).toContain('got tf.float64 != tf.float32). In the course it works');
    expect(ops).toContain("y_true = ops.cast(y_true, y_pred.dtype), the weights as ops.cast(pos_weights, y_pred.dtype), and a count you divide by as ops.cast(ops.shape(y_true)[0], y_pred.dtype), instead of casting any of them to 'float32'.");
  });

  it("passes a re-run that float32 arithmetic explains (TensorFlow's graph: (1 + ε) − p), not one a uniform 0.7% off, nor a forged clash with a wrong ε (red-team 13)", () => {
    const text = [
      'suite: f32',
      'cases:',
      '  - id: loss-exact',
      '    function: weighted_loss',
      '    y_true: [[0, 1], [1, 0]]',
      '    y_pred: [[1, 0.3], [0, 0.6]]',
    ].join('\n');
    const s: Suite = { files: ['f32.yaml'], names: ['f32'], cases: parseSuite(text, 'f32.yaml').cases };
    const c = s.cases[0]!;
    const i = c.inputs as LossInputs;
    const statusOf = (value: number) => {
      const run = { ...outcome((e) => e), calls: {} as Record<string, CallOutcome> };
      run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'numpy.float32', dtype: 'float32', value }, mutated: [], ms: 1, float32: CLASH };
      return gradeSuite(s, run, ctx).cases[0]!.status;
    };
    const graph = weightedLossFloat32(i, 'epsilon-first');
    expect(Math.abs(graph / weightedLoss(i) - 1)).toBeGreaterThan(1e-3); // the case's own tolerance alone fails it
    expect(statusOf(graph)).toBe('passed');
    expect(statusOf(inFloat32(c) * 1.007)).toBe('failed');
    expect(statusOf(weightedLossFloat32({ ...i, epsilon: 1.4e-7 }, 'as-written'))).toBe('failed');
  });

  it("a loss that computed in float32 itself (returned float32, no re-run) passes when it is the correct loss in float32 arithmetic, TensorFlow's graph grouping included; a wrong ε returned as float32 does not", () => {
    const text = [
      'suite: f32',
      'cases:',
      '  - id: loss-exact',
      '    function: weighted_loss',
      '    y_true: [[0, 1], [1, 0], [1, 1]]',
      '    y_pred: [[1, 0.3], [0, 0.6], [1, 0.9]]',
      '  - id: loss-plain',
      '    function: weighted_loss',
      '    y_true: [[0, 1], [1, 0]]',
      '    y_pred: [[0.8, 0.3], [0.1, 0.6]]',
    ].join('\n');
    const s: Suite = { files: ['f32.yaml'], names: ['f32'], cases: parseSuite(text, 'f32.yaml').cases };
    const statuses = (value: (c: Suite['cases'][number]) => number, dtype: string) => {
      const run = { ...outcome((e) => e), calls: {} as Record<string, CallOutcome> };
      for (const c of s.cases) run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float32', dtype, value: value(c) }, mutated: [], ms: 1 };
      return gradeSuite(s, run, ctx).cases.map((c) => [c.id, c.status]);
    };
    const inputs = (c: Suite['cases'][number]) => c.inputs as Extract<Suite['cases'][number]['inputs'], { fn: 'weighted_loss' }>;
    // A @tf.function over tf.float32 casts: (1 + ε) − p, ~1% off in that log at p = 1.
    const graph = (c: Suite['cases'][number]) => weightedLossFloat32(inputs(c), 'epsilon-first');
    expect(Math.abs(graph(s.cases[0]!) / weightedLoss(inputs(s.cases[0]!)) - 1)).toBeGreaterThan(1e-3);
    expect(statuses(graph, 'float32')).toEqual([
      ['loss-exact', 'passed'],
      ['loss-plain', 'passed'],
    ]);
    // The same numbers returned as float64 were not computed in float32: the float64 reference.
    expect(statuses(graph, 'float64')).toEqual([
      ['loss-exact', 'failed'],
      ['loss-plain', 'passed'],
    ]);
    // A wrong ε (1.4e-7 typed in) as np.float32 is ~2% off at p = 1, not float32's rounding.
    const wrongEps = (c: Suite['cases'][number]) => weightedLossFloat32({ ...inputs(c), epsilon: 1.4e-7 }, 'as-written');
    expect(statuses(wrongEps, 'float32')[0]).toEqual(['loss-exact', 'failed']);
  });

  it('names the cases and the inputs that raised on the public suite (float64 inputs and integer labels), in PyTorch terms for PyTorch', () => {
    const s = losses(suite);
    const run = rerun(s);
    for (const o of Object.values(run.calls)) if (o.status === 'ok' && o.float32) o.float32 = { type: 'RuntimeError', message: 'expected scalar type Float but found Double' };
    const r = gradeSuite(s, run, ctx);
    const f64 = s.cases.filter((c) => c.dtype === 'float64').map((c) => c.id);
    expect([r.status, r.score]).toEqual(['passed', s.cases.length]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain(`on the suite's float64 inputs and integer labels it raised RuntimeError (expected scalar type Float but found Double)`);
    expect(r.notes[0]).toContain(`so the ${f64.length} cases that raised it (${f64.slice(0, 3).join(', ')} and ${f64.length - 3} more) ran again`);
    expect(r.notes[0]).toContain('y_true = y_true.to(y_pred.dtype), and the weights as torch.as_tensor(pos_weights, dtype=y_pred.dtype)');
  });

  it('a re-run that is wrong too is graded and diagnosed on its values: the sum over the examples is still named', () => {
    const s = losses(suite);
    const r = gradeSuite(s, rerun(s, { ...CORRECT_LOSS, reduction: 'sum' }), ctx);
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-sum-not-mean', 'full']]);
    expect(r.cases.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual(s.cases.filter((c) => c.inputs.fn === 'weighted_loss' && c.inputs.yTrue.length === 1).map((c) => c.id));
    expect(r.notes.join(' ')).toContain('ran again with float32 y_true and y_pred');
  });

  it('a re-run that raised another error is graded on that error, with the note; no note without a re-run', () => {
    const s = losses(suite);
    const run = rerun(s);
    const id = s.cases.find((c) => c.dtype === 'float64')!.id;
    run.calls[id] = { status: 'error', error: { type: 'IndexError', message: 'index 3 is out of bounds for axis 1 with size 3', traceback: '' }, mutated: [], ms: 1, float32: CLASH };
    const r = gradeSuite(s, run, ctx);
    expect(r.cases.find((c) => c.id === id)!.message).toMatch(/^Your weighted_loss raised IndexError/);
    expect(r.cases.find((c) => c.id === id)!.mistakes).not.toContain('loss-mixed-dtypes');
    expect(r.notes.join(' ')).toContain('ran again with float32 y_true and y_pred');
    expect(gradeSuite(s, outcome((e) => e), ctx).notes).toEqual([]);
  });
});

describe('gradeSuite: a function taking logits called on y_pred (runner.logits_calls)', () => {
  it('replaces a partial match of the sigmoid model with the call, quoted with its line (sweep 15b: tf.nn.weighted_cross_entropy_with_logits on the hidden suite)', () => {
    // The sigmoid model on every other loss case, another wrong value on the rest: a partial match.
    const run = outcome((e) => e);
    let i = 0;
    for (const c of suite.cases) {
      const call = run.calls[c.id]!;
      if (c.inputs.fn !== 'weighted_loss' || call.status !== 'ok' || call.value.kind !== 'number') continue;
      const sigmoid = lossWithSpec(c.inputs as LossInputs, { ...CORRECT_LOSS, sigmoid: true }) as number;
      call.value = { ...call.value, value: i++ % 2 === 0 ? sigmoid : 3 * sigmoid + 1 };
    }
    const before = gradeSuite(suite, run, ctx).mistakes.find((m) => m.id === 'loss-sigmoid-on-probabilities');
    expect(before?.confidence).toBe('partial');
    if (run.load.ok) run.load.functions.get_weighted_loss = { ...fn, logits: [{ call: 'tf.nn.weighted_cross_entropy_with_logits', line: 14 }] };
    const r = gradeSuite(suite, run, ctx);
    const named = r.mistakes.filter((m) => m.id === 'loss-sigmoid-on-probabilities');
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ confidence: 'full', location: { line: 14 } });
    expect(named[0]!.evidence).toContain('get_weighted_loss calls tf.nn.weighted_cross_entropy_with_logits on y_pred (hw.py, line 14)');
    for (const c of r.cases) expect(c.mistakes.filter((id) => id === 'loss-sigmoid-on-probabilities').length).toBeLessThanOrEqual(1);
  });
});

describe('gradeSuite: weights typed into the loss, the parameters never read (runner.unread_weights)', () => {
  // The loss with its own weights (0.9 and 0.1 on every class) in place of the arguments: no model
  // reproduces it; sweep 16b found it in public course solutions (pw = [0.98, 0.987, ...]).
  const typedIn = () => {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const call = run.calls[c.id]!;
      if (c.inputs.fn !== 'weighted_loss' || call.status !== 'ok' || call.value.kind !== 'number') continue;
      const inputs = c.inputs as LossInputs;
      const own = lossWithSpec({ ...inputs, posWeights: inputs.posWeights.map(() => 0.9), negWeights: inputs.negWeights.map(() => 0.1) }, CORRECT_LOSS) as number;
      call.value = { ...call.value, value: own };
    }
    return run;
  };
  it('names loss-unweighted from the source, with the line, where no model explains the values (sweep 16b)', () => {
    const run = typedIn();
    expect(gradeSuite(suite, run, ctx).mistakes.filter((m) => MISTAKES[m.id].fn === 'weighted_loss' && m.confidence === 'full')).toEqual([]);
    if (run.load.ok) run.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['pos_weights', 'neg_weights'], line: 7 } };
    const r = gradeSuite(suite, run, ctx);
    const named = r.mistakes.filter((m) => MISTAKES[m.id].fn === 'weighted_loss');
    expect(named.map((m) => [m.id, m.confidence])).toEqual([['loss-unweighted', 'full']]);
    expect(named[0]).toMatchObject({ location: { line: 7 } });
    expect(named[0]!.evidence).toContain('get_weighted_loss (hw.py, line 7) never reads the values of pos_weights and neg_weights');
    expect(named[0]!.cases.length).toBeGreaterThan(0);
  });
  it('with one of the two unread, says the loss does not change with that one, not with every weight (learner 26)', () => {
    const run = typedIn();
    if (run.load.ok) run.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['neg_weights'], line: 7 } };
    const named = gradeSuite(suite, run, ctx).mistakes.filter((m) => m.id === 'loss-unweighted');
    expect(named).toHaveLength(1);
    expect(named[0]!.evidence).toBe('get_weighted_loss (hw.py, line 7) never reads the values of neg_weights, its parameter (at most its length), so its loss is the same whatever neg_weights it is given');
  });
  it("on whole arrays, says the catalogue's pos_weights[i] as pos_weights, and leaves the learner's own text as it is (tidy 32: a file named pos_weights[i].py was quoted as pos_weights.py)", () => {
    const run = typedIn();
    // Logs read and no loop nor indexed weight: a loss on whole arrays (sites.ts lossOnWholeArrays).
    if (run.load.ok) run.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['pos_weights', 'neg_weights'], line: 7 }, sites: [{ kind: 'log', op: 'log', adds: 0, line: 7 }] };
    const named = gradeSuite(suite, run, { ...ctx, submission: { ...ctx.submission, path: '/x/pos_weights[i].py', displayName: 'pos_weights[i].py' } }).mistakes;
    expect(named.map((m) => m.id)).toEqual(['loss-unweighted']);
    expect(named[0]!.message).toContain('get_weighted_loss (pos_weights[i].py, line 7) never reads the values of pos_weights and neg_weights');
    expect(named[0]!.fix).toContain('Multiply the positive term by pos_weights and the negative term by neg_weights.');
    // The model's variant label is the catalogue's too: neg_weights[i] left out, on whole arrays neg_weights.
    const posOnly = outcome((e) => e);
    for (const c of suite.cases) {
      const call = posOnly.calls[c.id]!;
      if (c.inputs.fn !== 'weighted_loss' || call.status !== 'ok' || call.value.kind !== 'number') continue;
      call.value = { ...call.value, value: lossWithSpec(c.inputs as LossInputs, { ...CORRECT_LOSS, weights: 'pos-only' }) as number };
    }
    if (posOnly.load.ok) posOnly.load.functions.get_weighted_loss = { ...fn, sites: [{ kind: 'log', op: 'log', adds: 0, line: 7 }] };
    const told = gradeSuite(suite, posOnly, ctx).mistakes;
    expect(told.map((m) => m.id)).toEqual(['loss-unweighted']);
    expect(told[0]!.message).toContain('(here: the negative term not weighted: neg_weights left out)');
  });
  it('says nothing from the source when the loss computes no value yet: it returns None (sweep 20: loss = None, a pass body)', () => {
    const none = outcome((e) => e);
    for (const c of suite.cases) {
      const call = none.calls[c.id]!;
      if (c.inputs.fn === 'weighted_loss' && call.status === 'ok') call.value = { kind: 'other', pytype: 'NoneType', repr: 'None' };
    }
    if (none.load.ok) none.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['pos_weights', 'neg_weights'], line: 7 } };
    const r = gradeSuite(suite, none, ctx);
    expect(r.cases.filter((c) => c.function === 'weighted_loss').every((c) => c.status === 'failed' && /returned None/.test(c.message))).toBe(true);
    expect(r.mistakes).toEqual([]);
    // The same source with a loss that computes a number without the weights is still named.
    const typed = typedIn();
    if (typed.load.ok) typed.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['pos_weights', 'neg_weights'], line: 7 } };
    expect(gradeSuite(suite, typed, ctx).mistakes.map((m) => m.id)).toEqual(['loss-unweighted']);
  });
  it('says nothing from the source when the loss passes, or a model explains it', () => {
    const right = outcome((e) => e);
    if (right.load.ok) right.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['neg_weights'], line: 7 } };
    expect(gradeSuite(suite, right, ctx).mistakes).toEqual([]);
    // Summed over the examples: a model names it in full, and the source adds nothing.
    const summed = outcome((e) => e);
    for (const c of suite.cases) {
      const call = summed.calls[c.id]!;
      if (c.inputs.fn !== 'weighted_loss' || call.status !== 'ok' || call.value.kind !== 'number') continue;
      call.value = { ...call.value, value: lossWithSpec(c.inputs as LossInputs, { ...CORRECT_LOSS, reduction: 'sum' }) as number };
    }
    const told = gradeSuite(suite, summed, ctx).mistakes.map((m) => [m.id, m.confidence]);
    expect(told).toEqual([['loss-sum-not-mean', 'full']]);
    if (summed.load.ok) summed.load.functions.get_weighted_loss = { ...fn, unreadWeights: { names: ['neg_weights'], line: 7 } };
    expect(gradeSuite(suite, summed, ctx).mistakes.map((m) => [m.id, m.confidence])).toEqual(told);
  });
});

/** `run` as code importing `modules`, in the graded functions `fns` (both by default). */
function importing(run: RunOutcome, modules: string[], fns: ReadonlyArray<'compute_class_freqs' | 'get_weighted_loss'> = ['compute_class_freqs', 'get_weighted_loss']): RunOutcome {
  if (run.load.ok) run.load = { ...run.load, imports: modules, functions: { ...run.load.functions, ...Object.fromEntries(fns.map((f) => [f, { ...fn, modules }])) } };
  return run;
}

/** A right loss and compute_class_freqs returning `answer(labels)` on each case, from code importing `modules` there. */
function freqsFrom(modules: string[], answer: (labels: number[][]) => EncodedValue[]): RunOutcome {
  const run = outcome((e) => e);
  for (const c of suite.cases) {
    if (c.inputs.fn !== 'compute_class_freqs') continue;
    run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: answer(c.inputs.labels) }, mutated: [], ms: 1 };
  }
  return importing(run, modules, ['compute_class_freqs']);
}

describe('gradeSuite: the notes on coarse arithmetic, in the graded function\'s framework (sweep 15b)', () => {
  it.each([
    ['numpy', 'float16 (np.float16, torch.half)', '(np.round, round)', 'no np.round or round'],
    ['torch', 'float16 (torch.half)', '(torch.round, round)', 'no torch.round or round'],
    ['tensorflow', 'float16 (tf.float16)', '(tf.round, round)', 'no tf.round or round'],
    ['keras.ops', "float16 (ops.cast(x, 'float16'))", '(ops.round, round)', 'no ops.round or round'],
  ])('names %s code\'s float16 and rounding calls', (module, half, round, noRound) => {
    let j = 0;
    const loss = gradeSuite(suite, importing(outcome((e) => e * [1.0004, 0.9997][j++ % 2]!), [module]), ctx).notes[0]!;
    expect(loss).toContain(`${half} keeps only about 3 significant digits, and rounding ${round} drops digits`);
    const freqs = gradeSuite(suite, importing(freqsOff((f) => Math.round(f * 100) / 100), [module]), ctx).notes;
    expect(freqs).toEqual([`Every failed frequency is the expected value rounded to 2 decimals: return the fractions unrounded (${noRound}).`]);
  });
});

describe('gradeSuite: a hint in the learner\'s framework', () => {
  /** Frequencies averaged over axis 1 (the model of freqs-wrong-axis), from code importing `modules`. */
  const wrongAxis = (modules: string[]) =>
    freqsFrom(modules, (labels) => {
      const f = freqsWithSpec(labels, { ...CORRECT_FREQS, axis: 1, denominator: 'C' });
      if (isModelError(f)) throw new Error('unreachable');
      return [arr(f.pos), arr(f.neg)];
    });
  it.each([
    ['numpy', 'np.mean(labels, axis=1)'],
    ['torch', 'torch.mean(labels, dim=1)'],
    ['tensorflow', 'tf.reduce_mean(labels, axis=1)'],
  ])('words the variant label of the model (np.mean(labels, axis=1)) for %s code as its fix is worded', (module, label) => {
    const r = gradeSuite(suite, wrongAxis([module]), ctx);
    const m = r.mistakes.find((x) => x.id === 'freqs-wrong-axis');
    expect(m?.confidence).toBe('full');
    expect(m!.message).toContain(`(here: ${label})`);
    expect(m!.message).not.toMatch(module === 'numpy' ? /\b(torch|tf)\./ : /\bnp\./);
  });
  /** Frequencies that are one number each (a mean over the whole matrix), from code importing `modules`. */
  const noAxis = (modules: string[]) =>
    freqsFrom(modules, (labels) => {
      const all = labels.flat();
      const p = all.reduce((a, b) => a + b, 0) / all.length;
      const zeroD = (x: number): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [], values: [x] });
      return [zeroD(p), zeroD(1 - p)];
    });
  it.each([
    ['numpy', '(np.mean(labels) without an axis): reduce over the examples only, axis=0,'],
    ['torch', '(torch.mean(labels) without a dim): reduce over the examples only, dim=0,'],
    ['tensorflow', '(tf.reduce_mean(labels) without an axis): reduce over the examples only, axis=0,'],
    ['keras.ops', '(ops.mean(labels) without an axis): reduce over the examples only, axis=0,'],
  ])("words the grader's advice in each case's message for %s code as the fixes are (sweep 15b)", (module, advice) => {
    const r = gradeSuite(suite, noAxis([module]), ctx);
    const failed = r.cases.filter((c) => c.function === 'compute_class_freqs');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) expect(c.message).toContain(advice);
  });
  it('tells the story, not only the fix, in PyTorch terms: "over dim 1", not "over axis 1" (sweep 14b)', () => {
    const m = gradeSuite(suite, wrongAxis(['torch']), ctx).mistakes.find((x) => x.id === 'freqs-wrong-axis')!;
    expect(m.message).toMatch(/^It looks like you average over dim 1, each example's labels, instead of dim 0, each class over the examples \(here: torch\.mean\(labels, dim=1\)\)/);
    expect(m.fix).toBe('Use torch.mean(labels, dim=0) or torch.sum(labels, dim=0) / labels.shape[0]: one value per class.');
    const numpy = gradeSuite(suite, wrongAxis(['numpy']), ctx).mistakes.find((x) => x.id === 'freqs-wrong-axis')!;
    expect(numpy.message).toMatch(/^It looks like you average over axis 1, each example's labels, instead of axis 0/);
  });
  it("rewords the catalogue's words only: evidence quoting the learner's code keeps it as written (np.mean in a Keras notebook)", () => {
    const run = outcome((e) => e);
    if (run.load.ok) {
      const text = 'pos_weights = np.mean(np.array([freq_pos]), axis=0)';
      run.load = { ...run.load, imports: ['keras.backend', 'numpy'], weights: [{ role: 'pos', name: 'pos_weights', text, line: 7, value: [...WEIGHT_PROBE.pos] }, { role: 'neg', name: 'neg_weights', text: 'neg_weights = freq_neg', line: 8, value: [...WEIGHT_PROBE.neg] }] };
      const w = gradeSuite(suite, run, ctx).mistakes.find((x) => x.id === 'weights-not-inverted')!;
      expect(w.message).toContain(`\`${text}\` (line 7)`);
      expect(w.evidence).toContain(`\`${text}\` (line 7)`);
    }
  });
});

describe('gradeSuite: a vector of a fixed length in every broadcasting error', () => {
  /** A loss that uses 3 weights of its own (the course's, typed in): right on the 3-class cases, a broadcasting error on the rest. */
  function fixedWeights(length: number): RunOutcome {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'weighted_loss') continue;
      const n = c.inputs.yTrue.length;
      const k = c.inputs.yTrue[0]!.length;
      if (k === length) continue;
      const message = `operands could not be broadcast together with shapes (${length},) (${n},${k}) `;
      run.calls[c.id] = { status: 'error', error: { type: 'ValueError', message, line: 8, traceback: 'hw.py, line 8, in weighted_loss\n    return -np.sum(np.mean(pos_w * y_true * np.log(y_pred + epsilon), axis=0))' }, mutated: [], ms: 1 };
    }
    return run;
  }

  it('says the loss has something of that fixed length, and names no mixed indexing where the length happens to be a case\'s N', () => {
    const shapes = suite.cases.flatMap((c) => (c.inputs.fn === 'weighted_loss' ? [[c.inputs.yTrue.length, c.inputs.yTrue[0]!.length]] : []));
    // The public suite has a case whose N is the length (2 examples × 4 classes): there the error alone reads as a column meeting the matrix.
    const length = shapes.find(([n, k]) => n !== k && shapes.filter(([, kk]) => kk !== n).length >= 2)![0]!;
    const r = gradeSuite(suite, fixedWeights(length), ctx);
    expect(r.mistakes.map((m) => m.id)).not.toContain('loss-mixed-indexing');
    expect(r.cases.flatMap((c) => c.mistakes)).not.toContain('loss-mixed-indexing');
    expect(r.cases.map((c) => c.message).join(' ')).not.toContain('index every array for class i');
    expect(r.notes.join(' ')).toMatch(new RegExp(`^On \\d+ loss cases your loss could not line up a vector of ${length} values with the case's arrays, whatever their shape .*something in it has a fixed length of ${length} `));
  });

  it('says nothing when the vector is one per example of each case (a column meeting the whole matrix: mixed indexing)', () => {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'weighted_loss') continue;
      const n = c.inputs.yTrue.length;
      const k = c.inputs.yTrue[0]!.length;
      if (n === k) continue;
      run.calls[c.id] = { status: 'error', error: { type: 'ValueError', message: `operands could not be broadcast together with shapes (${n},) (${n},${k}) `, line: 8, traceback: 'hw.py, line 8, in weighted_loss\n    loss += pos_weights[i] * y_true[:, i] * np.log(y_pred + epsilon)' }, mutated: [], ms: 1 };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.notes.join(' ')).not.toContain('fixed length');
    expect(r.mistakes.map((m) => m.id)).toContain('loss-mixed-indexing');
    // The evidence shows what the first case raised and its shapes, not only how many cases did.
    const m = r.mistakes.find((x) => x.id === 'loss-mixed-indexing')!;
    const first = suite.cases.find((c) => c.id === m.cases[0])!;
    const [n, k] = first.inputs.fn === 'weighted_loss' ? [first.inputs.yTrue.length, first.inputs.yTrue[0]!.length] : [0, 0];
    expect(m.evidence).toContain(`on case ${first.id}, with ${n} examples × ${k} classes, your loss raised ValueError: operands could not be broadcast together with shapes (${n},) (${n},${k}) (and `);
  });

  it("quotes TensorFlow's shapes without its op wrapping, which hid them past the quote's length", () => {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'weighted_loss') continue;
      const [n, k] = [c.inputs.yTrue.length, c.inputs.yTrue[0]!.length];
      if (n === k) continue;
      const message = `{{function_node __wrapped__Mul_device_/job:localhost/replica:0/task:0/device:CPU:0}} Incompatible shapes: [${n}] vs. [${n},${k}] [Op:Mul] name: `;
      run.calls[c.id] = { status: 'error', error: { type: 'InvalidArgumentError', message, line: 8, traceback: 'hw.py, line 8, in weighted_loss\n    loss += pos_weights[i] * y_true[:, i] * tf.math.log(y_pred + epsilon)' }, mutated: [], ms: 1 };
    }
    const m = gradeSuite(suite, run, ctx).mistakes.find((x) => x.id === 'loss-mixed-indexing')!;
    const first = suite.cases.find((c) => c.id === m.cases[0])!;
    const [n, k] = first.inputs.fn === 'weighted_loss' ? [first.inputs.yTrue.length, first.inputs.yTrue[0]!.length] : [0, 0];
    expect(m.evidence).toContain(`your loss raised InvalidArgumentError: Incompatible shapes: [${n}] vs. [${n},${k}] (and `);
  });
});

describe('gradeSuite: a loss function that returns another number when called again', () => {
  it('says it keeps something between calls, with both numbers, and the cases still grade the first call', () => {
    const run = outcome((e) => e);
    const loss = suite.cases.filter((c) => c.function === 'weighted_loss');
    for (const c of loss) {
      const o = run.calls[c.id]!;
      if (o.status === 'ok' && o.value.kind === 'number') run.calls[c.id] = { ...o, again: 2 * (o.value.value as number) };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.score).toBe(r.maxScore);
    const first = expectedFor(loss[0]!) as { loss: number };
    expect(r.notes.join(' ')).toContain(`Your loss function keeps something between calls: called a second time on the same inputs, it returned `);
    expect(r.notes.join(' ')).toContain(`(case ${loss[0]!.id}, and ${loss.length - 1} more)`);
    expect(r.notes.join(' ')).toContain(`instead of ${String(Number(first.loss.toPrecision(8)))}`);
    expect(gradeSuite(suite, outcome((e) => e), ctx).notes.join(' ')).not.toContain('between calls');
  });
});

describe('gradeSuite: wrong values no mistake explains (sweep 19)', () => {
  /** `loss(expected, case)` on each loss case: a pattern of the test's choosing. */
  function lossBy(f: (e: number, c: Case) => number): RunOutcome {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn === 'weighted_loss') run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: f(e.loss, c) }, mutated: [], ms: 1 };
    }
    return run;
  }
  const shapeOf = (c: Case) => (c.inputs.fn === 'weighted_loss' ? { n: c.inputs.yTrue.length, k: c.inputs.yTrue[0]!.length } : { n: 0, k: 0 });

  it('says so, with the plainest failing cases (yours against expected) and the formula to compare with', () => {
    // Off by a factor that changes with the case (a focal term, a median: nothing the catalogue models).
    let i = 0;
    const r = gradeSuite(suite, lossBy((e) => e * (1.5 + 0.1 * i++)), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toHaveLength(1);
    const note = r.notes[0]!;
    const failed = r.cases.filter((c) => c.function === 'weighted_loss' && c.status === 'failed');
    expect(note).toMatch(new RegExp(`^No mistake in wlgrade's catalogue explains the values your loss returns on ${failed.length} cases: `));
    // The smallest failing case first, with both numbers as its own message gives them.
    const smallest = [...suite.cases].filter((c) => c.function === 'weighted_loss').sort((a, b) => shapeOf(a).n * shapeOf(a).k - shapeOf(b).n * shapeOf(b).k)[0]!;
    const shown = r.cases.find((c) => c.id === smallest.id)!;
    expect(note).toContain(`case ${smallest.id} (${shapeOf(smallest).n} × ${shapeOf(smallest).k}): yours `);
    expect(shown.message).toContain(note.split(`case ${smallest.id} (`)[1]!.split('yours ')[1]!.split(',')[0]!);
    expect(note).toContain('cannot point to a line');
    expect(note).toContain('L = Σ over classes c of the mean over the examples');
    // The first case shown is public: the learner can print its arrays.
    expect(note).toMatch(new RegExp(`To see that case's arrays and expected value: wlgrade cases show ${smallest.id}$`));
  });

  it('names a division by a fixed number of examples made with swapped weights as both mistakes, not as nothing', () => {
    const spec = MISTAKES['loss-swapped-weights'].loss!(CORRECT_LOSS, { n: 4, c: 3 })[0]!;
    const r = gradeSuite(suite, lossBy((_, c) => ((lossWithSpec(c.inputs as LossInputs, spec) as number) * shapeOf(c).n) / 4), ctx);
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([
      ['loss-hardcoded-examples', 'full'],
      ['loss-swapped-weights', 'full'],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('reads float16 arithmetic from the cases away from 0 and 1 when those within 0.001 of them are further off (1 - p lost)', () => {
    const edge = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.some((p) => (p > 0 && p < 1e-3) || (p < 1 && p > 1 - 1e-3)));
    expect(suite.cases.filter(edge).length).toBeGreaterThan(0);
    let i = 0;
    const r = gradeSuite(suite, lossBy((e, c) => (edge(c) ? e * 1.25 : e * [1.0004, 0.9997][i++ % 2]!)), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^Every failed loss case is within 0\.04% of the expected value but (one|\d+) with predictions within 0\.001 of 0 or 1 \(up to 25% off, where coarse arithmetic keeps the least of 1 - y_pred\): the formula looks right, but the arithmetic is too coarse for the tolerance\. float16/);
    // Not when only the edge cases fail (an epsilon mistake's pattern), nor when they are wildly off.
    const onlyEdges = gradeSuite(suite, lossBy((e, c) => (edge(c) ? e * 1.25 : e)), ctx);
    expect(onlyEdges.notes.some((n) => n.includes('too coarse'))).toBe(false);
    let j = 0;
    const wild = gradeSuite(suite, lossBy((e, c) => (edge(c) ? e * 3 : e * [1.0004, 0.9997][j++ % 2]!)), ctx);
    expect(wild.notes.some((n) => n.includes('too coarse'))).toBe(false);
  });

  it('reads bfloat16 arithmetic too: cases with predictions of exactly 0 or 1 further off (framework28)', () => {
    // torch.bfloat16 keeps 8 bits: 1 + 0.01 is 1.0078125, and the perfect-predictions case (p = y,
    // epsilon 0.01) came out 22% off while every other case was within half a percent: the note
    // said no mistake explains the values, where it is the arithmetic.
    const exact = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.some((p) => p === 0 || p === 1));
    expect(suite.cases.filter(exact).length).toBeGreaterThan(0);
    let i = 0;
    const r = gradeSuite(suite, lossBy((e, c) => (exact(c) ? e * 0.78 : e * [1.004, 0.997][i++ % 2]!)), ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^Every failed loss case is within 0\.4% of the expected value but (one|\d+) with predictions within 0\.001 of 0 or 1 \(up to 22% off, [^)]*\): the formula looks right, but the arithmetic is too coarse for the tolerance\. float16/);
  });

  it("names a course's own public case file by its name only, not the folder staff keep it in", () => {
    const own = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), '/srv/autograder/source/cases/course.yaml');
    const ownSuite: Suite = { files: ['/srv/autograder/source/cases/course.yaml'], names: [own.name], cases: own.cases };
    const run = outcome((e) => e);
    let i = 0;
    for (const c of own.cases) {
      const e = expectedFor(c);
      if (e.fn === 'weighted_loss') run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: e.loss * (1.5 + 0.1 * i++) }, mutated: [], ms: 1 };
    }
    const note = gradeSuite(ownSuite, run, ctx).notes.find((n) => n.startsWith('No mistake'))!;
    expect(note).toMatch(/wlgrade cases show [\w.-]+ --cases course\.yaml$/);
    expect(note).not.toContain('/srv/');
  });

  it('points at what every failing case shares: a single example, or no epsilon argument', () => {
    const single = gradeSuite(suite, lossBy((e, c) => (shapeOf(c).n === 1 ? e / 3 : e)), ctx);
    expect(single.mistakes).toEqual([]);
    expect(single.notes).toEqual([expect.stringContaining('Every case it fails has a single example (N = 1), and it passes larger ones: look for what an axis of length 1 changes, such as np.squeeze')]);
    const omitted = gradeSuite(suite, lossBy((e, c) => (c.function === 'weighted_loss' && c.epsilonArg === 'omitted' ? e * 1.1 : e)), ctx);
    expect(omitted.notes).toHaveLength(1);
    expect(omitted.notes[0]).toContain('Every case it fails calls get_weighted_loss(pos_weights, neg_weights) without epsilon, and the cases that pass epsilon pass. The default value of epsilon must be 1e-7');
    expect(omitted.notes[0]).not.toContain('L = Σ');
  });

  it('at --feedback mistakes keeps its evidence and drops the formula and the code it says to write (a fix)', () => {
    const wrong = [
      lossBy((e) => e * 1.37 + 0.01), // no shared feature: the formula
      lossBy((e, c) => (c.function === 'weighted_loss' && c.epsilonArg === 'omitted' ? e * 1.1 : e)), // the default epsilon
    ];
    for (const [o, fix] of [[wrong[0]!, UNEXPLAINED_FIXES.lossFormula], [wrong[1]!, UNEXPLAINED_FIXES.defaultEpsilon]] as const) {
      const graded = gradeSuiteApart(suite, o, ctx);
      // The producer keeps the fix apart (FixedNote), as a mistake's: nothing cuts it out of the text.
      expect(graded.notes).toEqual([{ text: expect.stringMatching(/^No mistake in wlgrade's catalogue/), fix, tail: expect.any(String) }]);
      const full = withFeedback(graded, 'full');
      expect(full.mistakes).toEqual([]);
      expect(full.notes).toHaveLength(1);
      expect(full.notes[0]).toMatch(/L = Σ|must be 1e-7/);
      const [told] = withFeedback(graded, 'mistakes').notes;
      expect(told).not.toMatch(/L = Σ|must be 1e-7|epsilon=1e-7|belongs inside both logs/);
      expect(told).toMatch(/^No mistake in wlgrade's catalogue explains the values your loss returns on \d+ cases?.*: case .+: yours .+, expected .+\./);
      expect(told).toBe(full.notes[0]!.replace(/ Compare your code.*on the smallest failing case\.| The default value of epsilon must be 1e-7: def get_weighted_loss\(pos_weights, neg_weights, epsilon=1e-7\)\./, ''));
    }
  });

  it('points at epsilon when every failing case has a large epsilon or predictions at 0 or 1, and the others pass', () => {
    const big = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.epsilon >= 1e-3;
    const edge = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.some((p) => p < 1e-3 || p > 1 - 1e-3));
    // epsilon added once more per class (loss += -np.mean(...) + epsilon): wrong only where epsilon is large.
    const large = gradeSuite(suite, lossBy((e, c) => (big(c) && c.inputs.fn === 'weighted_loss' ? e + shapeOf(c).k * c.inputs.epsilon : e)), ctx);
    expect(large.mistakes).toEqual([]);
    expect(large.notes).toHaveLength(1);
    expect(large.notes[0]).toContain('Every case it fails has a large epsilon (0.001 or more), and it passes the cases without: away from there your formula is right, so look at how epsilon enters it. It belongs inside both logs');
    expect(large.notes[0]).not.toContain('L = Σ');
    let i = 0;
    const either = gradeSuite(suite, lossBy((e, c) => (big(c) || edge(c) ? e + 0.37 * ++i : e)), ctx);
    expect(either.mistakes).toEqual([]);
    expect(either.notes[0]).toContain('Every case it fails has a large epsilon (0.001 or more) or predictions of 0 or 1 (or within 0.001 of them), and it passes the cases without');
  });

  it('is not said when a mistake explains the values, for right values in a wrong form, or for a correct submission', () => {
    expect(gradeSuite(suite, lossBy((e) => -e), ctx).notes).toEqual([]); // loss-sign
    expect(gradeSuite(suite, outcome((e) => e), ctx).notes).toEqual([]);
    // The right frequencies as (1, C) rows (keepdims=True) fail on their form, which their case tells.
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      const row = (v: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [1, v.length], values: v });
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [row(e.freqs.pos), row(e.freqs.neg)] }, mutated: [], ms: 1 };
    }
    const rows = gradeSuite(suite, run, ctx);
    expect(rows.cases.filter((c) => c.function === 'compute_class_freqs' && c.status === 'failed').length).toBeGreaterThan(0);
    expect(rows.notes.filter((n) => n.startsWith('No mistake'))).toEqual([]);
  });
});

describe('gradeSuite: frequencies rounded (sweep 19)', () => {
  it('reads frequencies rounded half to even (np.round, Python round) as rounded: np.round(0.25, 1) is 0.2', () => {
    const halfEven = (x: number) => {
      const y = x * 10;
      const f = Math.floor(y);
      const r = Math.abs(y - f - 0.5) < 1e-9 ? (f % 2 === 0 ? f : f + 1) : Math.round(y);
      return r / 10;
    };
    expect(halfEven(0.25)).toBe(0.2);
    expect(gradeSuite(suite, freqsOff(halfEven), ctx).notes).toEqual([
      'Every failed frequency is the expected value rounded to 1 decimal: return the fractions unrounded (no np.round or round).',
    ]);
  });
});

describe('gradeSuite: right frequencies in a wrong form (sweep 19)', () => {
  it('are not told the arithmetic is too coarse: (1, C) rows of the right values, as np.matrix gives, a hair off in float32', () => {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      // float32 values, as np.matrix of float32 labels averages them.
      const f32 = (v: number[]) => v.map((x) => Math.fround(x));
      const row = (v: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.matrix', dtype: 'float32', shape: [1, v.length], values: f32(v) });
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [row(e.freqs.pos), row(e.freqs.neg)] }, mutated: [], ms: 1 };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.cases.some((c) => c.function === 'compute_class_freqs' && c.status === 'failed' && c.message.includes('the values themselves are right'))).toBe(true);
    expect(r.notes).toEqual([]);
  });
});

describe('gradeSuite: frequencies rounded on top of a mistake (sweep 19)', () => {
  /** Frequencies swapped ((neg, pos)) and each rounded to `digits` decimals. */
  function swappedRounded(digits: number): RunOutcome {
    const run = outcome((e) => e);
    const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.neg.map(r)), arr(e.freqs.pos.map(r))] }, mutated: [], ms: 1 };
    }
    return run;
  }
  it('names the mistake in full and says the frequencies are rounded too', () => {
    for (const digits of [2, 3]) {
      const r = gradeSuite(suite, swappedRounded(digits), ctx);
      const freqs = r.mistakes.filter((m) => MISTAKES[m.id].fn === 'compute_class_freqs');
      expect(freqs.map((m) => [m.id, m.confidence])).toEqual([['freqs-swapped', 'full']]);
      expect(r.notes).toContain(`Your frequencies are also rounded to ${digits} decimals: every failed one is what freqs-swapped gives, rounded so. Return the fractions unrounded (no np.round or round).`);
    }
  });
  it('says nothing of rounding for frequencies swapped and unrounded', () => {
    const r = gradeSuite(suite, swappedRounded(12), ctx);
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['freqs-swapped', 'full']]);
    expect(r.notes.join(' ')).not.toContain('rounded');
  });
});

describe('gradeSuite: frequencies as one row per class on a two-class case (sweep 19)', () => {
  const text = `suite: rows
cases:
  - id: f-two
    function: compute_class_freqs
    labels: [[1, 0], [1, 1], [0, 0], [0, 0], [1, 0]]
  - id: f-three
    function: compute_class_freqs
    labels: [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 0, 0]]
`;
  const s: Suite = { files: ['rows.yaml'], names: ['rows'], cases: parseSuite(text, 'rows.yaml').cases };
  /** np.stack([neg, pos], axis=1): one row per class, its columns swapped. */
  const swappedRows = (): RunOutcome => {
    const run = outcome((e) => e);
    run.calls = {};
    for (const c of s.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      const values = e.freqs.pos.flatMap((p, i) => [e.freqs.neg[i]!, p]);
      run.calls[c.id] = { status: 'ok', value: { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [e.freqs.pos.length, 2], values }, mutated: [], ms: 1 };
    }
    return run;
  };
  it("reads the two-class case's (2, 2) array per class, as the other cases show it, and names the mistake in full", () => {
    const r = gradeSuite(s, swappedRows(), ctx);
    expect(r.cases.find((c) => c.id === 'f-two')!.message).toContain('one row per class');
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['freqs-swapped', 'full']]);
    expect(r.mistakes[0]!.cases.sort()).toEqual(['f-three', 'f-two']);
  });
});

describe('gradeSuite: class weights from frequencies rounded first (learner 21)', () => {
  const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  /** Every frequency case answered with `weight(f)` on each expected frequency f (the loss right). */
  function weights(weight: (f: number) => number): RunOutcome {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos.map(weight)), arr(e.freqs.neg.map(weight))] }, mutated: [], ms: 1 };
    }
    return run;
  }
  const inv = (x: number, k = 1) => (x === 0 ? Infinity : 1 / (k * x));
  it.each([
    [2, true, 1],
    [3, true, 1],
    [3, false, 1],
    [2, true, 2],
  ])('names freqs-class-weights in full and says the frequencies were rounded first (%i decimals, rounded again: %s, k = %i)', (d, after, k) => {
    const rep = gradeSuite(suite, weights((f) => { const w = inv(r(f, d), k); return after && Number.isFinite(w) ? r(w, d) : w; }), ctx);
    const freqs = rep.mistakes.filter((m) => MISTAKES[m.id].fn === 'compute_class_freqs');
    expect(freqs.map((m) => [m.id, m.confidence])).toEqual([['freqs-class-weights', 'full']]);
    expect(freqs[0]!.message).toContain(k === 2 ? "N / (2 * count)" : 'N / count, one over each frequency');
    expect(freqs[0]!.evidence).toMatch(new RegExp(`is 1 / ${k === 2 ? '\\(2 × [0-9.]+\\)' : '[0-9.]+'}, the frequency [0-9.]+ rounded to ${d} decimals${after ? ', and rounded again' : ''}; one over the frequency itself is`));
    expect(rep.notes.join(' ')).toContain(`rounded to ${d} decimals before the reciprocal is taken${after ? ', and the result rounded again' : ''}`);
    expect(rep.notes.join(' ')).not.toMatch(/No mistake in wlgrade's catalogue/);
  });
  it("quotes the rounding that gives the learner's value, numpy's half to even at a tie (0.75 to 1 decimal is 0.8, and 1 / 0.8 = 1.25 is 1.2)", () => {
    const even = (x: number, d: number) => {
      const y = x * 10 ** d;
      const lo = Math.floor(y);
      const r = Math.abs(y - lo - 0.5) < 1e-9 ? (lo % 2 === 0 ? lo : lo + 1) : Math.round(y);
      return r / 10 ** d;
    };
    const rep = gradeSuite(suite, weights((f) => { const r = even(f, 1); return r === 0 ? Infinity : even(1 / r, 1); }), ctx);
    const m = rep.mistakes.find((x) => x.id === 'freqs-class-weights')!;
    const said = /: ([0-9.]+) is 1 \/ ([0-9.]+), the frequency ([0-9.]+) rounded to 1 decimal, and rounded again;/.exec(m.evidence)!;
    const [got, r, f] = [Number(said[1]), Number(said[2]), Number(said[3])];
    expect(even(1 / r, 1)).toBeCloseTo(got, 9);
    expect(Math.abs(r - f)).toBeLessThanOrEqual(0.05 + 1e-6);
  });
  it('names freqs-swapped with it when each side holds the weights of the other side rounded first (pos_weights = 1 / freq_neg)', () => {
    const run = outcome((e) => e);
    const w = (f: number) => (r(f, 3) === 0 ? Infinity : r(1 / r(f, 3), 3));
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.neg.map(w)), arr(e.freqs.pos.map(w))] }, mutated: [], ms: 1 };
    }
    const rep = gradeSuite(suite, run, ctx);
    const freqs = rep.mistakes.filter((m) => MISTAKES[m.id].fn === 'compute_class_freqs');
    expect(freqs.map((m) => [m.id, m.confidence])).toEqual([['freqs-class-weights', 'full'], ['freqs-swapped', 'full']]);
    expect(freqs[0]!.evidence).toMatch(/the (negative|positive) frequency [0-9.]+ rounded to 3 decimals, and rounded again; one over the (negative|positive) frequency itself is/);
    expect(rep.notes.join(' ')).toContain('rounded to 3 decimals before the reciprocal is taken');
  });
  it('leaves weights of unrounded frequencies, rounded once, to the rounding re-diagnosis, and names no rounding-first for a near miss', () => {
    const once = gradeSuite(suite, weights((f) => (f === 0 ? Infinity : r(1 / f, 3))), ctx);
    expect(once.notes.join(' ')).not.toContain('before the reciprocal');
    // One over the rounded frequency, off by a thousandth on top: no rounding gives that.
    const near = gradeSuite(suite, weights((f) => (f === 0 ? Infinity : 1 / r(f, 3) + 1e-3)), ctx);
    expect(near.mistakes.filter((m) => m.id === 'freqs-class-weights')).toEqual([]);
    expect(near.notes.join(' ')).not.toContain('before the reciprocal');
  });
});

describe('gradeSuite: rounded frequencies are what rounding gives, not half a step around the model (learner 21)', () => {
  // A staff suite with a loose atol (0.002) next to a step of 0.01: 1/3 rounds to 0.33, and 0.34
  // is within half a step plus that atol of it, on the far side of the rounding boundary.
  const text = `suite: loose
defaults:
  tolerance: { rtol: 1.0e-5, atol: 2.0e-3 }
cases:
  - id: f-thirds
    function: compute_class_freqs
    labels: [[1, 0, 1], [0, 1, 1], [0, 0, 0]]
  - id: f-sevenths
    function: compute_class_freqs
    labels: [[1, 0], [0, 1], [1, 1], [0, 0], [0, 0], [1, 0], [0, 0]]
`;
  const s: Suite = { files: ['loose.yaml'], names: ['loose'], cases: parseSuite(text, 'loose.yaml').cases };
  const r2 = (x: number) => Math.round(x * 100) / 100;
  /** Swapped frequencies, each `at(x)` of the value it should be. */
  const swapped = (at: (x: number) => number): RunOutcome => {
    const run = outcome((e) => e);
    run.calls = {};
    for (const c of s.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.neg.map(at)), arr(e.freqs.pos.map(at))] }, mutated: [], ms: 1 };
    }
    return run;
  };
  it('names freqs-swapped and the rounding when every value is the swapped one rounded', () => {
    const r = gradeSuite(s, swapped(r2), ctx);
    expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['freqs-swapped', 'full']]);
    expect(r.notes.join(' ')).toContain('Your frequencies are also rounded to 2 decimals');
  });
  it('says nothing of rounding for values on the far side of the rounding boundary (1/3 given as 0.34, 2/3 as 0.66)', () => {
    // Within half a step plus atol of the swapped value, but not what any rounding of it gives.
    const far = (x: number) => (Math.abs(x - 1 / 3) < 1e-9 ? 0.34 : Math.abs(x - 2 / 3) < 1e-9 ? 0.66 : r2(x));
    const r = gradeSuite(s, swapped(far), ctx);
    expect(r.mistakes.filter((m) => m.confidence === 'full')).toEqual([]);
    expect(r.notes.join(' ')).not.toContain('also rounded');
  });
});

describe('gradeSuite: one side of the frequencies rounded (learner 21)', () => {
  it('says the failed frequencies are rounded when only the negatives are (np.round(1 - pos, 2)), the positives right', () => {
    const run = outcome((e) => e);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.pos.map((p) => r2(1 - p)))] }, mutated: [], ms: 1 };
    }
    const r = gradeSuite(suite, run, ctx);
    expect(r.mistakes).toEqual([]);
    expect(r.notes).toEqual(['Every failed frequency is the expected value rounded to 2 decimals: return the fractions unrounded (no np.round or round).']);
  });
});

describe('gradeSuite: frequencies rounded as percentages, or each side to its own decimals (learner 21)', () => {
  const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  /** Every frequency case answered with (pos(p), neg(q)) of the expected p and q. */
  const freqs = (pos: (p: number) => number, neg: (q: number) => number): RunOutcome => {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      const e = expectedFor(c);
      if (e.fn !== 'compute_class_freqs') continue;
      run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos.map(pos)), arr(e.freqs.neg.map(neg))] }, mutated: [], ms: 1 };
    }
    return run;
  };
  it.each([0, 1, 2])('says percentages rounded to %i decimals are both (np.round(100 * p, d))', (d) => {
    const rep = gradeSuite(suite, freqs((p) => r(100 * p, d), (q) => r(100 * q, d)), ctx);
    expect(rep.mistakes).toEqual([]);
    expect(rep.notes).toEqual([
      `Every failed frequency is 100× the expected value, rounded to ${d === 0 ? 'whole numbers' : `${d} decimal${d === 1 ? '' : 's'}`}: percentages. The frequencies are fractions between 0 and 1: do not multiply by 100, and return them unrounded (no np.round or round).`,
    ]);
  });
  it('says each side is rounded to its own decimals (np.round(pos, 2), np.round(neg, 3))', () => {
    const rep = gradeSuite(suite, freqs((p) => r(p, 2), (q) => r(q, 3)), ctx);
    expect(rep.notes).toEqual(['Every failed frequency is the expected value rounded, the positive ones to 2 decimals and the negative ones to 3 decimals: return the fractions unrounded (no np.round or round).']);
  });
  it('says neither when a side is off by more than its rounding', () => {
    const rep = gradeSuite(suite, freqs((p) => r(p, 2), (q) => r(q, 3) + 0.002), ctx);
    expect(rep.notes.join(' ')).not.toMatch(/rounded/);
  });
});

describe("gradeSuite: a load past the run's limit while importing a framework", () => {
  it('tells the learner what any learner can do (have it graded again, or move long work out), not a limit only staff or check can change', () => {
    const slow = { ...outcome((e) => e), calls: {}, load: { ok: false as const, fatal: 'timeout' as const, detail: 'loading the submission (its top-level code) did not finish within 60 s', frameworks: ['torch'] } };
    const [p] = gradeSuite(suite, slow, ctx).problems;
    expect(p!.code).toBe('LOAD_TIMEOUT');
    expect(p!.message).toBe(
      'hw.py: loading the submission (its top-level code) did not finish within 60 s. It imports torch, whose import alone takes seconds, longer on a busy machine: if the top level does nothing else that takes long, have it graded again when the machine is less busy (submit it again, or run the check again); if this keeps happening, tell the course staff. Otherwise move training, data loading and other long work out of the top level (under if __name__ == "__main__":).',
    );
    expect(p!.message).not.toContain('--timeout');
  });
});

describe('gradeSuite: a second load failure of the same file under the same options (grade: loadFailedBefore)', () => {
  // Worded here since mend 28; run-batch rewrote LOAD_TIMEOUT's sentence with a regex before, into this same sentence.
  const slow = (frameworks?: string[]) => ({ ...outcome((e) => e), calls: {}, load: { ok: false as const, fatal: 'timeout' as const, detail: 'loading the submission (its top-level code) did not finish within 60 s', ...(frameworks ? { frameworks } : {}) } });
  it.each([[undefined], [['torch']]])("is LOAD_TIMEOUT_AGAIN, the file's doing, whatever it imports (frameworks %j)", (frameworks) => {
    const r = gradeSuite(suite, slow(frameworks), { ...ctx, loadFailedBefore: 'LOAD_TIMEOUT' });
    expect([r.status, r.score, r.problems]).toEqual([
      'error',
      0,
      [
        {
          code: 'LOAD_TIMEOUT_AGAIN',
          message:
            'hw.py: loading the submission (its top-level code) did not finish within 60 s, on two grade runs of this unchanged file, so it counts as not loading at all: move training, data loading and any loop that does not end (a default argument\'s call too) out of the top level, under if __name__ == "__main__": (staff: if the machine was busy both times, grade again with a larger --timeout, which grades it again).',
        },
      ],
    ]);
    expect(gradeSuite(suite, slow(frameworks), ctx).problems.map((p) => p.code)).toEqual(['LOAD_TIMEOUT']);
  });
  it('a file name that spells the sentence is quoted whole (the regex cut it at its first " did not finish within N s.")', () => {
    const sub = { ...ctx.submission, displayName: 'x did not finish within 5 s. hw.py' };
    const [p] = gradeSuite(suite, slow(), { ...ctx, submission: sub, loadFailedBefore: 'LOAD_TIMEOUT' }).problems;
    expect(p!.message.startsWith('x did not finish within 5 s. hw.py: loading the submission (its top-level code) did not finish within 60 s, on two grade runs')).toBe(true);
  });
  it('is LOAD_CRASH_AGAIN for a crash after a crash or a time-out, and LOAD_TIMEOUT_AGAIN for a time-out after a crash, each saying which (red team 28)', () => {
    const crash = { ...outcome((e) => e), calls: {}, load: { ok: false as const, fatal: 'crash' as const, detail: 'the Python process ended while loading the submission (killed by signal SIGKILL)' } };
    const tail = ', so it counts as not loading at all: remove what ends the process (os._exit, os.kill, os.abort, ctypes) and code that uses a lot of memory or output from the top level and from default arguments, decorators and class bodies (staff: if the machine ran out of memory both times, or a package crashes on it (a TensorFlow or PyTorch build its processor cannot run), fix that and grade again with --force, which grades it again).';
    const fix = ', so it counts as not loading at all: remove what ends the process (os._exit, os.kill, os.abort, ctypes) and code that uses a lot of memory or output from the top level and from default arguments, decorators and class bodies';
    const mixed = " (staff: if either failure was the machine's, a busy machine or an out-of-memory kill, grade again with --force, which grades it again).";
    const twice = gradeSuite(suite, crash, { ...ctx, loadFailedBefore: 'LOAD_CRASH' });
    expect([twice.status, twice.score, twice.problems]).toEqual(['error', 0, [{ code: 'LOAD_CRASH_AGAIN', message: `hw.py: ${crash.load.detail}, on two grade runs of this unchanged file${tail}` }]]);
    expect(gradeSuite(suite, crash, { ...ctx, loadFailedBefore: 'LOAD_TIMEOUT' }).problems).toEqual([{ code: 'LOAD_CRASH_AGAIN', message: `hw.py: ${crash.load.detail}, and it did not load on the grade run before either (the file unchanged)${fix}${mixed}` }]);
    const [p] = gradeSuite(suite, slow(), { ...ctx, loadFailedBefore: 'LOAD_CRASH' }).problems;
    expect([p!.code, p!.message.startsWith('hw.py: loading the submission (its top-level code) did not finish within 60 s, and it did not load on the grade run before either (the file unchanged), so it counts')]).toEqual(['LOAD_TIMEOUT_AGAIN', true]);
    // Review 28: a mixed pair's staff note says neither "busy both times" nor "out of memory both times".
    expect(p!.message.endsWith(`under if __name__ == "__main__":${mixed}`)).toBe(true);
    expect(gradeSuite(suite, crash, ctx).problems.map((q) => q.code)).toEqual(['LOAD_CRASH']);
  });
  it('changes nothing when the file loaded, or its notebook was invalid, or its definitions ended Python', () => {
    for (const before of ['LOAD_TIMEOUT', 'LOAD_CRASH'] as const) {
      expect(gradeSuite(suite, outcome((e) => e), { ...ctx, loadFailedBefore: before })).toEqual(gradeSuite(suite, outcome((e) => e), ctx));
      for (const fatal of ['notebook', 'definitions'] as const) {
        const bad = { ...outcome((e) => e), calls: {}, load: { ok: false as const, fatal, how: 'exit' as const, detail: 'x' } };
        expect(gradeSuite(suite, bad, { ...ctx, loadFailedBefore: before })).toEqual(gradeSuite(suite, bad, ctx));
      }
    }
  });
});

describe('gradeSuite: a framework import past its own limit (the grader set-up, before any learner code)', () => {
  it("is SETUP_TIMEOUT, the machine's problem named with the framework, not the learner's load time-out", () => {
    const slow = {
      ...outcome((e) => e),
      calls: {},
      load: { ok: false as const, fatal: 'setup-timeout' as const, detail: "importing torch (the grader's set-up, before any of the submission's code runs) took longer than 60 s on this machine", frameworks: ['torch'], limitMs: 60_000 },
    };
    const r = gradeSuite(suite, slow, ctx);
    expect([r.status, r.score, r.problems]).toEqual([
      'error',
      0,
      [
        {
          code: 'SETUP_TIMEOUT',
          message:
            "hw.py was not graded: importing torch (the grader's set-up, before any of the submission's code runs) took longer than 60 s on this machine. Nothing in the file caused this, and nothing in it needs to change: " +
            'have it graded again later (submit it again, or run the check again); if this keeps happening, tell the course staff.',
        },
      ],
    ]);
  });
});

const hidden = await loadSuite([PUBLIC_SUITE, join(CASES_DIR, 'hidden.yaml')]);
describe('gradeSuite: an epsilon default of any typed value (loss-epsilon-default)', () => {
  /** A loss right wherever epsilon is passed, and the correct loss with `eps` where a case leaves it out. */
  function withDefault(s: Suite, eps: (c: Case) => number): RunOutcome {
    const run = outcome((e) => e);
    for (const c of s.cases) {
      const e = expectedFor(c);
      if (e.fn === 'compute_class_freqs') run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: [], ms: 1 };
      if (c.inputs.fn !== 'weighted_loss') continue;
      const value = c.epsilonArg === 'omitted' ? (lossWithSpec({ ...c.inputs, epsilon: eps(c) }, CORRECT_LOSS) as number) : expectedFor(c).fn === 'weighted_loss' ? (expectedFor(c) as { loss: number }).loss : NaN;
      run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value }, mutated: [], ms: 1 };
    }
    return run;
  }

  it.each([3e-7, 2.5e-6, 5e-8, 0.002])('names epsilon=%s, which no literal of the model gives, with its value, on the public and the hidden suite', (eps) => {
    for (const s of [suite, hidden]) {
      const r = gradeSuite(s, withDefault(s, () => eps), ctx);
      expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-epsilon-default', 'full']]);
      const shown = eps >= 1e-3 ? String(eps) : eps.toExponential();
      expect(r.mistakes[0]!.message).toContain(`(here: epsilon=${shown} as the default)`);
      expect(r.mistakes[0]!.cases).toEqual(s.cases.filter((c) => c.function === 'weighted_loss' && c.epsilonArg === 'omitted').map((c) => c.id));
      expect(r.notes.filter((n) => n.startsWith('No mistake'))).toEqual([]);
    }
  });

  it('names none where no one typed default explains the values: a value off by 10%, or a different epsilon on each omitted case', () => {
    const off = gradeSuite(suite, lossBy10(suite), ctx);
    expect(off.mistakes).toEqual([]);
    let i = 0;
    const each = gradeSuite(hidden, withDefault(hidden, () => [3e-7, 7e-9][i++ % 2]!), ctx);
    expect(each.mistakes.map((m) => m.id)).not.toContain('loss-epsilon-default');
  });

  function lossBy10(s: Suite): RunOutcome {
    const run = outcome((e) => e);
    for (const c of s.cases) {
      const e = expectedFor(c);
      if (e.fn === 'weighted_loss') run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'float', value: c.epsilonArg === 'omitted' ? e.loss * 1.1 : e.loss }, mutated: [], ms: 1 };
    }
    return run;
  }
});

describe("gradeSuite: a float32 loss in TensorFlow's graph order, with a mistake (the diagnosis's float32 view)", () => {
  /**
   * A @tf.function loss on float32 tensors, written out here apart from the models: every
   * operation in float32, the second log as the graph folds it, (1 + ε) − p; `mistake` changes the
   * class's reduction (a sum over the examples) or swaps the weights.
   */
  function graphLoss(inputs: LossInputs, mistake: 'sum' | 'swapped' | 'default-3e-7'): number {
    const f = Math.fround;
    const eps = f(mistake === 'default-3e-7' && inputs.epsilonOmitted ? 3e-7 : inputs.epsilon);
    const [wps, wns] = mistake === 'swapped' ? [inputs.negWeights, inputs.posWeights] : [inputs.posWeights, inputs.negWeights];
    let loss = 0;
    for (let k = 0; k < inputs.yTrue[0]!.length; k++) {
      let sum = 0;
      for (let i = 0; i < inputs.yTrue.length; i++) {
        const y = f(inputs.yTrue[i]![k]!);
        const p = f(inputs.yPred[i]![k]!);
        const term = f(f(f(f(wps[k]!) * y) * f(Math.log(f(p + eps)))) + f(f(f(wns[k]!) * f(1 - y)) * f(Math.log(f(f(1 + eps) - p)))));
        sum = f(sum - term);
      }
      loss = f(loss + (mistake === 'sum' ? sum : f(sum / inputs.yTrue.length)));
    }
    return loss;
  }
  function graphRun(s: Suite, mistake: 'sum' | 'swapped' | 'default-3e-7'): RunOutcome {
    const run = outcome((e) => e);
    for (const c of s.cases) {
      const e = expectedFor(c);
      if (e.fn === 'compute_class_freqs') run.calls[c.id] = { status: 'ok', value: { kind: 'sequence', pytype: 'tuple', items: [arr(e.freqs.pos), arr(e.freqs.neg)] }, mutated: [], ms: 1 };
      if (c.inputs.fn !== 'weighted_loss') continue;
      const value = graphLoss(c.inputs, mistake);
      run.calls[c.id] = { status: 'ok', value: { kind: 'number', pytype: 'numpy.float32', dtype: 'float32', value }, mutated: [], ms: 1 };
    }
    return run;
  }

  it.each([
    ['sum', 'loss-sum-not-mean'],
    ['swapped', 'loss-swapped-weights'],
  ] as const)('names %s in full on the public and the public + hidden suites, its cases with predictions of exactly 1 included', (mistake, id) => {
    for (const s of [suite, hidden]) {
      const r = gradeSuite(s, graphRun(s, mistake), ctx);
      expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([[id, 'full']]);
      const atOne = s.cases.filter((c) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.includes(1)) && r.cases.find((x) => x.id === c.id)!.status === 'failed');
      expect(atOne.length).toBeGreaterThan(0);
      for (const c of atOne) expect(r.cases.find((x) => x.id === c.id)!.mistakes).toEqual([id]);
    }
  });

  it('names an epsilon default of 3e-7 (solved across cases) in such a loss, on the public and the public + hidden suites', () => {
    for (const s of [suite, hidden]) {
      const r = gradeSuite(s, graphRun(s, 'default-3e-7'), ctx);
      expect(r.mistakes.map((m) => [m.id, m.confidence])).toEqual([['loss-epsilon-default', 'full']]);
      expect(r.mistakes[0]!.message).toContain('(here: epsilon=3e-7 as the default)');
    }
  });
});

describe('gradeSuite: freqs-unique-counts at the line that raised (learners 34)', () => {
  /** Right frequencies, and IndexError at `at` wherever a column holds one label only (np.unique's counts[1]). */
  const uniqueCounts = (at: { line: number; cell?: number }) => {
    const run = outcome((e) => e);
    for (const c of suite.cases) {
      if (c.inputs.fn !== 'compute_class_freqs') continue;
      const labels = c.inputs.labels;
      if (!labels[0]!.some((_, j) => labels.every((row) => row[j] === labels[0]![j]))) continue;
      run.calls[c.id] = { status: 'error', error: { type: 'IndexError', message: 'index 1 is out of bounds for axis 0 with size 1', ...at, traceback: '' }, mutated: [], ms: 1 };
    }
    return run;
  };
  it.each([[{ line: 10 }], [{ cell: 9, line: 7 }]])('points at the counts[1] that raised IndexError, %j', (at) => {
    const m = gradeSuite(suite, uniqueCounts(at), ctx).mistakes;
    expect(m.map((x) => x.id)).toEqual(['freqs-unique-counts']);
    expect(m[0]!.location).toEqual(at);
  });
});

describe('gradeSuite: freqs-integer-division in the learner\'s framework (learner 29)', () => {
  /** Integer frequencies, each fraction rounded down (count // N), from code importing `modules`. */
  const floored = (modules: string[]) =>
    freqsFrom(modules, (labels) => {
      const pos = labels[0]!.map((_, j) => Math.floor(labels.reduce((s, row) => s + row[j]!, 0) / labels.length));
      const int = (values: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'int64', shape: [values.length], values });
      return [int(pos), int(pos.map((x) => 1 - x))];
    });
  it.each([
    ['numpy', 'Use true division on floats, np.sum(labels, axis=0) / labels.shape[0], so the result is a float array.'],
    ['keras.backend', "Use true division on floats, K.sum(labels, axis=0) / labels.shape[0], so the result is a float array; cast the labels first: K.cast(labels, 'float32')."],
    ['tensorflow', 'Use true division on floats, tf.reduce_sum(labels, axis=0) / labels.shape[0], so the result is a float array; cast the labels first: tf.cast(labels, tf.float32).'],
    ['keras.ops', "Use true division on floats, ops.sum(labels, axis=0) / labels.shape[0], so the result is a float array; cast the labels first: ops.cast(labels, 'float32')."],
    ['torch', 'Use true division on floats, torch.sum(labels, dim=0) / labels.shape[0], so the result is a float array; with PyTorch, make the labels floats first: labels.float().'],
  ])('%s code is told the cast of its own library, and numpy code none', (module, fix) => {
    const m = gradeSuite(suite, floored([module]), ctx).mistakes.find((x) => x.id === 'freqs-integer-division')!;
    expect(m.fix).toBe(fix);
  });
  it.each([
    ['numpy', '(statistics.mean of a column of numpy integers rounds down the same way)'],
    ['keras.backend', '(K.mean of integer labels rounds down the same way)'],
    ['tensorflow', '(tf.reduce_mean of integer labels rounds down the same way)'],
    ['keras.ops', '(ops.mean of integer labels rounds down the same way)'],
  ])("%s code is told how its own library's mean rounds integers down, not another's", (module, how) => {
    const m = gradeSuite(suite, floored([module]), ctx).mistakes.find((x) => x.id === 'freqs-integer-division')!;
    expect(m.message).toContain(`It looks like you use integer division (//) or integer arrays, so every fraction is rounded down to 0 or 1 ${how}: on case`);
  });
  // learners 34: numpy code flooring with `//` was told of statistics.mean, a library it never called.
  it.each([
    ['numpy', 'a // division', { kind: 'division' as const, line: 5, op: '//' as const }, ''],
    ['numpy', 'statistics.mean of integer labels', { kind: 'reduction' as const, line: 5, op: 'mean' as const, integer: true as const }, ' (statistics.mean of a column of numpy integers rounds down the same way)'],
    ['keras.backend', 'a // division', { kind: 'division' as const, line: 5, op: '//' as const }, ''],
    ['keras.backend', 'K.mean of integer labels', { kind: 'reduction' as const, line: 5, op: 'mean' as const, integer: true as const }, ' (K.mean of integer labels rounds down the same way)'],
  ])('%s code flooring by %s is told of a mean that rounds down only where it takes one', (module, _how, site, aside) => {
    const run = floored([module]);
    if (run.load.ok) run.load.functions.compute_class_freqs = { ...run.load.functions.compute_class_freqs!, sites: [site] };
    const m = gradeSuite(suite, run, ctx).mistakes.find((x) => x.id === 'freqs-integer-division')!;
    expect(m.message).toContain(`It looks like you use integer division (//) or integer arrays, so every fraction is rounded down to 0 or 1${aside}: on case`);
    expect(m.location?.line).toBe(5);
  });
  it("names torch.mean's refusal of integer labels as the mistake, at the line that raised, with the error as evidence", () => {
    const run = importing(outcome((e) => e), ['torch'], ['compute_class_freqs']);
    const intCase = suite.cases.find((c) => c.inputs.fn === 'compute_class_freqs' && c.inputs.labels.flat().every(Number.isInteger) && c.id.includes('int'))!;
    const said = 'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long';
    run.calls[intCase.id] = { status: 'error', error: { type: 'RuntimeError', message: said, line: 5, traceback: '' }, mutated: [], ms: 1 };
    const r = gradeSuite(suite, run, ctx);
    const m = r.mistakes.find((x) => x.id === 'freqs-integer-division')!;
    expect(m.location).toEqual({ line: 5 });
    expect(m.cases).toEqual([intCase.id]);
    expect(m.message).toContain(`on case ${intCase.id}, torch.mean raised RuntimeError on the integer labels: "${said}"`);
    expect(m.message).toContain('It looks like you use integer division (//) or integer tensors where fractions need floats: // rounds every fraction down to 0 or 1, and torch.mean refuses integer tensors ("could not infer output dtype"): on case');
    expect(m.message).not.toMatch(/tf\.reduce_mean|K\.mean/);
    expect(m.fix).toContain('labels.float()');
    expect(r.cases.find((c) => c.id === intCase.id)!.mistakes).toEqual(['freqs-integer-division']);
    // Another RuntimeError is no such mistake.
    run.calls[intCase.id] = { status: 'error', error: { type: 'RuntimeError', message: 'mean(): something else', line: 5, traceback: '' }, mutated: [], ms: 1 };
    expect(gradeSuite(suite, run, ctx).mistakes.map((x) => x.id)).not.toContain('freqs-integer-division');
  });
});

describe('gradeSuite: a parse error left out of a cell or a piece of a .py is named as Python names it (wording 34)', () => {
  // The whole file failing said "TabError: ...", a def or cell failing "SyntaxError: inconsistent use of tabs".
  const leftOut = (message: string, cell?: number): RunOutcome => {
    const run = outcome((e) => e);
    const syntax = { ...(cell !== undefined ? { cell } : {}), line: 5, message, text: '\tpositive_frequencies = np.sum(labels, axis=0) / N' };
    run.load = { ok: true, functions: { compute_class_freqs: { defined: false, callable: false, params: null, syntax }, get_weighted_loss: fn }, imports: [], notes: [], weights: [] };
    return run;
  };
  it.each([
    ['inconsistent use of tabs and spaces in indentation', 'TabError'],
    ['unexpected indent', 'IndentationError'],
    ["expected an indented block after 'for' statement on line 4", 'IndentationError'],
    ['unindent does not match any outer indentation level', 'IndentationError'],
    ["expected ':'", 'SyntaxError'],
  ])('%s: %s, in a .py and in a notebook cell', (message, name) => {
    const [py] = gradeSuite(suite, leftOut(message), ctx).problems;
    expect(py!.message).toBe(`hw.py:5: ${name}: ${message}. That part of the file defines compute_class_freqs, so Python could not run it and compute_class_freqs's cases were not graded (the rest of the file was): fix that line.`);
    const [nb] = gradeSuite(suite, leftOut(message, 2), ctx).problems;
    expect(nb!.message).toMatch(new RegExp(`^hw\\.py, cell 2, line 5: ${name}: `));
  });
});

/**
 * gradeHiddenApart (Gradescope's two runs): a bug met grading the hidden run is that run's
 * outcome, not a throw, so nothing shown at once depends on the hidden inputs (red-team round 21).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeHiddenApart, gradeSubmission, HIDDEN_BUG_REASON, resolveSubmission, type GradeOptions } from '../../../src/grade-submission.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';
import type { RunOptions } from '../../../src/sandbox/run-submission.js';
import { RUNNER_INTERNAL_ERROR } from '../../../src/grade/grade-suite.js';
import type { CallOutcome, RunSubmission, Submission } from '../../../src/sandbox/run-submission.js';
import { loadSuite, type Suite } from '../../../src/suite/load-suite.js';
import { ROOT } from '../../helpers/cli.js';
import { runWith } from '../../helpers/run-outcome.js';
import { HIDDEN_SETUP_TIMEOUT, toGradescope } from '../../../src/report/gradescope.js';
import { withFeedback } from '../../../src/report/feedback.js';

let tmp: string;
let sub: Submission;
let suite: Suite;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-hidden-apart-'));
  const path = join(tmp, 'hw.py');
  const text = 'def compute_class_freqs(labels):\n    raise ValueError("no")\n';
  await writeFile(path, text);
  sub = { path, kind: 'py', displayName: 'hw.py', bytes: Buffer.from(text) };
  suite = await loadSuite([join(ROOT, 'cases', 'public.yaml'), join(ROOT, 'cases', 'hidden.yaml')]);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const opts: GradeOptions = { python: 'python3', sandbox: 'process', limits: DEFAULT_LIMITS, keras: 'shim', version: 'test' };
const raised: CallOutcome = { status: 'error', error: { type: 'ValueError', message: 'no', traceback: '' }, mutated: [], ms: 1 };

/** A run whose public calls raise ValueError and whose hidden calls end as `hidden` says. */
function fakeRun(hidden: CallOutcome): RunSubmission {
  return async (_sub, calls) => runWith(Object.fromEntries(calls.map((c) => [c.id, c.id.startsWith('hidden-') ? hidden : raised])));
}

describe('gradeHiddenApart', () => {
  const bugs: Array<[string, CallOutcome]> = [
    // The record learner code can send itself.
    ['a record the runner could not encode', { status: 'error', error: { type: RUNNER_INTERNAL_ERROR, message: 'forged', traceback: '' }, mutated: [], ms: 1 }],
    // What stands for a value that trips a bug of the grader's (no such value is known).
    ['a value the grader trips on', { status: 'ok', value: undefined as never, mutated: [], ms: 1 } /* deliberately malformed: an ok call with no value */],
  ];
  it.each(bugs)('takes %s in the hidden run as the hidden cases\' outcome, and returns the bug apart', async (_what, outcome) => {
    const healthy = await gradeHiddenApart(sub, suite, opts, fakeRun(raised));
    expect(healthy.hiddenBug).toBeUndefined();
    const r = await gradeHiddenApart(sub, suite, opts, fakeRun(outcome));
    expect(r.hiddenBug).toBeInstanceOf(Error);
    // What is shown at once is what a healthy hidden run gives.
    expect(r.atOnce).toEqual(healthy.atOnce);
    const hidden = r.report.cases.filter((c) => c.visibility === 'hidden');
    expect(hidden.length).toBeGreaterThan(0);
    for (const c of hidden) {
      expect(c.points).toBe(0);
      expect(c.message).toContain(HIDDEN_BUG_REASON);
    }
    expect(r.report.cases.filter((c) => c.visibility !== 'hidden')).toEqual(healthy.report.cases.filter((c) => c.visibility !== 'hidden'));
  });
});

describe("gradeHiddenApart: the recheck of a run's import claims", () => {
  it('reads again only the shown run\'s claims: of the hidden run only its calls are used', async () => {
    // The hidden run's load names a missing module (a claim the shown run does not make): reading
    // it cost a Python start (and a claimed package's import) for nothing.
    const python = join(tmp, 'python-logged');
    const log = join(tmp, 'starts');
    await writeFile(python, `#!/bin/sh\necho start >> '${log}'\nexec python3 "$@"\n`);
    await chmod(python, 0o755);
    const missing = { type: 'ModuleNotFoundError', message: "No module named 'wlgrade_madeup_hidden'", traceback: '', module: 'wlgrade_madeup_hidden', within: 'numpy' };
    const run: RunSubmission = async (_sub, calls) => {
      const r = runWith(Object.fromEntries(calls.map((c) => [c.id, raised])));
      if (!calls.some((c) => c.id.startsWith('hidden-')) || !r.load.ok) return r;
      return { ...r, load: { ...r.load, functions: { ...r.load.functions, get_weighted_loss: { ...r.load.functions.get_weighted_loss!, missing } } } };
    };
    const r = await gradeHiddenApart(sub, suite, { ...opts, python }, run);
    expect(r.report.cases.some((c) => c.visibility === 'hidden')).toBe(true);
    expect(await readFile(log, 'utf8').catch(() => '')).toBe('');
  });
});

describe('gradeHiddenApart: the hidden run\'s set-up time-out', () => {
  const setup = { ok: false as const, fatal: 'setup-timeout' as const, detail: "importing torch (the grader's set-up, before any of the submission's code runs) took longer than 15 s on this machine", frameworks: ['torch'], limitMs: 15_000 };
  // The public run went well; the hidden one timed out in its set-up, on its first attempt (no
  // hidden case ran) or on a later one (after a hidden call crashed).
  const runs: Array<[string, RunSubmission]> = [
    ['first attempt', async (_sub, calls) => (calls.some((c) => c.id.startsWith('hidden-')) ? { ...runWith({}), load: setup, calls: Object.fromEntries(calls.map((c) => [c.id, { status: 'not-run' as const, reason: 'x' }])) } : runWith(Object.fromEntries(calls.map((c) => [c.id, raised]))))],
    ['later attempt', async (_sub, calls) => (calls.some((c) => c.id.startsWith('hidden-')) ? { ...runWith(Object.fromEntries(calls.map((c) => [c.id, { status: 'not-run' as const, reason: 'x' }]))), setupTimeout: setup } : runWith(Object.fromEntries(calls.map((c) => [c.id, raised]))))],
  ];
  it.each(runs)("is the whole report's SETUP_TIMEOUT (%s), not cases merely not run", async (_what, run) => {
    const r = await gradeHiddenApart(sub, suite, opts, run);
    expect(r.report.problems.map((p) => p.code)).toEqual(['SETUP_TIMEOUT']);
    expect(r.atOnce?.problems).toEqual([]);
  });
});

describe("Gradescope's results.json for a hidden run's set-up time-out, hidden cases concealed", () => {
  const setup = { ok: false as const, fatal: 'setup-timeout' as const, detail: "importing torch (the grader's set-up, before any of the submission's code runs) took longer than 15 s on this machine", frameworks: ['torch'], limitMs: 15_000 };
  const publicRun = (calls: Parameters<RunSubmission>[1]) => runWith(Object.fromEntries(calls.map((c) => [c.id, raised])));
  const notRun = (calls: Parameters<RunSubmission>[1]) => Object.fromEntries(calls.map((c) => [c.id, { status: 'not-run' as const, reason: 'x' }]));
  const runs: Array<[string, RunSubmission]> = [
    ['first attempt', async (_sub, calls) => (calls.some((c) => c.id.startsWith('hidden-')) ? { ...runWith({}), load: setup, calls: notRun(calls) } : publicRun(calls))],
    ['later attempt', async (_sub, calls) => (calls.some((c) => c.id.startsWith('hidden-')) ? { ...runWith(notRun(calls)), setupTimeout: setup } : publicRun(calls))],
  ];
  it.each(runs)('tells the learner at once to submit again (%s), in words that do not tell the attempts apart', async (_what, run) => {
    const r = await gradeHiddenApart(sub, suite, opts, run);
    for (const hiddenVisibility of ['after_published', 'after_due_date', 'hidden'] as const) {
      // As the gradescope command renders it: each report at its --feedback level.
      const out = toGradescope(withFeedback(r.report, 'full'), { hiddenVisibility }, r.atOnce && withFeedback(r.atOnce, 'full'));
      expect(out.output.startsWith(`${HIDDEN_SETUP_TIMEOUT}\n\n`)).toBe(true);
      // The report's own sentence (which says whether Python was started again) stays with staff.
      expect(out.output).not.toContain(r.report.problems[0]!.message);
    }
  });
  it('says nothing of it when the hidden run went well', async () => {
    const r = await gradeHiddenApart(sub, suite, opts, async (_sub, calls) => publicRun(calls));
    expect(toGradescope(withFeedback(r.report, 'full'), { hiddenVisibility: 'after_published' }, r.atOnce && withFeedback(r.atOnce, 'full')).output).not.toContain(HIDDEN_SETUP_TIMEOUT);
  });
});

describe('gradeSubmission\'s run options', () => {
  it('hands the run every option but the report\'s (an option RunOptions gains is not dropped), and the functions the suite names', async () => {
    const seen: RunOptions[] = [];
    const extra = { futureRunOption: 7, pythonGuess: { executable: '/usr/bin/python3', prefix: '/usr', basePrefix: '/usr', execPrefix: '/usr', paths: [] } };
    await gradeSubmission(sub, suite, { ...opts, ...extra, learner: 'alice', displayName: 'hw.py', choiceNote: 'picked', loadFailedBefore: 'LOAD_TIMEOUT' }, async (_sub, calls, o) => (seen.push(o), fakeRun(raised)(_sub, calls, o)));
    expect(seen).toEqual([{ python: 'python3', sandbox: 'process', limits: opts.limits, keras: 'shim', ...extra, functions: [...new Set(suite.cases.map((c) => c.function))] }]);
  });
});

describe("gradeHiddenApart: the learner's modules a hidden call imports", () => {
  it('says in the report shown with the hidden cases that a module first imported during a hidden call ran, and nothing of it at once', async () => {
    // `import helpers` inside the loss, whose cases are all hidden here: only the hidden run imports it.
    const dir = await mkdtemp(join(tmpdir(), 'wlgrade-hidden-siblings-'));
    try {
      const main = [
        'import numpy as np',
        '',
        'def compute_class_freqs(labels):',
        '    p = np.mean(labels, axis=0)',
        '    return p, 1 - p',
        '',
        'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
        '    def weighted_loss(y_true, y_pred):',
        '        import helpers',
        '        t = pos_weights * y_true * helpers.safe_log(y_pred + epsilon) + neg_weights * (1 - y_true) * helpers.safe_log(1 - y_pred + epsilon)',
        '        return -np.sum(np.mean(t, axis=0))',
        '    return weighted_loss',
        '',
      ].join('\n');
      await writeFile(join(dir, 'hw.py'), main);
      await writeFile(join(dir, 'helpers.py'), 'import numpy as np\n\n\ndef safe_log(x):\n    return np.log(x)\n');
      const own = await resolveSubmission(join(dir, 'hw.py'));
      expect(own.siblings?.map((s) => s.name)).toEqual(['helpers.py']);
      const lossHidden: Suite = { ...suite, cases: suite.cases.filter((c) => c.function === 'compute_class_freqs' || c.visibility === 'hidden') };
      expect(lossHidden.cases.some((c) => c.function === 'weighted_loss' && c.visibility === 'hidden')).toBe(true);
      expect(lossHidden.cases.some((c) => c.function === 'weighted_loss' && c.visibility !== 'hidden')).toBe(false);
      const r = await gradeHiddenApart(own, lossHidden, opts);
      const ran = 'hw.py imports helpers.py, a file of yours beside it, which ran with it.';
      expect(r.report.cases.every((c) => c.points === c.maxPoints)).toBe(true);
      expect(r.report.notes).toContain(ran);
      expect(r.atOnce?.notes).not.toContain(ran);
      // Graded in one run, the same note.
      expect((await gradeSubmission(own, lossHidden, opts)).notes).toContain(ran);
      // With public loss cases, the public run's call imports it: said at once too.
      const both = await gradeHiddenApart(own, suite, opts);
      expect([both.report.notes.includes(ran), both.atOnce?.notes.includes(ran)]).toEqual([true, true]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

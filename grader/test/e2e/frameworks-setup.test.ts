/**
 * The frameworks a suite's `framework:` asks for are imported as the grader's own set-up, before
 * learner code and before any call's time limit starts (runner.import_frameworks). Imported inside
 * the first call, a cold TensorFlow import (seconds, more on a busy machine) counted against that
 * call's limit: `validate` and a cold `check` or `grade` reported correct code as "did not return
 * within 10 s" (frameworks 26).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';


/** A suite of one compute_class_freqs case and one loss case handing `framework`'s tensors. */
function suiteFor(framework: string): string {
  const dir = mkdtempSync(join(tmpdir(), `wlgrade-setup-${framework}-`));
  const file = join(dir, 'cases.yaml');
  writeFileSync(
    file,
    `suite: ${framework}\nframework: ${framework}\ncases:\n` +
      '  - id: freqs-toy\n    function: compute_class_freqs\n    labels: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]]\n' +
      '  - id: loss-toy\n    function: weighted_loss\n    y_true: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]]\n    y_pred: { constant: 0.7 }\n',
  );
  return file;
}

const NUMPY_SAMPLE = join('submissions', 'correct', 'vectorised.py');
const HAS_TF = hasModule('tensorflow');

describe.skipIf(!HAS_TF)(`framework: tensorflow's import is set-up, not a call${HAS_TF ? '' : ' — SKIPPED: tensorflow not installed'}`, () => {
  // A 1 s call limit: TensorFlow's import alone takes longer, the calls themselves milliseconds.
  it('check (a cold run): correct numpy code passes both cases with a 1 s call limit', async () => {
    const r = await runCli(['check', '--json', '--sandbox', 'process', '--call-timeout', '1', '--cases', suiteFor('tensorflow'), NUMPY_SAMPLE], { timeoutMs: 120_000 });
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect([r.exitCode, report.cases.map((c) => [c.id, c.status])]).toEqual([0, [['freqs-toy', 'passed'], ['loss-toy', 'passed']]]);
  }, 150_000);

  it.each([[[]], [['--preload', 'tensorflow']]])('grade (the warm pool, %j): correct numpy code passes both cases with a 1 s call limit', async (extra) => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-setup-grade-'));
    writeFileSync(join(dir, 'alice.py'), readFileSync(join(ROOT, NUMPY_SAMPLE)));
    const out = join(dir, 'out');
    const r = await runCli(['grade', dir, '--out', out, '--sandbox', 'process', '--jobs', '1', '--call-timeout', '1', '--cases', suiteFor('tensorflow'), ...extra], { timeoutMs: 120_000 });
    expect(r.exitCode).toBe(0);
    const report = GradeReportSchema.parse(JSON.parse(readFileSync(join(out, 'results', 'alice.json'), 'utf8')));
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([['freqs-toy', 'passed'], ['loss-toy', 'passed']]);
  }, 150_000);
});

/** A python3 on which tensorflow, keras, torch and jax are "not installed". */
const HIDDEN_PY = join(ROOT, 'grader', 'test', 'fixtures', 'hide-frameworks', 'python');
const missing = (fw: string, name: string) =>
  `wlgrade: The case file asks for ${name} tensors (its framework: setting), but ${name} is not installed for "${HIDDEN_PY}". ` +
  `Install it ("${HIDDEN_PY} -m pip install ${fw === 'tensorflow' ? 'tensorflow-cpu' : fw}"), pass --python <path> to a Python that has it, or remove framework: from the case file.`;

// Before, the runner's failed import inside each call was the learner's error: "Your
// compute_class_freqs raised ModuleNotFoundError ...: tf.constant needs TensorFlow", 0 points, exit 1.
describe("framework: tensorflow or torch on a Python without it is the grader's set-up: one sentence, exit 2", () => {
  it.each([
    ['tensorflow', 'TensorFlow'],
    ['torch', 'PyTorch'],
  ])('check with framework: %s', async (fw, name) => {
    const r = await runCli(['check', '--sandbox', 'process', '--python', HIDDEN_PY, '--cases', suiteFor(fw), NUMPY_SAMPLE]);
    expect([r.exitCode, r.stdout, r.stderr.trim()]).toEqual([2, '', missing(fw, name)]);
  });

  it('check --json: the stopped report names it, with no score (the job\'s problem, not the learner\'s)', async () => {
    const r = await runCli(['check', '--json', '--sandbox', 'process', '--python', HIDDEN_PY, '--cases', suiteFor('tensorflow'), NUMPY_SAMPLE]);
    const out = JSON.parse(r.stdout) as { error: { code: string; message: string }; score: number | null };
    expect([r.exitCode, out.error, out.score]).toEqual([2, { code: 'FRAMEWORK_MISSING', message: missing('tensorflow', 'TensorFlow').replace(/^wlgrade: /, '') }, null]);
  });

  it('grade stops the batch with the sentence and exit 2, writing no learner an error row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-setup-missing-'));
    for (const who of ['alice', 'bob']) writeFileSync(join(dir, `${who}.py`), readFileSync(join(ROOT, NUMPY_SAMPLE)));
    const out = join(dir, 'out');
    const r = await runCli(['grade', dir, '--out', out, '--sandbox', 'process', '--jobs', '1', '--python', HIDDEN_PY, '--cases', suiteFor('torch')]);
    expect([r.exitCode, r.stderr.trim()]).toEqual([2, missing('torch', 'PyTorch')]);
    expect(existsSync(join(out, 'grades.csv'))).toBe(false);
  });

  it('validate says the same, not that the samples failed', async () => {
    const r = await runCli(['validate', '--sandbox', 'process', '--python', HIDDEN_PY, '--cases', suiteFor('tensorflow')], { timeoutMs: 120_000 });
    expect([r.exitCode, r.stderr.trim()]).toEqual([2, missing('tensorflow', 'TensorFlow')]);
  }, 150_000);

  it('Keras-backend code, which the stand-ins serve with eager arrays, is graded as before without TensorFlow', async () => {
    const r = await runCli(['check', '--json', '--sandbox', 'process', '--python', HIDDEN_PY, '--cases', suiteFor('tensorflow'), join('submissions', 'frameworks', 'keras-from-keras-import-backend.py')]);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect([r.exitCode, report.cases.map((c) => c.status)]).toEqual([0, ['passed', 'passed']]);
  });
});

/** A python3 on which importing torch takes 30 s. */
const SLOW_PY = join(ROOT, 'grader', 'test', 'fixtures', 'slow-frameworks', 'python');

// Before, the import ran into the whole run's limit and was reported as the learner's load
// time-out ("loading the submission (its top-level code) did not finish …: move training … out of
// the top level"), though none of the learner's code had run.
describe("a framework import past its own limit is the grader's set-up, said so, never the learner's load time-out", () => {
  it('check: SETUP_TIMEOUT naming the framework and the limit, exit 2, stopped at the limit', async () => {
    const r = await runCli(['check', '--json', '--sandbox', 'process', '--timeout', '2', '--python', SLOW_PY, '--cases', suiteFor('torch'), NUMPY_SAMPLE], { timeoutMs: 60_000 });
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect([r.exitCode, report.problems.map((p) => p.code), report.cases.map((c) => c.status)]).toEqual([2, ['SETUP_TIMEOUT'], ['error', 'error']]);
    expect(report.problems[0]!.message).toMatch(/^vectorised\.py was not graded: importing torch \(the grader's set-up, before any of the submission's code runs\) took longer than 2 s on this machine\. Nothing in the file caused this/);
    expect(report.durationMs).toBeLessThan(25_000); // the 30 s import was stopped, not waited for
  }, 90_000);

  // Problems are shown to learners at every --feedback level, and a Gradescope learner can neither
  // grade again nor change --timeout: the problem told them to "grade it again when the machine is
  // less busy" or get "a longer --timeout". They are told what they can do; staff, in their output.
  it("tells the learner what they can do, and staff what staff can do where staff read it (gradescope's output, grade's summary)", async () => {
    const check = await runCli(['check', '--json', '--sandbox', 'process', '--timeout', '2', '--python', SLOW_PY, '--cases', suiteFor('torch'), NUMPY_SAMPLE], { timeoutMs: 60_000 });
    const told = GradeReportSchema.parse(JSON.parse(check.stdout)).problems[0]!.message;
    expect(told).toMatch(/Nothing in the file caused this, and nothing in it needs to change: have it graded again later \(submit it again, or run the check again\); if this keeps happening, tell the course staff\.$/);
    expect(told).not.toMatch(/--timeout|less busy|faster/);

    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-setup-gs-'));
    const upload = join(dir, 'upload');
    mkdirSync(upload);
    copyFileSync(join(ROOT, NUMPY_SAMPLE), join(upload, 'vectorised.py'));
    const results = join(dir, 'results.json');
    const gs = await runCli(['gradescope', '--sandbox', 'process', '--timeout', '2', '--python', SLOW_PY, '--cases', suiteFor('torch'), '--submission-dir', upload, '--results', results], { timeoutMs: 60_000 });
    const learnerSees = readFileSync(results, 'utf8');
    expect([gs.exitCode, learnerSees]).toEqual([0, expect.stringContaining('tell the course staff')]);
    expect(learnerSees).not.toMatch(/--timeout|Regrade/);
    expect(gs.stdout).toMatch(/wlgrade \(for the course staff\): this submission was not graded in full because the grader's import of TensorFlow or PyTorch .*regrade it from Gradescope \(Regrade Submission\).*a longer --timeout/);

    const grade = await runCli(['grade', '--sandbox', 'process', '--timeout', '2', '--python', SLOW_PY, '--cases', suiteFor('torch'), '--out', join(dir, 'out'), upload], { timeoutMs: 60_000 });
    expect([grade.exitCode, grade.stdout]).toEqual([0, expect.stringMatching(/\n1 learner was not graded in full because .*running the same grade command again grades that learner again.*with fewer --jobs, or with a longer --timeout\.\n/)]);
  }, 120_000);
});

/**
 * The frameworks a suite's `framework:` asks for are imported as the grader's own set-up, before
 * learner code and before any call's time limit starts (runner.import_frameworks). Imported inside
 * the first call, a cold TensorFlow import (seconds, more on a busy machine) counted against that
 * call's limit: `validate` and a cold `check` or `grade` reported correct code as "did not return
 * within 10 s" (frameworks 26).
 */
import { execaSync } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT, runCli } from '../helpers/cli.js';

const hasModule = (name: string) =>
  execaSync('python3', ['-c', `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(${JSON.stringify(name)}) else 1)`], { reject: false }).exitCode === 0;

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

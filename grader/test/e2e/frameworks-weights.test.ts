/**
 * A suite that sets `framework: tensorflow`, `torch` or `auto` hands the weights as the learner's
 * code meets them in real use (runner.weights_framework): numpy arrays beside TensorFlow tensors,
 * as the course's compute_class_freqs returns them, and torch tensors beside torch tensors. As
 * float64 TensorFlow tensors they made the float32 re-run (Keras's y_true and y_pred) refuse a loss
 * that is right in the course: tensorflow-cast-pred-only.py got loss-mixed-dtypes (docs review 25).
 * Every sample the manifest passes that needs a framework must pass that framework's suites too.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { hasModule } from '../helpers/python.js';
import { STAFF_POINTS } from '../helpers/suites.js';


interface Sample { file: string; requires?: string[]; status: string; mistakes: string[] }
/** Passed with no mistake named (weights-not-inverted.ipynb passes and is still told its mistake). */
const correct = (s: Sample) => s.status === 'passed' && s.mistakes.length === 0;
const samples = (parse(readFileSync(join(ROOT, 'submissions', 'manifest.yaml'), 'utf8')) as { samples: Sample[] }).samples;
/** The correct samples written for `fw`: they pass the numpy suites, and must pass `fw`'s. */
const correctFor = (fw: string) => samples.filter((s) => correct(s) && s.requires?.includes(fw)).map((s) => s.file);

/** The public and hidden suites with a top-level `framework:` (neither sets one). */
function suitesWith(framework: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), `wlgrade-fw-${framework}-`));
  return ['public', 'hidden'].map((name) => {
    const text = readFileSync(join(ROOT, 'cases', `${name}.yaml`), 'utf8');
    expect(text).not.toMatch(/^framework:/m);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `framework: ${framework}\n${text}`);
    return file;
  });
}

describe.each([
  ['tensorflow', 'tensorflow'],
  ['torch', 'torch'],
])('framework: %s and auto on the correct %s samples', (framework, module) => {
  const files = correctFor(module);
  const skip = !hasModule(module);
  it('has samples to grade', () => expect(files.length).toBeGreaterThan(0));
  it.skipIf(skip).each(files.flatMap((f) => [framework, 'auto'].map((fw) => [f, fw] as const)))(
    `%s with framework: %s gets full marks and no mistake${skip ? ` — SKIPPED: ${module} not installed` : ''}`,
    async (file, fw) => {
      const cases = suitesWith(fw).flatMap((s) => ['--cases', s]);
      const r = await runCli(['check', '--json', join('submissions', file), ...cases]);
      const report = GradeReportSchema.parse(JSON.parse(r.stdout));
      const notPassed = report.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message]);
      expect([r.exitCode, notPassed, report.mistakes.map((m) => m.id), report.score]).toEqual([0, [], [], STAFF_POINTS]);
    },
  );
});

// Keras-backend code is served by the shim's stand-ins even where TensorFlow is installed
// (runner.use_stand_ins): the runner's own `import tensorflow`, to make the case's tensors, got a
// stand-in too and raised "tf.constant needs TensorFlow", reported as the learner's error on every
// case (0 points). Such code now gets arrays with an eager tensor's .numpy(), as the shim takes them.
const importsKeras = (file: string) => /(?:^|")\s*(?:from|import) (?:keras|tensorflow)\b/m.test(readFileSync(join(ROOT, 'submissions', file), 'utf8'));
const kerasCorrect = samples.filter((s) => correct(s) && !s.requires && importsKeras(s.file)).map((s) => s.file);
describe.skipIf(!hasModule('tensorflow'))('framework: tensorflow on the correct Keras-backend samples (the stand-ins serve them)', () => {
  it('has samples to grade', () => expect(kerasCorrect.length).toBeGreaterThan(0));
  it.each(kerasCorrect)('%s gets full marks and no mistake', async (file) => {
    const cases = suitesWith('tensorflow').flatMap((s) => ['--cases', s]);
    const r = await runCli(['check', '--json', join('submissions', file), ...cases]);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    const notPassed = report.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.message]);
    expect([r.exitCode, notPassed, report.mistakes.map((m) => m.id), report.score]).toEqual([0, [], [], STAFF_POINTS]);
  });
});

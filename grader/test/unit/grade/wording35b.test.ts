/**
 * Wording leftovers of wording 35 (wording 35b): a right value from code that changed its inputs
 * says so once, the same in every output.
 */
import { describe, expect, it } from 'vitest';
import { gradeCase } from '../../../src/grade/grade-case.js';
import { expectedFor } from '../../../src/grade/grade-suite.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { renderJunit } from '../../../src/report/junit.js';
import { caseText } from '../../../src/report/case-text.js';
import type { EncodedValue } from '../../../src/schema/protocol.js';
import type { CallOutcome } from '../../../src/sandbox/run-submission.js';
import { makeCase, makeMistake, makeReport } from '../report/factories.js';
import { MISTAKE_IDS } from '../../../../reference/mistakes/index.js';
import { renderGithub } from '../../../src/report/github.js';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossFactory, modelRun } from '../../helpers/model-run.js';
import { sourceLines, withSiteText } from '../../../src/grade/sites.js';
import { tinyCases } from '../../helpers/suites.js';

const [lossCase, freqCase] = tinyCases();
const ok = (value: EncodedValue, mutated: string[]): CallOutcome => ({ status: 'ok', value, mutated, ms: 1 });

describe('a right value from code that changed its inputs', () => {
  const L = (expectedFor(lossCase) as { loss: number }).loss;
  const loss = gradeCase(lossCase, ok({ kind: 'number', pytype: 'float', value: L }, ['y_pred']), expectedFor(lossCase));
  const f = expectedFor(freqCase) as { freqs: { pos: number[]; neg: number[] } };
  const arr = (v: number[]): EncodedValue => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [v.length], values: v });
  const freqs = gradeCase(freqCase, ok({ kind: 'sequence', pytype: 'tuple', items: [arr(f.freqs.pos), arr(f.freqs.neg)] } as EncodedValue, ['labels']), expectedFor(freqCase));

  it.each([
    ['the loss', loss, 'y_pred'],
    ['the frequencies', freqs, 'labels'],
  ])('%s: one sentence, not the match and then the value being right again', (_, v, name) => {
    expect(v).toMatchObject({ status: 'failed', valueCorrect: true });
    expect(v.message).toBe(`The value is right, but your code changed its input in place (${name}): the caller's arrays must stay as they were.`);
  });

  it('the terminal, JUnit and the LMS text say the same sentence for one such case', () => {
    const k = makeCase({ id: 'a', status: 'failed', points: 0, message: loss.message });
    const report = makeReport({ status: 'failed', score: 0, cases: [k] });
    expect(renderTerminal(report, { colorLevel: 0 })).toContain(`    ${loss.message}`);
    expect(renderJunit(report)).toContain(`message="${loss.message.replace(/'/g, '&apos;')}"`);
    expect(caseText(report, k).startsWith(loss.message)).toBe(true);
  });
});

describe("loss-no-epsilon and the clip mistakes: the fix's logs in the file's own log", () => {
  const suiteP = loadSuite([PUBLIC_SUITE]);
  const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
  async function fixOf(id: string, spec: Parameters<typeof modelRun>[1], source: string, imports: string[]) {
    const suite = await suiteP;
    const report = gradeSuite(suite, await modelRun(suite, spec, source, imports), ctx);
    return withSiteText(report.mistakes, sourceLines(source, 'py')).find((m) => m.id === id)?.fix;
  }
  const loss = (head: string, log: string, mean: string, p: string) =>
    lossFactory(head, [
      ...(p === 'y_pred' ? [] : [`p = ${p}`]),
      'loss = 0.0',
      'for i in range(len(pos_weights)):',
      `    loss += -${mean}(pos_weights[i] * y_true[:, i] * ${log}(${p === 'y_pred' ? 'y_pred' : 'p'}[:, i])`,
      `                     + neg_weights[i] * (1 - y_true[:, i]) * ${log}(1 - ${p === 'y_pred' ? 'y_pred' : 'p'}[:, i]))`,
      'return loss',
    ]);
  const FILES = [
    ['numpy', 'import numpy as np', 'np.log', 'np.mean', 'np.clip', ['numpy']],
    ['Keras', 'from tensorflow.keras import backend as K', 'K.log', 'K.mean', 'K.clip', ['keras.backend']],
    ['PyTorch', 'import torch', 'torch.log', 'torch.mean', 'torch.clamp', ['torch']],
    ['numpy logs in a Keras file', 'import numpy as np\nfrom tensorflow.keras import backend as K', 'np.log', 'np.mean', 'np.clip', ['numpy', 'keras.backend']],
  ] as const;
  it.each(FILES)('loss-no-epsilon (%s): %s', async (_, head, log, mean, _clip, imports) => {
    const fix = await fixOf('loss-no-epsilon', { eps: 'none' }, loss(head, log, mean, 'y_pred'), [...imports]);
    const l = log.replace('.', '\\.');
    expect(fix).toMatch(new RegExp(`${l}\\(y_pred \\+ epsilon\\) and ${l}\\(1 - y_pred \\+ epsilon\\)`));
  });
  it.each(FILES)('loss-clip-instead-of-epsilon (%s)', async (_, head, log, mean, clip, imports) => {
    const fix = await fixOf('loss-clip-instead-of-epsilon', { eps: 'clip' }, loss(head, log, mean, `${clip}(y_pred, epsilon, 1 - epsilon)`), [...imports]);
    const l = log.replace('.', '\\.');
    expect(fix).toMatch(new RegExp(`${l}\\(y_pred \\+ epsilon\\) and ${l}\\(1 - y_pred \\+ epsilon\\)`));
  });
  it.each(FILES)('loss-clip-and-epsilon (%s)', async (_, head, log, mean, clip, imports) => {
    const src = loss(head, log, mean, `${clip}(y_pred, epsilon, 1 - epsilon)`).replace(/\(p\[:, i\]\)/, '(p[:, i] + epsilon)').replace(/\(1 - p\[:, i\]\)/, '(1 - p[:, i] + epsilon)');
    const fix = await fixOf('loss-clip-and-epsilon', { eps: 'clip-add' }, src, [...imports]);
    const l = log.replace('.', '\\.');
    expect(fix).toMatch(new RegExp(`${l}\\(y_pred \\+ epsilon\\) and ${l}\\(1 - y_pred \\+ epsilon\\)`));
  });
});

describe("mistakes made together, and GitHub's annotation: the catalogue's words, not the ids", () => {
  const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;
  const ID = new RegExp(`(?<![\\w-])(?:${MISTAKE_IDS.join('|')})(?![\\w-])`);
  it.each([
    ['a pair', { reduction: 'sum', eps: 'none' }, 2],
    ['a triple', { reduction: 'sum', weights: 'swapped', eps: 'none' }, 3],
  ] as const)('%s: each hint names the others by what the learner did, with no id in its sentence', async (_, spec, n) => {
    const suite = await loadSuite([PUBLIC_SUITE]);
    const source = lossFactory('import numpy as np', ['return np.sum(y_true)']);
    const found = gradeSuite(suite, await modelRun(suite, spec, source, ['numpy']), ctx).mistakes.filter((m) => m.confidence === 'full');
    expect(found.length).toBe(n);
    for (const m of found) {
      expect(m.message).toContain(n === 2 ? '(together with another mistake: you ' : `(together with ${n - 1} other mistakes: (1) you `);
      expect(m.message, m.message).not.toMatch(ID);
    }
  });
  it('the annotation is titled by what the learner did, its id in parentheses for staff', () => {
    const out = renderGithub(makeReport({ status: 'failed', score: 0, cases: [makeCase({ id: 'a', status: 'failed', points: 0 })], mistakes: [makeMistake({ id: 'loss-sum-not-mean', cases: ['a'] })] }), { file: 'hw.py' });
    expect(out).toContain("title=Mistake%3A You sum each class's terms over the examples instead of averaging them (loss-sum-not-mean)::");
  });
});

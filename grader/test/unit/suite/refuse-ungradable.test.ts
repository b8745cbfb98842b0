import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GraderError } from '../../../src/errors.js';
import { join } from 'node:path';
import { CASES_DIR, PUBLIC_SUITE } from '../../../src/paths.js';
import { parseSuite, suiteFromTexts } from '../../../src/suite/load-suite.js';
import { refuseUngradable } from '../../../src/suite/refuse-ungradable.js';

const suite = (cases: string) => suiteFromTexts([{ display: 'x.yaml', text: `suite: x\ncases:\n${cases}` }]);
const loss = (id: string, extra: string) =>
  `  - id: ${id}\n    function: weighted_loss\n    y_true: [[1, 0], [0, 1]]\n    y_pred: [[1, 0], [0, 0.5]]\n${extra}`;

describe('refuseUngradable', () => {
  it('accepts the shipped suites', () => {
    for (const file of [PUBLIC_SUITE, join(CASES_DIR, 'hidden.yaml')]) {
      const { cases } = parseSuite(readFileSync(file, 'utf8'), file);
      expect(() => refuseUngradable({ files: [file], names: ['s'], cases })).not.toThrow();
    }
  });

  it('refuses a case with points whose expected loss is not finite, naming each one with file:line', () => {
    const s = suite(loss('log-of-zero', '    epsilon: 0\n') + loss('fine', '    epsilon: 0.1\n') + loss('also-zero', '    epsilon: 0\n    points: 3\n'));
    let err: unknown;
    try {
      refuseUngradable(s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GraderError);
    expect((err as GraderError).code).toBe('CASES_INVALID');
    expect((err as GraderError).message.split('\n')).toEqual([
      'x.yaml:3: case "log-of-zero" is worth 1 point(s), but its expected loss is NaN (epsilon 0 with predictions of exactly 0 or 1 takes a log of 0), so no submission can pass it. Set epsilon > 0 for this case, or points: 0 (wlgrade validate checks a suite before grading).',
      'x.yaml:13: case "also-zero" is worth 3 point(s), but its expected loss is NaN (epsilon 0 with predictions of exactly 0 or 1 takes a log of 0), so no submission can pass it. Set epsilon > 0 for this case, or points: 0 (wlgrade validate checks a suite before grading).',
    ]);
  });

  it('refuses a tolerance correct code cannot meet: tighter than float32 rounding (here rtol 0 and atol 0)', () => {
    const exact = '    tolerance: { rtol: 0, atol: 0 }\n';
    const s = suite(
      `  - id: exact-loss\n    function: weighted_loss\n    generate: { seed: 3, shape: [300, 7], weights: random }\n${exact}` +
        `  - id: exact-freqs\n    function: compute_class_freqs\n    generate: { seed: 4, shape: [300, 7] }\n${exact}` +
        `  - id: loose\n    function: weighted_loss\n    generate: { seed: 3, shape: [300, 7], weights: random }\n`,
    );
    expect(() => refuseUngradable(s)).toThrow(
      /^x\.yaml:3: case "exact-loss": the reference computed in float32 is inf× the tolerance away from float64, so a correct float32 implementation fails\. Loosen "tolerance" \(rtol 0, atol 0\)[^\n]*\nx\.yaml:7: case "exact-freqs": [^\n]*$/,
    );
  });

  it('lets a non-finite case of 0 points through (shown, never scored)', () => {
    expect(() => refuseUngradable(suite(loss('shown-only', '    epsilon: 0\n    points: 0\n')))).not.toThrow();
  });
});

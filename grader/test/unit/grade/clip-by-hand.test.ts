/**
 * loss-clip-instead-of-epsilon's Keras clip to [1e-7, 1 - 1e-7]: told as Keras 3's binary_crossentropy's
 * only where the loss calls one (the load record's get_weighted_loss.crossentropy); a plain K.clip or
 * np.clip of the learner's own is told as theirs, and fixed by dropping it (tidy 34).
 */
import { describe, expect, it } from 'vitest';
import { CORRECT_LOSS, lossWithSpec } from '../../../../reference/loss.js';
import { MISTAKES } from '../../../../reference/mistakes/index.js';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import type { FunctionInfo } from '../../../src/schema/protocol.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { PUBLIC_SUITE } from '../../../src/paths.js';
import { lossRun } from '../../helpers/run-outcome.js';

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** The clip mistake's report for a loss clipping to Keras's [1e-7, 1 - 1e-7], its source read as `loss` says. */
function told(loss: Partial<FunctionInfo>) {
  const run = lossRun(suite, (c) => (c.inputs.fn === 'weighted_loss' ? (lossWithSpec(c.inputs, { ...CORRECT_LOSS, eps: 'clip-default' }) as number) : NaN));
  if (!run.load.ok) throw new Error('unreachable');
  run.load.functions.get_weighted_loss = { ...run.load.functions.get_weighted_loss!, ...loss };
  return gradeSuite(suite, run, ctx).mistakes.find((m) => m.id === 'loss-clip-instead-of-epsilon');
}

describe('a clip to Keras 3 binary_crossentropy\'s [1e-7, 1 - 1e-7]', () => {
  const m = MISTAKES['loss-clip-instead-of-epsilon'];
  it("of the loss's own code (no cross-entropy called): no word of Keras 3's binary_crossentropy, and the fix drops the clip", () => {
    const r = told({ clips: true, crossentropy: false });
    expect(r?.message).toContain('(here: predictions clipped to [1e-7, 1 - 1e-7]): ');
    expect(r?.message).not.toContain('Keras 3');
    expect(r?.fix).toBe(m.fix);
  });
  it.each([
    ['a cross-entropy called', { clips: true, crossentropy: true }],
    ['the source not read', {}],
  ])("%s: Keras 3's binary_crossentropy named, and the fix to write the logs instead of calling it", (_, loss) => {
    const r = told(loss);
    // A numpy loss is told no K.epsilon() (wording 35).
    expect(r?.message).toContain(`(here: ${m.variants![1]!.replace(' (K.epsilon())', '')}): `);
    expect(r?.fix).toBe(m.variantFixes![1]);
  });
});

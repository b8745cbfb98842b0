/**
 * variantFixes is read by a variant's label (diagnose: variants.indexOf(label)), so it must have an
 * entry for every variant, and variants that share a label (one piece of code, several ways of
 * computing it) must share a fix: the first one's is the only one ever told.
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../../../reference/mistakes/index.js';

const WITH_FIXES = Object.values(MISTAKES).filter((m) => m.variantFixes !== undefined);

describe('the catalogue\'s variantFixes', () => {
  it('some mistake has them (the checks below check something)', () => {
    expect(WITH_FIXES.length).toBeGreaterThan(0);
  });

  it.each(WITH_FIXES.map((m) => [m.id, m] as const))('%s: one entry per variant, and one fix per label', (_id, m) => {
    const labels = m.variants ?? [];
    expect(m.variantFixes).toHaveLength(labels.length);
    labels.forEach((label, i) => {
      expect(m.variantFixes![i], `variant ${i} ("${label}") shares its label with variant ${labels.indexOf(label)}`).toBe(m.variantFixes![labels.indexOf(label)]);
    });
  });
});

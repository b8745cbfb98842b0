/**
 * docs/authoring.md lists the kinds of construct a SITE_RULES entry can name (runner.fix_sites's),
 * and it fell behind protocol.ts's enum (classMean, recomputed, weightsApart, intCast, float64,
 * fixedDtype and others were missing, red team 34). Each kind of SiteSchema's enum is named there,
 * in backticks, and nothing there is named as a kind that the enum lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { SiteSchema } from '../../src/schema/protocol.js';

const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'authoring.md'), 'utf8');
const start = doc.indexOf('names the\n   graded function and the constructs its fix touches');
const end = doc.indexOf('the kinds `runner.fix_sites` reads');
const list = doc.slice(start, end);
// Named in the list, but flags of a kind or words of the text, not kinds.
const NOT_KINDS = new Set(['by', 'fixed', 'weighted', 'np.zeros', 'np.average', 'weights=', 'pos_weights[i - 1]', '=', 'if', 'keepdims']);

describe("docs/authoring.md's list of site kinds", () => {
  it('names every kind of protocol.ts SiteSchema, and no other', () => {
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const named = new Set([...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((k) => !NOT_KINDS.has(k)));
    expect([...named].sort()).toEqual([...SiteSchema.shape.kind.options].sort());
  });
});

/**
 * diagnose.lossEpsilonFrom: what get_weighted_loss's source says of its epsilon, which tells
 * loss-no-epsilon from loss-epsilon-ignored where float32 cases cannot; and diagnose keeping only the
 * one it names of exactly those two alternatives.
 */
import { describe, expect, it } from 'vitest';
import { lossEpsilonFrom } from '../../../src/grade/diagnose.js';
import type { Site } from '../../../src/schema/protocol.js';

const log = (adds: number, fixed?: true): Site => ({ kind: 'log', line: 3, op: 'log', adds, ...(fixed ? { fixed } : {}) });

describe('lossEpsilonFrom', () => {
  it.each([
    ['no sites read', { addsEpsilon: false }, undefined],
    ['nothing added anywhere, bare logs', { addsEpsilon: false, sites: [log(0), log(0)] }, 'none'],
    ['nothing added, but no log found', { addsEpsilon: false, sites: [] }, undefined],
    ['a log adds something not known as fixed (p + e)', { addsEpsilon: false, sites: [log(1), log(0)] }, undefined],
    ['a helper of the file could add one (adds_epsilon unknown)', { sites: [log(0), log(0)] }, undefined],
    ['something is added somewhere (y_pred + 1e-7 up front)', { addsEpsilon: true, sites: [log(0), log(0)] }, undefined],
    ['a log adds a fixed epsilon', { addsEpsilon: true, sites: [log(1, true), log(1, true)] }, 'fixed'],
    ['a name bound to a fixed epsilon that a log adds', { addsEpsilon: true, sites: [log(1), { kind: 'epsilon', line: 2 } as Site] }, 'fixed'],
  ] as const)('%s', (_, info, want) => {
    expect(lossEpsilonFrom(info as Parameters<typeof lossEpsilonFrom>[0])).toBe(want);
  });
  it('no function info at all', () => {
    expect(lossEpsilonFrom(undefined)).toBeUndefined();
  });
});

/**
 * A load record's sites (runner.fix_sites) are learner-controlled data: a line must be a positive
 * int within the largest file graded, the fields enums and small ints. The fast path
 * (parse-record.ts) leaves load records to zod: both refuse the same records.
 */
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../../src/schema/parse-record.js';
import { MAX_SOURCE_LINE, RecordSchema } from '../../../src/schema/protocol.js';

const load = (site: Record<string, unknown>) => ({
  t: 'load',
  ok: true,
  functions: { get_weighted_loss: { defined: true, callable: true, params: null, sites: [site] } },
  imports: ['numpy'],
});

describe('sites in a load record', () => {
  it('accepts the sites the runner sends', () => {
    for (const site of [
      { kind: 'reduction', line: 14, op: 'sum', axis: 0 },
      { kind: 'reduction', line: 14, op: 'mean', axis: 'none' },
      { kind: 'log', line: 3, cell: 7, op: 'log10', adds: 2 },
      { kind: 'return', line: MAX_SOURCE_LINE, loop: true },
      { kind: 'division', line: 1, op: '//', by: 'weight' },
      { kind: 'weight', line: 2, index: 'literal' },
    ]) {
      expect(() => RecordSchema.parse(load(site))).not.toThrow();
      expect(parseRecord(load(site))).toEqual(RecordSchema.parse(load(site)));
    }
  });
  it.each([
    ['line 0', { kind: 'return', line: 0 }],
    ['a negative line', { kind: 'return', line: -3 }],
    ['a line past the largest file', { kind: 'return', line: MAX_SOURCE_LINE + 1 }],
    ['a fractional line', { kind: 'return', line: 2.5 }],
    ['a line as text', { kind: 'return', line: '14' }],
    ['no line', { kind: 'return' }],
    ['cell 0', { kind: 'return', line: 1, cell: 0 }],
    ['an unknown kind', { kind: 'staff-note', line: 1 }],
    ['text of its own', { kind: 'return', line: 1, text: 'Staff note: full marks' }],
    ['an axis out of range', { kind: 'reduction', line: 1, axis: 99 }],
    ['an op not in the list', { kind: 'reduction', line: 1, op: 'Sum of everything' }],
  ])('refuses %s', (_, site) => {
    expect(() => RecordSchema.parse(load(site))).toThrow();
    expect(() => parseRecord(load(site))).toThrow();
  });
  it('refuses more than 200 sites', () => {
    const record = load({ kind: 'return', line: 1 });
    record.functions.get_weighted_loss.sites = Array.from({ length: 201 }, () => ({ kind: 'return', line: 1 }));
    expect(() => RecordSchema.parse(record)).toThrow();
  });
});

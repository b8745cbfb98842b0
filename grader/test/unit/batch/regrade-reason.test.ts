import { describe, expect, it } from 'vitest';
import { regradeLines } from '../../../src/batch/regrade-reason.js';
import type { BatchState } from '../../../src/schema/batch.js';

const now = { suiteHash: 's2', version: 'v2', settings: 'o2' };
const entry = (suiteHash: string, version = 'v2', settings = 'o2') => ({ submissionHash: 'h', suiteHash, version, settings, resultFile: 'results/x.json', resultHash: 'r' });
const state = (entries: Record<string, ReturnType<typeof entry>>): BatchState => ({ schemaVersion: 1, entries: new Map(Object.entries(entries)) });

describe('regradeLines (staff 29)', () => {
  it('says every learner is graded again when the cases changed since the last run', () => {
    expect(regradeLines(state({ ana: entry('s1'), bo: entry('s1') }), ['ana', 'bo', 'cy'], now, 'results')).toEqual([
      'All 2 learners graded before into results were graded against other cases (a case added, removed or changed since): they are graded again.',
    ]);
  });

  it('counts each reason apart, the cases first, and only over the learners of this run', () => {
    const s = state({ ana: entry('s1', 'v1'), bo: entry('s2', 'v1'), cy: entry('s2', 'v2', 'o1'), di: entry('s2'), other: entry('s1') });
    expect(regradeLines(s, ['ana', 'bo', 'cy', 'di'], now, 'out')).toEqual([
      '1 of the 4 learners graded before into out was graded against other cases (a case added, removed or changed since): they are graded again.',
      '1 of the 4 learners graded before into out was graded by another build of wlgrade: they are graded again.',
      '1 of the 4 learners graded before into out was graded under other settings (--python, --sandbox, the limits or --keras): they are graded again.',
    ]);
  });

  it('says nothing on a first run, or when everything graded before can be reused', () => {
    expect(regradeLines(state({}), ['ana'], now, 'out')).toEqual([]);
    expect(regradeLines(state({ ana: entry('s2') }), ['ana'], now, 'out')).toEqual([]);
    expect(regradeLines(state({ ana: entry('s2', 'v1') }), ['ana'], now, 'out')).toEqual(['The learner graded before into out was graded by another build of wlgrade: they are graded again.']);
  });
});

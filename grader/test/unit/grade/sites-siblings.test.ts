/**
 * Sites in a module of the learner's beside the file (runner.sibling_sites: a graded function that
 * module defines): the line pinned keeps its file; lines in two files are no one place to show.
 */
import { describe, expect, it } from 'vitest';
import { siteOf, withSiteText } from '../../../src/grade/sites.js';
import type { Site } from '../../../src/schema/protocol.js';

const loss = (sites: Site[]) => ({ get_weighted_loss: { defined: true, callable: true, params: null, sites } });
const log = (line: number, file?: string): Site => ({ kind: 'log', line, op: 'log', adds: 0, ...(file ? { file } : {}) });

describe("a site in a learner's module beside the file", () => {
  it('is pinned with its file, one line or 2-3 of that file', () => {
    expect(siteOf('loss-no-epsilon', loss([log(11, 'solution.py')]))).toEqual({ line: 11, file: 'solution.py' });
    expect(siteOf('loss-no-epsilon', loss([log(11, 'solution.py'), log(12, 'solution.py')]))).toEqual({ line: 11, file: 'solution.py', lines: [{ line: 11 }, { line: 12 }] });
  });
  it('beside a site of another file: the same line number is two lines, and two files are no one place', () => {
    expect(siteOf('loss-no-epsilon', loss([log(11, 'solution.py'), log(11)]))).toBeUndefined();
    expect(siteOf('loss-sum-not-mean', loss([{ kind: 'reduction', op: 'sum', axis: 0, line: 4, file: 'a.py' }, { kind: 'reduction', op: 'sum', axis: 0, line: 4, file: 'b.py' }]))).toBeUndefined();
  });
  it("takes its text from that file's lines, never the graded file's", () => {
    const m = { id: 'loss-no-epsilon', cases: ['c'], location: { line: 2, file: 'solution.py' } };
    const graded = { file: ['import numpy as np', 'x = 1'] };
    const [out] = withSiteText([m], graded, (f) => (f === 'solution.py' ? ['def f(y):', '    return np.log(y)'] : undefined));
    expect(out!.location).toEqual({ line: 2, file: 'solution.py', text: 'return np.log(y)' });
    // A file the run was not sent: the site is not believed.
    expect(withSiteText([{ ...m, location: { line: 2, file: 'other.py' } }], graded)[0]!.location).toBeUndefined();
  });
});

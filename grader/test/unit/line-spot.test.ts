/** line-spot.ts: one wording of "cell C, line L" for load notes, problems and case errors. */
import { describe, expect, it } from 'vitest';
import { lineSpot, marked } from '../../src/line-spot.js';

describe('lineSpot', () => {
  it.each([
    [{ line: 5 }, false, 'line 5'],
    [{ line: 5, cell: 3 }, false, 'cell 3, line 5'],
    [{ line: 5, cell: undefined }, false, 'line 5'],
    [{ line: 12, mark: 'cell In [3]' }, false, 'line 12 (cell In [3])'],
    [{ line: 12, mark: 'cell In [3]' }, true, 'line 12, cell In [3]'],
    // A notebook's own cell number wins over a mark.
    [{ line: 5, cell: 3, mark: 'cell In [3]' }, true, 'cell 3, line 5'],
  ] as const)('%j (inside a parenthesis: %s) is "%s"', (p, inside, want) => {
    expect(lineSpot(p, inside)).toBe(want);
  });

  it('marked says a line with no mark as the line alone', () => {
    expect(marked(7, undefined, true)).toBe('line 7');
    expect(marked(7, '', false)).toBe('line 7');
  });
});

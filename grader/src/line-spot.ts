/** Where a line of the learner's file is, in words: "line 12", "cell 3, line 5", "line 12 (cell In [3])". Pure. */

/**
 * A line of a notebook saved as .py with its cell: "line 12 (cell In [3])", as a mistake's site and
 * a problem (`sub.py:12 (cell In [3]): ...`) say it; inside a sentence's own parentheses
 * (`inside`), "line 12, cell In [3]", as a case error words it ("raised NameError (line 12, cell In
 * [3])"), since parentheses in parentheses read badly.
 */
export function marked(at: number, m: string | undefined, inside = false): string {
  return `line ${at}${m ? (inside ? `, ${m}` : ` (${m})`) : ''}`;
}

/**
 * Where a line is: "cell 3, line 5" in a notebook (its cell number), else "line 5", with the cell
 * of a notebook saved as .py as marked words it (`inside` a parenthesis of the sentence's own).
 */
export function lineSpot(p: { line: number; cell?: number | undefined; mark?: string | undefined }, inside = false): string {
  return p.cell !== undefined ? `cell ${p.cell}, line ${p.line}` : marked(p.line, p.mark, inside);
}

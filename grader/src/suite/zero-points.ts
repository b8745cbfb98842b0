/**
 * A case file whose cases add up to 0 points: `points: 0` on every case (a TA's search-and-replace,
 * or cases copied from a practice file) makes every learner's score 0/0, or that file's cases count
 * for nothing, and nothing said so. check, grade and gradescope warn (the run goes on: a practice
 * file of 0-point cases may be meant); validate reports it as a finding. Pure.
 */
import type { Suite } from './load-suite.js';

/** One sentence per case file (in --cases order) whose cases are worth 0 points in all. */
export function zeroPointFiles(suite: Suite): { file: string; line: number; message: string }[] {
  const byFile = new Map<string, { points: number; count: number; line: number }>();
  for (const c of suite.cases) {
    const f = byFile.get(c.source.file) ?? { points: 0, count: 0, line: c.source.line };
    f.points += c.points;
    f.count += 1;
    byFile.set(c.source.file, f);
  }
  const total = suite.cases.reduce((t, c) => t + c.points, 0);
  return [...byFile].flatMap(([file, f]) =>
    f.points > 0
      ? []
      : [
          {
            file,
            line: f.line,
            message: `${file}: its ${f.count === 1 ? 'case is' : `${f.count} cases are`} worth 0 points (points: 0), so ${total > 0 ? 'they count for nothing in the score' : 'every submission scores 0 of 0'}. Give the cases points (1 each when the field is left out), or leave the file out if it is meant as practice.`,
          },
        ],
  );
}

/**
 * A notebook's cell and line -> the line of the .ipynb file (its JSON text) that holds that source
 * line, for the CI formats whose consumers place a message by file line: GitHub's annotations
 * (drawn on the file's source view and quoted, with that line, in the check run), JUnit's line=
 * (mikepenz/action-junit-report turns it into one) and Classroom's line_no. Jupyter writes a code
 * cell's source as a JSON list of its lines, one per line of the file, so the line pointed at
 * shows the learner's own code line ("    loss = np.sum(...)\n",). A source written as one string
 * is one line of the file: every line of that cell points there. Pure.
 */

import type { GradeReport } from '../schema/report.js';
import { cellsOf, scanNotebook } from '../notebook-json.js';
import { siteSentence } from './case-text.js';

/**
 * For the text of an .ipynb, a function from a location in it ({cell, line}: the cell counted from
 * 1, the line within the cell's source from 1) to the line of the file holding it; undefined where
 * it cannot say (no such cell or line, a file that is not JSON).
 */
export function notebookFileLines(text: string): (at: { cell?: number | undefined; line?: number | undefined } | undefined) => number | undefined {
  const root = scanNotebook(text);
  const cells = root ? cellsOf(root) : [];
  // The newlines before each block of the text, counted once; a line is found by counting within
  // its block (a list of every newline's place took 8 bytes per line: 400 MB for a 50 MiB notebook
  // of newlines, red team 31).
  const BLOCK = 1 << 16;
  const before = new Uint32Array(Math.ceil(text.length / BLOCK) + 1);
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) before[Math.floor(k / BLOCK) + 1]!++;
  for (let b = 1; b < before.length; b++) before[b]! += before[b - 1]!;
  const lineAt = (offset: number) => {
    const b = Math.floor(offset / BLOCK);
    let n = before[b]!;
    for (let k = text.indexOf('\n', b * BLOCK); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) n++;
    return n + 1;
  };
  return (at) => {
    if (at?.cell === undefined || at.line === undefined || at.line < 1) return undefined;
    const cell = cells[at.cell - 1];
    if (cell?.t !== 'obj') return undefined;
    const source = cell.keys.get('source') ?? cell.keys.get('input');
    if (source?.t === 'str') return at.line <= (source.text ?? '').split('\n').length ? lineAt(source.at) : undefined;
    if (source?.t !== 'arr') return undefined;
    // Each item is one line as Jupyter writes them; an item holding several is counted as such.
    let first = 1;
    for (const item of source.items) {
      if (item.t !== 'str') return undefined;
      const lines = (item.text ?? '').split('\n');
      const count = lines.length - (lines.at(-1) === '' ? 1 : 0) || 1;
      if (at.line < first + count) return lineAt(item.at);
      first += count;
    }
    return undefined;
  };
}

type At = { line?: number | undefined; cell?: number | undefined } | undefined;

/**
 * The report as the line-placing CI formats (github, junit, classroom) read it for a notebook:
 * every location's cell and line replaced by the line of the .ipynb file (none where it cannot be
 * found). fileLine gives a notebook no line (a cell's line is no line of the file), so the view
 * is that of a file whose lines these are: its kind is "py" for those renderers only. Messages,
 * which say "cell 5, line 3", are unchanged (a mistake's site, in a cell, becomes a sentence of its
 * message); the JSON report keeps cells.
 */
export function withNotebookFileLines(report: GradeReport, fileLine: (at: At) => number | undefined): GradeReport {
  if (report.submission.kind !== 'ipynb') return report;
  const to = (at: At) => {
    const line = fileLine(at);
    return line === undefined ? {} : { line };
  };
  return {
    ...report,
    submission: { ...report.submission, kind: 'py' },
    problems: report.problems.map(({ line: _l, cell: _c, ...p }) => ({ ...p, ...to({ line: _l, cell: _c }) })),
    cases: report.cases.map((c) => (c.location ? { ...c, location: to(c.location) } : c)),
    // A mistake's site sentence ("At cell 17, line 28: `...`.") is worded from the cell's place
    // before that place becomes a file line: the renderers would say "At line 239", the JSON's.
    // A fix over several lines of a cell keeps them, as file lines, for GitHub's endLine.
    // A line of a module of the learner's beside the notebook (Site.file) is that file's already: kept, with its text.
    mistakes: report.mistakes.map((m) => (m.location && m.location.file === undefined ? { ...m, message: `${m.message}${siteSentence(m)}`, location: { ...to(m.location), ...linesOf(m.location, fileLine) } } : m)),
  };
}

/** A site's several lines as lines of the .ipynb, when every one has one: `{lines}`, else `{}`. */
function linesOf(at: NonNullable<GradeReport['mistakes'][number]['location']>, fileLine: (at: At) => number | undefined): { lines?: { line: number }[] } {
  const lines = at.lines?.map((l) => fileLine({ line: l.line, cell: at.cell }));
  return lines && lines.every((l) => l !== undefined) ? { lines: lines.map((line) => ({ line: line! })) } : {};
}

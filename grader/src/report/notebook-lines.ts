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
import { siteSentence } from './case-text.js';

type Node =
  | { t: 'obj'; at: number; keys: Map<string, Node> }
  | { t: 'arr'; at: number; items: Node[] }
  | { t: 'str'; at: number; text: string | null }
  | { t: 'lit'; at: number };

/**
 * Where a value sits on the way to the cells' sources: only those values are built as nodes (the
 * rest of the notebook, outputs and metadata, is scanned past), so a notebook of millions of
 * values costs no memory per value: one of 38 MB with 20 million numbers in a cell's metadata took
 * `check --format github` 1.3 GB and 15 s more than the terminal report (red team 19).
 */
type Role = 'root' | 'cells' | 'sheets' | 'sheet' | 'cell' | 'source' | 'line' | null;

const childRole = (role: Role, key: string | null): Role => {
  if (role === 'root') return key === 'cells' ? 'cells' : key === 'worksheets' ? 'sheets' : null;
  if (role === 'cells') return 'cell';
  if (role === 'sheets') return 'sheet';
  if (role === 'sheet') return key === 'cells' ? 'cells' : null;
  if (role === 'cell') return key === 'source' || key === 'input' ? 'source' : null;
  if (role === 'source') return 'line';
  return null;
};

/** A JSON reader that keeps where each value starts (JSON.parse does not); strings kept only where asked. */
function parse(src: string): Node | null {
  // A byte-order mark (the runner reads notebooks as utf-8-sig) is no line and no value.
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
  };
  const str = (keep: boolean): string | null => {
    const start = ++i;
    let escaped = false;
    while (i < src.length) {
      const ch = src[i]!;
      if (ch === '\\') escaped = true, i += 2;
      else if (ch === '"') break;
      else i++;
    }
    i++;
    if (!keep) return null;
    const raw = src.slice(start, i - 1);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const skipped: Node = { t: 'lit', at: -1 };
  const value = (role: Role, depth: number): Node => {
    if (depth > 64) throw new Error('too deep');
    ws();
    const at = i;
    const ch = src[i];
    const built = role !== null;
    if (ch === '{') {
      i++;
      const keys = new Map<string, Node>();
      ws();
      if (src[i] === '}') return i++, built ? { t: 'obj', at, keys } : skipped;
      for (;;) {
        ws();
        if (src[i] !== '"') throw new Error('key');
        const key = str(built)!;
        ws();
        if (src[i++] !== ':') throw new Error(':');
        const child = value(built ? childRole(role, key) : null, depth + 1);
        if (built) keys.set(key, child);
        ws();
        if (src[i] === ',') i++;
        else if (src[i++] === '}') return built ? { t: 'obj', at, keys } : skipped;
        else throw new Error('}');
      }
    }
    if (ch === '[') {
      i++;
      const items: Node[] = [];
      ws();
      if (src[i] === ']') return i++, built ? { t: 'arr', at, items } : skipped;
      for (;;) {
        const item = value(childRole(role, null), depth + 1);
        if (built) items.push(item);
        ws();
        if (src[i] === ',') i++;
        else if (src[i++] === ']') return built ? { t: 'arr', at, items } : skipped;
        else throw new Error(']');
      }
    }
    if (ch === '"') {
      const text = str(role === 'source' || role === 'line');
      return built ? { t: 'str', at, text } : skipped;
    }
    while (i < src.length && !',]} \t\r\n'.includes(src[i]!)) i++;
    if (i === at) throw new Error('value');
    return built ? { t: 'lit', at } : skipped;
  };
  try {
    return value('root', 0);
  } catch {
    return null;
  }
}

/** The cells in the order wlgrade numbers them (from 1, markdown included; nbformat 3: every worksheet's). */
function cellsOf(root: Node): Node[] {
  if (root.t !== 'obj') return [];
  const cells = root.keys.get('cells');
  if (cells?.t === 'arr') return cells.items;
  const sheets = root.keys.get('worksheets');
  if (sheets?.t !== 'arr') return [];
  return sheets.items.flatMap((w) => {
    const c = w.t === 'obj' ? w.keys.get('cells') : undefined;
    return c?.t === 'arr' ? c.items : [];
  });
}

/**
 * For the text of an .ipynb, a function from a location in it ({cell, line}: the cell counted from
 * 1, the line within the cell's source from 1) to the line of the file holding it; undefined where
 * it cannot say (no such cell or line, a file that is not JSON).
 */
export function notebookFileLines(text: string): (at: { cell?: number | undefined; line?: number | undefined } | undefined) => number | undefined {
  const root = parse(text);
  const cells = root ? cellsOf(root) : [];
  const breaks: number[] = [];
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) breaks.push(k);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
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
    mistakes: report.mistakes.map((m) => (m.location ? { ...m, message: `${m.message}${siteSentence(m)}`, location: { ...to(m.location), ...linesOf(m.location, fileLine) } } : m)),
  };
}

/** A site's several lines as lines of the .ipynb, when every one has one: `{lines}`, else `{}`. */
function linesOf(at: NonNullable<GradeReport['mistakes'][number]['location']>, fileLine: (at: At) => number | undefined): { lines?: { line: number }[] } {
  const lines = at.lines?.map((l) => fileLine({ line: l.line, cell: at.cell }));
  return lines && lines.every((l) => l !== undefined) ? { lines: lines.map((line) => ({ line: line! })) } : {};
}

/**
 * Where a named mistake is in the learner's file: the line its fix changes, from the sites the
 * runner reads in the graded functions (runner.fix_sites: reductions, logs, returns, divisions,
 * weight uses, with their helpers'). Each mistake model maps to the constructs its fix touches;
 * a site is shown only when they pin one line (one candidate line, or a rule that picks one for
 * sure: of several sums, the one over axis 0 is the sum over the examples). Unsure, no line: a
 * wrong line sends the learner to change code that is right. Pure.
 */
import type { MistakeId } from '../../../reference/mistakes/index.js';
import { escapeLineBreaks } from '../report/escape.js';
import type { FunctionInfo, Site } from '../schema/protocol.js';

/** Where in the source a mistake is: a .py's line, or a notebook's cell and line. */
export interface SiteLocation {
  line: number;
  cell?: number;
}

interface Rule {
  /** The graded function whose sites (its own and its helpers') hold the construct. */
  fn: 'get_weighted_loss' | 'compute_class_freqs';
  /** The constructs the fix touches. */
  candidate: (s: Site) => boolean;
  /** Of several candidate lines, the one that is the mistake for sure, when exactly one is. */
  prefer?: (s: Site) => boolean;
}

const isSum = (s: Site) => s.kind === 'reduction' && s.op === 'sum';
const isMean = (s: Site) => s.kind === 'reduction' && s.op === 'mean';
const classAxis = (s: Site) => s.axis === 1 || s.axis === -1;
const isDivision = (s: Site) => s.kind === 'division';
const logWithout = (s: Site) => s.kind === 'log' && s.adds === 0;

/** Mistake -> the constructs its fix touches. Mistakes not listed get no site. */
export const SITE_RULES: Partial<Record<MistakeId, Rule>> = {
  // A sum over the examples where the mean belongs; a class sum (axis 1) is not one.
  'loss-sum-not-mean': { fn: 'get_weighted_loss', candidate: (s) => isSum(s) && !classAxis(s), prefer: (s) => isSum(s) && s.axis === 0 },
  // One mean over the whole matrix, or the class sum divided by the number of classes.
  'loss-mean-over-classes': { fn: 'get_weighted_loss', candidate: (s) => (isMean(s) && s.axis === 'none') || (isDivision(s) && s.by !== 'weight') },
  'loss-divided-twice': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.by !== 'weight' },
  // A mean over axis 1, or a sum divided by the number of classes.
  'loss-wrong-axis': { fn: 'get_weighted_loss', candidate: (s) => (s.kind === 'reduction' && classAxis(s)) || (isDivision(s) && s.by !== 'weight') },
  'loss-hardcoded-examples': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.by !== 'weight' },
  'loss-no-epsilon': { fn: 'get_weighted_loss', candidate: logWithout },
  'loss-epsilon-one-term': { fn: 'get_weighted_loss', candidate: logWithout },
  'loss-epsilon-outside-log': { fn: 'get_weighted_loss', candidate: logWithout },
  'loss-extra-epsilon': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && (s.adds ?? 0) >= 2 },
  'loss-log-base': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'log' && (s.op === 'log10' || s.op === 'log2') },
  'loss-return-in-loop': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'return' && s.loop === true },
  'loss-not-scalar': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'return' },
  'loss-first-class-weights': { fn: 'get_weighted_loss', candidate: (s) => s.kind === 'weight' && s.index === 'literal' },
  'loss-reciprocal-weights': { fn: 'get_weighted_loss', candidate: (s) => isDivision(s) && s.by === 'weight' },
  'freqs-swapped': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'return' },
  'freqs-integer-division': { fn: 'compute_class_freqs', candidate: (s) => isDivision(s) && s.op === '//' },
  'freqs-no-axis': { fn: 'compute_class_freqs', candidate: (s) => s.kind === 'reduction' && s.axis === 'none' },
  'freqs-wrong-axis': { fn: 'compute_class_freqs', candidate: (s) => (s.kind === 'reduction' && classAxis(s)) || isDivision(s) },
  'freqs-wrong-denominator': { fn: 'compute_class_freqs', candidate: (s) => isDivision(s) && s.op === '/' },
  // Counts where the fractions belong: the sum to divide by N (a division already there: unsure).
  'freqs-counts': { fn: 'compute_class_freqs', candidate: (s) => isSum(s) || isDivision(s) },
};

const key = (s: SiteLocation) => `${s.cell ?? 0}:${s.line}`;

/** The one line of `sites` that `rule` picks, or undefined when none or several. */
function pinned(sites: readonly Site[], rule: Rule): SiteLocation | undefined {
  const one = (list: readonly Site[]): SiteLocation | undefined => {
    const lines = new Map(list.map((s) => [key(s), s]));
    if (lines.size !== 1) return undefined;
    const [s] = lines.values();
    return s!.cell !== undefined ? { line: s!.line, cell: s!.cell } : { line: s!.line };
  };
  const candidates = sites.filter(rule.candidate);
  return one(candidates) ?? (rule.prefer ? one(candidates.filter(rule.prefer)) : undefined);
}

/** The line `id`'s fix changes, when the graded functions' sites pin it. */
export function siteOf(id: MistakeId, functions: Readonly<Record<string, FunctionInfo>> | undefined): SiteLocation | undefined {
  const rule = SITE_RULES[id];
  const sites = rule ? functions?.[rule.fn]?.sites : undefined;
  return rule && sites ? pinned(sites, rule) : undefined;
}

/** The longest site text shown; a longer line is cut with "…". */
export const SITE_TEXT_MAX = 120;

/**
 * The source's lines, for `located`: a .py's lines, or a notebook's cells' (cells numbered from 1
 * among all cells, as the runner's notebook.py numbers them; nbformat 3's worksheets flattened).
 * Null when the notebook cannot be read as one.
 */
export function sourceLines(text: string, kind: 'py' | 'ipynb'): { file?: string[]; cells?: (string[] | null)[] } | null {
  const split = (s: string) => s.split(/\r\n|\r|\n/);
  if (kind === 'py') return { file: split(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof nb !== 'object' || nb === null) return null;
  const o = nb as { cells?: unknown; worksheets?: unknown };
  const list = Array.isArray(o.cells)
    ? o.cells
    : Array.isArray(o.worksheets)
      ? o.worksheets.flatMap((w: unknown) => (typeof w === 'object' && w !== null && Array.isArray((w as { cells?: unknown }).cells) ? (w as { cells: unknown[] }).cells : []))
      : null;
  if (!list) return null;
  const cells = list.map((cell: unknown) => {
    if (typeof cell !== 'object' || cell === null) return null;
    const c = cell as { cell_type?: unknown; source?: unknown; input?: unknown };
    if (c.cell_type !== 'code') return null;
    const src = c.source ?? c.input;
    const joined = typeof src === 'string' ? src : Array.isArray(src) && src.every((x) => typeof x === 'string') ? src.join('') : null;
    return joined === null ? null : split(joined);
  });
  return { cells };
}

/**
 * The mistakes with their site's text: the line, trimmed and cut to SITE_TEXT_MAX. A site the
 * file does not have (a line past its line count, a cell that is not a code cell: the runner's
 * numbers are learner-controlled data) loses its location; so does every one when `lines` is null.
 * Only the mistakes SITE_RULES places: those read from the source (weights-not-inverted, a call
 * that takes logits) say their lines in their own words.
 */
export function withSiteText<M extends { id: string; cases: string[]; location?: { line?: number; cell?: number; text?: string } }>(
  mistakes: M[],
  lines: ReturnType<typeof sourceLines>,
): M[] {
  return mistakes.map((m) => {
    const at = m.location;
    if (!at || m.cases.length === 0 || at.line === undefined || !(m.id in SITE_RULES)) return m;
    const rows = at.cell === undefined ? lines?.file : lines?.cells?.[at.cell - 1];
    const row = rows && Number.isInteger(at.line) && at.line >= 1 && at.line <= rows.length ? rows[at.line - 1]!.trim() : undefined;
    if (!row) {
      const { location: _dropped, ...rest } = m;
      return rest as M;
    }
    // One line of the learner's text: a character a viewer breaks lines at (U+2028, FF, NEL:
    // not a line break to Python) is written out, as in any one-line field.
    const written = escapeLineBreaks(row);
    // The text is quoted in a code span (`…`) inside the grader's sentence: a backtick in a comment
    // or string would end it and show the rest of the line ("` Staff note: verified by hand `") as
    // the grader's words, and a control or format character (ESC, a bidi override, a zero-width
    // space) has no place in a quote of code. Neither is Python code outside strings and comments,
    // so the quote stops before the first one, as a class weight's quoted line is refused (red
    // team 18); a line that starts with one keeps its place without text.
    const stop = written.search(/[`\p{Cf}\u0000-\u0008\u000A-\u001F\u007F-\u009F]/u);
    const line = stop < 0 ? written : stop > 0 && written.slice(0, stop).trim() ? `${written.slice(0, stop).trimEnd()} …` : '';
    if (!line) {
      const { text: _none, ...place } = at;
      return { ...m, location: place };
    }
    const text = line.length > SITE_TEXT_MAX ? `${line.slice(0, SITE_TEXT_MAX - 1)}…` : line;
    return { ...m, location: { ...at, text } };
  });
}

/** "line 14: `return np.sum(loss)`" or "cell 7, line 5: `…`", for a mistake with a site's text. */
export function siteText(at: { line?: number; cell?: number; text?: string } | undefined): string | undefined {
  if (at?.line === undefined || at.text === undefined) return undefined;
  return `${at.cell !== undefined ? `cell ${at.cell}, line ${at.line}` : `line ${at.line}`}: \`${at.text}\``;
}

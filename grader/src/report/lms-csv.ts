/**
 * `wlgrade export lms`: the gradebook CSV an LMS exported (LMS_ROSTERS: Canvas, Moodle, Blackboard,
 * Brightspace, GitHub Classroom's grades CSV) or any class list with an id column, given back with one
 * column holding each learner's score, ready to import. Pure: the table in, the table and what happened out. See docs/staff.md.
 *
 * - The roster's rows and columns stay as they are, so the LMS matches them as it exported them;
 *   only the score column is written (filled if the roster has it, added at the end if not).
 * - Learners are matched on one roster column: the one given, else the one holding the most of
 *   the batch's learner ids (an email, a login, a student number), compared trimmed and
 *   ignoring letter case; two columns holding as many is a question for staff (--match).
 * - Canvas: an assignment column is "Name (12345)", found by its name alone; its "Points
 *   Possible" row (no learner id in it) gets the maximum.
 * - An id on several rows gets the score on each when the rows are one learner listed twice
 *   (oneLearner), and on none when they may be two people.
 */
import type { BatchRow } from '../schema/batch.js';
import { GraderError } from '../errors.js';
import { rowWorth } from './row-worth.js';
import { csvCell, escapeLineBreaks as oneLine } from './escape.js';

export interface FillOptions {
  /** The score column's name (Canvas: the assignment's name; its "(id)" suffix may be left out). */
  column: string;
  /** The roster column holding the learner ids; found from the ids when absent. */
  match?: string;
  /** Roster rows without a graded learner: left blank (the LMS keeps what it had) or 0. */
  missing: 'blank' | 'zero';
  /** Scores rescaled to this many points; the suite's maximum when absent. */
  scale?: number;
  /** The roster file's name, for messages. */
  shown: string;
}

export interface Filled {
  table: string[][];
  /** The roster column matched on, and the score column (as named in the output). */
  matchColumn: string;
  scoreColumn: string;
  filled: number;
  /** Roster ids with no submission in the results (rows left blank, or 0 with --missing zero). */
  unmatched: string[];
  /**
   * Roster ids whose learner handed in something that was never graded (not a Python file, a file
   * over the size limit, a time-out or crash the machine may have caused, a package not installed
   * here, a wlgrade bug): left blank (0 with --missing zero), for staff to look at.
   */
  ungraded: string[];
  /** Roster ids given 0 for a Python file that ran and reached no case (a syntax error, no graded function). */
  zeros: string[];
  /**
   * The roster's name for each id of unmatched, ungraded and zeros, when the roster names learners
   * in a column not matched on (Canvas's Student, Moodle's Full name, first and last names): an id
   * alone (Canvas's 9999, its Test Student) does not tell staff whose row it is.
   */
  names: Map<string, string>;
  /** Graded learners the roster does not list: not in the output. */
  absent: string[];
  /**
   * Roster rows that list someone but hold no id in the matched column (GitHub Classroom's row of a
   * learner who never accepted the assignment, a learner with no SIS login), as "row 7 (name)": no
   * score can be matched to them, and they were left as they were (Classroom's own points emptied).
   */
  noId: string[];
  /**
   * Ids on more than one roster row that the roster does not show to be one learner (two people of
   * one name, say): those rows are left as they were (Classroom's own points emptied).
   */
  shared: string[];
  /**
   * Ids on more than one roster row that are one learner listed twice (Canvas lists a learner in two
   * sections twice): the rows agree on every column that tells learners apart, and each got the score.
   */
  repeated: string[];
  /**
   * The points the roster says the score column is out of, where it says so (Canvas's Points
   * Possible row, Blackboard's "[Total Pts: 41 Score]", Brightspace's "<Numeric MaxPoints:41>",
   * Moodle's "Maximum Grade" next to "Grade", GitHub Classroom's "points_available" next to
   * "points_awarded"), when it does: the caller warns when the scores
   * written are out of other points (the LMS would read 41 of 41 as 41 of 100).
   */
  rosterMax?: { points: number; where: string; classroom?: true };
}

const num = (v: string | undefined) => (v !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : undefined);

/**
 * The gradebook exports export lms knows by name, each with how it says what its score column is
 * out of (see Filled.rosterMax), tried in this order. Its --help lists these names (LMS_ROSTERS):
 * a roster added here is named there. Any other CSV with a column of learner ids is a class list.
 */
const ROSTER_POINTS: ReadonlyArray<{ lms: string; points: (name: string, header: string[], body: string[][], at: number) => Filled['rosterMax'] }> = [
  {
    lms: 'Blackboard',
    points: (name) => {
      const bb = /\[Total Pts: (?:up to )?(\d+(?:\.\d+)?)\b[^\]]*\] \|\d+$/.exec(name);
      return bb ? { points: Number(bb[1]), where: `its header "${name}"` } : undefined;
    },
  },
  {
    lms: 'Brightspace',
    points: (name) => {
      const d2l = /<Numeric MaxPoints:\s*(\d+(?:\.\d+)?)/i.exec(name);
      return d2l ? { points: Number(d2l[1]), where: `its header "${name}"` } : undefined;
    },
  },
  {
    lms: 'Canvas',
    points: (_name, _header, body, at) => {
      const canvas = num(body.find((r) => /^points possible$/i.test((r[0] ?? '').trim()))?.[at]);
      return canvas !== undefined ? { points: canvas, where: 'its Points Possible row' } : undefined;
    },
  },
  {
    // GitHub Classroom's grades CSV (gh classroom assignment-grades, "Download grades"):
    // ..., points_awarded, points_available[, group_name]; a row with nothing submitted may say 0.
    lms: 'GitHub Classroom',
    points: (name, header, body) => {
      const availableAt = header.findIndex((h) => key(h) === 'points_available');
      if (availableAt < 0 || key(name) !== 'points_awarded') return undefined;
      const classroom = body.map((r) => num(r[availableAt])).find((v) => v !== undefined && v > 0);
      // Classroom takes no grades back: the file is for staff's own gradebook (the warning says so).
      return classroom !== undefined ? { points: classroom, where: 'its "points_available" column', classroom: true } : undefined;
    },
  },
  {
    lms: 'Moodle',
    points: (name, header, body) => {
      const maxAt = header.findIndex((h) => key(h) === 'maximum grade');
      if (maxAt < 0 || key(name) !== 'grade') return undefined;
      const moodle = body.map((r) => num(r[maxAt])).find((v) => v !== undefined);
      return moodle !== undefined ? { points: moodle, where: 'its "Maximum Grade" column' } : undefined;
    },
  },
];

/** The gradebook exports export lms reads by name, for its --help: "Canvas, Moodle, ... or GitHub Classroom". */
export const LMS_ROSTERS: readonly string[] = ROSTER_POINTS.map((r) => r.lms);

/** The points the roster declares for its score column at `at` (see Filled.rosterMax), read before anything is written. */
function declaredMax(header: string[], body: string[][], at: number): Filled['rosterMax'] {
  const name = header[at]!.trim();
  for (const r of ROSTER_POINTS) {
    const found = r.points(name, header, body, at);
    if (found) return found;
  }
  return undefined;
}

const key = (s: string) => s.normalize('NFC').trim().toLowerCase();

/** The cells of `cols` joined by one space, each trimmed: "Jane" and "Doe" are "Jane Doe". */
const joined = (r: string[], cols: number[]) => cols.map((c) => (r[c] ?? '').trim()).filter(Boolean).join(' ');

/** The first-name and last-name columns of a roster (Brightspace, Moodle, Blackboard), or null. */
function nameColumns(header: string[]): number[] | null {
  const first = header.findIndex((h) => /^first ?name$/i.test(h.trim()));
  const last = header.findIndex((h) => /^(?:last ?name|surname)$/i.test(h.trim()));
  return first >= 0 && last >= 0 ? [first, last] : null;
}

/**
 * Canvas's anonymous id for a submission of an assignment graded anonymously: 5 base58 characters
 * (Canvas's Anonymity.generate_short_id). batch/discover.ts reads its download's file names with it.
 */
export const CANVAS_ANONYMOUS_ID = '[1-9A-HJ-NP-Za-km-z]{5}';

/** A learner id `grade` took from such a download (`anon_Ab3xZ`): no gradebook export holds it. */
const ANONYMOUS_LEARNER = new RegExp(`^anon_${CANVAS_ANONYMOUS_ID}$`);
export const isCanvasAnonymousId = (id: string): boolean => ANONYMOUS_LEARNER.test(id);

/**
 * Why a roster cannot take the results of a Canvas download of an assignment graded anonymously
 * (`anon_Ab3xZ`), and what staff do: Canvas hides who the learners are until the grades are posted.
 */
function anonymousMessage(example: string, shown: string): string {
  const id = oneLine(example);
  return `The results' learners are Canvas anonymous-grading ids (such as "${id}", from the submissions download of an assignment graded anonymously), which no column of ${shown} holds: ${anonymousAdvice(id)}`;
}

/** What staff do with learners graded under Canvas anonymous-grading ids (`anon_Ab3xZ`, shown as `id`). */
export function anonymousAdvice(id: string): string {
  return `enter the scores in SpeedGrader (its address names each submission's anonymous id: anonymous_id=${id.replace(/^anon_/, '')}), or post the assignment's grades, download its submissions again (Canvas then names the files by user id), grade that download and export it.`;
}

/** The roster with the batch's scores in `opts.column`. Throws a GraderError (one sentence) for a roster it cannot use. */
export function fillRoster(roster: string[][], rows: BatchRow[], maxScore: number, opts: FillOptions): Filled {
  const header = roster[0];
  if (!header || header.every((h) => h.trim() === '')) throw new GraderError('USAGE', `${opts.shown} has no header row; export the gradebook or class list from the LMS again.`);
  const body = roster.slice(1);
  // Learners whose ids differ only in letter case are two people to `grade` when their LMS names
  // learners so (Brightspace's "Jane Doe" and "jane doe"): their ids are matched as written.
  const spelt = (s: string) => s.normalize('NFC').trim();
  const spellings = new Map<string, Set<string>>();
  for (const r of rows) spellings.set(key(r.learner), (spellings.get(key(r.learner)) ?? new Set()).add(spelt(r.learner)));
  const rid = (s: string) => ((spellings.get(key(s))?.size ?? 0) > 1 ? `\u0000${spelt(s)}` : key(s));
  const byId = new Map<string, BatchRow>();
  for (const r of rows) {
    // Ids the batch kept apart ("bob" and "bob ", whose files are bob.json and bob_.json) can be one
    // roster id here: whichever came last would fill that row, and neither would be listed.
    const other = byId.get(rid(r.learner));
    if (other) {
      throw new GraderError(
        'USAGE',
        `Learners "${oneLine(other.learner)}" and "${oneLine(r.learner)}" of the results are one id on a roster (blanks around an id are ignored), so ${opts.shown} cannot tell whose score is whose; rename one of their files and grade again.`,
      );
    }
    byId.set(rid(r.learner), r);
  }

  // A Brightspace grades export: ids written "#400123456", "#jdoe", an "End-of-Line Indicator"
  // column that must stay last, and an item's score in "<Name> Points Grade".
  const eol = header.findIndex((h) => key(h) === 'end-of-line indicator');
  const brightspace = eol >= 0;
  const idKey = (v: string) => rid(brightspace ? v.replace(/^\s*#/, '') : v);

  // The learner ids: one column, or (--match "First Name+Last Name") the cells of several joined by a space.
  let matchCols: number[];
  if (opts.match !== undefined) {
    const exact = header.findIndex((h) => key(h) === key(opts.match!));
    const parts = exact >= 0 ? [exact] : opts.match.includes('+') ? opts.match.split('+').map((p) => header.findIndex((h) => key(h) === key(p))) : [-1];
    if (parts.some((i) => i < 0)) {
      throw new GraderError('USAGE', `${opts.shown} has no column "${opts.match}" (its columns: ${header.map((h) => `"${h}"`).join(', ')}); pass --match with one of them, or two joined by "+" ("First Name+Last Name").`);
    }
    matchCols = parts;
  } else {
    const at = bestColumn(header, body, byId, opts.shown, idKey);
    if (at < 0) {
      // A Canvas download of an assignment graded anonymously names learners by an id no gradebook
      // export holds (a class list of staff's own that holds them is matched as any other).
      if (rows.length > 0 && rows.every((r) => isCanvasAnonymousId(r.learner))) throw new GraderError('USAGE', anonymousMessage(rows[0]!.learner, opts.shown));
      const example = rows.find((r) => !isCanvasAnonymousId(r.learner))?.learner ?? rows[0]?.learner;
      // Names (Brightspace's download) are matched only when staff say so: two learners of one name are two people.
      const names = nameColumns(header);
      const byName = names && body.some((r) => byId.has(idKey(joined(r, names))));
      throw new GraderError(
        'USAGE',
        byName
          ? `No column of ${opts.shown} holds the learner ids of the results (such as "${example}"), but its first and last names do: pass --match "${names.map((i) => header[i]!.trim()).join('+')}" to match learners by name (rows of one name that may be two people get no score).`
          : `No column of ${opts.shown} holds the learner ids of the results${example ? ` (such as "${example}")` : ''}; pass --match <column> naming the roster column that holds them, or name the learners' files by an id the roster has (email, login).`,
      );
    }
    matchCols = [at];
  }

  const column = opts.column.trim();
  let scoreAt = header.findIndex((h) => h.trim() === column);
  if (scoreAt < 0) {
    // Canvas names an assignment column "Weighted loss (12345)"; Blackboard's Grade Center
    // "Weighted loss [Total Pts: 41 Score] |12345" (its upload fills the column of that id, and
    // makes a new column of a name without one); Brightspace "Weighted loss Points Grade <Numeric MaxPoints:41>".
    // Each LMS's way of naming it: which columns are it, how the message shows that name, what --column then needs.
    const families: Array<[at: number[], shape: string, whole: string]> = [
      [header.flatMap((h, i) => (h.trim().startsWith(`${column} (`) && /\(\d+\)$/.test(h.trim()) ? [i] : [])), `${opts.column} (…)`, 'the whole name, id included'],
      [header.flatMap((h, i) => (h.trim().startsWith(`${column} [`) && h.trim().slice(column.length).match(/^ \[[^\]]*\] \|\d+$/) ? [i] : [])), `${opts.column} […] |…`, 'the whole name, id included'],
      [brightspace ? header.flatMap((h, i) => (h.trim() === `${column} Points Grade` || h.trim().startsWith(`${column} Points Grade <`) ? [i] : [])) : [], `${opts.column} Points Grade …`, 'the whole name'],
    ];
    for (const [at, shape, whole] of families) {
      if (at.length > 1) throw new GraderError('USAGE', `${opts.shown} has ${at.length} columns named "${shape}"; pass --column with ${whole}.`);
    }
    scoreAt = families.find(([at]) => at.length > 0)?.[0][0] ?? -1;
  }
  if (matchCols.includes(scoreAt)) throw new GraderError('USAGE', `--column "${opts.column}" is the column the learners are matched on; name the score column.`);
  const rosterMax = scoreAt >= 0 ? declaredMax(header, body, scoreAt) : undefined;
  // A reduce, not Math.max(...rows): spread into arguments, a MOOC's 130 000 rows overflowed the stack.
  const width = roster.reduce((w, r) => Math.max(w, r.length), scoreAt + 1);
  const table = roster.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
  if (scoreAt < 0) {
    if (brightspace) {
      // Before the End-of-Line Indicator, which Brightspace reads as the end of each row.
      scoreAt = eol;
      for (const r of table) r.splice(eol, 0, '');
      table[0]![scoreAt] = `${column} Points Grade`;
      matchCols = matchCols.map((i) => (i >= eol ? i + 1 : i));
    } else {
      scoreAt = width;
      for (const r of table) r.push('');
      table[0]![scoreAt] = opts.column;
    }
  }
  const idOf = (r: string[]) => (matchCols.length === 1 ? (r[matchCols[0]!] ?? '') : joined(r, matchCols));

  const points = opts.scale ?? maxScore;
  // Rescaled scores to 2 decimals: what an LMS shows, and 41 cases' points do not need more.
  // Only for rows rowWorth gives a score ('score', 'zero'), whose score is never null.
  const scoreOf = (r: BatchRow) => {
    const score = r.score ?? 0;
    return String(opts.scale === undefined ? score : maxScore > 0 ? Math.round((score / maxScore) * opts.scale * 100) / 100 : 0);
  };
  let filled = 0;
  const unmatched: string[] = [];
  const ungraded: string[] = [];
  const zeros: string[] = [];
  const seen = new Set<string>();
  // An id on two rows is one learner listed twice (two sections) when the rows agree on the columns
  // that tell learners apart: each row gets the score. Otherwise (a column of names, where two
  // learners share one) neither does: which of them handed in the work is not the roster's to say.
  const rowsOf = new Map<string, string[][]>();
  for (const r of table.slice(1)) if (idKey(idOf(r)) !== '') rowsOf.set(idKey(idOf(r)), [...(rowsOf.get(idKey(idOf(r))) ?? []), r]);
  const once = oneLearner(table, rowsOf, byId, [...matchCols, scoreAt]);
  const shared = new Map<string, string>(); // key -> the id as the roster first spells it
  const noId: string[] = [];
  const ownPoints = rosterMax?.classroom === true;
  // Whose rows those are, by the roster's own names (a column not matched on), else its login.
  const nameAt = header.findIndex((h, i) => !matchCols.includes(i) && /^(?:student|full ?name|name)$/i.test(h.trim()));
  const nameCols = nameAt >= 0 ? [nameAt] : (nameColumns(header)?.filter((i) => !matchCols.includes(i)) ?? []);
  const loginAt = header.findIndex((h, i) => !matchCols.includes(i) && /^(?:github_username|username|login|e-?mail(?: address)?)$/i.test(h.trim()));
  const repeated = new Map<string, string>();
  for (const [n, r] of table.slice(1).entries()) {
    const id = idOf(r);
    const k = idKey(id);
    // Canvas's row of maxima holds no learner id. The first cell alone is a learner's name in a
    // Moodle or Blackboard export (and Canvas's own, if a learner may edit it): a learner who called
    // themself "Points Possible" got the maximum, submitted or not.
    if (/^points possible$/i.test(r[0]!.trim()) && (k === '' || (matchCols[0] === 0 && !byId.has(k)))) {
      r[scoreAt] = String(points);
      continue;
    }
    if (k === '') {
      // A blank row is left as it is. One that lists someone (a name, a login) with no id to match
      // is a learner no submission can be matched to: said, so no learner is passed over unseen.
      const name = joined(r, nameCols.length > 0 ? nameCols : loginAt >= 0 ? [loginAt] : []);
      // Canvas's Test Student (its Student View) has no SIS login in any course: nobody to list.
      if (r.some((c, i) => i !== scoreAt && c.trim() !== '') && !/^test student$/i.test(name)) {
        // As a spreadsheet numbers it: the header is row 1.
        noId.push(`row ${n + 2}${name !== '' ? ` (${name})` : ''}`);
        if (ownPoints) r[scoreAt] = opts.missing === 'zero' ? '0' : '';
      }
      continue;
    }
    if (rowsOf.get(k)!.length > 1 && byId.has(k) && !once.has(k)) {
      if (!shared.has(k)) shared.set(k, id.trim());
      seen.add(k);
      // Classroom's own points there are its workflow's, as on any row no score is written to
      // (below): emptied, never 0 (--missing zero), since the work was handed in and graded.
      if (ownPoints) r[scoreAt] = '';
      continue;
    }
    const row = byId.get(k);
    const worth = row ? rowWorth(row) : undefined;
    if (row && worth !== 'ungraded' && once.has(k) && !repeated.has(k)) repeated.set(k, id.trim());
    if (row) seen.add(k);
    if (row && worth !== 'ungraded') {
      // A Python file of the learner's that ran and reached no case (a syntax error, no graded
      // function) is handed-in work that earned nothing: 0, as a blank would let the LMS keep
      // what it had, or count the work as never handed in.
      r[scoreAt] = scoreOf(row);
      filled++;
      if (worth === 'zero' && !zeros.includes(id.trim())) zeros.push(id.trim());
    } else {
      // No submission, or one that never ran (not a Python file, a zip too large, a time-out the
      // machine may have caused, a wlgrade bug): its 0 would replace what the LMS holds, a grade
      // staff gave by hand, for a file nobody has judged.
      (row ? ungraded : unmatched).push(id.trim());
      if (opts.missing === 'zero') r[scoreAt] = '0';
      // GitHub Classroom's points_awarded are its own workflow's points (out of the public suite's,
      // reported by a workflow the learner can edit), not a grade staff gave: kept beside the scores
      // written, a row read as that learner's grade on another scale.
      else if (ownPoints) r[scoreAt] = '';
    }
  }
  const absent = rows.filter((r) => !seen.has(rid(r.learner))).map((r) => r.learner);
  const names = new Map<string, string>();
  if (nameCols.length > 0) {
    const listed = new Set([...unmatched, ...ungraded, ...zeros]);
    for (const r of table.slice(1)) {
      const id = idOf(r).trim();
      const name = joined(r, nameCols);
      if (listed.has(id) && name !== '' && name !== id && !names.has(id)) names.set(id, name);
    }
  }
  return { table, matchColumn: matchCols.map((i) => table[0]![i]!).join('+'), scoreColumn: table[0]![scoreAt]!, filled, unmatched, ungraded, zeros, names, absent, noId, shared: [...shared.values()], repeated: [...repeated.values()], ...(rosterMax ? { rosterMax } : {}) };
}

/**
 * The graded ids on several rows that are one learner listed more than once. A column "tells
 * learners apart" when no two rows of different ids share a value in it (an email, a login, a
 * student number; not a section, which many learners share). The rows of an id are one learner when
 * they agree on every such column and at least one of them holds a value there: Canvas's two rows
 * of a learner in two sections agree on the name, SIS ids and login. Two people of one name differ
 * in their email or number; a roster with no such column (names only) cannot say, so neither counts.
 */
function oneLearner(table: string[][], rowsOf: Map<string, string[][]>, byId: Map<string, BatchRow>, skip: number[]): Set<string> {
  const out = new Set<string>();
  const twice = [...rowsOf].filter(([k, rs]) => rs.length > 1 && byId.has(k));
  if (twice.length === 0) return out;
  const width = table[0]!.length;
  const apart: number[] = [];
  for (let c = 0; c < width; c++) {
    if (skip.includes(c)) continue;
    const owner = new Map<string, string>();
    let ok = true;
    for (const [k, rs] of rowsOf) {
      for (const r of rs) {
        const v = key(r[c] ?? '');
        if (v === '') continue;
        const o = owner.get(v);
        if (o === undefined) owner.set(v, k);
        else if (o !== k) ok = false;
      }
      if (!ok) break;
    }
    if (ok) apart.push(c);
  }
  for (const [k, rs] of twice) {
    const agree = apart.every((c) => new Set(rs.map((r) => key(r[c] ?? ''))).size === 1);
    if (agree && apart.some((c) => key(rs[0]![c] ?? '') !== '')) out.add(k);
  }
  return out;
}

/**
 * The column holding the most learner ids, or -1 when none holds any. Two columns holding as many
 * (ids that are first names, found in "First name" and in "Username") are a guess either way: the
 * learner scores would land on whoever shares a first name, so staff choose with --match.
 */
function bestColumn(header: string[], body: string[][], byId: Map<string, BatchRow>, shown: string, idKey: (v: string) => string): number {
  const hits = header.map((_, i) => new Set(body.map((r) => idKey(r[i] ?? '')).filter((v) => v !== '' && byId.has(v))).size);
  const most = Math.max(0, ...hits);
  if (most === 0) return -1;
  const best = hits.flatMap((n, i) => (n === most ? [i] : []));
  if (best.length > 1) {
    throw new GraderError(
      'USAGE',
      `The learner ids match ${most} rows in each of the columns ${best.map((i) => `"${header[i]}"`).join(', ')} of ${shown}; pass --match with the one that identifies learners (an email, login or student number).`,
    );
  }
  return best[0]!;
}

/**
 * The table as CSV with the roster's own delimiter and CRLF line ends. The roster's cells are
 * written verbatim: the LMS must read its ids, names and other grades back exactly as it exported
 * them (a `'` before another assignment's "=…" cell would change that grade on import). wlgrade
 * adds only numbers and the column name staff gave, so the file holds no text the export lacked.
 */
export function renderRosterCsv(table: string[][], sep: string, quoteAll = false): string {
  const cell = (c: string) => (quoteAll ? `"${c.replace(/"/g, '""')}"` : csvCell(c, { sep, verbatim: true }));
  return table.map((r) => r.map(cell).join(sep)).join('\r\n') + '\r\n';
}

/**
 * Whether a CSV quotes every cell of its first rows (the header and up to two more): then the
 * output does too. Blackboard's Grade Center download quotes every cell, and its upload wants
 * every value of a comma-delimited file in quotes; written back with quotes only where needed,
 * names and blanks came back bare.
 */
export function quotesEveryCell(text: string, sep: string): boolean {
  let rows = 0;
  let quotedCells = 0;
  let atCellStart = true;
  let quoted = false;
  const chars = text.replace(/^\ufeff/, '');
  for (let i = 0; i < chars.length && rows < 3; i++) {
    const ch = chars[i]!;
    if (atCellStart) {
      atCellStart = false;
      if (ch !== '"') return false;
      quoted = true;
      quotedCells++;
      continue;
    }
    if (quoted) {
      if (ch === '"' && chars[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === sep) {
      atCellStart = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && chars[i + 1] === '\n') i++;
      rows++;
      atCellStart = true;
    }
  }
  return quotedCells > 0;
}

/**
 * The delimiter of a CSV's header row: the one of `,` `;` tab that occurs most outside quotes (`,`
 * on a tie). The row ends at the first line break outside quotes: a quoted column name may hold
 * one (`"Assignment\n(123)"`), and what follows it is still the header.
 */
export function sniffDelimiter(text: string): string {
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text.replace(/^\ufeff/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

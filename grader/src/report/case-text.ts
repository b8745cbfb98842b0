/** Shared wording for the CI and LMS formats: a case's message with the hints that apply to it. */
import { posix } from 'node:path';
import { notGraded } from '../grade/grade-case.js';
import { siteText } from '../grade/sites.js';
import { counted, joinSome } from '../join-words.js';
import { withFix } from './feedback.js';
import type { CaseResult, GradeReport, MistakeReport } from '../schema/report.js';

/** The ids of cases one sentence covers: all of them up to four, else the first three and how many more. */
export function caseIdList(ids: readonly string[]): string {
  return joinSome(ids, ids.length > 4 ? 3 : 4);
}

/**
 * Every case was graded although the report has a problem: one that stopped no case (a .py with
 * a SyntaxError, graded from the pieces that parse). Its title and score line say so.
 */
export function everyCaseGraded(report: GradeReport): boolean {
  return report.cases.length > 0 && !report.cases.some(notGraded);
}

/** The mistakes the report names for this case (in report order). */
export function mistakesFor(report: GradeReport, c: CaseResult): MistakeReport[] {
  return report.mistakes.filter((m) => c.mistakes.includes(m.id) || m.cases.includes(c.id));
}

/**
 * What a text shown to the learner may not give away: the hidden cases' ids, for a platform that
 * shows hidden cases later (Gradescope's after_published) while the overall text and the public
 * cases are shown at once. A mistake's evidence that names a hidden case carries its values.
 */
export interface Conceal {
  hiddenIds: ReadonlySet<string>;
  /** How the learner is told when the hidden cases show up, e.g. "when grades are published". */
  when: string;
}

/** The report's hidden case ids, to conceal. */
export function hiddenIds(report: GradeReport): Set<string> {
  return new Set(report.cases.filter((c) => c.visibility === 'hidden').map((c) => c.id));
}

function namesHidden(text: string, ids: ReadonlySet<string>): boolean {
  if (ids.size === 0) return false;
  // Case ids are [A-Za-z0-9._-]: one is named when it is not part of a longer id.
  return [...ids].some((id) => new RegExp(`(?<![\\w.-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.\\w)`).test(text));
}

/**
 * A mistake's paragraph, or null when concealing leaves nothing to say: its evidence is cut when it
 * names a hidden case, and a mistake seen on hidden cases only is left out (those cases' own
 * outputs carry it when they are shown).
 */
function mistakeText(m: MistakeReport, conceal?: Conceal): string | null {
  if (!conceal) return m.message;
  if (m.cases.length > 0 && m.cases.every((id) => conceal.hiddenIds.has(id))) return null;
  // "on case X and 25 other cases" counted the hidden cases too: a learner could tell how many
  // of them failed. The count is of the public ones.
  const shown = m.cases.filter((id) => !conceal.hiddenIds.has(id)).length;
  const counted = (text: string) =>
    shown === m.cases.length ? text : text.replace(/ and \d+ other cases?\b/, shown > 1 ? ` and ${shown - 1} other case${shown > 2 ? 's' : ''}` : '');
  const message = counted(m.message);
  if (!namesHidden(message, conceal.hiddenIds)) return message;
  const tail = `: ${counted(m.evidence)}.`;
  return message.endsWith(tail) && !namesHidden(message.slice(0, -tail.length), conceal.hiddenIds) ? `${message.slice(0, -tail.length)}.` : null;
}

/** " At line 14: `return np.sum(loss)`.": where a mistake's fix goes, when the source pins it (grade/sites.ts); "" otherwise. */
export function siteSentence(m: MistakeReport): string {
  const at = m.cases.length > 0 ? siteText(m.location) : undefined;
  return at ? ` At ${at}.` : '';
}

/** The case message followed by one "Hint:" paragraph per mistake that explains it. */
export function caseText(report: GradeReport, c: CaseResult, conceal?: Conceal): string {
  const hints: string[] = [];
  for (const m of mistakesFor(report, c)) {
    const text = mistakeText(m, c.visibility === 'hidden' ? undefined : conceal);
    if (text !== null) hints.push(withFix(`Hint (${m.id}): ${text}${siteSentence(m)}`, m.fix, ' Fix: '));
  }
  return [c.message, ...hints].join('\n\n');
}

/**
 * A headline for the whole submission: problems, then named mistakes, then notes, then the score.
 * Concealing, the score line counts the public cases only and says when the rest shows up.
 */
export function overallText(report: GradeReport, conceal?: Conceal): string {
  const parts: string[] = [];
  for (const p of report.problems) parts.push(p.message);
  for (const m of report.mistakes) {
    const text = mistakeText(m, conceal);
    if (text !== null) parts.push(withFix(`${m.id}: ${text}${siteSentence(m)}`, m.fix));
  }
  for (const n of report.notes) if (!conceal || !namesHidden(n, conceal.hiddenIds)) parts.push(`Note: ${n}`);
  const shown = conceal ? report.cases.filter((c) => !conceal.hiddenIds.has(c.id)) : report.cases;
  const passed = shown.filter((c) => c.status === 'passed').length;
  // The report may hold the public cases only (graded apart from the hidden ones): counted from conceal.
  if (conceal && conceal.hiddenIds.size > 0) {
    const points = shown.reduce((s, c) => s + c.points, 0);
    const max = shown.reduce((s, c) => s + c.maxPoints, 0);
    const hidden = conceal.hiddenIds.size;
    parts.push(`Public cases: ${points}/${max} (${passed} of ${shown.length} passed). ${counted(hidden, 'hidden case', undefined, ['is', 'are'])} graded too; ${hidden === 1 ? 'its result is' : 'their results are'} shown ${conceal.when}.`);
  } else {
    parts.push(`Score: ${report.score}/${report.maxScore} (${passed} of ${report.cases.length} cases passed).`);
  }
  return parts.join('\n\n');
}

/**
 * A line of the submission *file*, for formats that point into it (GitHub annotations, Classroom's
 * line_no). A notebook's lines are lines of a cell, not of the .ipynb's JSON: none there (the
 * message says the cell and line). A place with a cell is a notebook's whatever the file's name
 * (a notebook saved as .py is graded as the notebook it is).
 */
export function fileLine(report: GradeReport, at?: { line?: number | undefined; cell?: number | undefined; file?: string | undefined }): number | undefined {
  // A line of a module of the learner's beside the file (a graded function it defines) is no line of the file: siblingLine.
  return report.submission.kind === 'ipynb' || at?.cell !== undefined || at?.file !== undefined ? undefined : at?.line;
}

/**
 * A mistake's line in one of the learner's modules beside the file (its location's `file`, a
 * graded function that module defines), as the line-placing formats point at it: the module's path
 * beside `file`, the graded file as the format names it (`src/hw.py` -> `src/helpers.py`), and the line.
 */
export function siblingLine(at: MistakeReport['location'], file: string): { file: string; line: number } | undefined {
  if (at?.file === undefined || at.line === undefined) return undefined;
  return { file: posix.join(posix.dirname(file.replaceAll('\\', '/')), at.file), line: at.line };
}

/**
 * Where a case is pointed at (lineOf), with the file that line is in: the graded `file`, or, for a
 * wrong value whose named mistake's fix is in a module of the learner's beside it, that module's.
 */
export function placeOf(report: GradeReport, c: CaseResult, file: string): { file: string; line?: number } {
  const line = lineOf(report, c);
  if (line !== undefined || c.location?.line !== undefined || notGraded(c)) return { file, ...(line !== undefined ? { line } : {}) };
  const at = mistakesFor(report, c).find((m) => m.cases.length > 0 && m.location?.line !== undefined)?.location;
  return siblingLine(at, file) ?? { file };
}

/**
 * Where the learner's code is implicated: the raising line; for a case the problem kept from
 * running (or none), the first problem's line. A case that ran has nothing to do with a problem's
 * line: in a .py graded from its parseable pieces, the SyntaxError of a stray line at the end put
 * every passed case and a named mistake (sum instead of mean) at that line.
 */
export function lineOf(report: GradeReport, c?: CaseResult): number | undefined {
  if (c?.location?.line !== undefined) return fileLine(report, c.location);
  if (c !== undefined && !notGraded(c)) {
    // A wrong value: the line of the named mistake's fix, when the source pins it (grade/sites.ts).
    const at = mistakesFor(report, c).find((m) => m.cases.length > 0 && m.location?.line !== undefined)?.location;
    return at ? fileLine(report, at) : undefined;
  }
  return fileLine(report, report.problems.find((p) => p.line !== undefined));
}

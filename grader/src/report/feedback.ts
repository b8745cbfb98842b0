/**
 * How much a learner is told, pure: staff choose it for graded work (`--feedback`, on `check`,
 * `gradescope` and `export gradescope`). The report keeps its scores and problems at every level;
 * what goes is the help that would hand a graded learner the answer.
 *
 * - full: everything (the default): each mistake named with its evidence and its fix.
 * - mistakes: mistakes named with their evidence, fixes withheld, and with them the line a fix
 *   changes (a named mistake's site, grade/sites.ts): "at line 14: `loss += -np.sum(...)`" points
 *   at the one thing to change, which is most of the fix. A place that is the evidence itself (the
 *   class weights' lines, a call that takes logits) stays. A note keeps its evidence and drops the
 *   fix it carries apart (FixedNote: the note on wrong values no mistake explains, whose formula,
 *   or epsilon's default or place, is a fix as much as a named mistake's).
 * - scores: points per case and the problems that kept code from running (a syntax error, a
 *   missing function); no expected values, no mistake names, hints or notes.
 */
import { RAISED_AT, SITE_RULES } from '../grade/sites.js';
import type { CaseResult, GradedReport, GradeReport, MistakeReport, ReportNote } from '../schema/report.js';

export const FEEDBACK_LEVELS = ['full', 'mistakes', 'scores'] as const;
export type FeedbackLevel = (typeof FEEDBACK_LEVELS)[number];

const WITHHELD: Record<CaseResult['status'], string> = {
  passed: 'Passed.',
  failed: 'Wrong answer. (The course staff withhold details for this assignment.)',
  error: 'Your code raised an error on this case. (The course staff withhold details for this assignment.)',
  timeout: 'Your code ran out of time on this case. (The course staff withhold details for this assignment.)',
};

/**
 * The report at `level`, as every format renders it: each note in words, its fix shown at `full`
 * only. `keep` lists notes that stay at every level (which file was graded). Staff's output (grade,
 * Gradescope's Autograder Output) is `full`.
 */
export function withFeedback(report: GradedReport, level: FeedbackLevel, keep: readonly string[] = []): GradeReport {
  const notes = report.notes.map((n) => noteText(n, level !== 'full'));
  if (level === 'full') return { ...report, notes };
  if (level === 'mistakes') return { ...report, mistakes: report.mistakes.map((m) => ({ ...withoutSite(m), fix: '' })), notes };
  return {
    ...report,
    mistakes: [],
    notes: notes.filter((n) => keep.includes(n)),
    cases: report.cases.map(({ expected: _expected, ...c }) => ({ ...c, message: c.status === 'passed' ? c.message : WITHHELD[c.status], mistakes: [], notes: [] })),
  };
}

/** A note in words: with its fix, or without it when fixes are withheld. */
function noteText(note: ReportNote, withholdFix: boolean): string {
  if (typeof note === 'string') return note;
  return withholdFix ? note.text + note.tail : note.text + note.fix + note.tail;
}

/** A mistake's text with its fix after it, or alone when the fix is withheld (`mistakes` level). */
export function withFix(text: string, fix: string, sep = '\nFix: '): string {
  return fix ? `${text}${sep}${fix}` : text;
}

/** The mistake without its site (where its fix goes), when it has one; a place read as evidence stays. */
function withoutSite(m: MistakeReport): MistakeReport {
  if (!m.location || m.cases.length === 0 || !(m.id in SITE_RULES || RAISED_AT.has(m.id))) return m;
  const { location: _site, ...rest } = m;
  return rest;
}

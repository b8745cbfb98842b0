/**
 * How much a learner is told, pure: staff choose it for graded work (`--feedback`, on `check`,
 * `gradescope` and `export gradescope`). The report keeps its scores and problems at every level;
 * what goes is the help that would hand a graded learner the answer.
 *
 * - full: everything (the default): each mistake named with its evidence and its fix.
 * - mistakes: mistakes named with their evidence, fixes withheld, and with them the line a fix
 *   changes (a named mistake's site, grade/sites.ts): "at line 14: `loss += -np.sum(...)`" points
 *   at the one thing to change, which is most of the fix. A place that is the evidence itself (the
 *   class weights' lines, a call that takes logits) stays. The note on wrong values no mistake
 *   explains keeps its evidence and drops what it says the code should be (the formula, epsilon's
 *   default or place: UNEXPLAINED_FIXES), a fix as much as a named mistake's.
 * - scores: points per case and the problems that kept code from running (a syntax error, a
 *   missing function); no expected values, no mistake names, hints or notes.
 */
import { UNEXPLAINED_FIXES } from '../grade/grade-suite.js';
import { SITE_RULES } from '../grade/sites.js';
import type { CaseResult, GradeReport, MistakeReport } from '../schema/report.js';

export const FEEDBACK_LEVELS = ['full', 'mistakes', 'scores'] as const;
export type FeedbackLevel = (typeof FEEDBACK_LEVELS)[number];

const WITHHELD: Record<CaseResult['status'], string> = {
  passed: 'Passed.',
  failed: 'Wrong answer. (The course staff withhold details for this assignment.)',
  error: 'Your code raised an error on this case. (The course staff withhold details for this assignment.)',
  timeout: 'Your code ran out of time on this case. (The course staff withhold details for this assignment.)',
};

/** The report at `level`; `keep` lists notes that stay at every level (which file was graded). */
export function withFeedback(report: GradeReport, level: FeedbackLevel, keep: readonly string[] = []): GradeReport {
  if (level === 'full') return report;
  if (level === 'mistakes') return { ...report, mistakes: report.mistakes.map((m) => ({ ...withoutSite(m), fix: '' })), notes: report.notes.map(withoutFixes) };
  return {
    ...report,
    mistakes: [],
    notes: report.notes.filter((n) => keep.includes(n)),
    cases: report.cases.map(({ expected: _expected, ...c }) => ({ ...c, message: c.status === 'passed' ? c.message : WITHHELD[c.status], mistakes: [], notes: [] })),
  };
}

/** A note without the sentences that say what the code should be (UNEXPLAINED_FIXES). */
function withoutFixes(note: string): string {
  return Object.values(UNEXPLAINED_FIXES).reduce((n, fix) => n.split(fix).join(''), note);
}

/** A mistake's text with its fix after it, or alone when the fix is withheld (`mistakes` level). */
export function withFix(text: string, fix: string, sep = '\nFix: '): string {
  return fix ? `${text}${sep}${fix}` : text;
}

/** The mistake without its site (where its fix goes), when it has one; a place read as evidence stays. */
function withoutSite(m: MistakeReport): MistakeReport {
  if (!m.location || m.cases.length === 0 || !(m.id in SITE_RULES)) return m;
  const { location: _site, ...rest } = m;
  return rest;
}

/** Shared wording for the CI and LMS formats: a case's message with the hints that apply to it. */
import type { CaseResult, GradeReport, MistakeReport } from '../schema/report.js';

/** The mistakes the report names for this case (in report order). */
export function mistakesFor(report: GradeReport, c: CaseResult): MistakeReport[] {
  return report.mistakes.filter((m) => c.mistakes.includes(m.id) || m.cases.includes(c.id));
}

/** The case message followed by one "Hint:" paragraph per mistake that explains it. */
export function caseText(report: GradeReport, c: CaseResult): string {
  const hints = mistakesFor(report, c).map((m) => `Hint (${m.id}): ${m.message} Fix: ${m.fix}`);
  return [c.message, ...hints].join('\n\n');
}

/** A headline for the whole submission: problems, then named mistakes, then notes, then the score. */
export function overallText(report: GradeReport): string {
  const parts: string[] = [];
  for (const p of report.problems) parts.push(p.message);
  for (const m of report.mistakes) parts.push(`${m.id}: ${m.message}\nFix: ${m.fix}`);
  for (const n of report.notes) parts.push(`Note: ${n}`);
  const passed = report.cases.filter((c) => c.status === 'passed').length;
  parts.push(`Score: ${report.score}/${report.maxScore} (${passed} of ${report.cases.length} cases passed).`);
  return parts.join('\n\n');
}

/** Where the learner's code is implicated: the raising line, or the first problem's line. */
export function lineOf(report: GradeReport, c?: CaseResult): number | undefined {
  return c?.location?.line ?? report.problems.find((p) => p.line !== undefined)?.line;
}

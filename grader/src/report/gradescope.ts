/**
 * GradeReport -> Gradescope results.json. Public cases are `visible`; hidden cases get the
 * visibility staff choose (default `after_published`, so learners see them with their grade).
 */
import { GradescopeResultSchema, type GradescopeResult, type GradescopeVisibility } from '../schema/gradescope.js';
import type { GradeReport } from '../schema/report.js';
import { caseText, overallText } from './case-text.js';

export interface GradescopeOptions {
  hiddenVisibility: GradescopeVisibility;
}

export function toGradescope(report: GradeReport, opts: GradescopeOptions): GradescopeResult {
  return GradescopeResultSchema.parse({
    score: report.score,
    execution_time: Math.round(report.durationMs / 1000),
    output: overallText(report),
    stdout_visibility: 'hidden',
    tests: report.cases.map((c) => ({
      name: `${c.id}: ${c.description}`,
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'passed' ? 'passed' : 'failed',
      output: caseText(report, c),
      visibility: c.visibility === 'hidden' ? opts.hiddenVisibility : 'visible',
      tags: [c.function, ...c.tags],
    })),
  });
}

export function renderGradescope(report: GradeReport, opts: GradescopeOptions): string {
  return JSON.stringify(toGradescope(report, opts), null, 2) + '\n';
}

/** results.json for a submission that could not be graded at all (nothing to run): score 0, one message. */
export function renderGradescopeError(message: string): string {
  const result: GradescopeResult = { score: 0, execution_time: 0, output: message, stdout_visibility: 'hidden', tests: [] };
  return JSON.stringify(GradescopeResultSchema.parse(result), null, 2) + '\n';
}

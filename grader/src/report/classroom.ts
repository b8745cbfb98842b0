/**
 * GradeReport -> the GitHub Classroom autograding result (see schema/classroom.ts). Classroom
 * adds up `tests[].score`, so each case is one test worth its points and the sum is report.score.
 * A mistake read from the code rather than from a case (weights-not-inverted) has no case to
 * carry it, and the reporter prints a test's message only when it did not pass: it becomes one
 * more test, worth 0 points, status "fail", so the learner reads it; the points and the run's
 * status stay the cases' own.
 *
 * The reporter prints every message to the job's log as it is, so messages and the file name go
 * through escapeTerminal: no colours or escape sequences, no workflow command (`::`, `##[`).
 */
import { withFix } from './feedback.js';
import { ClassroomResultSchema, type ClassroomResult } from '../schema/classroom.js';
import type { GradeReport } from '../schema/report.js';
import { caseText, fileLine, placeOf } from './case-text.js';
import { escapeTerminal } from './escape.js';
import { stringifyJson } from './stringify-json.js';

export function toClassroom(report: GradeReport): ClassroomResult {
  const status = report.status === 'passed' ? 'pass' : report.status === 'failed' ? 'fail' : 'error';
  const filename = escapeTerminal(report.submission.displayName);
  return ClassroomResultSchema.parse({
    version: 1,
    status,
    max_score: report.maxScore,
    tests: report.cases.map((c) => {
      // In a module of the learner's beside the file (a graded function it defines): that file and its line.
      const at = placeOf(report, c, filename);
      return {
        name: c.id,
        status: c.status === 'passed' ? 'pass' : c.status === 'failed' ? 'fail' : 'error',
        score: c.points,
        message: c.status === 'passed' ? '' : escapeTerminal(caseText(report, c)),
        test_code: `${c.source.file}:${c.source.line} (${c.function})`,
        filename: at.file,
        line_no: at.line ?? 0,
        duration: c.ms ?? 0,
      };
    }).concat(
      // A problem that kept cases from running (a SyntaxError, a missing function): its sentence,
      // with the line and the fix, is in no case's message ("Not graded: … (SyntaxError)").
      report.problems.map((p) => ({
        name: `${p.code} (problem, 0 points)`,
        status: 'error' as const,
        score: 0,
        message: escapeTerminal(p.message),
        test_code: 'the submission as a whole',
        filename,
        line_no: fileLine(report, p) ?? 0,
        duration: 0,
      })),
      report.mistakes
        .filter((m) => m.cases.length === 0)
        .map((m) => ({
          name: `${m.id} (advice, 0 points)`,
          status: 'fail' as const,
          score: 0,
          message: escapeTerminal(withFix(m.message, m.fix, '\n\nFix: ')),
          test_code: 'read from the code, not from a case',
          filename,
          line_no: fileLine(report, m.location) ?? 0,
          duration: 0,
        })),
    ),
  });
}

export function renderClassroom(report: GradeReport): string {
  return stringifyJson(toClassroom(report), 0);
}

/**
 * A check that stopped before any case ran (no submission file, no Python or numpy, no sandbox):
 * status "error", 0 of maxScore (null, a problem of the job's rather than the learner's: max_score
 * 0, for which the reporter records no points), and the reason as the one test's message, which
 * the reporter prints. An empty result made the reporter fail on "Unexpected end of JSON input",
 * with no points and no reason in Classroom.
 */
export function renderClassroomStopped(stop: { code: string; message: string; file: string; maxScore: number | null }): string {
  return stringifyJson(
    ClassroomResultSchema.parse({
      version: 1,
      status: 'error',
      max_score: stop.maxScore ?? 0,
      tests: [
        {
          name: `${stop.code} (problem, 0 points)`,
          status: 'error',
          score: 0,
          message: escapeTerminal(stop.message),
          test_code: 'the submission as a whole',
          filename: escapeTerminal(stop.file),
          line_no: 0,
          duration: 0,
        },
      ],
    }),
    0,
  );
}

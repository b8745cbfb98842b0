/**
 * GradeReport -> the GitHub Classroom autograding result (see schema/classroom.ts). Classroom
 * adds up `tests[].score`, so each case is one test worth its points and the sum is report.score.
 */
import { ClassroomResultSchema, type ClassroomResult } from '../schema/classroom.js';
import type { GradeReport } from '../schema/report.js';
import { caseText, lineOf } from './case-text.js';

export function toClassroom(report: GradeReport): ClassroomResult {
  const status = report.status === 'passed' ? 'pass' : report.status === 'failed' ? 'fail' : 'error';
  return ClassroomResultSchema.parse({
    version: 1,
    status,
    max_score: report.maxScore,
    tests: report.cases.map((c) => ({
      name: c.id,
      status: c.status === 'passed' ? 'pass' : c.status === 'failed' ? 'fail' : 'error',
      score: c.points,
      message: c.status === 'passed' ? '' : caseText(report, c),
      test_code: `${c.source.file}:${c.source.line} (${c.function})`,
      filename: report.submission.displayName,
      line_no: lineOf(report, c) ?? 0,
      duration: c.ms ?? 0,
    })),
  });
}

export function renderClassroom(report: GradeReport): string {
  return JSON.stringify(toClassroom(report)) + '\n';
}

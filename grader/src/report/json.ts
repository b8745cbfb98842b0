/** `check --json`: the GradeReport itself, validated against its schema before it leaves. */
import { GradeReportSchema, type GradeReport } from '../schema/report.js';

export function renderJson(report: GradeReport): string {
  return JSON.stringify(GradeReportSchema.parse(report), null, 2) + '\n';
}

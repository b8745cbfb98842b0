/** `check --json`: the GradeReport itself, validated against its schema before it leaves. */
import { GradeReportSchema, type GradeReport } from '../schema/report.js';
import { stringifyJson } from './stringify-json.js';

export function renderJson(report: GradeReport): string {
  return stringifyJson(GradeReportSchema.parse(report));
}

/** `check --json`: the GradeReport itself, validated against its schema before it leaves. */
import { CommandStoppedSchema, parseGradeReport, StoppedReportSchema, type GradeReport } from '../schema/report.js';
import { stringifyJson } from './stringify-json.js';

/**
 * The report, checked before it leaves: wlgrade's own output, but a NaN score (JSON would write
 * null), a stray key or a line that is not an integer is a bug to stop at, not a file to write.
 * Compiled (parseGradeReport): zod's parse was ~5% of a batch's Node time, once per learner.
 */
export function renderJson(report: GradeReport): string {
  return stringifyJson(parseGradeReport(report));
}

/** `check --json` when check stopped before any case ran: the error document (StoppedReportSchema). */
export function renderJsonStopped(stop: { code: string; message: string; file: string; maxScore: number | null; version: string }): string {
  return stringifyJson(
    StoppedReportSchema.parse({
      schemaVersion: 1,
      tool: { name: 'wlgrade', version: stop.version },
      status: 'error',
      error: { code: stop.code, message: stop.message },
      file: stop.file,
      score: stop.maxScore === null ? null : 0,
      maxScore: stop.maxScore,
    }),
  );
}

/** A `--json` command's error document when it stops with a user's error (CommandStoppedSchema). */
export function renderJsonCommandStopped(stop: { code: string; message: string; version: string }): string {
  return stringifyJson(CommandStoppedSchema.parse({ schemaVersion: 1, tool: { name: 'wlgrade', version: stop.version }, status: 'error', error: { code: stop.code, message: stop.message } }));
}

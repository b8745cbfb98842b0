/** `check --json`: the GradeReport itself, validated against its schema before it leaves. */
import { CommandStoppedSchema, GradeReportSchema, StoppedReportSchema, type GradeReport } from '../schema/report.js';
import { stringifyJson } from './stringify-json.js';

export function renderJson(report: GradeReport): string {
  return stringifyJson(GradeReportSchema.parse(report));
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

/**
 * The one JSON writer: every JSON document wlgrade prints or writes to a file (check --json,
 * results/*.json, summary.json, batch-state.json, Gradescope's results.json, the classroom
 * result, validate --json, cases --json) is made here, since most can hold a learner's text and
 * staff read them with `cat` or `less` in a terminal (escapeJson). `jq` decodes the
 * escapes and prints the characters again unless run with `-a` (ASCII output).
 */
import { escapeJson } from './escape.js';

/** `value` as JSON text, indented by `indent` spaces (0: one line), ending with a line break. */
export function stringifyJson(value: unknown, indent = 2): string {
  return escapeJson(JSON.stringify(value, null, indent)) + '\n';
}

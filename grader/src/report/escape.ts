/**
 * Tiny escaping helpers, one per output syntax. Each is tested on its own
 * (grader/test/unit/report/escape.test.ts); reporters never escape inline.
 */

/**
 * XML 1.0 text and attribute values. Characters XML 1.0 cannot carry at all (NUL, most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, since learner output can contain them.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Attribute values normalise raw newlines and tabs to spaces; character references survive.
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Text content of an element: newlines kept readable (they need no escaping outside attributes). */
export function escapeXmlText(s: string): string {
  return escapeXml(s).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');
}

/**
 * GitHub workflow-command data (the part after `::`), as the runner's toolkit escapes it:
 * `%` → `%25`, CR → `%0D`, LF → `%0A`. https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
 */
export function escapeAnnotationData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values (`file=`, `title=`): the data rules plus `:` → `%3A`, `,` → `%2C`. */
export function escapeAnnotationProperty(s: string): string {
  return escapeAnnotationData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * Text starting with `=`, `+`, `-`, `@`, tab or CR would run as a formula in spreadsheet apps
 * (OWASP "CSV injection"), so it is prefixed with `'`. Numbers are written as they are.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : csvCell(String(v));
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A GitHub-flavoured Markdown table cell: no raw HTML, no column breaks, one line. */
export function escapeMarkdownCell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/**
 * Text for a terminal. Learner code controls exception messages, printed output and even file
 * names, and a terminal obeys escape sequences in them: clear the screen, set the title, write the
 * clipboard (OSC 52), or return the carriage to print a fake "Score: 23/23" over the real line.
 * Control characters other than newline and tab (C0, DEL, C1) are shown as `\xNN`, and the
 * bidirectional overrides that can reorder what is shown ("Trojan Source") as `\uNNNN`.
 */
export function escapeTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Every string inside `v` through escapeTerminal (numbers, booleans and structure unchanged). */
export function terminalSafe<T>(v: T): T {
  if (typeof v === 'string') return escapeTerminal(v) as T;
  if (Array.isArray(v)) return v.map(terminalSafe) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, terminalSafe(x)])) as T;
  return v;
}

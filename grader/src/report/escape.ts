/**
 * Tiny escaping helpers, one per output syntax. Each is tested on its own
 * (grader/test/unit/report/escape.test.ts); reporters never escape inline.
 */

/**
 * What a format can carry as text but a terminal, a pager or a CI log would obey: DEL and the C1
 * controls (U+009B is CSI, U+009D OSC), U+2028/U+2029 and the bidi embeddings, overrides and
 * isolates. XML and JSON spell each as a reference to the same character (escapeXml, escapeJson).
 */
const OBEYED = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
/** GitHub's legacy workflow command, obeyed anywhere in a line of a log: its `[` is spelled as a reference. */
const LEGACY_COMMAND = /##\[/g;

/**
 * XML 1.0 text and attribute values. Characters XML 1.0 cannot carry at all (NUL, most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, since learner output can contain them.
 * What XML carries but a terminal or a CI log would obey is written as a character reference,
 * which parses to the same character: DEL and the C1 controls (U+009B is CSI: `cat junit.xml`
 * cleared the screen), U+2028/U+2029 and the bidi overrides (reordered text), the `[` of `##[`
 * (GitHub's legacy workflow command, obeyed anywhere in a line of a log that `check --format junit`
 * prints to), and the first `:` of a `::` that starts a line (escapeXmlText keeps line breaks).
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(OBEYED, (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`)
    .replace(LEGACY_COMMAND, '##&#x5B;')
    .replace(/(^|\n)([^\S\n]*)::/g, '$1$2&#x3A;:')
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
 * The command line is also a line of the job's log, which renders ANSI colours, so the other
 * control characters and bidi overrides are spelled out first, as escapeTerminal does.
 */
export function escapeAnnotationData(s: string): string {
  return escapeTerminal(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Workflow-command property values (`file=`, `title=`): the data rules plus `:` → `%3A`, `,` → `%2C`. */
export function escapeAnnotationProperty(s: string): string {
  return escapeAnnotationData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or LF, quotes doubled.
 * Text starting with `=`, `+`, `-`, `@` or tab would run as a formula in spreadsheet apps
 * (OWASP "CSV injection"), so it is prefixed with `'`, as is such text after a `;` (a cell's start
 * in Excel where `;` separates lists) or after a line break (a row's start there). Control characters (ESC in a learner's
 * file name, which `cat grades.csv` would obey) are spelled out as escapeTerminal does, CR too.
 * Numbers are written as they are.
 */
export function csvCell(v: string | number, opts: { sep?: string; verbatim?: boolean } = {}): string {
  const sep = opts.sep ?? ',';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : csvCell(String(v), opts);
  // verbatim: a value another system must read back unchanged (a cell of the LMS's own roster
  // export, given back to it), quoted as needed and nothing else: it adds nothing that file lacked.
  const text = opts.verbatim ? v : escapeTerminal(v);
  // Excel where `;` separates lists (most of Europe) splits a .csv at every `;`, quoted or not, so
  // what follows one starts a cell too (OWASP: "take care of the field separator"): guarded alike.
  // A line break inside a quoted cell starts a row there: such Excel reads a field that does not
  // begin with its quote (`x,"err` of `x,"err\n=1+1"`) as bare text, and a bare line break ends the
  // row, so the next line's start is a cell's start too (red team 35b): guarded as after a `;`.
  const safe = opts.verbatim ? text : (/^[=+\-@\t]/.test(text) ? `'${text}` : text).replace(/([;\n])(?=[=+\-@\t])/g, "$1'");
  return safe.includes(sep) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A word GitHub's Markdown makes a link though it is neither `<…>` nor `[…](…)` (GFM's autolink
 * extension, and GitHub's references below): a scheme's `://` (`https://…`), `www.`, `mailto:`/`xmpp:`, or `name@domain` (a domain
 * may start with `-` or `_`). GitHub
 * finds these at parse time and again in the parsed text, where backslash escapes are gone, so
 * escaping a character does not keep one inert; a code span does (neither pass looks inside one).
 * A word stops at blanks and at `<`, `>`, `|` and backticks (no fence or table pipe to handle).
 * Words are cut first and each tested for fixed strings: a pattern that also matched the scheme
 * (`[a-z][a-z0-9+.-]*://`) took time quadratic in a long word without a blank (a learner's message
 * of 100 000 letters took a minute).
 */
const WORD = /[^\s\u0085<>|`]+/g;
/**
 * Besides GFM's autolinks, GitHub links references in the rendered text, where a backslash escape
 * is gone (docs.github.com, "Autolinked references and URLs"): an issue or pull request
 * (`#26`, `GH-26`, `owner/repo#26`), a commit SHA (7 to 40 hex digits standing alone:
 * `a5c3785`), a user (`@name`, also `name@SHA`). In a job summary a learner's `#1` linked the
 * course repository's first issue, and a hex word its commit. Decimals (`0.97540455`) and words
 * that merely hold hex letters (`effaced_fn`) stay text. Each alternative is anchored at a
 * character that cannot repeat inside its own match, so a long word costs linear time.
 */
const AUTOLINKED = /:\/\/|www\.|mailto:|xmpp:|@[\w-]|#\d|\bgh-\d|(?<![\w@/.-])[0-9a-f]{7,40}(?![\w@/-])/i;

/**
 * A GitHub-flavoured Markdown table cell: no raw HTML, no column breaks, one line, and no link:
 * learner text (an exception message, a file name) is shown, never rendered, so a URL in it is
 * written as a code span, the characters as they are.
 */
export function escapeMarkdownCell(s: string): string {
  let out = '';
  let from = 0;
  for (const m of s.matchAll(WORD)) {
    if (!AUTOLINKED.test(m[0])) continue;
    out += markdownText(s.slice(from, m.index)) + '`' + spellControls(m[0]) + '`';
    from = m.index + m[0].length;
  }
  return out + markdownText(s.slice(from));
}

/**
 * A line of learner code as a GitHub-flavoured Markdown code span, shown as written: inside one,
 * Markdown, HTML and autolinks are not read (CommonMark 6.1), so the code needs no backslashes,
 * which made the summary's `\`return np.sum(loss)\`` read as text between stray backquotes. The
 * fence is one backquote longer than any run in the code, padded with a space when the code starts
 * or ends with one; controls and bidi overrides are spelled out, line breaks too (a span is one
 * line). Not for a table cell, where a `|` still ends the cell.
 */
export function markdownCodeSpan(s: string): string {
  const text = spellControls(escapeLineBreaks(s));
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** C0 and C1 controls, DEL and the bidi controls, spelled out as escapeTerminal does. */
function spellControls(s: string): string {
  return s.replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (ch) => escapeTerminal(ch));
}

/** Text of a Markdown cell outside the code spans: HTML, Markdown syntax and line breaks escaped. */
function markdownText(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Markdown's own syntax: a link or an image (an outside request) in a learner's message
      // stays text, and so does GitHub's math (`$…$`, `$$…$$`: a large green "23/23" drawn in the
      // staff's summary); backslash-escaping ASCII punctuation is CommonMark's way.
      .replace(/[\\`*_[\]!|#~$]/g, (ch) => `\\${ch}`)
      // Every line ending CommonMark knows (a lone \r is one) and Unicode's: the cell stays one line.
      .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, '<br>')
      // What is left of the control characters and bidi overrides, spelled out (a summary is
      // also printed in logs).
      .replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (ch) => escapeTerminal(ch))
  );
}

/**
 * Text for a terminal. Learner code controls exception messages, printed output and even file
 * names, and a terminal obeys escape sequences in them: clear the screen, set the title, write the
 * clipboard (OSC 52), or return the carriage to print a fake "Score: 23/23" over the real line.
 * Control characters other than newline and tab (C0, DEL, C1) are shown as `\xNN`, and the
 * bidirectional controls that can reorder what is shown ("Trojan Source": embeddings, overrides,
 * isolates and the LRM, RLM and ALM marks) and U+2028/U+2029, at which a log's or a browser's
 * viewer starts a line that the `::` rule below and a split on CR/LF never see, as `\uNNNN`.
 *
 * A CI log obeys text too: GitHub's runner takes a line that starts with `::` once leading
 * whitespace is trimmed (`::add-mask::`, `::error::`, `::stop-commands::`) and `##[` anywhere in
 * a line (its legacy syntax) as workflow commands. A learner's file named `::error …::.py` put a
 * fake failure on the staff's grading job. So `##[` is shown as `#\x23[`, and `::` that starts
 * the text or a line of it (after blanks) as `\x3a:`.
 */
export function escapeTerminal(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (ch) => {
      const code = ch.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .replace(/##\[/g, '#\\x23[')
    .replace(/(^|\n)([^\S\n]*)::/g, '$1$2\\x3a:');
}

/**
 * One line of text for a field that is a name, not a message: a file name, a learner id, an
 * exception's class name. Learners choose these (`E.__name__ = "x\nScore: 23/23"`, a file named
 * with a newline), and a raw line break in one would start a line of its own in a report, a
 * progress line or an error sentence. LF and CR are shown as `\n` and `\r`; the other characters
 * a terminal or a viewer may break a line at (VT, FF, NEL, U+2028, U+2029) as `\xNN` or `\uNNNN`.
 */
export function escapeLineBreaks(s: string): string {
  return s.replace(/[\n\r\u000B\u000C\u0085\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * One line of learner-touched text for a terminal or a CI log (a progress line, a `wlgrade:`
 * warning naming a file): its line breaks spelled out (escapeLineBreaks), a tab as `\t`, then
 * escapeTerminal. A tab in a file name is a character a progress line cannot show as itself: it
 * jumps to the next stop, so the bar's line ran past the width cli-progress measured and wrapped,
 * and a plain line's columns shifted. Every one-line terminal message goes through this one helper.
 */
export function terminalLine(s: string): string {
  return escapeTerminal(escapeLineBreaks(s).replace(/\t/g, '\\t'));
}

/**
 * Text a browser shows as plain text (Gradescope's `text` outputs): the characters it would break a
 * line at besides LF (CR, VT, FF, NEL, U+2028, U+2029: Unicode's mandatory breaks) and the bidi
 * controls that reorder what is shown are spelled out as escapeTerminal does, so a learner's
 * message can neither start a line that passes for the grader's nor reverse one. LF stays.
 */
export function escapeLayout(s: string): string {
  return s.replace(/[\r\u000B\u000C\u0085\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (ch) => escapeTerminal(ch));
}

/**
 * A message that may hold several lines, with every line after the first indented by `pad`: the
 * grader's own lines (`Score: …`, `wlgrade: …`, `✗ …`) start at column 0, so a line break inside a
 * learner's text cannot start a line that passes for one of them.
 */
export function hangingIndent(s: string, pad = '  '): string {
  return s.split('\n').join(`\n${pad}`);
}

/**
 * JSON text as JSON.stringify writes it, with the characters a terminal or viewer may obey spelled
 * `\uXXXX`. JSON.stringify escapes only U+0000–U+001F, so `cat result.json` in xterm would run
 * a learner's C1 controls (U+009B is CSI, U+009D OSC: clear the screen, set the title,
 * write the clipboard) and show bidi overrides reordered ("Trojan Source"). DEL, C1, U+2028/U+2029
 * and the bidi embeddings, overrides and isolates are escaped; in JSON text these characters only
 * occur inside strings, where `\uXXXX` means the same character (RFC 8259 §7), so the document
 * parses to the same value. The `[` of `##[` (GitHub's legacy workflow command, obeyed anywhere in
 * a line of a CI log that `check --json` prints to) is written `\u005b` for the same reason; a
 * line of JSON text cannot start with `::` (a string is always after a key or indentation and `"`).
 */
export function escapeJson(json: string): string {
  return json
    .replace(OBEYED, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(LEGACY_COMMAND, '##\\u005b');
}

/**
 * One word for a POSIX shell script: single-quoted, each `'` written as `'\''` (close, an escaped
 * quote, reopen). Inside single quotes the shell expands nothing (`$(…)`, backquotes, `$VAR`,
 * globs, line breaks are all text), https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02
 */
export function quoteShell(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** Every string inside `v` through escapeTerminal (numbers, booleans and structure unchanged). */
export function terminalSafe<T>(v: T): T {
  if (typeof v === 'string') return escapeTerminal(v) as T;
  if (Array.isArray(v)) return v.map(terminalSafe) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, terminalSafe(x)])) as T;
  return v;
}

/**
 * `s` with the characters no one sees spelled out (`\u200b`): default-ignorable ones (zero-width
 * spaces and joiners, direction marks, soft hyphens) and any space but ' ' (a no-break space), the
 * characters discover's learnerKey drops or makes a space. For an id staff read: "alice" and
 * "alice\u200b" are two ids that look alike (batch 36: the terminal's lines showed them bare).
 */
export const unseen = (s: string): string =>
  s.replace(/[\p{Default_Ignorable_Code_Point}\p{Zs}]/gu, (ch) => (ch === ' ' ? ch : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`));

import { describe, expect, it } from 'vitest';
import { stringifyJson } from '../../../src/report/stringify-json.js';
import {
  csvCell,
  escapeAnnotationData,
  escapeAnnotationProperty,
  escapeJson,
  escapeLayout,
  escapeLineBreaks,
  escapeMarkdownCell,
  escapeTerminal,
  escapeXml,
  escapeXmlText,
  hangingIndent,
  markdownCodeSpan,
  quoteShell,
  terminalLine,
  terminalSafe,
} from '../../../src/report/escape.js';

describe('escapeXml', () => {
  it.each([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &apos;single&apos;'],
    ['line1\nline2\tx\r', 'line1&#10;line2&#9;x&#13;'],
    ['nul\u0000 bell\u0007 esc\u001b', 'nul\uFFFD bell\uFFFD esc\uFFFD'],
    ['lone \uD800 surrogate', 'lone \uFFFD surrogate'],
    ['pair 😀 ok', 'pair 😀 ok'],
    ['csi \u009b2J bidi \u202e\u2066 del \u007f', 'csi &#x9B;2J bidi &#x202E;&#x2066; del &#x7F;'],
    ['##[error]x ::y', '##&#x5B;error]x ::y'],
  ])('%j -> %j', (input, out) => expect(escapeXml(input)).toBe(out));

  it("writes a line's leading :: (a workflow command in a CI log) with its first : as a reference", () =>
    expect(escapeXmlText('a\n  ::error::x\n::warning::y')).toBe('a\n  &#x3A;:error::x\n&#x3A;:warning::y'));

  it('keeps newlines readable in element text', () => expect(escapeXmlText('a\n<b>')).toBe('a\n&lt;b&gt;'));
});

describe('GitHub workflow-command escaping', () => {
  it.each([
    ['100% done', '100%25 done'],
    ['a\nb\r\nc', 'a%0Ab%0D%0Ac'],
    ['%0A literal', '%250A literal'],
    ['a: b, c', 'a: b, c'],
    ['\u001b[32mScore: 23/23\u0007 \u202e', '\\x1b[32mScore: 23/23\\x07 \\u202e'],
    ['x\u2028::error::forged\u2029y \u2066z\u2069 \u200f', 'x\\u2028::error::forged\\u2029y \\u2066z\\u2069 \\u200f'],
  ])('data %j -> %j', (input, out) => expect(escapeAnnotationData(input)).toBe(out));

  it.each([
    ['src/a,b.py', 'src/a%2Cb.py'],
    ['Mistake: x', 'Mistake%3A x'],
    ['50%\n', '50%25%0A'],
  ])('property %j -> %j', (input, out) => expect(escapeAnnotationProperty(input)).toBe(out));
});

describe('csvCell', () => {
  it.each<[string | number, string]>([
    ['alice', 'alice'],
    [3.5, '3.5'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', '\\x0dx'],
    ['bob\u001b[2J\u001b]52;c;cHduZWQ=\u0007', 'bob\\x1b[2J\\x1b]52;c;cHduZWQ=\\x07'],
    [Number.NaN, 'NaN'],
    // Excel where `;` separates lists (most of Europe) opens a .csv split at `;`, quotes or not: a
    // learner's message or file name `x;=1+1;` made a cell that ran `=1+1` (red team 32b).
    ['hw.py:3: ValueError: x;=WEBSERVICE(CHAR(104)&A2);-A3;@B1;+1;\tC1; =1', "hw.py:3: ValueError: x;'=WEBSERVICE(CHAR(104)&A2);'-A3;'@B1;'+1;'\tC1; =1"],
    ['a,b;=1', `"a,b;'=1"`],
    // Excel where `;` separates lists reads `x,failed,"err` as a bare field, whose line break ends
    // the row: the next line of a learner's message started a row with a cell `=1+1"` (red team 35b).
    ['err\n=1+1', `"err\n'=1+1"`],
    ['a,b\n@SUM(A1)\n-2\n+3\n\tx\nplain', `"a,b\n'@SUM(A1)\n'-2\n'+3\n'\tx\nplain"`],
  ])('%j -> %j', (input, out) => expect(csvCell(input)).toBe(out));
});

describe('escapeMarkdownCell', () => {
  it('escapes pipes, HTML and newlines', () => expect(escapeMarkdownCell('a|b <script>\nx & y')).toBe('a\\|b &lt;script&gt;<br>x &amp; y'));
  it('spells out control characters and bidi overrides', () => expect(escapeMarkdownCell('x\u001b[2Jy\u202e')).toBe('x\\x1b\\[2Jy\\u202e'));
  // GitHub renders `$…$` and `$$…$$` as math in Markdown: a learner's message drew a large green
  // "23/23" in the staff's job summary table (red team 32b). `\$` is a literal dollar there.
  it('a dollar sign stays a dollar sign, no math', () => expect(escapeMarkdownCell('$\\Huge\\color{green}{23/23}$ $$x$$')).toBe('\\$\\\\Huge\\\\color{green}{23/23}\\$ \\$\\$x\\$\\$'));
  it('a lone CR or a Unicode line separator ends no line; links and images stay text', () => {
    const out = escapeMarkdownCell('17/23\r## wlgrade: 41/41\u2028![x](http://e.example/t.png) [portal](http://e.example)');
    expect(out).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(out).toContain('<br>\\#\\# wlgrade: 41/41<br>`![x](http://e.example/t.png)` `[portal](http://e.example)`');
  });
  it.each([
    // GitHub links a bare URL, www. or an e-mail address (GFM autolinks) also when a character is
    // backslash-escaped (its second pass reads the parsed text): such a word is a code span.
    ['see https://evil.example/login now', 'see `https://evil.example/login` now'],
    ['or www.evil.example, HTTP://X.example', 'or `www.evil.example,` `HTTP://X.example`'],
    ['mail root@evil.example or mailto:a@b.c', 'mail `root@evil.example` or `mailto:a@b.c`'],
    ['x|https://e.example/a_b|y', 'x\\|`https://e.example/a_b`\\|y'],
    ['<https://e.example> `ftp://e.example`', '&lt;`https://e.example`&gt; \\``ftp://e.example`\\`'],
    ['ctl https://e.example/\u001b[2J\u202e', 'ctl `https://e.example/\\x1b[2J\\u202e`'],
    ['no link: a@ b, email@, x.www, a:b, np.mean(L, axis=0)', 'no link: a@ b, email@, x.www, a:b, np.mean(L, axis=0)'],
    // GFM's e-mail autolink takes - and _ on both sides of the @.
    ['x a@-evil.example and a@_evil.example', 'x `a@-evil.example` and `a@_evil.example`'],
    // GitHub's references: issues and pull requests, commits (a backslash before # is parsed away).
    ['see #1, (#23) and GH-4 or gh-5', 'see `#1,` `(#23)` and `GH-4` or `gh-5`'],
    ['fixed in org/repo#26 by a5c3785 (A5C3785ED8D6A35868BC169F07E40E889087FD2E)', 'fixed in `org/repo#26` by `a5c3785` `(A5C3785ED8D6A35868BC169F07E40E889087FD2E)`'],
    ['loss 0.97540455, 3.9016182e-05, step #, c#, effaced_fn, deadbee, 1234567x, ab12', 'loss 0.97540455, 3.9016182e-05, step \\#, c\\#, effaced\\_fn, `deadbee,` 1234567x, ab12'],
  ])('%j -> %j (no autolink outside a code span)', (input, out) => {
    const cell = escapeMarkdownCell(input);
    expect(cell).toBe(out);
    // As GitHub reads it: code spans left alone, and the rest parsed (its backslash escapes gone).
    const outside = cell.replace(/\\`/g, '').replace(/`[^`]*`/g, '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
    expect(outside).not.toMatch(/:\/\/|www\.|@[\w-]|#\d|\bgh-\d|(?<![\w@/.-])[0-9a-f]{7,40}(?![\w@/-])/i);
  });
  it('ends on a long word without a blank, with or without a URL after it (no pattern quadratic in a word)', () => {
    // A pattern matching the scheme from every start of such a word took a minute on 100 000 letters,
    // so hours on these 2 million: the test's own time-out is the guard (no timed assertion), and
    // the text must come out right.
    const long = 'x'.repeat(2_000_000);
    expect(escapeMarkdownCell(long)).toBe(long);
    expect(escapeMarkdownCell(`${long}https://e.example`)).toBe(`\`${long}https://e.example\``);
    expect(escapeMarkdownCell('a.'.repeat(1_000_000))).toBe('a.'.repeat(1_000_000));
    // Hex digits every one of which could start a commit SHA.
    expect(escapeMarkdownCell('a'.repeat(2_000_000))).toBe('a'.repeat(2_000_000));
    expect(escapeMarkdownCell('abcdef1,'.repeat(250_000))).toBe(`\`${'abcdef1,'.repeat(250_000)}\``);
  }, 60_000);
});

describe('markdownCodeSpan (a line of learner code in the job summary)', () => {
  it.each([
    ['return np.sum(loss)', '`return np.sum(loss)`'],
    ['s = `x` + y', '``s = `x` + y``'],
    ['`', '`` ` ``'],
    ['a ``b`` c', '```a ``b`` c```'],
    [' x ', '`  x  `'],
    ['<script>|*_[]!#', '`<script>|*_[]!#`'],
    ['a\nb\u2028c\u202ed\u0007', '`a\\nb\\u2028c\\u202ed\\x07`'],
  ])('%j -> %j', (code, md) => {
    expect(markdownCodeSpan(code)).toBe(md);
  });
});

describe('escapeTerminal', () => {
  it.each([
    ['plain text, newlines\nand\ttabs stay', 'plain text, newlines\nand\ttabs stay'],
    ['\u001b[2J\u001b[H clear screen', '\\x1b[2J\\x1b[H clear screen'],
    ['title \u001b]0;pwned\u0007 clipboard \u001b]52;c;ZXZpbA==\u0007', 'title \\x1b]0;pwned\\x07 clipboard \\x1b]52;c;ZXZpbA==\\x07'],
    ['fake\rScore: 23/23', 'fake\\x0dScore: 23/23'],
    ['C1 CSI \u009b31m, DEL \u007f, NUL \u0000', 'C1 CSI \\x9b31m, DEL \\x7f, NUL \\x00'],
    ['bidi \u202eevil\u202c and \u2066isolate\u2069', 'bidi \\u202eevil\\u202c and \\u2066isolate\\u2069'],
    ['unicode stays: × ε ✓ 😀', 'unicode stays: × ε ✓ 😀'],
    // GitHub workflow commands: `::` opening a line (after any blanks the runner trims), `##[` anywhere.
    ['::error title=wlgrade::All hidden cases crashed', '\\x3a:error title=wlgrade::All hidden cases crashed'],
    ['first line\n   ::add-mask::0/23\n\u2003::notice::x', 'first line\n   \\x3a:add-mask::0/23\n\u2003\\x3a:notice::x'],
    ['SyntaxError: ##[error title=wlgrade]Hidden suite crashed', 'SyntaxError: #\\x23[error title=wlgrade]Hidden suite crashed'],
    ['a::b, std::vector and C:: stay', 'a::b, std::vector and C:: stay'],
    // A viewer (GitHub's log, a browser) starts a line at U+2028/U+2029, which a split on CR/LF and
    // the `::` rule miss; the LRM, RLM and ALM marks reorder the text around them.
    ['ok\u2028::error title=wlgrade::forged\u2029Score: 23/23', 'ok\\u2028::error title=wlgrade::forged\\u2029Score: 23/23'],
    ['marks \u200eLRM \u200fRLM \u061cALM', 'marks \\u200eLRM \\u200fRLM \\u061cALM'],
  ])('%j -> %j', (input, out) => expect(escapeTerminal(input)).toBe(out));

  it('terminalSafe escapes every string of a structure and keeps the rest', () => {
    expect(terminalSafe({ a: ['x\u001by', 3, null, true], b: { c: '\r' } })).toEqual({ a: ['x\\x1by', 3, null, true], b: { c: '\\x0d' } });
  });
});

describe('escapeLayout (plain text in a browser: Gradescope)', () => {
  it.each([
    ['a\nb stays', 'a\nb stays'],
    ['CR\rVT\u000bFF\u000cNEL\u0085LS\u2028PS\u2029', 'CR\\x0dVT\\x0bFF\\x0cNEL\\x85LS\\u2028PS\\u2029'],
    ['bidi \u202eevil\u202c \u2066i\u2069 \u200e\u200f\u061c', 'bidi \\u202eevil\\u202c \\u2066i\\u2069 \\u200e\\u200f\\u061c'],
    ['<b>markup</b> and × ε 张伟 stay', '<b>markup</b> and × ε 张伟 stay'],
  ])('%j -> %j', (input, out) => expect(escapeLayout(input)).toBe(out));
});

describe('terminalLine (one line of learner-touched text: progress lines, warnings naming a file)', () => {
  it.each([
    // A tab jumped to the next stop: the progress bar's line ran past the width cli-progress measured.
    ['a file\tnamed with tabs\t.py', 'a file\\tnamed with tabs\\t.py'],
    ['evil\nScore: 23/23\r', 'evil\\nScore: 23/23\\r'],
    ['ESC \u001b[2J, BEL \u0007, NUL \u0000, C1 \u009b, RLO \u202e, LS \u2028', 'ESC \\x1b[2J, BEL \\x07, NUL \\x00, C1 \\x9b, RLO \\u202e, LS \\u2028'],
    ['::error::fake', '\\x3a:error::fake'],
    ['张伟 josé, a\\tb stays as written', '张伟 josé, a\\tb stays as written'],
  ])('%j -> %j', (input, out) => expect(terminalLine(input)).toBe(out));

  it('leaves no character below U+0020, and the same text given twice (text already escaped for a terminal is left as it is)', () => {
    const all = String.fromCharCode(...Array.from({ length: 0x20 }, (_, i) => i));
    expect(terminalLine(all)).not.toMatch(/[\u0000-\u001f]/);
    expect(terminalLine(terminalLine(`x${all}y`))).toBe(terminalLine(`x${all}y`));
  });
});

describe('escapeLineBreaks (names: one line each)', () => {
  it.each([
    ['evil\n\nScore: 23/23 — all cases passed\n.py', 'evil\\n\\nScore: 23/23 — all cases passed\\n.py'],
    ['a\r\nb', 'a\\r\\nb'],
    ['VT \u000b FF \u000c NEL \u0085 LS \u2028 PS \u2029', 'VT \\x0b FF \\x0c NEL \\x85 LS \\u2028 PS \\u2029'],
    ['tabs\tand ESC \u001b stay for escapeTerminal; 张伟 josé', 'tabs\tand ESC \u001b stay for escapeTerminal; 张伟 josé'],
  ])('%j -> %j', (input, out) => expect(escapeLineBreaks(input)).toBe(out));

  it('then escapeTerminal leaves nothing that breaks or moves a line', () => {
    expect(escapeTerminal(escapeLineBreaks('E\u001b[2J\u202e\nScore\r'))).toBe('E\\x1b[2J\\u202e\\nScore\\r');
  });

  it('hangingIndent indents every line after the first', () => {
    expect(hangingIndent('a\nScore: 23/23\n\nb')).toBe('a\n  Score: 23/23\n  \n  b');
    expect(hangingIndent('one line', '    ')).toBe('one line');
  });
});

describe('escapeJson and stringifyJson (every JSON wlgrade writes)', () => {
  /** What a terminal may obey and JSON.stringify leaves raw. */
  const RAW = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

  it.each([
    ['OSC 52 \u009d52;c;cGF3bmVk\u009c, CSI \u009b2J', 'OSC 52 \\u009d52;c;cGF3bmVk\\u009c, CSI \\u009b2J'],
    ['DEL \u007f, NEL \u0085, APC \u009f', 'DEL \\u007f, NEL \\u0085, APC \\u009f'],
    ['bidi \u202aA\u202bB\u202cC\u202dD\u202eE, isolates \u2066\u2067\u2068\u2069', 'bidi \\u202aA\\u202bB\\u202cC\\u202dD\\u202eE, isolates \\u2066\\u2067\\u2068\\u2069'],
    ['LS \u2028 PS \u2029', 'LS \\u2028 PS \\u2029'],
    ['stays: ¡ × ε ✓ 张伟 😀 \u00a0', 'stays: ¡ × ε ✓ 张伟 😀 \u00a0'],
    // GitHub's legacy workflow command, obeyed anywhere in a line of a CI log.
    ['"##[error title=wlgrade]Hidden suite crashed"', '"##\\u005berror title=wlgrade]Hidden suite crashed"'],
  ])('%j -> %j', (input, out) => expect(escapeJson(input)).toBe(out));

  it('writes text with none of them raw that parses back to the same value, keys and C0 controls too', () => {
    const value = { 'learner\u009b2J\u202e': ['stdout \u009d0;pwned\u009c\u001b[31m', { n: 1.5, ok: true, nothing: null }], quote: '"\\', ci: '##[group]x' };
    for (const indent of [0, 2]) {
      const text = stringifyJson(value, indent);
      expect(text).not.toMatch(RAW);
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('##[');
      expect(text.endsWith('\n')).toBe(true);
      expect(JSON.parse(text)).toEqual(value);
    }
    expect(stringifyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(stringifyJson({ a: [1] }, 0)).toBe('{"a":[1]}\n');
  });
});

describe('quoteShell', () => {
  it.each([
    ['cases/public.yaml', "'cases/public.yaml'"],
    ['public-$(touch PWNED).yaml', "'public-$(touch PWNED).yaml'"],
    ["it's", "'it'\\''s'"],
    ["''", "''\\'''\\'''"],
    ['', "''"],
  ])('%j -> %j', (input, out) => expect(quoteShell(input)).toBe(out));
});

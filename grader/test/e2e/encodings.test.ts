/**
 * Text encodings learners' editors produce: Windows "Unicode" (UTF-16 with a byte-order mark),
 * UTF-32, a stray NUL byte. A file Python itself would run is graded; one it cannot is pointed at
 * the line that holds the NUL.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { scratchSubmissions } from '../helpers/cli.js';

const check = async (name: string, bytes: Buffer) => (await scratch(name, bytes)).report;
const scratch = scratchSubmissions('encodings');

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};
const utf32le = (s: string) => {
  const out = [Buffer.from([0xff, 0xfe, 0, 0])];
  for (const ch of s) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(ch.codePointAt(0)!);
    out.push(b);
  }
  return Buffer.concat(out);
};

describe('submission encodings', () => {
  it.each([
    ['UTF-16 LE', utf16le],
    ['UTF-16 BE', utf16be],
    ['UTF-32', utf32le],
  ])('a .py saved as %s with a byte-order mark is graded, with a note that Python itself will not run it', async (label, encode) => {
    const source = (await readFile(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8')) + '# é ü — not ASCII\n';
    const file = `${label.replace(/\W/g, '')}.py`;
    const report = await check(file, encode(source));
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    const encoding = label.slice(0, 6);
    expect(report.notes).toEqual([
      `The file is saved as ${encoding} (with a byte-order mark, as Windows editors save "Unicode"), which wlgrade reads but Python does not, so your own python file.py stops at its first line with a SyntaxError: save it as UTF-8 (your editor's Save As or Encoding menu).`,
    ]);
    // What the note says: Python refuses the file.
    const own = join(mkdtempSync(join(tmpdir(), 'wlgrade-bom-')), file);
    writeFileSync(own, encode(source));
    const run = execaSync('python3', [own], { reject: false });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/SyntaxError: .* on line 1\b/);
    // The same code saved as UTF-8 gets no such note.
    expect((await check(`${file.replace('.py', '')}-utf8.py`, Buffer.from(source))).notes).toEqual([]);
  });

  it('a notebook exported as .py (nbconvert) and saved as UTF-16 names the cell of a line, as in UTF-8', async () => {
    const body = (await readFile(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8')).replace(/^import numpy as np\n/m, '');
    const source = `#!/usr/bin/env python\n# coding: utf-8\n\n# In[1]:\n\n\nimport numpy as np\nimport wlgrade_absent_pandas as pd\n\n\n# In[2]:\n\n\n${body}`;
    const line = source.split('\n').indexOf('import wlgrade_absent_pandas as pd') + 1;
    const retry = (notes: string[]) => notes.find((n) => n.startsWith('Its top-level code raised'));
    const wide = await check('exported-utf16.py', utf16le(source));
    expect(wide.score).toBe(wide.maxScore);
    expect(retry(wide.notes)).toContain(`(No module named 'wlgrade_absent_pandas') at line ${line} (cell In [1]), so`);
    expect(retry(wide.notes)).toBe(retry((await check('exported-utf8.py', Buffer.from(source))).notes));
  });

  it('a notebook saved as UTF-16 is graded', async () => {
    const nb = await readFile(join(PACKAGE_ROOT, 'submissions/notebooks/course-keras.ipynb'), 'utf8');
    const report = await check('utf16.ipynb', utf16le(nb));
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });

  // PEP 263: Python reads a .py in the encoding its first two lines declare. Read as UTF-8 (or
  // Latin-1), a Shift-JIS or Big5 character whose second byte is a backslash (表 is 0x95 0x5C, 許
  // 0xB3 0x5C) escaped the closing quote after it: a SyntaxError Python never raises, exit 2.
  it.each([
    ['shift_jis', '表', [0x95, 0x5c]],
    ['big5', '許', [0xb3, 0x5c]],
  ])('a .py declaring "# -*- coding: %s -*-" is read in that encoding, as Python reads it', async (encoding, char, bytes) => {
    const text = (await readFile(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8')).replace(
      /\n(def compute_class_freqs\(labels\):\n)/,
      '\nTITLE = "@"\n\n\n$1',
    );
    expect(text).toContain('TITLE');
    const parts = `# -*- coding: ${encoding} -*-\n${text}`.split('@');
    const file = Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p, 'latin1')] : [Buffer.from(bytes), Buffer.from(p, 'latin1')])));
    const report = await check(`${encoding}.py`, file);
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    // What the learner's code says is the characters the learner wrote.
    const raises = await check(`${encoding}-raises.py`, Buffer.concat([file, Buffer.from('\n\ndef compute_class_freqs(labels):\n    raise ValueError(TITLE)\n')]));
    expect(raises.cases.find((c) => c.function === 'compute_class_freqs')!.message).toContain(`: ${char}`);
  });

  // A declaration Python cannot read the file by stops Python at line 0 or 1, before any code
  // (load 21: UTF-7, UTF-16 and UTF-32 declared over a file saved as UTF-8 were read as UTF-8 and
  // graded; 0af5931 did the same for EBCDIC, which Python refuses too). The grader says so in one
  // sentence, exit 2, as Python would stop.
  it.each([
    ['utf-16', "Python cannot read the file as utf-16 ('utf-16-le' codec can't decode"],
    ['utf-32', "Python cannot read the file as utf-32 ('utf-32-le' codec can't decode"],
    ['utf-7', "Python cannot read the file as utf-7 ('utf7' codec can't decode"],
    ['cp037', 'Python cannot read the file as cp037 (invalid non-printable character U+0083)'],
    ['no-such-codec', 'Python cannot read the file as no-such-codec (unknown encoding: no-such-codec)'],
  ])('a .py declaring "# -*- coding: %s -*-" that Python cannot read the file by is the SyntaxError Python gives, in words', async (encoding, said) => {
    const source = await readFile(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8');
    const name = `declared-${encoding}.py`;
    const { exitCode, report } = await scratch(name, Buffer.from(`# -*- coding: ${encoding} -*-\n${source}`));
    expect(exitCode).toBe(2);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code: 'SYNTAX_ERROR', line: 1 });
    expect(report.problems[0]!.message).toContain(`${name}:1: SyntaxError: line 1 declares the file's encoding as ${encoding} (PEP 263), but ${said}`);
    expect(report.problems[0]!.message).toContain(`delete that line if the file is saved as UTF-8, or save the file as ${encoding}`);
    expect(report.problems[0]!.message).toMatch(new RegExp(`save the file as ${encoding}\\.$`)); // its one instruction, no "Fix that line" after it (review 36)
  });

  it('a .py saved as UTF-7 as its declaration says is read as UTF-7, as Python reads it', async () => {
    const source = (await readFile(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8')).replace('import numpy as np\n', 'import numpy as np\nTITLE = "café"\n');
    const file = execaSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("utf-7"))'], { input: `# -*- coding: utf-7 -*-\n${source}\ndef compute_class_freqs(labels):\n    raise ValueError(TITLE)\n`, encoding: 'buffer' }).stdout;
    const report = await check('utf7.py', Buffer.from(file));
    expect(report.problems).toEqual([]);
    expect(report.cases.find((c) => c.function === 'compute_class_freqs')!.message).toContain(': café');
    expect(report.cases.filter((c) => c.function === 'weighted_loss' && c.status !== 'passed')).toEqual([]);
  });

  // Red team 34: UTF-16 with an unpaired half failed the strict read, was read as Latin-1, and was
  // "the file contains a NUL byte" at line 1 (every UTF-16 character of ASCII holds one).
  const lone = (unit: number) => `import numpy as np\n\n\n# ${String.fromCharCode(unit)} a comment\n`;
  const utf16 = (s: string, big: boolean) => {
    const out = Buffer.alloc(2 + 2 * s.length);
    if (big) out.writeUInt16BE(0xfeff, 0); // the byte-order mark
    else out.writeUInt16LE(0xfeff, 0);
    for (let i = 0; i < s.length; i++) (big ? out.writeUInt16BE.bind(out) : out.writeUInt16LE.bind(out))(s.charCodeAt(i), 2 + 2 * i);
    return out;
  };
  const utf32units = (s: string) => {
    const out = Buffer.alloc(4 + 4 * s.length);
    out.writeUInt32LE(0xfeff, 0);
    for (let i = 0; i < s.length; i++) out.writeUInt32LE(s.charCodeAt(i), 4 + 4 * i);
    return out;
  };
  it.each([
    ['UTF-16 LE', utf16(lone(0xd800), false), 'UTF-16', '\\ud800'],
    ['UTF-16 BE', utf16(lone(0xdc00), true), 'UTF-16', '\\udc00'],
    ['UTF-32', utf32units(lone(0xdbff)), 'UTF-32', '\\udbff'],
  ])('a .py saved as %s whose line holds a lone surrogate is a syntax error at that line that says so, not a NUL byte', async (label, bytes, encoding, spelt) => {
    const report = await check(`lone-${label.replace(/\W/g, '')}.py`, bytes);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code: 'SYNTAX_ERROR', line: 4 });
    expect(report.problems[0]!.message).toContain(
      `SyntaxError: the file is saved as ${encoding} (its byte-order mark says so), and this line holds a lone surrogate (${spelt}), half of a UTF-16 pair and no character, which Python cannot run: delete it or retype the character there, and save the file as UTF-8`,
    );
    expect(report.problems[0]!.message).not.toContain('NUL');
    expect(report.problems[0]!.message).toMatch(/save the file as UTF-8\.$/); // its one instruction, no "Fix that line" after it (review 36)
    expect(report.score).toBe(0);
  });

  it("a UTF-16 .py cut short in its last character, or holding U+0000, says so; one without a byte-order mark is told it is UTF-16's bytes", async () => {
    const cut = await check('cut.py', Buffer.concat([utf16le('import numpy as np\n\nx = 1\n'), Buffer.from([0x41])]));
    expect(cut.problems[0]).toMatchObject({ code: 'SYNTAX_ERROR', line: 4 });
    // Each says what to do once: no "Fix that line so the file runs." after it (review 36).
    expect(cut.problems[0]!.message).toBe('cut.py:4: SyntaxError: the file is saved as UTF-16 (its byte-order mark says so), and this line holds a last character cut short (the file ends 1 byte into it): delete it or retype the character there, and save the file as UTF-8.');
    const nul = await check('nulchar.py', utf16le('import numpy as np\n\nx = 1  # \0\n'));
    expect(nul.problems[0]).toMatchObject({ code: 'SYNTAX_ERROR', line: 3 });
    expect(nul.problems[0]!.message).toBe('nulchar.py:3: SyntaxError: the file contains a NUL character (U+0000), which Python source cannot hold; delete it, and save the file as UTF-8.');
    const source = await readFile(join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'), 'utf8');
    const bare = await check('nobom.py', Buffer.from(source, 'utf16le'));
    // The whole file's encoding: no line (it was `nobom.py:1`, "Fix that line").
    expect(bare.problems).toEqual([{ code: 'SYNTAX_ERROR', message: 'nobom.py: SyntaxError: the file contains NUL bytes between its characters, as UTF-16 or UTF-32 saved without a byte-order mark writes text, which Python cannot read; save it again as plain UTF-8 text.' }]);
  });

  it('a NUL byte is a syntax error at its line, with what to do', async () => {
    const report = await check('nul.py', Buffer.from('import numpy as np\n\ndef compute_class_freqs(labels):\n    return labels\x00\n'));
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ code: 'SYNTAX_ERROR', line: 4 });
    expect(report.problems[0]!.message).toBe('nul.py:4: SyntaxError: the file contains a NUL byte, which Python source cannot hold; delete that character (line 4).');
  });
});

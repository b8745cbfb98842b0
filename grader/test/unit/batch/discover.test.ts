import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, posix, relative, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brightspaceDateKey, discoverSubmissions, learnerSlug, sourceName, type DiscoverOptions } from '../../../src/batch/discover.js';
import { MAX_FILE_BYTES, sizeProblem } from '../../../src/grade-submission.js';
import { isCanvasAnonymousId } from '../../../src/report/lms-csv.js';
import { countDefinitions, pickOwnFile, rankCandidates } from '../../../src/batch/pick.js';
import { MAX_PATH_SEGMENTS, UnpackBudget, unsafeEntryName, ZipArchive } from '../../../src/batch/zip.js';
import { clearUtf8Flag, makeZip, setMethod } from './zip-helpers.js';
import { scratchPerTest } from '../../helpers/discover-dirs.js';

const BOTH = 'def compute_class_freqs(labels):\n    pass\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n';
let dir: string;
let scratch: string;
scratchPerTest('wlgrade-discover-', (d, s) => ([dir, scratch] = [d, s]));

async function put(rel: string, body: string | Buffer = BOTH) {
  const p = join(dir, rel);
  await mkdir(join(p, '..'), { recursive: true });
  await writeFile(p, body);
  return p;
}
const discover = (...paths: string[]) => discoverSubmissions(paths, { scratch, cwd: dir });
const discoverWith = (limits: DiscoverOptions['limits'], ...paths: string[]) => discoverSubmissions(paths, { scratch, cwd: dir, limits });
/** Every file written under the scratch folder, relative to it, zipN-xxxxxx/ folders left out. */
const unpacked = async () =>
  (await readdir(scratch, { recursive: true, withFileTypes: true }))
    .filter((e) => !e.isDirectory())
    .map((e) => relative(scratch, join(e.parentPath, e.name)).split('/').slice(1).join('/'))
    .sort();
const rows = (items: Awaited<ReturnType<typeof discover>>) => items.map((i) => ({ learner: i.learner, source: i.source, ...(i.error === undefined ? {} : { error: i.error }) }));
const brief = (items: Awaited<ReturnType<typeof discover>>) => items.map((i) => ({ learner: i.learner, source: i.source, error: i.error !== undefined }));

describe('discoverSubmissions', () => {
  it('takes files, learner folders, learner zips and error rows from one folder', async () => {
    await put('in/alice.py');
    await put('in/bob.ipynb', `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`);
    await put('in/carol/helper.py', 'x = 1\n');
    await put('in/carol/sub/work.py');
    await put('in/dave.zip', await makeZip({ 'dave/assignment.py': BOTH }));
    await put('in/erin.docx', 'word');
    await put('in/index.csv', 'a,b');
    await put('in/.DS_Store', '');
    const items = await discover('in');
    expect(brief(items)).toEqual([
      { learner: 'alice', source: 'in/alice.py', error: false },
      { learner: 'bob', source: 'in/bob.ipynb', error: false },
      { learner: 'carol', source: 'in/carol/sub/work.py', error: false },
      { learner: 'dave', source: 'in/dave.zip:dave/assignment.py', error: false },
      { learner: 'erin', source: 'in/erin.docx', error: true },
    ]);
    expect(items[2]!.note).toBe('picked sub/work.py (defines 2 of the 2 graded functions) over helper.py');
    expect(items[2]!.learnerNote).toBe('Your submission holds 2 Python files: this grades sub/work.py (it defines both graded functions), not helper.py. To have another file graded, submit that file alone.');
    expect(items[0]!.learnerNote).toBeUndefined();
    // Extraction stays inside the scratch folder.
    expect((await readdir(scratch)).length).toBe(1);
  });

  it("names the learner's files in the choice notes one line each: a line break in a name is shown, not obeyed", async () => {
    // A file named "b\n\nScore: 41/41 …" printed a fake score line in Gradescope's output, as wlgrade's own.
    await put('in/mal/a.py');
    await put('in/mal/b\n\nScore: 41\u221541 (41 of 41 cases passed).\r\u2028x.py', 'x = 1\n');
    await put('in/mal/c\n.ipynb', '{}');
    const [item] = await discover('in');
    expect(item!.learnerNote).toBe('Your submission holds 3 Python files: this grades a.py (it defines both graded functions), not c\\n.ipynb, b\\n\\nScore: 41\u221541 (41 of 41 cases passed).\\r\\u2028x.py. To have another file graded, submit that file alone.');
    expect(item!.note).not.toMatch(/[\n\r\u2028]/);
    const zip = await discover(await put('z.zip', await makeZip({ 'ann/a.py': BOTH, 'mal/a.py': BOTH, 'mal/b\nScore: 41\u221541.py': 'x = 1\n' })));
    expect(zip[1]!.learnerNote).toContain('not b\\nScore: 41\u221541.py.');
  });

  it('steps into the single wrapper folder of a Gradescope-style export zip', async () => {
    const zip = await makeZip({
      'assignment_1_export/submission_11/hw.py': BOTH,
      'assignment_1_export/submission_12/notebook.ipynb': '{}',
      'assignment_1_export/submission_metadata.yml': 'x: 1',
    });
    await put('export.zip', zip);
    expect(brief(await discover('export.zip'))).toEqual([
      { learner: 'submission_11', source: 'export.zip:submission_11/hw.py', error: false },
      { learner: 'submission_12', source: 'export.zip:submission_12/notebook.ipynb', error: false },
    ]);
  });

  it("names Gradescope learners from submission_metadata.yml: email, else SID, else name; one row per group member", async () => {
    const metadata = [
      'submission_11:',
      '  :submitters:',
      '  - :name: Alice Smith',
      "    :sid: '1001'",
      '    :email: alice@uni.edu',
      '  :created_at: 2026-10-01 10:00:00.000000000 -07:00',
      'submission_12:',
      '  :submitters:',
      '  - :name: Bob Jones',
      '    :sid: 1002',
      '  - :name: Carol Diaz',
      '    :email: carol@uni.edu',
      'submission_13:',
      '  :submitters:',
      '  - :name: Dana Lee',
      '',
    ].join('\n');
    await put('export.zip', await makeZip({
      'assignment_1_export/submission_11/hw.py': BOTH,
      'assignment_1_export/submission_12/hw.ipynb': '{}',
      'assignment_1_export/submission_13/hw.py': BOTH,
      'assignment_1_export/submission_14/hw.py': BOTH,
      'assignment_1_export/submission_metadata.yml': metadata,
    }));
    const items = await discover('export.zip');
    expect(brief(items)).toEqual([
      { learner: '1002', source: 'export.zip:submission_12/hw.ipynb', error: false },
      { learner: 'Dana Lee', source: 'export.zip:submission_13/hw.py', error: false },
      { learner: 'alice@uni.edu', source: 'export.zip:submission_11/hw.py', error: false },
      { learner: 'carol@uni.edu', source: 'export.zip:submission_12/hw.ipynb', error: false },
      { learner: 'submission_14', source: 'export.zip:submission_14/hw.py', error: false },
    ]);
    expect(items.find((i) => i.learner === 'alice@uni.edu')!.note).toBe('Gradescope submission_11: Alice Smith, SID 1001, alice@uni.edu');
    expect(items.find((i) => i.learner === '1002')!.note).toBe('Gradescope submission_12: Bob Jones, SID 1002 (group of 2)');
  });

  it('rejects a zip-slip entry in an export zip', async () => {
    await put('export.zip', await makeZip({ 'a/ok.py': BOTH, 'xx/evil.py': 'boom' }, { 'xx/evil.py': '../evil.py' }));
    await expect(discover('export.zip')).rejects.toThrow(
      'export.zip contains the entry "../evil.py", which points outside the archive (zip-slip); wlgrade refuses to extract it: re-export the archive or remove that entry.',
    );
  });

  it("turns one learner's bad zip into that learner's error row", async () => {
    await put('in/alice.py');
    await put('in/bob.zip', 'this is not a zip');
    const items = await discover('in');
    expect(items[1]!.error).toMatch(/^Cannot read in\/bob.zip as a zip archive \(.*\); check that it downloaded completely, or unzip it and pass the folder\.$/);
  });

  it('grades neither of two submissions for one learner: that learner\'s one error row names both files, and the others are graded', async () => {
    await put('in/alice.py');
    await put('in/alice/x.py', 'x = 1\n'); // other bytes: the same bytes are one submission
    await put('in/bob.py');
    const items = await discover('in');
    expect(items.map((i) => [i.learner, i.file !== undefined, i.error])).toEqual([
      ['alice', false, 'Two submissions claim learner "alice": in/alice/x.py and in/alice.py; rename or remove one so each learner has exactly one, and grade again.'],
      ['bob', true, undefined],
    ]);
  });

  it("a learner's entries that all fail (a folder and a zip of theirs, neither holding a Python file) are one row naming each problem, not a clash; one gradable entry among them is still a clash", async () => {
    // Staff 32: the clash said to rename or remove one, and the next run met the other's problem.
    await put('in/alice/notes.txt', 'hi');
    await put('in/alice.zip', await makeZip({ 'readme.txt': 'hello' }));
    await put('in/Bob.docx', 'word');
    await put('in/bob/essay.txt', 'words');
    await put('in/carol/notes.txt', 'hi');
    await put('in/carol.py');
    expect((await discover('in')).map((i) => [i.learner, i.source, i.error])).toEqual([
      [
        'Bob',
        'in/Bob.docx',
        'Learner "Bob" handed in 2 entries and none can be graded: in/Bob.docx is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks. in/bob holds essay.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file.',
      ],
      [
        'alice',
        'in/alice',
        'Learner "alice" handed in 2 entries and none can be graded: in/alice holds notes.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file. in/alice.zip holds readme.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file.',
      ],
      ['carol', 'in/carol', 'Two submissions claim learner "carol": in/carol and in/carol.py; rename or remove one so each learner has exactly one, and grade again.'],
    ]);
  });

  it("a learner's all-failing entries keep the first's fields, name each entry, and are FILE_TOO_LARGE when every one is over the size limit", async () => {
    // Review 32b: the combined row was built afresh: a FILE_TOO_LARGE learner's 0 became a blank,
    // its text said "hw.py is 10.1 MiB" of no entry, and a Brightspace learner lost caseKept and
    // met a case-distinct account ("jane doe", a gradable hw.py) as one clash row.
    const bigPy = Buffer.alloc(MAX_FILE_BYTES.py + 1, 0x20);
    const tooLarge = (name: string) => `${name} is 10.1 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.`;
    await put('in/Dan.zip', await makeZip({ 'a.py': bigPy }));
    await put('in/dan.zip', await makeZip({ 'hw.py': bigPy }));
    await put('in/alice/notes.txt', 'hi');
    await put('in/alice.zip', await makeZip({ 'hw.py': bigPy }));
    expect((await discover('in')).map((i) => [i.learner, i.error, i.problem])).toEqual([
      ['Dan', `Learner "Dan" handed in 2 entries and none can be graded: in/Dan.zip:a.py: ${tooLarge('a.py')} in/dan.zip:hw.py: ${tooLarge('hw.py')}`, 'FILE_TOO_LARGE'],
      [
        'alice',
        `Learner "alice" handed in 2 entries and none can be graded: in/alice holds notes.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file. in/alice.zip:hw.py: ${tooLarge('hw.py')}`,
        // Her only Python is over the limit: 0, as in one folder with notes.txt (batch 33).
        'FILE_TOO_LARGE',
      ],
    ]);
    await put('bs/13394-80604 - Jane Doe - Mar 30, 2018 1205 PM/notes.txt', 'hi');
    await put('bs/13394-80601 - jane doe - Mar 30, 2018 1205 PM/hw.py');
    await put('bs/13394-80602 - Bo Li - Mar 30, 2018 1205 PM/hw.py');
    // Another download holding another submission of Jane Doe's: two hand-ins (one given as folder and zip is one).
    await put('bs2/13394-80610 - Jane Doe - Apr 1, 2018 1205 PM/readme.txt', 'hi');
    await put('bs2/13394-80602 - Bo Li - Mar 30, 2018 1205 PM/hw.py');
    execFileSync('zip', ['-qr', '../bs2.zip', '.'], { cwd: join(dir, 'bs2') });
    const bs = await discover('bs', 'bs2.zip');
    expect(bs.map((i) => [i.learner, i.error?.split(':')[0], i.caseKept])).toEqual([
      ['Bo Li', undefined, true],
      ['Jane Doe', 'Learner "Jane Doe" handed in 2 entries and none can be graded', true],
      ['jane doe', undefined, true],
    ]);
  });

  it('a file on disk over the size limit beside a learner\'s other entries is FILE_TOO_LARGE, once, not a clash (batch 33)', async () => {
    // Both were "Two submissions claim learner …", blank: the folder's 11 MiB file was only sized
    // when the batch reached it, so it was a gradable entry beside the other.
    const bigPy = Buffer.alloc(MAX_FILE_BYTES.py + 1, 0x20);
    const tooLarge = (name: string) => `${name} is 10.1 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.`;
    await put('in/alice/essay.docx', 'word');
    await put('in/alice.py', bigPy);
    await put('in/bob/hw.py', bigPy);
    await put('in/bob.zip', await makeZip({ 'hw.py': bigPy }));
    await put('in/erin.docx', 'word');
    await put('in/erin/link.txt', 'x'); // two entries with no Python: blank, as before
    await put('in/dan.py', bigPy); // alone: sized when the batch reaches it (run-batch)
    await put('sub/carol/hw.py', bigPy);
    await put('sub/fay.py');
    execFileSync('zip', ['-qr', '../sub.zip', '.'], { cwd: join(dir, 'sub') });
    expect((await discover('in')).map((i) => [i.learner, i.error, i.problem])).toEqual([
      ['alice', `Learner "alice" handed in 2 entries and none can be graded: in/alice holds essay.docx, but no .py or .ipynb file; the learner must hand in their notebook or Python file. in/alice.py: ${tooLarge('alice.py')}`, 'FILE_TOO_LARGE'],
      ['bob', `Learner "bob" handed in 2 entries and none can be graded: in/bob/hw.py: ${tooLarge('hw.py')} in/bob.zip:hw.py: ${tooLarge('hw.py')}`, 'FILE_TOO_LARGE'],
      ['dan', undefined, undefined],
      ['erin', 'Learner "erin" handed in 2 entries and none can be graded: in/erin holds link.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file. in/erin.docx is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.', undefined],
    ]);
    // One export given as its folder and its zip: carol's one file is one hand-in, counted once.
    const twice = await discover('sub', 'sub.zip');
    expect(twice.map((i) => [i.learner, i.error, i.problem, i.note])).toEqual([
      ['carol', tooLarge('hw.py'), 'FILE_TOO_LARGE', 'Given 2 times as one entry (sub/carol/hw.py, sub.zip:carol/hw.py): counted once'],
      ['fay', undefined, undefined, 'Handed in 2 times with byte-identical files (sub/fay.py, sub.zip:fay.py): graded once'],
    ]);
  });

  it.each([
    ['letter case', 'Alice/x.py', 'alice.py', 'Two submissions claim learner "alice" ("Alice" in in/Alice/x.py, "alice" in in/alice.py'],
    ['how an accent is encoded (NFD, as macOS zips write it)', 'jose\u0301.py', 'jos\u00e9.py', 'Two submissions claim learner "jos\u00e9" ("jose\u0301" in in/jose\u0301.py, "jos\u00e9" in in/jos\u00e9.py'],
    ['a zero-width space (red team 16: a second "alice" row)', 'alice\u200b.py', 'alice.py', 'Two submissions claim learner "alice\\u200b" ("alice" in in/alice.py, "alice\\u200b" in in/alice\\u200b.py'],
    ['a direction mark and a no-break space', 'bob\u200e\u00a0smith.py', 'bob smith.py', 'Two submissions claim learner "bob\\u200e\\u00a0smith" ("bob smith" in in/bob smith.py, "bob\\u200e\\u00a0smith" in in/bob\\u200e\\u00a0smith.py'],
  ])('ids that differ only in %s are one learner', async (_what, a, b, message) => {
    await put(`in/${a}`);
    await put(`in/${b}`, 'x = 1\n'); // other bytes: the same bytes are one submission
    const items = await discover('in');
    expect(items).toHaveLength(1);
    expect(items[0]!.file).toBeUndefined();
    expect(items[0]!.error).toContain(`${message}: ids that differ only in letter case, in how an accent is encoded, or in characters no one sees (a zero-width space, a direction mark, another kind of space) are one learner); rename or remove one so each learner has exactly one, and grade again.`);
  });

  it('gives learners whose names differ only in non-ASCII letters, or in a symbol the file name drops, their own ids and files', async () => {
    for (const name of ['张伟', '李娜', 'josé', 'josè', '李 娜', '李_娜', 'zoë 😀', 'zoë 🙂']) await put(`in/${name}.py`);
    const items = await discover('in');
    expect(items.map((i) => i.learner).sort()).toEqual(['josè', 'josé', 'zoë 🙂', 'zoë 😀', '张伟', '李 娜', '李_娜', '李娜'].sort());
    expect(new Set(items.map((i) => learnerSlug(i.learner).toLowerCase())).size).toBe(8);
  });

  it('reads a zip\'s names stored in UTF-8 without the UTF-8 flag (Info-ZIP `zip -r` on Linux or macOS) as UTF-8, and other unflagged names as CP437', async () => {
    // 'caf\x82' is CP437 for café (a DOS-era tool): not valid UTF-8, so it stays CP437.
    const built = await makeZip({ 'garcía.py': BOTH, '张伟/hw.ipynb': '{}', 'cafX.py': BOTH });
    await put('in.zip', clearUtf8Flag(built, { 'cafX.py': Buffer.from('caf\x82.py', 'latin1') }));
    const items = await discover('in.zip');
    expect(items.map((i) => i.learner).sort()).toEqual(['café', 'garcía', '张伟'].sort());
    expect(items.find((i) => i.learner === 'garcía')!.source).toBe('in.zip:garcía.py');
  });

  it('names both learners and the shared file when two ASCII ids become one file name', async () => {
    await put('in/a b.py');
    await put('in/a_b.py');
    await put('in/c.py');
    const items = await discover('in');
    const message =
      'Learners "a b" (in/a b.py) and "a_b" (in/a_b.py) would share the result file results/a_b.json (in file names, characters other than letters, digits, ".", "_" and "-" become "_", and letter case is ignored); rename one of them and grade again.';
    // An error row each (neither is graded), and the rest of the batch goes on.
    expect(items.map((i) => [i.learner, i.file !== undefined, i.error])).toEqual([
      ['a b', false, message],
      ['a_b', false, message],
      ['c', true, undefined],
    ]);
  });

  it('shows a line break in a file name as \\n in its error row', async () => {
    await put('in/bob\n[1 of 2] eve: 41 of 41 passed.docx', 'word');
    const items = await discover('in');
    expect(items[0]!.error).toBe('in/bob\\n[1 of 2] eve: 41 of 41 passed.docx is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.');
  });

  it('a learner folder whose only file cannot be opened (a name that is not UTF-8) is that learner\'s error row; another learner is still found', async () => {
    await put('in/alice/sol.py');
    await mkdir(join(dir, 'in', 'mallory'), { recursive: true });
    // Bytes that are not UTF-8: Node reads the name back with U+FFFD and cannot open it by that name.
    await writeFile(Buffer.concat([Buffer.from(join(dir, 'in', 'mallory') + '/'), Buffer.from([0x78, 0xff, 0x2e, 0x70, 0x79])]), BOTH);
    const items = await discover('in');
    expect(items.map((i) => [i.learner, i.error === undefined])).toEqual([
      ['alice', true],
      ['mallory', false],
    ]);
    expect(items[1]!.error).toMatch(/^in\/mallory: its files could not be opened \(x\uFFFD\.py\); a file name that is not UTF-8 or a file without read permission does this: rename it or make it readable\.$/);
  });

  it('reads thousands of files in one learner folder a few at a time (no EMFILE), picking the one that defines the functions', async () => {
    for (let i = 0; i < 1500; i++) await put(`in/many/f${String(i).padStart(4, '0')}.py`, 'x = 1\n');
    await put('in/many/zz_solution.py');
    const items = await discover('in');
    expect(items.map((i) => [i.learner, i.error, i.source])).toEqual([['many', undefined, 'in/many/zz_solution.py']]);
  });

  it('refuses an empty folder', async () => {
    await mkdir(join(dir, 'empty'));
    await expect(discover('empty')).rejects.toThrow('No submissions found in empty: expected .py or .ipynb files, one folder per learner, or a .zip export.');
  });
});

describe('zips: only the file graded is unpacked, and a learner\'s problem is that learner\'s row', () => {
  it("unpacks only the file it grades from a learner's zip: a never-graded pad.bin, a helper and the folder's other files are not written", async () => {
    await put('in/mallory.zip', await makeZip({ 'loss.py': BOTH, 'helper.py': 'x = 1\n', 'pad.bin': Buffer.alloc(2 ** 20), 'data/train.csv': 'a,b\n'.repeat(1000) }));
    const items = await discover('in');
    expect(rows(items)).toEqual([{ learner: 'mallory', source: 'in/mallory.zip:loss.py' }]);
    expect(items[0]!.note).toBe('picked loss.py (defines 2 of the 2 graded functions) over helper.py');
    expect(items[0]!.learnerNote).toMatch(/^Your submission holds 2 Python files: this grades loss\.py \(it defines both graded functions\), not helper\.py\./);
    expect(await unpacked()).toEqual(['loss.py']);
  });

  it("lists another shard's learners (wanted) without unpacking or reading their files: an export, a learner zip, a folder", async () => {
    await put('export.zip', await makeZip({
      'export/submission_1/hw.py': BOTH,
      'export/submission_2/nb.py': BOTH,
      'export/carol.zip': await makeZip({ 'loss.py': BOTH }),
      'export/submission_metadata.yml': 'submission_2:\n  :submitters:\n  - :name: Bo\n    :email: bo@uni.edu\n',
    }));
    await put('in/dave/hw.py');
    const items = await discoverSubmissions(['export.zip', 'in'], { scratch, cwd: dir, wanted: (learner) => learner === 'bo@uni.edu' });
    expect(items.map((i) => [i.learner, i.skipped ?? false, i.file !== undefined])).toEqual([
      ['bo@uni.edu', false, true],
      ['carol', true, false],
      ['dave', true, false],
      ['submission_1', true, false],
    ]);
    expect(await unpacked()).toEqual(['export/submission_2/nb.py']);
  });

  it("reads Canvas's submissions zip as one learner per Canvas user id, picking among a learner's files", async () => {
    await put('canvas.zip', await makeZip({
      'smithjohn_12345_678901_hw.py': BOTH,
      'smithjohn_12345_678902_scratch.py': 'x = 1\n',
      'doejane_LATE_222_333_assignment.ipynb': `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`,
      'doejane_222_334_notes.docx': 'word',
      'roeric_444_555_essay.docx': 'word',
      'o_brien_666_777_my_1_2_hw.py': BOTH,
    }));
    const items = await discover('canvas.zip');
    expect(items.map((i) => [i.learner, i.source, i.displayName, i.error !== undefined])).toEqual([
      ['12345', 'canvas.zip:smithjohn_12345_678901_hw.py', 'hw.py', false],
      ['222', 'canvas.zip:doejane_LATE_222_333_assignment.ipynb', 'assignment.ipynb', false],
      ['444', 'canvas.zip:roeric_444_555_essay.docx', undefined, true],
      ['666', 'canvas.zip:o_brien_666_777_my_1_2_hw.py', 'my_1_2_hw.py', false],
    ]);
    expect(items[0]!.note).toBe('Canvas user 12345. picked hw.py (defines 2 of the 2 graded functions) over scratch.py');
    expect(items[0]!.learnerNote).toMatch(/^Your submission holds 2 Python files: this grades hw\.py/);
    // Only the file graded of each learner: not scratch.py, not the .docx files.
    expect(await unpacked()).toEqual(['doejane_LATE_222_333_assignment.ipynb', 'o_brien_666_777_my_1_2_hw.py', 'smithjohn_12345_678901_hw.py']);
  });

  it("reads a Canvas name that ends in _<digits> as its own user's, not as the user of those digits (red-team round 12)", async () => {
    // Canvas writes `<name>_<user id>_<attachment id>_<file>` and rewrites `_<digits>_` inside the name,
    // but not a name's end: a learner named "John_99" (where learners may edit their names) was read as
    // user 99, and their notebook graded for user 99 over user 99's own file.
    const NOTEBOOK = `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`;
    await put('canvas99.zip', await makeZip({
      'doejane_99_555_hw.py': BOTH,
      'roejohn_99_12345_678_a.ipynb': NOTEBOOK,
      'roejohn_99_12345_679_notes.docx': 'word',
      'smithjohn_4242_678901_2024_hw.py': BOTH,
    }));
    const items = await discover('canvas99.zip');
    expect(items.map((i) => [i.learner, i.source, i.displayName, i.error !== undefined])).toEqual([
      ['12345', 'canvas99.zip:roejohn_99_12345_678_a.ipynb', 'a.ipynb', false],
      ['4242', 'canvas99.zip:smithjohn_4242_678901_2024_hw.py', '2024_hw.py', false],
      ['99', 'canvas99.zip:doejane_99_555_hw.py', 'hw.py', false],
    ]);
    expect(items[0]!.note).toBe('Canvas user 12345');
    // User 99's own file named so that it reads on too: nothing tells the two apart, and the first reading stands.
    await put('canvas99b.zip', await makeZip({ 'doejane_99_555_2024_hw.py': BOTH, 'roejohn_99_12345_678_a.py': BOTH }));
    expect((await discover('canvas99b.zip')).map((i) => i.learner)).toEqual(['99']);
    // User 99's late submission: Canvas's _LATE_ is no name running on.
    await put('canvas99c.zip', await makeZip({ 'doejane_LATE_99_555_hw.py': BOTH, 'roejohn_99_12345_678_a.py': BOTH }));
    expect((await discover('canvas99c.zip')).map((i) => [i.learner, i.source])).toEqual([
      ['12345', 'canvas99c.zip:roejohn_99_12345_678_a.py'],
      ['99', 'canvas99c.zip:doejane_LATE_99_555_hw.py'],
    ]);
  });

  it('says which Canvas ids may be another learner\'s, where nothing in the download tells the two readings apart', async () => {
    // "roe john_99" (user 555, who edited their name) with no entry of user 99: read as user 99, and said so.
    await put('canvasdoubt.zip', await makeZip({ 'roejohn_99_555_7001_hw.py': BOTH, 'smithann_101_7002_hw.py': BOTH }));
    const items = await discover('canvasdoubt.zip');
    const doubt = 'roejohn_99_555_7001_hw.py was graded as Canvas user 99, but it also reads as user 555\'s (a learner whose Canvas name ends in "_99"); check in Canvas whose it is before the grades go anywhere';
    expect(items.map((i) => [i.learner, i.doubt])).toEqual([
      ['101', undefined],
      ['99', doubt],
    ]);
    expect(items[1]!.note).toBe(`Canvas user 99. ${doubt}`);
    // Settled by user 99's own entries (canvasOverrides), or read one way only: no doubt.
    await put('canvasdoubt2.zip', await makeZip({
      'doejane_99_555_hw.py': BOTH,
      'roejohn_99_12345_678_a.py': BOTH,
      'smithjohn_4242_678901_2024_hw.py': BOTH,
    }));
    expect((await discover('canvasdoubt2.zip')).map((i) => [i.learner, i.doubt !== undefined])).toEqual([
      ['12345', false],
      ['4242', true], // its own file 2024_hw.py reads on as user 678901's
      ['99', false],
    ]);
  });

  it("reads Canvas's download of an anonymously graded assignment as one learner per anonymous id (anon_<id>_<attachment id>_<file>)", async () => {
    // content_zipper.rb: no name, "anon_<5 base58 characters>" for the user id, LATE_ before it.
    await put('canvasanon.zip', await makeZip({
      'anon_Ab3xZ_678901_hw.py': BOTH,
      'anon_Ab3xZ_678902_scratch.py': 'x = 1\n',
      'LATE_anon_12345_333_2024_hw.py': BOTH, // an all-digit id, and a file name starting with digits
      'anon_ab3xZ_444_hw.py': BOTH, // another learner: base58 ids differ by letter case
      'anon_Qr7Kp_555_essay.docx': 'word',
      'anon_Qr7Kp_text.html': '<p>hi</p>',
    }));
    const items = await discover('canvasanon.zip');
    expect(items.map((i) => [i.learner, i.source, i.displayName, i.doubt])).toEqual([
      ['anon_12345', 'canvasanon.zip:LATE_anon_12345_333_2024_hw.py', '2024_hw.py', undefined],
      // Two ids one letter case apart would share one result file: an error row naming both files,
      // never one learner's files ranked together with one graded.
      ['anon_Ab3xZ', 'canvasanon.zip:anon_Ab3xZ_678901_hw.py', undefined, undefined],
      ['anon_Qr7Kp', 'canvasanon.zip:anon_Qr7Kp_555_essay.docx', undefined, undefined],
    ]);
    expect(items[0]!.note).toBe('Canvas anonymous submission anon_12345, late');
    // export lms knows these ids for what they are (report/lms-csv.ts).
    expect(items.map((i) => isCanvasAnonymousId(i.learner))).toEqual([true, true, true]);
    expect(items[1]!.error).toMatch(/^Two submissions claim learner "anon_ab3xZ" \("anon_Ab3xZ" in canvasanon\.zip:anon_Ab3xZ_678901_hw\.py, "anon_ab3xZ" in canvasanon\.zip:anon_ab3xZ_444_hw\.py/);
    expect(items[2]!.error).toMatch(/is not a \.py or \.ipynb file/);
    // Without the clash, a learner's best file is picked as in any Canvas download.
    await put('canvasanon2.zip', await makeZip({ 'anon_Ab3xZ_678902_scratch.py': 'x = 1\n', 'anon_Ab3xZ_678901_hw.py': BOTH }));
    const [one] = await discover('canvasanon2.zip');
    expect([one!.learner, one!.displayName, one!.note]).toEqual(['anon_Ab3xZ', 'hw.py', 'Canvas anonymous submission anon_Ab3xZ. picked hw.py (defines 2 of the 2 graded functions) over scratch.py']);
  });

  it("doubts a Canvas entry's user id only when its other reading can be Canvas's, given the download's other entries", async () => {
    // Ids as Canvas gives them: users of 7 digits, attachments of 9. A learner's own file named
    // `2024_hw.py` or `01_loss.ipynb` read on as another user's, and every such entry was a doubt.
    const names = {
      'doeann_1234570_876543299_hw.py': BOTH,
      'smithjane_1234567_876543210_2024_hw.py': BOTH, // next reading's attachment 2024: not of this download's size
      'leebo_1234590_876543400_01_loss.py': BOTH, // attachment 01: Canvas writes no leading zero
      'parkcy_1234610_1234570_876543600_hw.py': BOTH, // user 1234570 is doeann's: a user has one name
      'ngdi_1234620_876543700_876543299_hw.py': BOTH, // attachment 876543299 is doeann's file
      'roejohn_99_1234580_876543301_hw.py': BOTH, // user 1234580 who named themself "roe john_99": still a doubt
    };
    await put('canvasids.zip', await makeZip(names));
    expect((await discover('canvasids.zip')).map((i) => [i.learner, i.displayName, i.doubt])).toEqual([
      ['1234567', '2024_hw.py', undefined],
      ['1234570', 'hw.py', undefined],
      ['1234590', '01_loss.py', undefined],
      ['1234610', '876543600_hw.py', undefined],
      ['1234620', '876543299_hw.py', undefined],
      ['99', '876543301_hw.py', 'roejohn_99_1234580_876543301_hw.py was graded as Canvas user 99, but it also reads as user 1234580\'s (a learner whose Canvas name ends in "_99"); check in Canvas whose it is before the grades go anywhere'],
    ]);
    // Alone in the download, nothing tells: said.
    await put('canvasalone.zip', await makeZip({ 'smithjane_1234567_876543210_2024_hw.py': BOTH }));
    expect((await discover('canvasalone.zip')).map((i) => [i.learner, i.doubt !== undefined])).toEqual([['1234567', true]]);
  });

  it("reads Moodle's 'Download all submissions' folders as 'Participant <id>', the grading worksheet's Identifier", async () => {
    await put('moodle/Jane Doe_1234567_assignsubmission_file_/hw.py');
    await put('moodle/Jane Doe_1234567_assignsubmission_onlinetext_/onlinetext.html', '<p>hi</p>');
    await put('moodle/Bo O_Brien_7654321_assignsubmission_file_/nb/work.py');
    await put('moodle/Bo O_Brien_7654321_assignsubmission_file_/helper.py', 'x = 1\n');
    const items = await discover('moodle');
    expect(items.map((i) => [i.learner, i.source, i.note])).toEqual([
      ['Participant 1234567', 'moodle/Jane Doe_1234567_assignsubmission_file_/hw.py', 'Moodle participant 1234567: Jane Doe'],
      ['Participant 7654321', 'moodle/Bo O_Brien_7654321_assignsubmission_file_/nb/work.py', 'Moodle participant 7654321: Bo O_Brien. picked nb/work.py (defines 2 of the 2 graded functions) over helper.py'],
    ]);
    // Moodle's flat form (no folders): the prefix on each file.
    await put('flat/Jane Doe_1234567_assignsubmission_file_hw.py');
    expect((await discover('flat')).map((i) => [i.learner, i.displayName])).toEqual([['Participant 1234567', 'hw.py']]);
  });

  it("reads Blackboard's 'Download Assignment' as one learner per username, their attempts' details files not learners", async () => {
    await put('bb/Weighted loss_jdoe_attempt_2026-11-02-10-15-00_hw.py');
    await put('bb/Weighted loss_jdoe_attempt_2026-11-02-10-15-00.txt', 'Name: Jane Doe');
    await put('bb/Weighted loss_bo7_attempt_2026-11-03-09-00-00_final.ipynb', `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`);
    await put('bb/Weighted loss_bo7_attempt_2026-11-01-09-00-00_draft.py', 'x = 1\n');
    const items = await discover('bb');
    expect(items.map((i) => [i.learner, i.displayName, i.error !== undefined])).toEqual([
      ['bo7', 'final.ipynb', false],
      ['jdoe', 'hw.py', false],
    ]);
    expect(items[0]!.note).toBe('Blackboard user bo7, attempt 2026-11-03-09-00-00. picked final.ipynb (defines 2 of the 2 graded functions) over draft.py');
  });

  it('reads Blackboard usernames in any letter case as one learner, as Blackboard Learn stores them in lowercase', async () => {
    // help.blackboard.com, Create Users: "Uppercase letters in usernames are converted to lowercase
    // in the system database": JDoe and jdoe are one account, its attempts one learner's.
    await put('bbcase/HW_JDoe_attempt_2026-11-02-10-15-00_hw.py', BOTH);
    await put('bbcase/HW_jdoe_attempt_2026-11-04-10-15-00_hw.py', BOTH);
    await put('bbcase/HW_bo_attempt_2026-11-02-10-15-00_hw.py', BOTH);
    const items = await discover('bbcase');
    // one learner (under one of the spellings: discover's rule for ids that differ in case), the latest attempt
    expect(items.map((i) => [i.learner.toLowerCase(), i.source, i.error]).sort()).toEqual([
      ['bo', 'bbcase/HW_bo_attempt_2026-11-02-10-15-00_hw.py', undefined],
      ['jdoe', 'bbcase/HW_jdoe_attempt_2026-11-04-10-15-00_hw.py', undefined],
    ]);
  });

  it("grades a Blackboard learner's latest attempt of several that define as much (All attempt files), whatever their files are named, and says which attempts lost", async () => {
    const NB = `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`;
    const files: Array<[string, string]> = [
      // one file name in every attempt: the alphabetically first entry is the earliest attempt
      ['msmith_attempt_2026-11-02-11-00-00_hw.py', BOTH],
      ['msmith_attempt_2026-11-03-11-00-00_hw.py', BOTH],
      // a later attempt of another name, and an earlier notebook
      ['ana_attempt_2026-11-01-08-00-00_work.ipynb', NB],
      ['ana_attempt_2026-11-05-08-00-00_a.py', BOTH],
      // a later attempt that defines less does not win
      ['bo_attempt_2026-11-01-08-00-00_hw.py', BOTH],
      ['bo_attempt_2026-11-09-08-00-00_notes.py', 'x = 1\n'],
    ];
    for (const [name, body] of files) await put(`bb/HW_${name}`, body);
    const items = await discover('bb');
    expect(items.map((i) => [i.learner, i.source])).toEqual([
      ['ana', 'bb/HW_ana_attempt_2026-11-05-08-00-00_a.py'],
      ['bo', 'bb/HW_bo_attempt_2026-11-01-08-00-00_hw.py'],
      ['msmith', 'bb/HW_msmith_attempt_2026-11-03-11-00-00_hw.py'],
    ]);
    // Files of one name are told apart by attempt in the words, not in a second pair of parentheses (staff review 29).
    // The staff note's first words name the winning attempt: its file is not named by it again (staff 30).
    expect(items[2]!.note).toBe('Blackboard user msmith, attempt 2026-11-03-11-00-00. picked hw.py (defines 2 of the 2 graded functions) over hw.py of attempt 2026-11-02-11-00-00');
    expect(items[2]!.learnerNote).toBe(
      'Your submission holds 2 Python files: this grades hw.py of attempt 2026-11-03-11-00-00 (it defines both graded functions), not hw.py of attempt 2026-11-02-11-00-00. To have another file graded, submit that file alone.',
    );
    expect(items.map((i) => `${i.note ?? ''} ${i.learnerNote ?? ''}`).join(' ')).not.toMatch(/\) \(/);
  });

  it.each([
    ['Mar 29, 2026 1210 PM', '2026-03-29 12:10'],
    ['Mar 29, 2026 1205 AM', '2026-03-29 00:05'],
    ['Apr 2, 2026 0900 AM', '2026-04-02 09:00'],
    ['12 March, 2019 1205 PM', '2019-03-12 12:05'],
    ['Sept 3, 2026 11:30 p.m.', '2026-09-03 23:30'],
    ['3 Sep 2026 1730', '2026-09-03 17:30'],
    ['29 mars 2026 1210', undefined],
    ['Mar 32, 2026 1210 PM', undefined],
  ])('brightspaceDateKey(%j) = %j', (date, key) => expect(brightspaceDateKey(date)).toBe(key));

  it("grades a Brightspace learner's latest submission of several that define as much, in files or folders, whatever they are named", async () => {
    await put('d2l/13394-80552 - Bob Lee - Mar 29, 2026 1210 PM - hw.py');
    await put('d2l/13394-80590 - Bob Lee - Apr 2, 2026 0900 AM - hw.py');
    await put('d2l/13394-80553 - Ann Roe - Mar 30, 2026 0900 AM - z.py');
    await put('d2l/13394-80554 - Ann Roe - Mar 30, 2026 0915 AM - a.py');
    await put('d2l2/13394-80552 - Bob Lee - Mar 29, 2026 1210 PM/hw.py');
    await put('d2l2/13394-80590 - Bob Lee - Apr 2, 2026 0900 AM/hw.py');
    await put('d2l2/13394-80591 - Ann Roe - Mar 29, 2026 1210 PM/hw.py');
    expect((await discover('d2l')).map((i) => [i.learner, i.source])).toEqual([
      ['Ann Roe', 'd2l/13394-80554 - Ann Roe - Mar 30, 2026 0915 AM - a.py'],
      ['Bob Lee', 'd2l/13394-80590 - Bob Lee - Apr 2, 2026 0900 AM - hw.py'],
    ]);
    // Brightspace has no attempts: files of one name are told apart by their submission's date, as Brightspace writes it (staff 30).
    const bob = (await discover('d2l')).find((i) => i.learner === 'Bob Lee')!;
    expect(bob.note).toBe('Brightspace submission 13394-80590 of Bob Lee, Apr 2, 2026 0900 AM. picked hw.py (defines 2 of the 2 graded functions) over hw.py of the submission of Mar 29, 2026 1210 PM');
    expect(bob.learnerNote).toBe(
      'Your submission holds 2 Python files: this grades hw.py of the submission of Apr 2, 2026 0900 AM (it defines both graded functions), not hw.py of the submission of Mar 29, 2026 1210 PM. To have another file graded, submit that file alone.',
    );
    const folders = await discover('d2l2');
    expect(folders.map((i) => [i.learner, i.source])).toEqual([
      ['Ann Roe', 'd2l2/13394-80591 - Ann Roe - Mar 29, 2026 1210 PM/hw.py'],
      ['Bob Lee', 'd2l2/13394-80590 - Bob Lee - Apr 2, 2026 0900 AM/hw.py'],
    ]);
    // The folder form's notes name the files as the flat form's do, not by their folders, which
    // repeated the learner's name and dates the staff note starts with (staff 31).
    const bobs = folders.find((i) => i.learner === 'Bob Lee')!;
    expect([bobs.note, bobs.learnerNote]).toEqual([bob.note, bob.learnerNote]);
  });

  it("never takes an LMS prefix spelled in the learner's own file name for the LMS's: a Moodle or Blackboard upload cannot be graded as another learner's", async () => {
    // Red-team round 10: participant 42 uploaded 'x_777_assignsubmission_file_.ipynb' (a wrong
    // notebook) next to their own file; the flat download named it 'Alice Evil_42_assignsubmission_file_x_777_…',
    // a greedy match read participant 777 there, and 777 was graded on it (a notebook over their .py): 0.
    await put('flat/Bob Victim_777_assignsubmission_file_solution.py');
    await put('flat/Alice Evil_42_assignsubmission_file_mine.py');
    await put('flat/Alice Evil_42_assignsubmission_file_x_777_assignsubmission_file_.ipynb', `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`);
    expect((await discover('flat')).map((i) => [i.learner, i.source])).toEqual([
      ['Participant 42', 'flat/Alice Evil_42_assignsubmission_file_x_777_assignsubmission_file_.ipynb'],
      ['Participant 777', 'flat/Bob Victim_777_assignsubmission_file_solution.py'],
    ]);
    await put('bb3/HW1_jdoe_attempt_2026-11-02-10-15-00_hw.py');
    await put('bb3/HW1_bo7_attempt_2026-11-03-09-00-00_x_attempt_2026-11-03-09-00-00_y.py');
    expect((await discover('bb3')).map((i) => [i.learner, i.displayName])).toEqual([
      ['bo7', 'x_attempt_2026-11-03-09-00-00_y.py'],
      ['jdoe', 'hw.py'],
    ]);
  });

  it('keeps Blackboard usernames with underscores apart: the username is what follows the assignment name all entries share', async () => {
    await put('bb2/HW_1_j_doe_attempt_2026-11-02-10-15-00_hw.py');
    await put('bb2/HW_1_a_doe_attempt_2026-11-02-10-16-00_hw.py');
    expect((await discover('bb2')).map((i) => i.learner)).toEqual(['a_doe', 'j_doe']);
  });

  it("recovers Blackboard usernames that all start alike (j_doe, j_smith) from the attempts' details files", async () => {
    // The name all entries share is "HW_1_j": read so, the usernames were "doe" and "smith".
    const details = (name: string, user: string, file: string) => `Name: ${name} (${user})\nAssignment: HW_1\nDate Submitted: Monday, 2 November 2026\n\nFiles:\n\tOriginal filename: hw.py\n\tFilename: ${file}\n`;
    await put('bb3/HW_1_j_doe_attempt_2026-11-02-10-15-00_hw.py');
    await put('bb3/HW_1_j_doe_attempt_2026-11-02-10-15-00.txt', details('Jane Doe', 'j_doe', 'HW_1_j_doe_attempt_2026-11-02-10-15-00_hw.py'));
    await put('bb3/HW_1_j_smith_attempt_2026-11-02-11-00-00_hw.py');
    await put('bb3/HW_1_j_smith_attempt_2026-11-02-11-00-00.txt', details('jo smith', 'j_smith', 'HW_1_j_smith_attempt_2026-11-02-11-00-00_hw.py'));
    const items = await discover('bb3');
    expect(items.map((i) => [i.learner, i.note])).toEqual([
      ['j_doe', 'Blackboard user j_doe, attempt 2026-11-02-10-15-00'],
      ['j_smith', 'Blackboard user j_smith, attempt 2026-11-02-11-00-00'],
    ]);
    // One learner alone: the name is not cut at its last underscore ("doe") when the details say otherwise.
    await put('bb4/HW_1_j_doe_attempt_2026-11-02-10-15-00_hw.py');
    await put('bb4/HW_1_j_doe_attempt_2026-11-02-10-15-00.txt', 'Name: Jane Doe (j_doe)\nAssignment: HW_1\n');
    expect((await discover('bb4')).map((i) => i.learner)).toEqual(['j_doe']);
    // A details file naming only the assignment settles it too; so does a zip.
    await put('bb5.zip', await makeZip({
      'HW_1_s_1_attempt_2026-11-02-10-15-00_hw.py': BOTH,
      'HW_1_s_1_attempt_2026-11-02-10-15-00.txt': 'Assignment: HW_1\n',
      'HW_1_s_2_attempt_2026-11-02-10-16-00_hw.py': BOTH,
    }));
    expect((await discover('bb5.zip')).map((i) => i.learner)).toEqual(['s_1', 's_2']);
  });

  it("reads Brightspace's download (files named '<id>-<id> - Name - date - file') as one learner per name, picking among their files", async () => {
    await put('bs.zip', await makeZip({
      'index.html': '<html></html>',
      '13394-80551 - Jane Doe - Mar 29, 2018 1205 PM - hw.py': BOTH,
      '13394-80552 - Jane Doe - Mar 29, 2018 1205 PM - scratch_1_2_x.py': 'x = 1\n',
      '13395-80560 - Bo O-Brien - Jane - Apr 2, 2018 905 AM - my - work.ipynb': `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`,
      '13396-80570 - Cy Li - 12 March, 2019 1205 PM - essay.docx': 'word',
    }));
    const items = await discover('bs.zip');
    expect(items.map((i) => [i.learner, i.source, i.displayName, i.error !== undefined])).toEqual([
      ['Bo O-Brien - Jane', 'bs.zip:13395-80560 - Bo O-Brien - Jane - Apr 2, 2018 905 AM - my - work.ipynb', 'my - work.ipynb', false],
      ['Cy Li', 'bs.zip:13396-80570 - Cy Li - 12 March, 2019 1205 PM - essay.docx', undefined, true],
      ['Jane Doe', 'bs.zip:13394-80551 - Jane Doe - Mar 29, 2018 1205 PM - hw.py', 'hw.py', false],
    ]);
    expect(items[2]!.note).toBe('Brightspace submission 13394-80551 of Jane Doe, Mar 29, 2018 1205 PM. picked hw.py (defines 2 of the 2 graded functions) over scratch_1_2_x.py');
    expect(await unpacked()).toEqual(['13394-80551 - Jane Doe - Mar 29, 2018 1205 PM - hw.py', '13395-80560 - Bo O-Brien - Jane - Apr 2, 2018 905 AM - my - work.ipynb']);
  });

  it('reads Brightspace names that differ only in Unicode form as one learner, and names that differ in letter case as two learners with a result file each', async () => {
    // Brightspace writes each account's name as the account spells it, alike in each of its
    // folders: an NFD name comes from a zip made again on macOS (one person), a name in another
    // letter case is another account (two people, who must not share one grade).
    await put('bscase/13394-80551 - Jane Doe - Mar 29, 2018 1205 PM - hw.py');
    await put('bscase/13394-80601 - jane doe - Mar 30, 2018 1205 PM - scratch.py', 'x = 1\n');
    await put('bscase/13394-80605 - JANE DOE - Mar 30, 2018 1205 PM - mine.py');
    await put('bscase/13394-80602 - Jose\u0301 Li - Mar 30, 2018 1205 PM - a.py', 'x = 1\n');
    await put('bscase/13394-80603 - Jos\u00e9 Li - Mar 30, 2018 1205 PM - b.py');
    await put('bscase/13394-80604 - Jane Doe - Mar 30, 2018 1205 PM - notes.docx', 'word');
    await put('bscase/13394-80606 - Jane Doe - Mar 31, 2018 1205 PM - again.py', 'x = 2\n');
    const items = await discover('bscase');
    expect(items.map((i) => [i.learner, i.source, i.error !== undefined])).toEqual([
      ['JANE DOE', 'bscase/13394-80605 - JANE DOE - Mar 30, 2018 1205 PM - mine.py', false],
      ['Jane Doe', 'bscase/13394-80551 - Jane Doe - Mar 29, 2018 1205 PM - hw.py', false],
      ['Jos\u00e9 Li', 'bscase/13394-80603 - Jos\u00e9 Li - Mar 30, 2018 1205 PM - b.py', false],
      ['jane doe', 'bscase/13394-80601 - jane doe - Mar 30, 2018 1205 PM - scratch.py', false],
    ]);
    // Jane Doe's two submissions are ranked together; jane doe's file is not among them.
    expect(items[1]!.note).toMatch(/picked hw\.py \(defines 2 of the 2 graded functions\) over again\.py$/);
    // Three result files that no disk confuses: the slug and a hash of the name as written.
    const slugs = items.filter((i) => /jane doe/i.test(i.learner)).map((i) => i.slug!);
    expect(slugs.every((s) => /^(Jane_Doe|jane_doe|JANE_DOE)-[0-9a-f]{8}$/.test(s))).toBe(true);
    expect(new Set(slugs.map((s) => s.toLowerCase())).size).toBe(3);
    expect(items[2]!.slug).toBeUndefined();
    // A shard (--shard K/N: other learners listed, not read) names their files the same way, so
    // merge finds one file per learner whichever shard graded them.
    const shard = await discoverSubmissions(['bscase'], { scratch, cwd: dir, wanted: (l) => l === 'jane doe' });
    expect(shard.filter((i) => /jane doe/i.test(i.learner)).map((i) => [i.learner, i.skipped === true, i.slug])).toEqual(items.filter((i) => /jane doe/i.test(i.learner)).map((i) => [i.learner, i.learner !== 'jane doe', i.slug]));
    // Elsewhere ids that differ in letter case still name one learner (alice.py and Alice.py).
    await put('plain/alice.py');
    await put('plain/Alice.py');
    expect((await discover('plain')).map((i) => [i.learner, i.error !== undefined, i.slug])).toEqual([['Alice', true, undefined]]);
  });

  it("keeps a Brightspace learner with only a file that is not Python apart from a case-distinct account, given once or as folder and zip", async () => {
    // Review 32b: "Jane Doe" (a .docx only) lacked caseKept and swallowed "jane doe" (a gradable hw.py) into one clash row.
    await put('bs/13394-80604 - Jane Doe - Mar 30, 2018 1205 PM - notes.docx', 'word');
    await put('bs/13394-80601 - jane doe - Mar 30, 2018 1205 PM - hw.py');
    await put('bs/13394-80602 - Bo Li - Mar 30, 2018 1205 PM - hw.py');
    execFileSync('zip', ['-qr', '../bs.zip', '.'], { cwd: join(dir, 'bs') });
    for (const paths of [['bs'], ['bs', 'bs.zip']]) {
      const items = await discover(...paths);
      expect(items.map((i) => [i.learner, i.error?.slice(0, 40), i.caseKept, i.slug !== undefined])).toEqual([
        ['Bo Li', undefined, true, false],
        ['Jane Doe', 'bs/13394-80604 - Jane Doe - Mar 30, 2018', true, true],
        ['jane doe', undefined, true, true],
      ]);
      expect(new Set(items.map((i) => i.slug ?? learnerSlug(i.learner))).size).toBe(3);
    }
  });

  it('gives no two Brightspace learners one result file when a name spells out the hashed file name a case-distinct learner gets', async () => {
    // Jane Doe and jane doe each get <slug>-<8 hex digits of the name>; a third account named
    // "Jane Doe-<those digits>" has Jane Doe's file as its plain slug, before or after them.
    const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 8);
    for (const [folder, first] of [['bsslug1', 1], ['bsslug2', 4]] as const) {
      await put(`${folder}/1339${first}-80551 - Jane Doe-${hash('Jane Doe')} - Mar 29, 2018 1205 PM - hw.py`);
      await put(`${folder}/13392-80552 - Jane Doe - Mar 29, 2018 1205 PM - hw.py`);
      await put(`${folder}/13393-80553 - jane doe - Mar 29, 2018 1205 PM - hw.py`);
      const items = await discover(folder);
      const files = items.filter((i) => i.error === undefined).map((i) => (i.slug ?? learnerSlug(i.learner)).toLowerCase());
      expect(new Set(files).size).toBe(files.length);
      // The two that would have shared a file are error rows that name it; jane doe keeps hers.
      expect(items.map((i) => [i.learner, i.error !== undefined])).toEqual([
        ['Jane Doe', true],
        [`Jane Doe-${hash('Jane Doe')}`, true],
        ['jane doe', false],
      ]);
      expect(items[0]!.error).toContain(`would share the result file results/Jane_Doe-${hash('Jane Doe')}.json (a learner whose name differs`);
      expect(items[2]!.slug).toBe(`jane_doe-${hash('jane doe')}`);
    }
  });

  it('gives learners whose result files a case- or form-insensitive disk (macOS, Windows) takes for one a file each, whatever the disk', async () => {
    // Distinct on Linux's disk, one file where names are compared folded: NTFS upper-cases ı to I,
    // a full case fold makes ß ss, NFKC makes the ligature ﬁ fi. Each of these is two learners.
    const pairs = [['straße', 'STRASSE'], ['ırmak', 'Irmak'], ['\ufb01le', 'file'], ['Jos\u00e9_\u0131', 'JOS\u00c9_I']];
    for (const [k, [a, b]] of pairs.entries()) {
      await put(`fold${k}/${a}.py`);
      await put(`fold${k}/${b}.py`);
      await put(`fold${k}/zed.py`);
      const items = await discover(`fold${k}`);
      expect(items.map((i) => [i.learner.normalize('NFC'), i.error]).sort()).toEqual([[a!, undefined], [b!, undefined], ['zed', undefined]].sort());
      const files = items.map((i) => i.slug ?? learnerSlug(i.learner));
      // no two names one file under a full case fold and NFKC, nor under NFD (HFS+)
      for (const fold of [(f: string) => f.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC'), (f: string) => f.normalize('NFD').toLowerCase()]) {
        expect(new Set(files.map(fold)).size).toBe(3);
      }
      // the two get the slug and a hash of the id as written; a learner no one folds onto keeps its plain name
      expect(items.find((i) => i.learner === 'zed')!.slug).toBeUndefined();
      expect(items.filter((i) => i.learner !== 'zed').every((i) => /-[0-9a-f]{8}$/.test(i.slug ?? ''))).toBe(true);
    }
    // Ids equal but for simple letter case or Unicode form stay one learner, that learner's error row (no file).
    await put('fold9/STRASSE.py');
    await put('fold9/strasse.py');
    await put('fold9/cafe\u0301.py');
    await put('fold9/caf\u00e9.py', 'x = 1\n'); // other bytes: the same bytes are one submission
    expect((await discover('fold9')).map((i) => [i.learner.normalize('NFC').toLowerCase(), i.error !== undefined]).sort()).toEqual([['caf\u00e9', true], ['strasse', true]]);
  });

  it("reads Brightspace's folder form (one folder per submission) as one learner per name, the best file of all their submissions", async () => {
    await put('bsf/index.html', '<html></html>');
    await put('bsf/39786-640693 - Aiden Rodriguez - Oct 10, 2025 1022 AM/draft.py', 'x = 1\n');
    await put('bsf/39790-640700 - Aiden Rodriguez - Oct 11, 2025 1130 AM/sub/final.py');
    await put('bsf/39787-640694 - Jane Smith - Oct 11, 2025 1130 AM/script.py');
    const items = await discover('bsf');
    expect(items.map((i) => [i.learner, i.source])).toEqual([
      ['Aiden Rodriguez', 'bsf/39790-640700 - Aiden Rodriguez - Oct 11, 2025 1130 AM/sub/final.py'],
      ['Jane Smith', 'bsf/39787-640694 - Jane Smith - Oct 11, 2025 1130 AM/script.py'],
    ]);
    expect(items[0]!.note).toBe(
      'Brightspace submission 39790-640700 of Aiden Rodriguez, Oct 11, 2025 1130 AM. picked sub/final.py (defines 2 of the 2 graded functions) over draft.py',
    );
    expect(items[0]!.learnerNote).toBe(
      'Your submission holds 2 Python files: this grades sub/final.py (it defines both graded functions), not draft.py. To have another file graded, submit that file alone.',
    );
    expect(items[1]!.note).toBe('Brightspace submission 39787-640694 of Jane Smith, Oct 11, 2025 1130 AM');
    // A folder named so among learners that are not is no Brightspace download.
    await put('mixed2/alice.py');
    await put('mixed2/1-2 - Jo Li - Oct 10, 2025 1022 AM/hw.py');
    expect((await discover('mixed2')).map((i) => i.learner)).toEqual(['1-2 - Jo Li - Oct 10, 2025 1022 AM', 'alice']);
  });

  it("reads an older Brightspace download, whose submissions have one number ('<id> - Name - Sep 29, 2015 4:17 PM'), as the newer one", async () => {
    await put('bsold/12345 - Jane Doe - Sep 29, 2015 4:17 PM/draft.py', 'x = 1\n');
    await put('bsold/12350 - Jane Doe - Sep 30, 2015 9:02 AM/final.py');
    await put('bsold/12346 - Bo Li - Sep 29, 2015 4:20 PM - hw.py');
    const items = await discover('bsold');
    expect(items.map((i) => [i.learner, i.source])).toEqual([
      ['Bo Li', 'bsold/12346 - Bo Li - Sep 29, 2015 4:20 PM - hw.py'],
      ['Jane Doe', 'bsold/12350 - Jane Doe - Sep 30, 2015 9:02 AM/final.py'],
    ]);
    expect(items[0]!.note).toBe('Brightspace submission 12346 of Bo Li, Sep 29, 2015 4:20 PM');
    expect(items[1]!.note).toMatch(/^Brightspace submission 12350 of Jane Doe, Sep 30, 2015 9:02 AM\. picked /);
  });

  it('reads a folder as Canvas only when every graded file is named the Canvas way', async () => {
    await put('mixed/alice.py');
    await put('mixed/smithjohn_12345_678901_hw.py');
    expect((await discover('mixed')).map((i) => i.learner)).toEqual(['alice', 'smithjohn_12345_678901_hw']);
  });

  it('unpacks only the picked file of each learner folder in an export zip', async () => {
    await put('export.zip', await makeZip({
      'export/submission_1/hw.py': BOTH,
      'export/submission_1/notes.py': 'x = 1\n',
      'export/submission_1/pad.bin': Buffer.alloc(2 ** 20),
      'export/submission_2/nb.ipynb': `{"cells": [{"source": ["${BOTH.replace(/\n/g, '\\n')}"]}]}`,
      'export/submission_metadata.yml': 'x: 1',
    }));
    expect(rows(await discover('export.zip'))).toEqual([
      { learner: 'submission_1', source: 'export.zip:submission_1/hw.py' },
      { learner: 'submission_2', source: 'export.zip:submission_2/nb.ipynb' },
    ]);
    expect(await unpacked()).toEqual(['export/submission_1/hw.py', 'export/submission_2/nb.ipynb']);
  });

  it('caps what the whole batch unpacks: a learner past the cap gets an error row saying why, the others are graded', async () => {
    const ten = (BOTH + '#'.repeat(10 * 1024)).slice(0, 10 * 1024); // 10 KiB, the functions at its start
    for (const who of ['alice', 'bob', 'carol']) await put(`in/${who}.zip`, await makeZip({ 'loss.py': ten }));
    await put('in/dave.zip', await makeZip({ 'loss.py': BOTH }));
    const items = await discoverWith({ maxBatchBytes: 25 * 1024 }, 'in');
    expect(rows(items)).toEqual([
      { learner: 'alice', source: 'in/alice.zip:loss.py' },
      { learner: 'bob', source: 'in/bob.zip:loss.py' },
      {
        learner: 'carol',
        source: 'in/carol.zip:loss.py',
        error: 'in/carol.zip:loss.py (10 KiB) was not unpacked: this batch has already unpacked 20 KiB of the 25 KiB one batch may; unzip the archive yourself and pass the folder.',
      },
      { learner: 'dave', source: 'in/dave.zip:loss.py' },
    ]);
    expect(await unpacked()).toEqual(['loss.py', 'loss.py', 'loss.py']);
  });

  it.each([
    [false, 'x.py (10 KiB) was not unpacked: this batch has already unpacked 4 KiB of the 12 KiB one batch may; unzip the archive yourself and pass the folder.'],
    [true, 'x.py (10 KiB) was not unpacked: the disk that holds --out has only 8 KiB left beyond the 1 GiB wlgrade keeps free; free some space and run wlgrade again.'],
  ])('the budget says which limit a learner hit (the disk: %s)', (byDisk, message) => {
    const budget = new UnpackBudget(12 * 1024, byDisk, 2 ** 30);
    expect(budget.take(4 * 1024)).toBe(true);
    expect(budget.take(10 * 1024)).toBe(false);
    expect(budget.refusal('x.py', 10 * 1024)).toBe(message);
  });

  it("keeps one learner's unusable folder in an export to that learner's row: too large, two entries of one name, a `..` entry, an entry that cannot be read", async () => {
    const zip = await makeZip(
      {
        'export/submission_1/hw.py': BOTH,
        'export/submission_2/data.py': '#'.repeat(11 * 2 ** 20),
        'export/submission_3/loss.py': BOTH,
        'export/submission_3/losz.py': BOTH,
        'export/submission_4/xx/xx/evil.py': 'boom',
        'export/submission_4/hw.py': BOTH,
        'export/submission_5/hw.py': BOTH,
        'export/submission_6/hw.py': BOTH,
      },
      { 'submission_3/losz.py': 'submission_3/loss.py', 'submission_4/xx/xx/evil.py': 'submission_4/../../evil.py' },
    );
    await put('export.zip', setMethod(zip, 'export/submission_5/hw.py', 99));
    expect(rows(await discover('export.zip'))).toEqual([
      { learner: 'submission_1', source: 'export.zip:submission_1/hw.py' },
      { learner: 'submission_2', source: 'export.zip:submission_2/data.py', error: 'data.py is 11 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.' },
      {
        learner: 'submission_3',
        source: 'export.zip:submission_3',
        error: 'export.zip:submission_3 holds more than one entry named loss.py, so which one the learner meant is unclear; unzip the archive yourself, keep one, and pass the folder.',
      },
      {
        learner: 'submission_4',
        source: 'export.zip:submission_4',
        error: 'export.zip:submission_4 contains the entry "export/submission_4/../../evil.py", which points outside the archive (zip-slip); wlgrade refuses to extract it: re-export the archive or remove that entry.',
      },
      { learner: 'submission_5', source: 'export.zip:submission_5', error: 'Cannot extract export.zip:submission_5 (unsupported compression method: 99); unzip it yourself and pass the folder.' },
      { learner: 'submission_6', source: 'export.zip:submission_6/hw.py' },
    ]);
    expect(await unpacked()).toEqual(['export/submission_1/hw.py', 'export/submission_6/hw.py']);
  });

  it("caps a learner's long names in notes and rows (80 characters: the start, the end and the length), not 64 KB names in full (batch 36b)", async () => {
    // Three names passed over of 20,000 characters each made a note of 60 KB; a folder's long name a row of as much.
    const long = (c: string) => `${c.repeat(20_000)}_end.py`;
    await put('in/alice.zip', await makeZip({ 'hw.py': BOTH, [long('a')]: 'z = 0\n', [long('b')]: 'x = 1\n', [long('c')]: 'y = 2\n' }));
    const folder = `sub_${'z'.repeat(30_000)}_42`;
    await put('export.zip', setMethod(await makeZip({ [`export/${folder}/hw.py`]: BOTH, 'export/carol/hw.py': BOTH }), `export/${folder}/hw.py`, 99));
    const [alice] = await discover('in');
    expect([alice!.error, alice!.source]).toEqual([undefined, 'in/alice.zip:hw.py']);
    for (const text of [alice!.note!, alice!.learnerNote!]) {
      expect(text.length, text.slice(0, 200)).toBeLessThan(800);
      for (const c of 'abc') expect(text).toContain(`${c.repeat(48)}…${c.repeat(17)}_end.py (20007 characters)`);
    }
    expect(alice!.note).toMatch(/^picked hw\.py \(defines 2 of the 2 graded functions\) over a{48}…/);
    const items = await discover('export.zip');
    const bad = items.find((i) => i.error !== undefined)!;
    expect(bad.source).toBe(`export.zip:${folder}`); // the gradebook's source keeps the whole name
    expect(bad.error).toBe(`Cannot extract export.zip:sub_${'z'.repeat(33)}…${'z'.repeat(21)}_42 (30018 characters) (unsupported compression method: 99); unzip it yourself and pass the folder.`);
  });

  it("names a learner's zip-slip entry by the row's source, whatever path the export was given by, as the learner's other error rows", async () => {
    await put('x/y/export.zip', await makeZip({ 'bob/hw.py': BOTH, 'bob/xx/xx/evil.py': 'boom', 'carol/hw.py': BOTH, 'carol/hw.ipynb': BOTH }, { 'bob/xx/xx/evil.py': 'bob/../../evil.py' }));
    for (const given of ['./x/y/export.zip', join(dir, 'x', 'y', 'export.zip')]) {
      const bob = (await discover(given)).find((i) => i.learner === 'bob')!;
      expect(bob.source).toBe('export.zip:bob');
      // the part of the export the row is, then the entry as the archive holds it (what zip -d takes)
      expect(bob.error).toBe(`${bob.source} contains the entry "bob/../../evil.py", which points outside the archive (zip-slip); wlgrade refuses to extract it: re-export the archive or remove that entry.`);
    }
  });

  it('still refuses an export zip with a `..` entry outside every learner folder, or more entries than an index wlgrade holds', async () => {
    await put('slip.zip', await makeZip({ 'export/a/ok.py': BOTH, 'export/xx/evil.py': 'boom' }, { 'export/xx/evil.py': 'export/../evil.py' }));
    await expect(discover('slip.zip')).rejects.toThrow('slip.zip contains the entry "export/../evil.py", which points outside the archive (zip-slip)');
    await put('many.zip', await makeZip({ 'a/1.py': BOTH, 'a/2.py': BOTH, 'b/3.py': BOTH }));
    await expect(discoverWith({ maxEntries: 2 }, 'many.zip')).rejects.toThrow('many.zip has more than 2 entries; wlgrade refuses archives this large. Unzip it and pass the folder instead.');
  });

  it("bounds what a learner's zip index costs: names adding up past the cap make it that learner's error row, and a deep entry keeps MAX_PATH_SEGMENTS folders", async () => {
    // Red-team round 10: a learner zip of 700 names of 32,700 folders each (91 MB, 125 KB inside a
    // Canvas download) built a tree of 23 million folders and the whole batch ran out of memory;
    // 15,000 names of 2,040 folders (4 KB each, under any length cap) did the same.
    const deep = `${'a/'.repeat(2040)}x.py`;
    await put('sum/alice.zip', await makeZip({ 'a/1.py': BOTH, 'a/2.py': BOTH, 'a/3.py': BOTH }));
    await put('sum/bob.py');
    expect(rows(await discoverWith({ maxNameBytes: 10 }, 'sum'))).toEqual([
      { learner: 'alice', source: 'sum/alice.zip', error: expect.stringContaining("its entries' names add up to more than 1 KiB") },
      { learner: 'bob', source: 'sum/bob.py' },
    ]);
    const zip = await ZipArchive.open(await put('deep.zip', await makeZip({ [`d1/${deep}`]: 'x = 1\n', [`d2/${deep}`]: 'x = 1\n', 'hw.py': BOTH })), 'deep.zip');
    try {
      expect(zip.entries.map((e) => [e.path.length, e.kind])).toEqual([[MAX_PATH_SEGMENTS, 'dir'], [MAX_PATH_SEGMENTS, 'dir'], [1, 'file']]);
    } finally {
      zip.close();
    }
    await put('deepdir/alice.zip', await readFile(join(dir, 'deep.zip')));
    expect(rows(await discover('deepdir'))).toEqual([{ learner: 'alice', source: 'deepdir/alice.zip:hw.py' }]);
  });

  it("gives a learner's own zip inside an export the same rules, and never keeps its copy", async () => {
    await put('export.zip', await makeZip({
      'alice.zip': await makeZip({ 'alice/hw.py': BOTH, 'alice/noise.bin': randomBytes(4096) }),
      'bob.zip': await makeZip({ 'hw.py': BOTH, 'pad.bin': Buffer.alloc(2 ** 20) }),
    }));
    expect(rows(await discoverWith({ maxLearnerZipBytes: 3 * 1024 }, 'export.zip'))).toEqual([
      { learner: 'alice', source: 'export.zip:alice.zip', error: expect.stringMatching(/^export\.zip:alice\.zip is [45] KiB; wlgrade copies a learner's own \.zip out of an export only up to 3 KiB: unzip the export yourself and pass the folder\.$/) },
      { learner: 'bob', source: 'export.zip:bob.zip:hw.py' },
    ]);
    expect(await unpacked()).toEqual(['hw.py']);
  });
});

describe('entries that are not regular files', () => {
  it('gives each symlink, FIFO or socket at learner level an error row, never following or opening it', async () => {
    await put('in/alice.py');
    await put('elsewhere/secret/hw.py');
    await symlink(join(dir, 'in', 'alice.py'), join(dir, 'in', 'linky.py'));
    await symlink(join(dir, 'elsewhere', 'secret'), join(dir, 'in', 'linkdir'));
    execFileSync('mkfifo', [join(dir, 'in', 'pipe.py')]); // opening it would block the batch
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(dir, 'in', 'sock.py'), done));
    try {
      const what = (name: string, kind: string) => `in/${name} is not a regular file (${kind}); wlgrade does not follow or open it: put the learner's file itself there.`;
      expect(rows(await discover('in'))).toEqual([
        { learner: 'alice', source: 'in/alice.py' },
        { learner: 'linkdir', source: 'in/linkdir', error: what('linkdir', 'a symlink') },
        { learner: 'linky', source: 'in/linky.py', error: what('linky.py', 'a symlink') },
        { learner: 'pipe', source: 'in/pipe.py', error: what('pipe.py', 'a FIFO') },
        { learner: 'sock', source: 'in/sock.py', error: what('sock.py', 'a socket') },
      ]);
      // Given on the command line, a FIFO is refused too (stat, never open).
      expect(rows(await discover('in/pipe.py'))).toEqual([{ learner: 'pipe', source: 'pipe.py', error: 'pipe.py is not a regular file (a FIFO); wlgrade does not follow or open it: put the learner\'s file itself there.' }]);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('gives a symlink entry at learner level in a zip an error row, and creates no link', async () => {
    await put('export.zip', await makeZip({ 'alice.py': BOTH, 'bob.py': '/etc/passwd' }, {}, { 'bob.py': 0o120777 }));
    expect(rows(await discover('export.zip'))).toEqual([
      { learner: 'alice', source: 'export.zip:alice.py' },
      { learner: 'bob', source: 'export.zip:bob.py', error: "export.zip:bob.py is not a regular file (a symlink); wlgrade does not follow or open it: put the learner's file itself there." },
    ]);
    expect(await unpacked()).toEqual(['alice.py']);
  });

  it("says a learner folder's .py or .ipynb is a symlink, not that it holds none, in a zip and on disk", async () => {
    // A learner's own zip and an export's folder (zip -y keeps links as links), and a folder on disk.
    const own = await makeZip({ 'solution.py': '/home/me/solution.py', 'README.txt': 'hi' }, {}, { 'solution.py': 0o120777 });
    await put('export.zip', await makeZip({ 'alice/hw/solution.ipynb': 'x.ipynb', 'bob.zip': own, 'carol/notes.txt': 'none' }, {}, { 'alice/hw/solution.ipynb': 0o120777 }));
    await put('in/dan/real/solution.py');
    await symlink(join(dir, 'in', 'dan', 'real', 'solution.py'), join(dir, 'in', 'dan', 'solution.py'));
    await rm(join(dir, 'in', 'dan', 'real'), { recursive: true });
    const linked = (source: string, rel: string) =>
      `${source} holds ${rel} as a symlink, not as a file, and wlgrade never follows or grades links: the learner must hand in the file itself.`;
    expect(rows(await discover('export.zip', 'in'))).toEqual([
      { learner: 'alice', source: 'export.zip:alice', error: linked('export.zip:alice', 'hw/solution.ipynb') },
      { learner: 'bob', source: 'export.zip:bob.zip', error: linked('export.zip:bob.zip', 'solution.py') },
      { learner: 'carol', source: 'export.zip:carol', error: 'export.zip:carol holds notes.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file.' },
      { learner: 'dan', source: 'in/dan', error: linked('in/dan', 'solution.py') },
    ]);
    expect(await unpacked()).toEqual([]);
  });

  it('names up to three files a learner folder with no .py or .ipynb holds, and how many more, in a zip and on disk (staff review 29)', async () => {
    // Hidden files and __MACOSX are not counted, as pickSubmissionFile skips them; the zip is named wherever it is.
    const five = { 'a/essay.docx': 'x', 'a/notes.txt': 'x', 'b/c.txt': 'x', 'b/d.txt': 'x', 'z/hw.zip': 'x', '.DS_Store': 'x', '__MACOSX/a/._x.py': 'x' };
    const two = { 'essay.docx': 'x', 'notes.txt': 'x' };
    await put('export.zip', await makeZip({ ...Object.fromEntries(Object.entries(five).map(([k, v]) => [`alice/${k}`, v])), ...Object.fromEntries(Object.entries(two).map(([k, v]) => [`bob/${k}`, v])) }));
    for (const [k, v] of Object.entries(five)) await put(`in/carol/${k}`, v);
    for (const [k, v] of Object.entries(two)) await put(`in/dan/${k}`, v);
    await mkdir(join(dir, 'in', 'erin'));
    const must = '; the learner must hand in their notebook or Python file.';
    const fiveSaid = 'holds a/essay.docx, a/notes.txt, b/c.txt and 2 more files, but no .py or .ipynb file (a .zip inside a learner\'s folder is not opened: unzip z/hw.zip and grade again)';
    expect(rows(await discover('export.zip', 'in'))).toEqual([
      { learner: 'alice', source: 'export.zip:alice', error: `export.zip:alice ${fiveSaid}${must}` },
      { learner: 'bob', source: 'export.zip:bob', error: `export.zip:bob holds essay.docx and notes.txt, but no .py or .ipynb file${must}` },
      { learner: 'carol', source: 'in/carol', error: `in/carol ${fiveSaid}${must}` },
      { learner: 'dan', source: 'in/dan', error: `in/dan holds essay.docx and notes.txt, but no .py or .ipynb file${must}` },
      { learner: 'erin', source: 'in/erin', error: `in/erin holds no .py or .ipynb file${must}` },
    ]);
  });
});

describe('sources name the export and the path inside it, not the path given', () => {
  it('gives the same sources for one export given by a relative path, an absolute one or from another folder', async () => {
    await put('a/export.zip', await makeZip({ 'export/alice/hw.py': BOTH, 'export/bob.py': BOTH, 'export/carol.txt': 'x', 'export/dan/x.py': BOTH, 'export/dan/y.py': BOTH }));
    await put('a/subs/erin/deep/hw.ipynb', '{}');
    await put('a/subs/fay.py');
    await put('a/subs/gus.docx', 'x');
    await put('a/one.py');
    const want = [
      { learner: 'alice', source: 'export.zip:alice/hw.py' },
      { learner: 'bob', source: 'export.zip:bob.py' },
      { learner: 'carol', source: 'export.zip:carol.txt' },
      { learner: 'dan', source: 'export.zip:dan/x.py' },
      { learner: 'erin', source: 'subs/erin/deep/hw.ipynb' },
      { learner: 'fay', source: 'subs/fay.py' },
      { learner: 'gus', source: 'subs/gus.docx' },
      { learner: 'one', source: 'one.py' },
    ];
    const sources = async (cwd: string, ...paths: string[]) =>
      (await discoverSubmissions(paths, { scratch, cwd, wanted: () => true }))
        .map((i) => ({ learner: i.learner, source: i.source }));
    expect(await sources(dir, './a/export.zip', 'a/subs/', 'a/one.py')).toEqual(want);
    expect(await sources(join(dir, 'a', 'subs'), join(dir, 'a', 'export.zip'), '.', '../one.py')).toEqual(want);
  });
});

describe('one export or file given twice', () => {
  it('is graded once: the same folder or zip by two paths, a file inside a folder also given', async () => {
    await put('twice/alice.py');
    await put('twice/bob.py');
    await put('z.zip', await makeZip({ 'cy.py': BOTH, 'dee.py': BOTH }));
    const items = await discover('twice', './twice/', 'twice/alice.py', join(dir, 'twice', 'bob.py'), 'z.zip', './z.zip');
    expect(items.map((i) => [i.learner, i.source, i.error])).toEqual([
      ['alice', 'twice/alice.py', undefined],
      ['bob', 'twice/bob.py', undefined],
      ['cy', 'z.zip:cy.py', undefined],
      ['dee', 'z.zip:dee.py', undefined],
    ]);
    // two files of one learner id are still that learner's error row
    await put('other/alice.py', 'x = 1\n');
    expect((await discover('twice', 'other')).find((i) => i.learner === 'alice')!.error).toContain('Two submissions claim learner "alice": twice/alice.py and other/alice.py');
  });
});

describe('one download handed in twice: a folder and its zip', () => {
  it('grades each learner once when both hold the same bytes, with a note naming both sources; different bytes still clash', async () => {
    const bob = BOTH.replace('pass\n', 'return 1\n');
    await put('dl/alice.py');
    await put('dl/bob.py', bob);
    await put('dl.zip', await makeZip({ 'alice.py': BOTH, 'bob.py': bob }));
    await put('copy/alice.py');
    const items = await discover('dl', 'dl.zip', 'copy');
    expect(items.map((i) => [i.learner, i.source, i.error, i.note])).toEqual([
      ['alice', 'dl/alice.py', undefined, 'Handed in 3 times with byte-identical files (dl/alice.py, dl.zip:alice.py, copy/alice.py): graded once'],
      ['bob', 'dl/bob.py', undefined, 'Handed in 2 times with byte-identical files (dl/bob.py, dl.zip:bob.py): graded once'],
    ]);
    expect(items.every((i) => i.file !== undefined)).toBe(true);
    // the zip holds another alice.py: the rule for two claims, as before
    await put('dl2.zip', await makeZip({ 'alice.py': 'x = 1\n', 'bob.py': bob }));
    const again = await discover('dl', 'dl2.zip');
    expect(again.map((i) => [i.learner, i.error])).toEqual([
      ['alice', 'Two submissions claim learner "alice": dl/alice.py and dl2.zip:alice.py; rename or remove one so each learner has exactly one, and grade again.'],
      ['bob', undefined],
    ]);
  });

  it("counts a learner's failing hand-in reached through the folder and the zip of one export once", async () => {
    // Review 32b: bob's one .docx, the export given as sub/ and sub.zip, read "handed in 2 entries".
    await put('sub/bob.docx', 'word');
    await put('sub/carol.docx', 'word');
    await put('sub/carol/essay.txt', 'words');
    await put('sub/alice.py');
    execFileSync('zip', ['-qr', '../sub.zip', '.'], { cwd: join(dir, 'sub') });
    const notPython = (s: string) => `${s} is not a .py or .ipynb file; wlgrade grades Python files and Jupyter notebooks.`;
    const noPython = (s: string) => `${s} holds essay.txt, but no .py or .ipynb file; the learner must hand in their notebook or Python file.`;
    expect((await discover('sub', 'sub.zip')).map((i) => [i.learner, i.error, i.note])).toEqual([
      ['alice', undefined, 'Handed in 2 times with byte-identical files (sub/alice.py, sub.zip:alice.py): graded once'],
      ['bob', notPython('sub/bob.docx'), 'Given 2 times as one entry (sub/bob.docx, sub.zip:bob.docx): counted once'],
      [
        'carol',
        `Learner "carol" handed in 2 entries and none can be graded: ${noPython('sub/carol')} ${notPython('sub/carol.docx')}`,
        'Given 2 times as one entry (sub/carol, sub.zip:carol) and 2 times as one entry (sub/carol.docx, sub.zip:carol.docx): counted once',
      ],
    ]);
    // Given once, the same rows, without the notes.
    expect((await discover('sub')).map((i) => [i.learner, i.error, i.note])).toEqual([
      ['alice', undefined, undefined],
      ['bob', notPython('sub/bob.docx'), undefined],
      ['carol', `Learner "carol" handed in 2 entries and none can be graded: ${noPython('sub/carol')} ${notPython('sub/carol.docx')}`, undefined],
    ]);
  });

  it("keeps two Gradescope submissions whose metadata gives one id (a name, no email or SID) apart though their bytes are the same: a clash row saying why; the same export as folder and zip is still graded once", async () => {
    // Staff 32: two learners named John Smith handing in one file were one row, graded once, their copy unseen.
    const meta = ['submission_1:', '  :submitters:', '  - :name: John Smith', 'submission_2:', '  :submitters:', '  - :name: John Smith', 'submission_3:', '  :submitters:', '  - :name: Ann Lee', '    :email: ann@uni.edu', ''].join('\n');
    const files = { 'gs/submission_metadata.yml': meta, 'gs/submission_1/hw.py': BOTH, 'gs/submission_2/hw.py': BOTH, 'gs/submission_3/hw.py': BOTH };
    for (const [rel, body] of Object.entries(files)) await put(rel, body);
    await put('gs.zip', await makeZip(Object.fromEntries(Object.entries(files).map(([rel, body]) => [rel.slice(3), body]))));
    const clash =
      'Gradescope submissions submission_1 (gs/submission_1/hw.py) and submission_2 (gs/submission_2/hw.py) both name learner "John Smith" in submission_metadata.yml, and their files are byte-identical (copied work, or one learner\'s two hand-ins); ' +
      'they may be two learners the metadata does not tell apart (one name, with no email or SID) or one learner who handed in twice, so neither is graded: find whose each is on Gradescope and grade them apart (wlgrade check FILE).';
    expect((await discover('gs')).map((i) => [i.learner, i.source, i.error])).toEqual([
      ['John Smith', 'gs/submission_1/hw.py', clash],
      ['ann@uni.edu', 'gs/submission_3/hw.py', undefined],
    ]);
    // The export given twice: each submission is its own once more (ann graded once, with a note).
    const twice = await discover('gs', 'gs.zip');
    expect(twice.map((i) => [i.learner, i.error === undefined ? i.note : i.error.slice(0, 60)])).toEqual([
      ['John Smith', clash.slice(0, 60)],
      ['ann@uni.edu', 'Gradescope submission_3: Ann Lee, ann@uni.edu. Handed in 2 times with byte-identical files (gs/submission_3/hw.py, gs.zip:submission_3/hw.py): graded once'],
    ]);
    // Other bytes: the same clash, without the copy.
    await put('gs/submission_2/hw.py', 'x = 1\n');
    const other = (await discover('gs'))[0]!.error!;
    expect(other).toContain('both name learner "John Smith" in submission_metadata.yml; they may be two learners');
  });

  it("reads no .py past a .py's own size limit (10 MiB) to compare it: two such copies are its size row, counted once", async () => {
    // The cap was the larger of the two kinds' (50 MiB, a notebook's): two 40 MiB .py copies were read whole (review 31c).
    const big = `x = 1\n${'#'.repeat(11 * 1024 * 1024)}\n`;
    await put('huge1/carol.py', big);
    await put('huge2/carol.py', big);
    const items = await discover('huge1', 'huge2');
    // They were two claims, a blank clash row (batch 33): a file over the limit is its size row, 0, whichever copy counts.
    expect(items.map((i) => [i.learner, i.error?.slice(0, 35), i.problem, i.sha256])).toEqual([['carol', 'carol.py is 11 MiB; wlgrade grades ', 'FILE_TOO_LARGE', undefined]]);
  });

  it('keeps ids that differ in letter case two claims even when the bytes are the same', async () => {
    await put('in/Alice/x.py');
    await put('in/alice.py');
    const items = await discover('in');
    expect(items).toHaveLength(1);
    expect(items[0]!.error).toMatch(/^Two submissions claim learner "alice" \("Alice" in in\/Alice\/x\.py, "alice" in in\/alice\.py/);
  });
});

describe("a batch's own output in the folder graded", () => {
  it('is no learner: the --out folder given, and an earlier run\'s (it holds batch-state.json); a learner folder named results still is one', async () => {
    await put('here/alice.py');
    await put('here/out/results/alice.json', '{}');
    await put('here/old/batch-state.json', '{}');
    await put('here/old/grades.csv', 'learner\n');
    await put('here/results/hw.py');
    const items = await discoverSubmissions(['here'], { scratch, cwd: dir, out: join(dir, 'here', 'out') });
    expect(items.map((i) => [i.learner, i.error])).toEqual([
      ['alice', undefined],
      ['results', undefined],
    ]);
    // without --out, the folder is read as before
    expect((await discover('here')).map((i) => i.learner)).toEqual(['alice', 'out', 'results']);
  });

  it('is known by holding nothing to grade too: a learner whose upload holds a batch-state.json is graded, not left out', async () => {
    // red team 22: any file name is the learner's to choose, and such a learner had no row at all
    await put('here/alice.py');
    await put('here/mallory/batch-state.json', '{}');
    await put('here/mallory/hw.py');
    await put('here/nested/batch-state.json', '{}');
    await put('here/nested/a/b/c/hw.ipynb', '{}');
    await put('here/zipped/batch-state.json', '{}');
    await put('here/zipped/hw.zip', 'PK');
    await put('here/old/batch-state.json', '{}');
    await put('here/old/results/alice.json', '{}');
    await put('here/out/hw.py');
    // a batch's scratch folder in its --out, where zips given before this folder were unpacked
    await put('here/results2/batch-state.json', '{}');
    await put('here/results2/.wlgrade-tmp-x/zip0-a/bob/hw.py');
    const items = await discoverSubmissions(['here'], { scratch, cwd: dir, out: join(dir, 'here', 'out') });
    expect(items.map((i) => i.learner)).toEqual(['alice', 'mallory', 'nested', 'out', 'zipped']);
    const mallory = items.find((i) => i.learner === 'mallory');
    expect([mallory?.source, mallory?.error]).toEqual(['here/mallory/hw.py', undefined]);
  });
});

describe('sourceName', () => {
  it.each([
    ['/srv/subs', '/srv/subs/alice.py', 'subs/alice.py', posix],
    ['/srv/subs', '/srv/subs/erin/deep/hw.ipynb', 'subs/erin/deep/hw.ipynb', posix],
    ['/srv/one.py', '/srv/one.py', 'one.py', posix],
    // grade . (or grade / ) run in '/': the root has no name, and no '/' is doubled
    ['/', '/alice.py', '/alice.py', posix],
    ['/', '/bob/deep/hw.py', '/bob/deep/hw.py', posix],
    ['/', '/', '/', posix],
    ['C:\\', 'C:\\alice.py', 'C:/alice.py', win32],
    ['C:\\subs', 'C:\\subs\\bob\\hw.py', 'subs/bob/hw.py', win32],
  ])('%s holding %s reads %s', (root, p, want, path) => {
    expect(sourceName(root, p, path)).toBe(want);
  });

  it('is what discover records for a folder given as the root of its path', async () => {
    await put('rooted/alice.py');
    const [item] = await discoverSubmissions(['rooted'], { scratch, cwd: dir });
    expect(item!.source).toBe(sourceName(join(dir, 'rooted'), join(dir, 'rooted', 'alice.py')));
    expect(item!.source).toBe('rooted/alice.py');
  });
});

describe('a file over the size limit in an LMS download', () => {
  it('is named as the learner gave it (hw.py), from a zip as from a folder, not by the LMS entry', async () => {
    const big = Buffer.alloc(11 * 2 ** 20, 0x20);
    const d2l = { '13003-80003 - Flo Smith - Mar 29, 2026 1205 PM - hw.py': big, '13003-80004 - Ann Roe - Mar 29, 2026 1210 PM - a.py': BOTH };
    const canvas = { 'smithflo_12345_678901_hw.py': big, 'roeann_23456_678902_a.py': BOTH };
    await put('d2l.zip', await makeZip(d2l));
    await put('canvas.zip', await makeZip(canvas));
    for (const [name, body] of Object.entries(d2l)) await put(`d2l/${name}`, body);
    const tooLarge = 'hw.py is 11 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.';
    const zipped = await discover('d2l.zip', 'canvas.zip');
    expect(zipped.filter((i) => i.error !== undefined).map((i) => [i.learner, i.error, i.problem])).toEqual([
      ['12345', tooLarge, 'FILE_TOO_LARGE'],
      ['Flo Smith', tooLarge, 'FILE_TOO_LARGE'],
    ]);
    // From a folder the size is checked when the batch reaches the file (run-batch), by its displayName.
    const flo = (await discover('d2l')).find((i) => i.learner === 'Flo Smith')!;
    expect(sizeProblem(flo.displayName!, flo.file!, big.length)).toBe(tooLarge);
  });
});

describe('a file over the size limit beside one within it', () => {
  // A notebook made 51 MiB by an image output, beside the same code as hw.py: the notebook won the
  // pick (a notebook over a .py) and the learner, who handed in gradable code, got FILE_TOO_LARGE, 0.
  const code = BOTH.replace(/\n/g, '\\n');
  const head = `{"cells": [{"cell_type": "code", "source": ["${code}"], "outputs": [{"output_type": "display_data", "data": {"image/png": "`;
  const tail = '"}}]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}';
  const bigNotebook = Buffer.concat([Buffer.from(head), Buffer.alloc(MAX_FILE_BYTES.ipynb + 1 - head.length - tail.length, 0x41), Buffer.from(tail)]);
  const size = '(50.1 MiB) is over the size limit (10 MiB for a .py, 50 MiB for a .ipynb), never graded';

  it('is passed over, in a folder, a zip, an LMS download and among Brightspace submissions, and the notes say why', async () => {
    expect(bigNotebook.length).toBe(MAX_FILE_BYTES.ipynb + 1);
    await put('in/dave/hw.ipynb', bigNotebook);
    await put('in/dave/hw.py');
    await put('in/carol.zip', await makeZip({ 'hw.ipynb': bigNotebook, 'hw.py': BOTH }));
    const canvas = { 'smithflo_12345_678901_hw.ipynb': bigNotebook, 'smithflo_12345_678902_hw.py': BOTH };
    for (const [name, body] of Object.entries(canvas)) await put(`canvas/${name}`, body);
    await put('canvas.zip', await makeZip(canvas));
    // Brightspace's folder form: the later submission's file is over the limit.
    await put('d2l/13394-80590 - Bob Lee - Apr 2, 2026 0900 AM/hw.ipynb', bigNotebook);
    await put('d2l/13394-80552 - Bob Lee - Mar 29, 2026 1210 PM/hw.py');
    const items = [...(await discover('in')), ...(await discover('canvas')), ...(await discover('canvas.zip')), ...(await discover('d2l'))];
    expect(items.map((i) => [i.learner, i.source, i.error, i.problem])).toEqual([
      ['carol', 'in/carol.zip:hw.py', undefined, undefined],
      ['dave', 'in/dave/hw.py', undefined, undefined],
      ['12345', 'canvas/smithflo_12345_678902_hw.py', undefined, undefined],
      ['12345', 'canvas.zip:smithflo_12345_678902_hw.py', undefined, undefined],
      ['Bob Lee', 'd2l/13394-80552 - Bob Lee - Mar 29, 2026 1210 PM/hw.py', undefined, undefined],
    ]);
    expect(items[1]!.note).toBe(`picked hw.py (defines 2 of the 2 graded functions) over hw.ipynb; hw.ipynb ${size}`);
    expect(items[1]!.learnerNote).toBe(`Your submission holds 2 Python files: this grades hw.py (it defines both graded functions), not hw.ipynb. hw.ipynb ${size}. To have another file graded, submit that file alone.`);
    for (const it of items) expect(it.note).toContain(`picked hw.py (defines 2 of the 2 graded functions) over hw.ipynb; hw.ipynb ${size}`);
  });

  it('is still the row, FILE_TOO_LARGE, when every candidate is over the limit', async () => {
    await put('in/erin.zip', await makeZip({ 'hw.ipynb': bigNotebook, 'a.py': Buffer.alloc(MAX_FILE_BYTES.py + 1, 0x20) }));
    const [erin] = await discover('in');
    expect([erin!.learner, erin!.problem, erin!.error?.split(';')[0]]).toEqual(['erin', 'FILE_TOO_LARGE', 'hw.ipynb is 50.1 MiB']);
  });
});

describe('the size row', () => {
  it.each([
    [11_000_000, 'py', 'hw.py is 10.5 MiB; wlgrade grades .py files up to 10 MiB'], // 10.49 MiB: not "is 10 MiB"
    [10 * 2 ** 20 + 1, 'py', 'hw.py is 10.1 MiB; wlgrade grades .py files up to 10 MiB'],
    [11 * 2 ** 20, 'py', 'hw.py is 11 MiB; wlgrade grades .py files up to 10 MiB'],
    [50 * 2 ** 20 + 300_000, 'ipynb', 'hw.ipynb is 50.3 MiB; wlgrade grades .ipynb files up to 50 MiB'],
    [70 * 2 ** 20, 'ipynb', 'hw.ipynb is 70 MiB; wlgrade grades .ipynb files up to 50 MiB'],
  ])('a file of %d bytes (.%s) reads as over the limit', (size, ext, want) => {
    expect(sizeProblem(`hw.${ext}`, `hw.${ext}`, size)?.split(':')[0]).toBe(want);
  });

  // It said "10 MB" for a limit of 10 MiB (10,485,760 bytes), which README states: a learner
  // reading MB as 10^6 bytes took a 10.2-million-byte file, under the limit, to be over it.
  it.each(['py', 'ipynb'] as const)('states the .%s limit exactly, in MiB', (ext) => {
    const said = sizeProblem(`hw.${ext}`, `hw.${ext}`, MAX_FILE_BYTES[ext] + 1)!.match(/up to (\d+) (\w+):/);
    expect([Number(said?.[1]) * 2 ** 20, said?.[2]]).toEqual([MAX_FILE_BYTES[ext], 'MiB']);
  });

  it('is null within the limit', () => {
    expect([sizeProblem('hw.py', 'hw.py', 10 * 2 ** 20), sizeProblem('hw.ipynb', 'hw.ipynb', 50 * 2 ** 20)]).toEqual([null, null]);
  });
});

describe('picking a file and naming learners', () => {
  it('ranks by definitions, depth, notebook, name', () => {
    const c = (rel: string, defines: number) => ({ rel, depth: rel.split('/').length - 1, defines, notebook: rel.endsWith('.ipynb') });
    expect(rankCandidates([c('a.py', 1), c('deep/b.py', 2), c('c.py', 2), c('c.ipynb', 2)]).map((x) => x.rel)).toEqual(['c.ipynb', 'c.py', 'deep/b.py', 'a.py']);
  });

  it.each([
    ['def compute_class_freqs(labels):', 1],
    [BOTH, 2],
    ['# compute_class_freqs is defined below', 0],
    // Red team 34: counted as Python binds the names (NFKC), as the runner grades them.
    ['def ｃompute_class_freqs(labels):\ndef get_weighted_ｌoss(p, n, e=1e-7):', 2],
    ['{"source": ["def \\uff43ompute_class_freqs(labels):\\n"]}', 1],
    ['def 𝐜ompute_class_freqs(labels): é', 1],
    ['def сompute_class_freqs(labels):', 0], // a Cyrillic с: another name to Python too
  ])('countDefinitions(%j) = %d', (text, n) => expect(countDefinitions(text)).toBe(n));

  it('`check` without a file finds a solution saved as UTF-16 or UTF-32 (with a byte-order mark)', async () => {
    const utf32 = (text: string, le: boolean) => {
      const cps = [0xfeff, ...[...text].map((ch) => ch.codePointAt(0)!)];
      const b = Buffer.alloc(cps.length * 4);
      cps.forEach((cp, i) => (le ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
      return b;
    };
    const utf16be = Buffer.from(`\ufeff${BOTH}`, 'utf16le').swap16();
    for (const [name, body] of [
      ['le16.py', Buffer.from(`\ufeff${BOTH}`, 'utf16le')],
      ['be16.py', utf16be],
      ['le32.py', utf32(BOTH, true)],
      ['be32.py', utf32(BOTH, false)],
    ] as const) {
      const sub = await mkdtemp(join(dir, 'own-'));
      await writeFile(join(sub, 'notes.py'), 'print("a helper")\n');
      await writeFile(join(sub, name), body);
      expect((await pickOwnFile(sub))?.file, name).toBe(join(sub, name));
    }
  });

  it('`check` without a file passes over a notebook over the size limit for a .py within it (batch 33)', async () => {
    // The notebook won (a notebook over a .py), and check stopped on FILE_TOO_LARGE though hw.py was gradable.
    const sub = await mkdtemp(join(dir, 'own-big-'));
    const code = BOTH.replace(/\n/g, '\\n');
    const head = `{"cells": [{"cell_type": "code", "source": ["${code}"], "outputs": [{"output_type": "display_data", "data": {"image/png": "`;
    await writeFile(join(sub, 'hw.ipynb'), Buffer.concat([Buffer.from(head), Buffer.alloc(MAX_FILE_BYTES.ipynb + 1 - head.length, 0x41)]));
    await writeFile(join(sub, 'hw.py'), BOTH);
    expect(await pickOwnFile(sub)).toEqual({ file: join(sub, 'hw.py'), note: 'picked hw.py over hw.ipynb (50.1 MiB: over the size limit, never graded)' });
    await rm(join(sub, 'hw.py'));
    expect((await pickOwnFile(sub))?.file).toBe(join(sub, 'hw.ipynb')); // alone, it is still the file (and check says its size)
  });

  it('`check` without a file passes over a file it cannot open, and says so; with nothing else, one sentence', async () => {
    // Node reads a name that is not UTF-8 with U+FFFD in it, a spelling open() cannot find.
    const sub = await mkdtemp(join(dir, 'own-latin1-'));
    writeFileSync(Buffer.concat([Buffer.from(`${sub}/caf`), Buffer.from([0xe9]), Buffer.from('.py')]), BOTH);
    await expect(pickOwnFile(sub)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^No file given, and no readable .*caf\ufffd\.py could not be opened .*rename it/) });
    await writeFile(join(sub, 'mine.py'), BOTH);
    expect(await pickOwnFile(sub)).toEqual({ file: join(sub, 'mine.py'), note: 'could not open caf\ufffd.py' });
    await writeFile(join(sub, 'other.py'), BOTH);
    expect((await pickOwnFile(sub))?.note).toBe('picked mine.py over other.py; could not open caf\ufffd.py');
  });

  it('`check` without a file names a symlinked solution.py instead of saying no file defines the functions', async () => {
    const sub = await mkdtemp(join(dir, 'own-link-'));
    await put('elsewhere/solution.py');
    await writeFile(join(sub, 'notes.py'), 'print("a helper")\n');
    await symlink(join(dir, 'elsewhere', 'solution.py'), join(sub, 'solution.py'));
    await expect(pickOwnFile(sub)).rejects.toMatchObject({
      code: 'USAGE',
      message: 'No file given, and no .py or .ipynb file in this folder defines compute_class_freqs or get_weighted_loss; solution.py is a symlink, which wlgrade does not follow unless named: run "wlgrade check solution.py" to check the file it points to.',
    });
    // A file of the learner's own beside it is checked as before, the link not followed.
    await writeFile(join(sub, 'mine.py'), BOTH);
    expect(await pickOwnFile(sub)).toEqual({ file: join(sub, 'mine.py') });
  });

  it('`check` without a file counts every file it passed over, past the three it names', async () => {
    const sub = await mkdtemp(join(dir, 'own-many-'));
    for (const name of ['a.py', 'b.py', 'c.py', 'd.py', 'e.py']) await writeFile(join(sub, name), BOTH);
    expect((await pickOwnFile(sub))?.note).toBe('picked a.py over b.py, c.py, d.py, and 1 more');
    await rm(join(sub, 'e.py'));
    expect((await pickOwnFile(sub))?.note).toBe('picked a.py over b.py, c.py, d.py');
  });

  it.each([
    ['alice', 'alice'],
    ['Jane Doe (12)', 'Jane_Doe_12_'],
    ['../../etc', '__.._etc'],
    ['', '_'],
    // ASCII ids keep the rule results/ files were always named by.
    ['alice@uni.edu', 'alice_uni.edu'],
    ['.hidden', '_hidden'],
    // Letters of any script are kept, in NFC; a name that loses nothing gets no hash.
    ['张伟', '张伟'],
    ['josé', 'josé'],
    ['jose\u0301', 'jos\u00e9'],
    ['Ελένη', 'Ελένη'],
  ])('learnerSlug(%j) = %j', (learner, slug) => expect(learnerSlug(learner)).toBe(slug));

  it.each([
    ['李 娜', '李_娜'],
    ['zoë 😀', 'zoë_'],
    ['josé/../x', 'josé_.._x'],
    ['\u202eevil', '_evil'],
  ])('learnerSlug(%j): a non-ASCII id that lost a character gets a hash of its name', (learner, safe) => {
    const hash = createHash('sha256').update(learner.normalize('NFC').toLowerCase()).digest('hex').slice(0, 8);
    expect(learnerSlug(learner)).toBe(`${safe}-${hash}`);
  });

  it.each([['CON'], ['nul'], ['Aux'], ['com1'], ['LPT9.smith'], ['prn.'], ['COM¹']])(
    'learnerSlug(%j): a Windows device name gets a hash, as no Windows disk can hold results/CON.json',
    (learner) => {
      const slug = learnerSlug(learner);
      const hash = createHash('sha256').update(learner.normalize('NFC').toLowerCase()).digest('hex').slice(0, 8);
      expect(slug.split('.')[0]).toBe(`${learner.normalize('NFC').split('.')[0]}-${hash}`);
      expect(slug.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com.|lpt.)$/i);
    },
  );

  it.each([['console'], ['nullable'], ['com10'], ['lpt'], ['bacon'], ['con_smith']])('learnerSlug(%j): a name that only starts like a device keeps its plain slug', (learner) => {
    expect(learnerSlug(learner)).toBe(learner);
  });

  it('keeps a long non-ASCII id within a file name (255 bytes), the hash telling it from others alike', () => {
    const long = '张'.repeat(200);
    const slug = learnerSlug(long);
    expect(slug).toMatch(/^张{60}-[0-9a-f]{8}$/);
    expect(Buffer.byteLength(`${slug}.json.4194304.tmp`)).toBeLessThanOrEqual(255);
    expect(learnerSlug(`${long}x`)).not.toBe(slug);
  });

  it.each([
    ['a/b.py', false],
    ['../x', true],
    ['a/../../x', true],
    ['/etc/passwd', true],
    ['C:\\x', true],
    ['a\\..\\x', true],
  ])('unsafeEntryName(%j) = %s', (name, unsafe) => expect(unsafeEntryName(name)).toBe(unsafe));
});

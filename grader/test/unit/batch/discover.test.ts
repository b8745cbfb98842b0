import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverSubmissions, learnerSlug } from '../../../src/batch/discover.js';
import { countDefinitions, pickOwnFile, rankCandidates } from '../../../src/batch/pick.js';
import { unsafeEntryName } from '../../../src/batch/zip.js';
import { makeZip } from './zip-helpers.js';

const BOTH = 'def compute_class_freqs(labels):\n    pass\ndef get_weighted_loss(p, n, epsilon=1e-7):\n    pass\n';
let dir: string;
let scratch: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-discover-'));
  scratch = join(dir, 'scratch');
  await mkdir(scratch);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function put(rel: string, body: string | Buffer = BOTH) {
  const p = join(dir, rel);
  await mkdir(join(p, '..'), { recursive: true });
  await writeFile(p, body);
  return p;
}
const discover = (...paths: string[]) => discoverSubmissions(paths, { scratch, cwd: dir });
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
    // Extraction stays inside the scratch folder.
    expect((await readdir(scratch)).length).toBe(1);
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

  it('refuses two submissions for one learner', async () => {
    await put('in/alice.py');
    await put('in/Alice/x.py');
    await expect(discover('in')).rejects.toThrow('Two submissions claim learner "alice": in/Alice/x.py and in/alice.py; rename or remove one so each learner has exactly one.');
  });

  it('refuses an empty folder', async () => {
    await mkdir(join(dir, 'empty'));
    await expect(discover('empty')).rejects.toThrow('No submissions found in empty: expected .py or .ipynb files, one folder per learner, or a .zip export.');
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

  it.each([
    ['alice', 'alice'],
    ['Jane Doe (12)', 'Jane_Doe_12_'],
    ['../../etc', '__.._etc'],
    ['', '_'],
  ])('learnerSlug(%j) = %j', (learner, slug) => expect(learnerSlug(learner)).toBe(slug));

  it.each([
    ['a/b.py', false],
    ['../x', true],
    ['a/../../x', true],
    ['/etc/passwd', true],
    ['C:\\x', true],
    ['a\\..\\x', true],
  ])('unsafeEntryName(%j) = %s', (name, unsafe) => expect(unsafeEntryName(name)).toBe(unsafe));
});

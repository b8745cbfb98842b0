import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pickSubmissionFile } from '../../../src/batch/pick.js';
import { uploadHolds } from '../../../src/commands/gradescope.js';

/** What a learner whose upload holds these files (and no Python) is told. */
async function told(files: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-upload-'));
  for (const f of files) await writeFile(join(dir, f), 'x');
  const others = { names: [] as string[], count: 0 };
  expect(await pickSubmissionFile(dir, [], others)).toBeNull();
  return uploadHolds(others);
}

describe('uploadHolds (review 29)', () => {
  it('says a .zip is not opened wherever it is, not only among the three names shown', async () => {
    const msg = await told(['a.txt', 'b.txt', 'c.txt', 'hw.zip']);
    expect(msg).toContain('Your submission holds a.txt, b.txt, c.txt and 1 more file, but no .py or .ipynb file (a .zip is not opened: upload the file itself)');
    expect(await told(['a.txt', 'b.txt'])).not.toContain('.zip');
  });

  it('joins two or three names with "and"', async () => {
    expect(await told(['essay.docx', 'notes.txt'])).toContain('Your submission holds essay.docx and notes.txt, but no .py');
    expect(await told(['a.txt', 'b.txt', 'c.txt'])).toContain('Your submission holds a.txt, b.txt and c.txt, but no .py');
    expect(await told(['essay.docx'])).toContain('Your submission holds essay.docx, but no .py');
    expect(await told(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'])).toContain('holds a.txt, b.txt, c.txt and 2 more files, but');
  });
});

/**
 * grade's line on the reports an earlier run left in results/: its command ends the line (staff
 * paste all that follows "with: "; a remark after it broke the paste: review of staff 26), and the
 * count it gives matches what the list it deletes from holds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STALE_INLINE, staleReportsLine, staleReportsList } from '../../../src/commands/grade.js';

const stale = (names: string[]) => names.map((name) => ({ name }));
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Writes the reports and, as grade does past STALE_INLINE, the list; runs all that follows "with: ". */
async function pasted(names: string[]): Promise<{ line: string; left: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-stale-'));
  dirs.push(dir);
  await mkdir(join(dir, 'out', 'results'), { recursive: true });
  for (const n of [...names, 'stays.json']) await writeFile(join(dir, 'out', 'results', n), '{}');
  const line = staleReportsLine('out', stale(names));
  if (names.length > STALE_INLINE) await writeFile(join(dir, 'out', 'stale-reports.txt'), staleReportsList('out', stale(names)));
  execFileSync('sh', ['-c', line.slice(line.indexOf(' with: ') + 7)], { cwd: dir });
  return { line, left: (await readdir(join(dir, 'out', 'results'))).sort() };
}

describe('staleReportsLine', () => {
  it('a few reports: one rm, pasted whole, deletes them and nothing else', async () => {
    const { line, left } = await pasted(['a.json', "o'brien.json"]);
    expect(line).toContain('2 reports in out/results are from an earlier run');
    expect(left).toEqual(['stays.json']);
  });

  it('many: the read loop ends the line, pasted whole, deletes them and nothing else', async () => {
    const names = Array.from({ length: STALE_INLINE + 3 }, (_, i) => `l${i}.json`);
    const { line, left } = await pasted(names);
    expect(line).toMatch(/l0\.json \(of a learner not in this run\), l1\.json .*, l2\.json .* and 5 more; their paths are listed in out\/stale-reports\.txt; delete them with: while /);
    expect(line.endsWith("done < 'out/stale-reports.txt'")).toBe(true);
    expect(left).toEqual(['stays.json']);
  });

  it('says how many the list leaves out (a name holding a line break), so the count is not a promise the loop breaks', async () => {
    const names = [...Array.from({ length: STALE_INLINE + 1 }, (_, i) => `l${i}.json`), 'two\nlines.json'];
    const { line, left } = await pasted(names);
    expect(line).toContain('7 reports in out/results');
    expect(line).toContain('their paths are listed in out/stale-reports.txt (all but 1 whose name holds a line break: delete that one by hand)');
    expect(left).toEqual(['stays.json', 'two\nlines.json']);
  });
});

/**
 * Files wlgrade reads back (README, "Files wlgrade reads back"): its own and older formats are
 * read, one a newer wlgrade wrote that this one cannot read is refused with an upgrade sentence
 * (merge, export lms) or still known as a wlgrade report (stale reports), anything else is not a
 * wlgrade file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchStore, readSummary } from '../../../src/batch/store.js';
import { summarize } from '../../../src/report/summary.js';
import type { BatchRow } from '../../../src/schema/batch.js';
import { VERSION } from '../../../src/version.js';
import { makeReport } from '../report/factories.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const row = (over: Partial<BatchRow> = {}): BatchRow => ({ learner: 'ana', source: 'ana.py', status: 'passed', score: 1, maxScore: 1, cases: { a: 1 }, mistakes: [], reused: false, ...over });
const summary = () => summarize([row(), row({ learner: 'bo', status: 'error', score: null, cases: {}, problems: ['LOAD_TIMEOUT'], error: 'x' })], { version: VERSION, suites: ['public'], suiteHash: 'h', columns: [{ id: 'a', maxPoints: 1 }] });
const say = { code: 'BATCH_INVALID' as const, missing: 'pass a folder', again: 'grade that shard again' };
/** Writes `doc` as <dir>/<name>/summary.json and reads it back: the summary's learners, or the sentence. */
async function read(name: string, doc: unknown): Promise<unknown> {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, 'summary.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return readSummary(join(dir, name), name, say).then(
    (s) => s.rows.map((r) => [r.learner, r.score]),
    (e: Error) => e.message,
  );
}

describe('readSummary', () => {
  it("reads this wlgrade's summary, and an older one's (a never-graded row's score 0, no problems)", async () => {
    expect(await read('now', summary())).toEqual([
      ['ana', 1],
      ['bo', null],
    ]);
    const old = { ...summary(), tool: { name: 'wlgrade', version: '0.0.1' }, rows: summary().rows.map(({ problems: _p, ...r }) => ({ ...r, score: r.score ?? 0 })) };
    expect(await read('old', old)).toEqual([
      ['ana', 1],
      ['bo', 0],
    ]);
  });

  it('says to upgrade for a summary a newer wlgrade wrote that this one cannot read (a field added, a schema changed)', async () => {
    const added = { ...summary(), tool: { name: 'wlgrade', version: '99.0.0' }, rows: summary().rows.map((r) => ({ ...r, attempts: 2 })) };
    expect(await read('added', added)).toBe(`added/summary.json was written by wlgrade 99.0.0, in a format this wlgrade (${VERSION}) cannot read: upgrade wlgrade to 99.0.0 or later and run the command again.`);
    expect(await read('schema', { ...summary(), schemaVersion: 2 })).toBe(`schema/summary.json was written by a newer version of wlgrade, in a format this wlgrade (${VERSION}) cannot read: upgrade wlgrade to the version that wrote it or later and run the command again.`);
    // One a newer wlgrade wrote that this one reads (nothing in it is new) is read.
    expect(await read('readable', { ...summary(), tool: { name: 'wlgrade', version: '99.0.0' } })).toEqual([
      ['ana', 1],
      ['bo', null],
    ]);
  });

  it('is not a wlgrade summary otherwise', async () => {
    const not = (name: string) => `${name}/summary.json is not a wlgrade summary (or was written by another version); grade that shard again.`;
    expect(await read('damaged', '{"rows": 3')).toBe(not('damaged'));
    expect(await read('other', { ...summary(), tool: { name: 'other', version: '99.0.0' }, extra: 1 })).toBe(not('other'));
    expect(await read('broken', { ...summary(), rows: 3 })).toBe(not('broken'));
  });
});

describe('BatchStore.staleReports', () => {
  it("lists the reports no row points at that a wlgrade wrote, this one or a newer one, each with its learner; no other file", async () => {
    const store = new BatchStore(join(dir, 'out'));
    await store.init();
    const results = join(dir, 'out', 'results');
    const newer = (learner?: string) => JSON.stringify({ ...makeReport(), tool: { name: 'wlgrade', version: '99.0.0' }, ...(learner ? { learner } : {}), attempts: 2 });
    await writeFile(join(results, 'ana.json'), JSON.stringify(makeReport({ learner: 'ana' })));
    await writeFile(join(results, 'ana-old.json'), JSON.stringify(makeReport({ learner: 'ana' })));
    await writeFile(join(results, 'cy.json'), JSON.stringify(makeReport({ learner: 'cy' })));
    await writeFile(join(results, 'bo-newer.json'), newer('bo'));
    await writeFile(join(results, 'dee-newer.json'), newer('dee'));
    await writeFile(join(results, 'anon-newer.json'), newer());
    await writeFile(join(results, 'other.json'), JSON.stringify({ ...makeReport(), tool: { name: 'other', version: '99.0.0' }, attempts: 2 }));
    await writeFile(join(results, 'damaged.json'), '{');
    const rows = [
      { learner: 'ana', resultFile: 'results/ana.json' },
      { learner: 'bo', resultFile: 'results/bo.json' },
    ];
    expect(await store.staleReports(rows)).toEqual([
      { name: 'ana-old.json', learner: 'ana', now: 'ana.json' },
      { name: 'anon-newer.json' },
      { name: 'bo-newer.json', learner: 'bo', now: 'bo.json' },
      { name: 'cy.json' },
      { name: 'dee-newer.json' },
    ]);
  });
});

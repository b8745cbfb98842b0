/**
 * A batch reads each learner's file and writes each report with direct (synchronous) calls: no
 * round trip through libuv's thread pool per learner (perf 27: an open, a read, a close, a write and
 * a rename each cost a wake-up on both sides, ~0.5 ms of CPU a learner). Counted with async_hooks:
 * every fs/promises or callback file operation creates an FSREQ* or FILEHANDLE* resource. A
 * batch's own reads and writes (its state, once) stay, so the count must not grow with learners.
 */
import { createHook } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchItem } from '../../../src/batch/discover.js';
import { createHash } from 'node:crypto';
import { runBatch, type BatchOptions, type GradeOne } from '../../../src/batch/run-batch.js';
import { BatchStore } from '../../../src/batch/store.js';
import { readRegularFileSync } from '../../../src/read-regular.js';
import { GradeReportSchema } from '../../../src/schema/report.js';
import { makeReport } from '../report/factories.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-direct-io-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const opts: BatchOptions = { jobs: 3, suiteHash: 's1', version: '0.1.0', settings: 'py3+bwrap', force: false, watchdogMs: 5_000, stateEveryMs: 60_000 };
const grade: GradeOne = async () => makeReport();

/** The state a one-learner batch leaves (its entry is a valid one, whatever the schema holds). */
async function gradedState() {
  const file = join(dir, 'hw.py');
  await writeFile(file, 'x = 2\n');
  const store = new BatchStore(join(dir, 'out-one'));
  await store.init();
  await runBatch([{ learner: 'hw', source: 'hw.py', file, displayName: 'hw.py' }], grade, store, 1, opts);
  return store.loadState();
}

/** Thread-pool file operations started while `f` runs. */
async function fsOps(f: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const hook = createHook({
    init(_id, type) {
      if (type.startsWith('FSREQ') || type.startsWith('FILEHANDLE')) n++;
    },
  });
  hook.enable();
  try {
    await f();
  } finally {
    hook.disable();
  }
  return n;
}

async function batchOf(n: number, tag: string): Promise<{ ops: number; store: BatchStore; items: BatchItem[] }> {
  const items: BatchItem[] = [];
  for (let i = 0; i < n; i++) {
    const file = join(dir, `${tag}-${i}.py`);
    await writeFile(file, `# learner ${i}\n`.repeat(50));
    items.push({ learner: `${tag}-${i}`, source: `${tag}-${i}.py`, file, displayName: `${tag}-${i}.py` });
  }
  const store = new BatchStore(join(dir, `out-${tag}`));
  await store.init();
  const ops = await fsOps(() => runBatch(items, grade, store, 1, opts));
  return { ops, store, items };
}

describe('a batch reads and writes each learner directly', () => {
  it('starts no more thread-pool file operations for 12 learners than for 2', async () => {
    const small = await batchOf(2, 'a');
    const large = await batchOf(12, 'b');
    expect(large.ops).toBe(small.ops);
    // And did the work: every report written, every file hashed as the streamed hash does.
    const state = await large.store.loadState();
    for (const it of large.items) {
      const report = GradeReportSchema.parse(JSON.parse(await readFile(join(dir, 'out-b', 'results', `${it.learner}.json`), 'utf8')));
      expect(report.learner).toBe(it.learner);
      expect(state.entries.get(it.learner)?.submissionHash).toBe(createHash('sha256').update(await readFile(it.file!)).digest('hex'));
    }
  });

  it('readRegularFileSync reads a file, and answers with its stat, unread, for a FIFO (without waiting for a writer) or a file over the limit', async () => {
    const file = join(dir, 'a.py');
    await writeFile(file, 'x = 1\n');
    expect(readRegularFileSync(file)).toEqual({ ok: true, bytes: Buffer.from('x = 1\n') });
    expect(readRegularFileSync(file, 6)).toEqual({ ok: true, bytes: Buffer.from('x = 1\n') });
    const over = readRegularFileSync(file, 5);
    expect(over.ok || [over.stats.isFile(), over.stats.size]).toEqual([true, 6]);
    const fifo = join(dir, 'f.py');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = readRegularFileSync(fifo);
    expect(r.ok || r.stats.isFIFO()).toBe(true);
    expect(r.ok).toBe(false);
    expect(() => readRegularFileSync(join(dir, 'gone.py'))).toThrow();
  });

  it('readRegularFileSync never reads past the limit, whatever the stat said (red team 28: a file that grows while read)', () => {
    // A regular file whose stat says 0 bytes and whose read gives more, as a file appended to
    // after the stat does: readFileSync(fd) read on to its end, past any limit.
    const status = readFileSync('/proc/self/status');
    expect(status.length).toBeGreaterThan(100);
    const r = readRegularFileSync('/proc/self/status', 100);
    expect(r.ok || [r.stats.isFile(), r.stats.size > 100]).toEqual([true, true]);
    const whole = readRegularFileSync('/proc/self/status', 1 << 20);
    expect(whole.ok && whole.bytes.toString().split('\n')[0]).toBe(status.toString().split('\n')[0]);
    expect(readRegularFileSync('/proc/self/status').ok).toBe(true);
  });

  it('a learner file over the size limit is an error row, unread: the grading function never sees it', async () => {
    const big = join(dir, 'big.py');
    // Sparse: the size says 11 MiB, and reading it would take as long as reading 11 MiB of zeros.
    await writeFile(big, '');
    await truncate(big, 11 * 2 ** 20);
    const store = new BatchStore(join(dir, 'out-big'));
    await store.init();
    const seen: string[] = [];
    const rows = await runBatch([{ learner: 'big', source: 'big.py', file: big, displayName: 'big.py' }], async (it) => (seen.push(it.learner), makeReport()), store, 1, opts);
    expect(seen).toEqual([]);
    expect(rows.map((r) => [r.status, r.error])).toEqual([['error', 'big.py is 11 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.']]);
  });

  it('hands the grading function the bytes it hashed', async () => {
    const file = join(dir, 'hw.py');
    await writeFile(file, 'x = 2\n');
    const store = new BatchStore(join(dir, 'out-bytes'));
    await store.init();
    const given: string[] = [];
    await runBatch([{ learner: 'hw', source: 'hw.py', file, displayName: 'hw.py' }], async (it) => (given.push(it.bytes.toString('utf8')), makeReport()), store, 1, opts);
    expect(given).toEqual(['x = 2\n']);
    expect((await store.loadState()).entries.get('hw')?.submissionHash).toBe(createHash('sha256').update('x = 2\n').digest('hex'));
  });

  it('a state file this version cannot read (bad JSON, wrong shape) means nothing to reuse, and a good one reads back', async () => {
    const store = new BatchStore(join(dir, 'out-state'));
    await store.init();
    const file = join(dir, 'out-state', 'batch-state.json');
    for (const text of ['{not json', '{"schemaVersion":1,"entries":{"hw":{"submissionHash":7}}}', '{"schemaVersion":99,"entries":{}}']) {
      await writeFile(file, text);
      expect((await store.loadState()).entries.size, text).toBe(0);
    }
    await store.saveState({ schemaVersion: 1, entries: new Map([['__proto__', (await gradedState()).entries.get('hw')!]]) });
    expect([...(await store.loadState()).entries.keys()]).toEqual(['__proto__']);
  });

  it('a learner file swapped for a FIFO after discovery is an error row, not a wait for a writer; the others are graded', { timeout: 10_000 }, async () => {
    const ok = join(dir, 'ok.py');
    await writeFile(ok, 'x = 1\n');
    const fifo = join(dir, 'fifo.py');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const store = new BatchStore(join(dir, 'out-f'));
    await store.init();
    const items: BatchItem[] = [
      { learner: 'fifo', source: 'fifo.py', file: fifo, displayName: 'fifo.py' },
      { learner: 'ok', source: 'ok.py', file: ok, displayName: 'ok.py' },
    ];
    const rows = await runBatch(items, grade, store, 1, opts);
    expect(rows.map((r) => [r.learner, r.status, r.error ?? ''])).toEqual([
      ['fifo', 'error', "Cannot read fifo.py: it is no longer a regular file (replaced since the batch started); put the learner's file back and grade again."],
      ['ok', 'passed', ''],
    ]);
  });
});

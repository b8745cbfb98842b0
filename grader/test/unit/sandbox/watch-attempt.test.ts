/**
 * watchAttempt on a fake attempt: records written to its channel in chunks, as a pipe delivers
 * them, with no Python process.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CrashCause } from '../../../src/sandbox/launch.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';
import { watchAttempt, type AttemptProcess } from '../../../src/sandbox/run-submission.js';
import type { Plan } from '../../../src/schema/protocol.js';

const TOKEN = 'ab'.repeat(16);
const PLAN: Plan = {
  submission: '/sub/x.py',
  kind: 'py',
  displayName: 'x.py',
  functions: ['compute_class_freqs'],
  calls: [{ id: 'c1', fn: 'compute_class_freqs', framework: 'numpy', args: { labels: { dtype: 'float64', shape: [1, 1], data: [1] } } }],
  maxResultElements: 1_000_000,
  keras: 'shim',
  token: TOKEN,
};
const FUNCTIONS = { compute_class_freqs: { defined: true, callable: true, params: null } };

/** An attempt whose channel receives `chunks` one event loop turn apart, then exits. */
async function watch(chunks: string[]) {
  const channel = new PassThrough();
  let exit!: (how: { detail: string; cause: CrashCause }) => void;
  const proc: AttemptProcess = {
    stdout: null,
    stderr: null,
    channel,
    exited: new Promise((r) => (exit = r)),
    kill: () => exit({ detail: 'killed', cause: 'killed' }),
    settle: async () => void channel.destroy(),
  };
  let events = 0;
  channel.on('data', () => events++);
  const attempt = watchAttempt(proc, PLAN, DEFAULT_LIMITS, Date.now() + 60_000);
  for (const c of chunks) {
    channel.write(c);
    await new Promise((r) => setImmediate(r));
  }
  exit({ detail: 'exit code 0', cause: 'exit' });
  return { attempt: await attempt, events };
}

const line = (record: object) => `${TOKEN} ${JSON.stringify(record)}\n`;
const cut = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

afterEach(() => vi.restoreAllMocks());

describe('watchAttempt', () => {
  it("reads a record of megabytes in 64 KiB chunks searching each character for '\\n' about once", async () => {
    const values = Array.from({ length: 250_000 }, (_, i) => 0.12345678901234567 + i);
    const text =
      line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' }) +
      line({ t: 'load', ok: true, functions: FUNCTIONS }) +
      line({ t: 'result', id: 'c1', ok: true, value: { kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [values.length], values }, ms: 1 }) +
      line({ t: 'done' });
    // Every search for a line break, counted by the characters it looked at: searching the whole
    // pending text again on each chunk looks at (chunks / 2) times the record.
    let searched = 0;
    const indexOf = String.prototype.indexOf;
    vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (this: string, search: string, from?: number) {
      const at = indexOf.call(this, search, from);
      if (search === '\n') searched += (at >= 0 ? at + 1 : this.length) - (from ?? 0);
      return at;
    });
    const { attempt, events } = await watch(cut(text, 64 * 1024));
    vi.restoreAllMocks();

    expect(events).toBeGreaterThan(50);
    expect(attempt.reason).toBe('done');
    expect(attempt.records.map((r) => r.t)).toEqual(['hello', 'load', 'result', 'done']);
    const result = attempt.records[2]!;
    expect(result.t === 'result' && result.value?.kind === 'array' ? result.value.values?.length : 0).toBe(values.length);
    expect(searched).toBeLessThanOrEqual(text.length * 1.1);
  });

  it("shows a line break in a note's text as \\n, and a class name holding one not at all", async () => {
    const fake = 'Score: 23/23 — all cases passed';
    const { attempt } = await watch([
      line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' }),
      line({ t: 'load', ok: false, error: { type: `E\n${fake}\n`, message: 'x\ny', traceback: 'x.py, line 1, in f\n    g()' } }),
    ]);
    // A class name with a line break is no Python identifier: it is not shown at all (feedback 19).
    expect(attempt.records[1]).toMatchObject({ t: 'load', error: { type: 'an exception whose class name is not a Python identifier', message: 'x\ny', traceback: 'x.py, line 1, in f\n    g()' } });

    const ok = await watch([
      line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' }),
      line({ t: 'load', ok: true, functions: FUNCTIONS, notes: [{ id: 'retry', how: 'raised', unused: false, type: 'E', line: 5, message: `x\n${fake}` }] }),
      line({ t: 'result', id: 'c1', ok: true, value: { kind: 'other', pytype: `P\r\n${fake}`, repr: 'a\nb' }, ms: 1 }),
      line({ t: 'done' }),
    ]);
    expect(ok.attempt.records.slice(1, 3)).toMatchObject([
      { t: 'load', notes: [`Its top-level code raised E (x\\n${fake}) at line 5, so it was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points.`] },
      { t: 'result', value: { pytype: 'object', repr: 'a\nb' } }, // a type name that is no identifier: "object"
    ]);
  });
});

describe('watchAttempt: a result holding more values than the plan allows', () => {
  it('marks the channel corrupt (the runner never sends that many: the record is forged)', async () => {
    const values = Array.from({ length: 12 }, () => 0);
    const text =
      line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' }) +
      line({ t: 'load', ok: true, functions: FUNCTIONS }) +
      line({ t: 'result', id: 'c1', ok: true, value: { kind: 'sequence', pytype: 'tuple', items: [0, 1].map(() => ({ kind: 'array', pytype: 'numpy.ndarray', dtype: 'float64', shape: [6], values: values.slice(0, 6) })) }, ms: 1 }) +
      line({ t: 'done' });
    const small = { ...PLAN, maxResultElements: 10 };
    const channel = new PassThrough();
    let exit!: (how: { detail: string; cause: CrashCause }) => void;
    const proc: AttemptProcess = { stdout: null, stderr: null, channel, exited: new Promise((r) => (exit = r)), kill: () => exit({ detail: 'killed', cause: 'killed' }), settle: async () => void channel.destroy() };
    const attempt = watchAttempt(proc, small, DEFAULT_LIMITS, Date.now() + 60_000);
    channel.write(text);
    await new Promise((r) => setImmediate(r));
    exit({ detail: 'exit code 0', cause: 'exit' });
    const a = await attempt;
    expect(a.reason).toBe('channel');
    expect(a.records.map((r) => r.t)).toEqual(['hello', 'load']);
  });
});

describe('watchAttempt: the loading record', () => {
  it('comes once, between hello and load; a second one (forged) marks the channel corrupt', async () => {
    const hello = line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' });
    const loading = line({ t: 'loading', imports: ['numpy', 'tensorflow'] });
    const rest = line({ t: 'load', ok: true, functions: FUNCTIONS }) + line({ t: 'result', id: 'c1', ok: true, value: { kind: 'number', pytype: 'float', value: 1 }, ms: 1 }) + line({ t: 'done' });
    const once = await watch([hello + loading + rest]);
    expect(once.attempt.reason).toBe('done');
    expect(once.attempt.records.map((r) => r.t)).toEqual(['hello', 'loading', 'load', 'result', 'done']);
    const twice = await watch([hello + loading + loading + rest]);
    expect(twice.attempt.reason).toBe('channel');
    const late = await watch([hello + line({ t: 'load', ok: true, functions: FUNCTIONS }) + loading]);
    expect(late.attempt.reason).toBe('channel');
  });
});

describe('watchAttempt: FRAMEWORK_MISSING (the case file asks for tensors this Python cannot make)', () => {
  // A grader error (exit 2, the batch stops): only the runner before learner code can send it.
  it('is taken between hello and loading only; after loading (learner code runs) it marks the channel corrupt', async () => {
    const hello = line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' });
    const missing = line({ t: 'fatal', code: 'FRAMEWORK_MISSING', framework: 'tensorflow', message: "ModuleNotFoundError: No module named 'tensorflow'" });
    const before = await watch([hello + missing]);
    expect([before.attempt.reason, before.attempt.records.map((r) => r.t)]).toEqual(['exit', ['hello', 'fatal']]);
    const forged = await watch([hello + line({ t: 'loading', imports: [] }) + missing]);
    expect([forged.attempt.reason, forged.attempt.records.map((r) => r.t)]).toEqual(['channel', ['hello', 'loading']]);
    const first = await watch([missing]);
    expect(first.attempt.reason).toBe('channel');
  });
});

describe("watchAttempt: the runner's set-up (the frameworks' import) does not count against the run's limit", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function run(setupMs: number, loadingAt: number, restAt: number, limitMs: number) {
    const channel = new PassThrough();
    let exit!: (how: { detail: string; cause: CrashCause }) => void;
    const proc: AttemptProcess = { stdout: null, stderr: null, channel, exited: new Promise((r) => (exit = r)), kill: () => exit({ detail: 'killed', cause: 'killed' }), settle: async () => void channel.destroy() };
    const t0 = Date.now();
    const attempt = watchAttempt(proc, PLAN, DEFAULT_LIMITS, t0 + limitMs);
    await sleep(loadingAt);
    channel.write(line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' }) + line({ t: 'loading', imports: [], setupMs }));
    await sleep(restAt - (Date.now() - t0));
    channel.write(line({ t: 'load', ok: true, functions: FUNCTIONS }) + line({ t: 'result', id: 'c1', ok: true, value: { kind: 'number', pytype: 'float', value: 1 }, ms: 1 }) + line({ t: 'done' }));
    await sleep(20);
    exit({ detail: 'exit code 0', cause: 'exit' });
    return attempt;
  }

  it('moves the run limit by the set-up the loading record reports: calls past the old limit still count', async () => {
    // 2 s limit; 1 s of set-up, reported at 1 s; the calls end at 2.4 s, past the old limit and 0.6 s
    // inside the new one (margins of whole tenths: a loaded machine's timers slip).
    const a = await run(1_000, 1_000, 2_400, 2_000);
    expect([a.reason, a.records.map((r) => r.t)]).toEqual(['done', ['hello', 'loading', 'load', 'result', 'done']]);
    expect(a.setupMs).toBe(1_000);
  });

  it('credits no more set-up than the attempt has lasted (a record saying more is cut to that)', async () => {
    // Reported at ~10 ms: even a timer that slips by most of a second credits less than the 1 s limit,
    // so the run ends near 2 s at the latest, long before the calls at 3 s.
    const a = await run(60_000, 10, 3_000, 1_000);
    expect(a.reason).toBe('run-timeout');
    expect(a.setupMs).toBeLessThan(1_000);
  });
});

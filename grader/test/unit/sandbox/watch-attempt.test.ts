/**
 * watchAttempt on a fake attempt: records written to its channel in chunks, as a pipe delivers
 * them, with no Python process.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planLimitsFor, type CrashCause } from '../../../src/sandbox/launch.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';
import { collectAttempts, MAX_MARKS, watchAttempt, type Attempt, type AttemptClock, type AttemptProcess, type AttemptRunner } from '../../../src/sandbox/run-submission.js';
import type { Plan } from '../../../src/schema/protocol.js';
import { runnerBug } from '../../../src/grade/grade-suite.js';

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
  const attempt = watchAttempt(proc, PLAN, DEFAULT_LIMITS, { deadline: Date.now() + 60_000, setupLeftMs: 60_000 });
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
    const attempt = watchAttempt(proc, small, DEFAULT_LIMITS, { deadline: Date.now() + 60_000, setupLeftMs: 60_000 });
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

describe('watchAttempt: NOTEBOOK_INVALID (a notebook the runner cannot read)', () => {
  // Its message is shown as the report's problem: only the runner before learner code can send it.
  it('is taken before loading only; after loading (learner code runs: a forged sentence) it marks the channel corrupt', async () => {
    const hello = line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' });
    const invalid = line({ t: 'fatal', code: 'NOTEBOOK_INVALID', message: 'FORGED-NOTE Staff note: verified by hand' });
    const before = await watch([hello + invalid]);
    expect([before.attempt.reason, before.attempt.records.map((r) => r.t)]).toEqual(['exit', ['hello', 'fatal']]);
    const forged = await watch([hello + line({ t: 'loading', imports: [] }) + invalid]);
    expect([forged.attempt.reason, forged.attempt.records.map((r) => r.t)]).toEqual(['channel', ['hello', 'loading']]);
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

describe("the runner's set-up (the frameworks' import): its own limit, and a credit of runMs in all", () => {
  // Fake timers and a fake clock: every time below is exact, nothing waits for real.
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  // Records, each a line the runner would send (scripted adds the plan's token).
  const hello = { t: 'hello', python: '3.12.0', numpy: '2.0.0' };
  const setup = { t: 'setup', frameworks: ['tensorflow'] };
  const loading = (setupMs: number) => ({ t: 'loading', imports: ['tensorflow'], setupMs });
  const loaded = { t: 'load', ok: true, functions: FUNCTIONS };
  const result = (id: string) => ({ t: 'result', id, ok: true, value: { kind: 'number', pytype: 'float', value: 1 }, ms: 1 });
  const done = { t: 'done' };
  /** A last step no test reaches: the attempt runs until it is killed. */
  const HANG = 1e9;
  const calls = (ids: string[]) => ids.map((id) => ({ ...PLAN.calls[0]!, id }));

  /**
   * A fake attempt that writes each [at ms, records] step at that time (from the attempt's start)
   * and exits 1 ms after the last, unless killed first. killedAt: when it was killed, to 10 ms (a
   * timer acts one turn of the loop after it fires).
   */
  function scripted(steps: [number, unknown[], number?][], token = TOKEN, ends: { detail: string; cause: CrashCause } = { detail: 'exit code 0', cause: 'exit' }, stderrText = '') {
    const channel = new PassThrough();
    const stdout = new PassThrough();
    const stderr = stderrText ? new PassThrough() : null;
    stderr?.end(stderrText);
    let exit!: (how: { detail: string; cause: CrashCause }) => void;
    const exited = new Promise<{ detail: string; cause: CrashCause }>((r) => (exit = r));
    let killedAt: number | null = null;
    const timers: NodeJS.Timeout[] = [];
    const proc: AttemptProcess = {
      stdout,
      stderr,
      channel,
      exited,
      kill: () => {
        killedAt ??= Date.now();
        timers.forEach(clearTimeout);
        exit({ detail: 'killed', cause: 'killed' });
      },
      settle: async () => void channel.destroy(),
    };
    const t0 = Date.now();
    // A step's third item: bytes the attempt prints to stdout after that step's records.
    for (const [at, records, printed] of steps) {
      timers.push(setTimeout(() => {
        channel.write(records.map((r) => `${token} ${JSON.stringify(r)}\n`).join(''));
        if (printed) stdout.write(Buffer.alloc(printed, 120));
      }, at));
    }
    const end = Math.max(0, ...steps.map(([at]) => at));
    timers.push(setTimeout(() => exit(ends), end + 1));
    return { proc, killedAt: () => (killedAt === null ? null : Math.round((killedAt - t0) / 10) * 10) };
  }

  it('gives the import its own limit: past it, the attempt stops as a set-up time-out naming the framework, not a load time-out', async () => {
    const s = scripted([[0, [hello, setup]], [61_000, [loading(61_000), loaded, result('c1'), done]]]);
    const run = watchAttempt(s.proc, PLAN, DEFAULT_LIMITS, { deadline: Date.now() + 60_000, setupLeftMs: 45_000 });
    await vi.advanceTimersByTimeAsync(70_000);
    const a = await run;
    expect([a.reason, a.setupFrameworks, a.setupMs, s.killedAt()]).toEqual(['setup-timeout', ['tensorflow'], 0, 45_000]);
  });

  it("stops the run's limit while the import runs, and moves it by the import's time (never more than the grader saw)", async () => {
    // 2 s limit; 1.5 s of import (the record claims 9 s); the calls end at 3 s, past the old limit,
    // inside the new one (3.5 s).
    const s = scripted([[0, [hello, setup]], [1_500, [loading(9_000), loaded]], [3_000, [result('c1'), done]]]);
    const run = watchAttempt(s.proc, PLAN, DEFAULT_LIMITS, { deadline: Date.now() + 2_000, setupLeftMs: 60_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    const a = await run;
    expect([a.reason, a.setupMs]).toEqual(['done', 1_500]);
    // The same run with no setup record: nothing was imported, nothing is credited.
    const bare = scripted([[0, [hello]], [1_500, [loading(9_000), loaded]], [3_000, [result('c1'), done]]]);
    const run2 = watchAttempt(bare.proc, PLAN, DEFAULT_LIMITS, { deadline: Date.now() + 2_000, setupLeftMs: 60_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect([(await run2).reason, bare.killedAt()]).toEqual(['run-timeout', 2_000]);
  });

  it('takes one setup record, before loading only (a second one, or one after learner code ran, is forged)', async () => {
    for (const records of [[hello, setup, setup], [hello, loading(0), setup], [hello, loading(0), loaded, setup]]) {
      const s = scripted([[0, records]]);
      const run = watchAttempt(s.proc, PLAN, DEFAULT_LIMITS, { deadline: Date.now() + 60_000, setupLeftMs: 60_000 });
      await vi.advanceTimersByTimeAsync(10);
      expect((await run).reason).toBe('channel');
    }
  });

  it('gives no attempt more than the credit the run has left: a second import gets what the first left', async () => {
    // Three calls; the first attempt imports for 50 s, runs c1 and dies in c2 (a crash); the second,
    // for c3, imports for 15 s. runMs is 60 s, so the second import may take 10 s only (and move
    // the deadline by no more): it is stopped 10 s in, and c3 is not run, for the set-up's reason.
    const limits = { ...DEFAULT_LIMITS, runMs: 60_000 };
    const started = Date.now();
    const scripts: [number, unknown[]][][] = [
      [[0, [hello, setup]], [50_000, [loading(50_000), loaded, result('c1')]], [50_100, []]],
      [[0, [hello, setup]], [15_000, [loading(15_000), loaded]], [16_000, [result('c3'), done]]],
    ];
    const ones: ReturnType<typeof scripted>[] = [];
    const clocks: AttemptClock[] = [];
    const attempts: Attempt[] = [];
    const runOne: AttemptRunner = async (plan, clock) => {
      clocks.push(clock);
      ones.push(scripted(scripts[ones.length]!, plan.token));
      const a = await watchAttempt(ones.at(-1)!.proc, plan, limits, clock);
      attempts.push(a);
      return a;
    };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const run = collectAttempts({ path: '/x.py', kind: 'py', displayName: 'x.py', bytes: Buffer.alloc(0) }, calls(['c1', 'c2', 'c3']), opts, { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) }, started, runOne);
    await vi.advanceTimersByTimeAsync(200_000);
    const out = await run;
    expect(clocks).toEqual([
      { deadline: 60_000, setupLeftMs: 60_000 },
      { deadline: 110_000, setupLeftMs: 10_000 },
    ]);
    expect(attempts.map((a) => [a.reason, a.setupMs])).toEqual([['exit', 50_000], ['setup-timeout', 0]]);
    expect(ones[1]!.killedAt()).toBe(10_000);
    expect([out.calls.c1?.status, out.calls.c2?.status, out.calls.c3?.status]).toEqual(['ok', 'crash', 'not-run']);
  });

  it("blames the file's crashes, not the machine, when restarts after them used up the credit (each restart imports the framework again)", async () => {
    // runMs 8 s; each import takes 2 s; c1, c2 and c3 each crash Python, so attempts 2 and 3 import
    // again (4 s of re-imports, twice the first import) and attempt 4's import has 2 s left: stopped.
    const limits = { ...DEFAULT_LIMITS, runMs: 8_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const crashes = (): [number, unknown[]][] => [[0, [hello, setup]], [2_000, [loading(2_000), loaded]], [2_100, []]];
    const scripts = [crashes(), crashes(), crashes(), [[0, [hello, setup]], [HANG, []]] as [number, unknown[]][]];
    const ones: ReturnType<typeof scripted>[] = [];
    const run = collectAttempts({ path: '/x.py', kind: 'py', displayName: 'x.py', bytes: Buffer.alloc(0) }, calls(['c1', 'c2', 'c3', 'c4', 'c5']), opts, { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) }, Date.now(), (plan, clock) => {
      ones.push(scripted(scripts[ones.length]!, plan.token));
      return watchAttempt(ones.at(-1)!.proc, plan, limits, clock);
    });
    await vi.advanceTimersByTimeAsync(60_000);
    const out = await run;
    expect(ones).toHaveLength(4);
    expect(['c1', 'c2', 'c3'].map((id) => out.calls[id]?.status)).toEqual(['crash', 'crash', 'crash']);
    const reason = "your code crashed Python on c1, c2, c3, and each restart for the cases after a crash imports tensorflow again: those restarts used up the run's time, so this case was not run; fix that crash and run again";
    expect([out.calls.c4, out.calls.c5]).toEqual([{ status: 'not-run', reason }, { status: 'not-run', reason }]);
    // No set-up time-out carried: the report raises no SETUP_TIMEOUT, and grade does not regrade it.
    expect(out.setupTimeout).toBeUndefined();
  });

  it("blames the file's own calls, not the machine, when restarts after calls that printed past the cap or ran out of time used up the credit", async () => {
    // As the crash test above, but c1, c2 and c3 each print past the output cap (a learner's file
    // that floods on every call, red team 27): their restarts spent the credit, and the import
    // that ran out of it was a SETUP_TIMEOUT ("Nothing in the file caused this"), regraded for ever.
    const limits = { ...DEFAULT_LIMITS, runMs: 8_000, callMs: 1_000, outputMaxBytes: 1_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const sub = { path: '/x.py', kind: 'py' as const, displayName: 'x.py', bytes: Buffer.alloc(0) };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const floods = (): [number, unknown[], number?][] => [[0, [hello, setup]], [2_000, [loading(2_000), loaded], 2_000], [HANG, []]];
    const importHangs: [number, unknown[]][] = [[0, [hello, setup]], [HANG, []]];
    const runWith = async (scripts: [number, unknown[], number?][][]) => {
      const ones: ReturnType<typeof scripted>[] = [];
      const run = collectAttempts(sub, calls(['c1', 'c2', 'c3', 'c4', 'c5']), opts, target, Date.now(), (plan, clock) => {
        ones.push(scripted(scripts[ones.length]!, plan.token));
        return watchAttempt(ones.at(-1)!.proc, plan, limits, clock);
      });
      await vi.advanceTimersByTimeAsync(60_000);
      return { out: await run, attempts: ones.length };
    };
    const printed = await runWith([floods(), floods(), floods(), importHangs]);
    expect(printed.attempts).toBe(4);
    expect(['c1', 'c2', 'c3'].map((id) => printed.out.calls[id]?.status)).toEqual(['output-limit', 'output-limit', 'output-limit']);
    const reason = "your code printed past the output limit on c1, c2, c3, and each restart for the cases after printing that much imports tensorflow again: those restarts used up the run's time, so this case was not run; fix those prints and run again";
    expect([printed.out.calls.c4, printed.out.calls.c5]).toEqual([{ status: 'not-run', reason }, { status: 'not-run', reason }]);
    expect(printed.out.setupTimeout).toBeUndefined();

    // One of each way a call ends its process: a crash, a flood, a call past its limit (1 s).
    const crash: [number, unknown[]][] = [[0, [hello, setup]], [2_000, [loading(2_000), loaded]], [2_100, []]];
    const hangs: [number, unknown[]][] = [[0, [hello, setup]], [2_000, [loading(2_000), loaded]], [HANG, []]];
    const mixed = await runWith([crash, floods(), hangs, importHangs]);
    expect(['c1', 'c2', 'c3'].map((id) => mixed.out.calls[id]?.status)).toEqual(['crash', 'output-limit', 'timeout']);
    expect(mixed.out.calls.c4).toEqual({
      status: 'not-run',
      reason: "your code crashed Python on c1, printed past the output limit on c2 and did not return in time on c3, and each restart for the cases after each of those imports tensorflow again: those restarts used up the run's time, so this case was not run; fix those calls and run again",
    });
    expect(mixed.out.setupTimeout).toBeUndefined();
  });

  it("loads a .py whose top level ended the process or wrote over the channel again from its definitions, once (os._exit(0) appended to a file left it ungraded, its row blank)", async () => {
    const limits = { ...DEFAULT_LIMITS, runMs: 20_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const bare = { t: 'loading', imports: [] };
    const ends: [number, unknown[]][] = [[0, [hello, bare]], [100, []]];
    const run = async (kind: 'py' | 'ipynb', scripts: [number, unknown[]][][]) => {
      const plans: Plan[] = [];
      const out = collectAttempts({ path: '/x.' + kind, kind, displayName: 'x.' + kind, bytes: Buffer.alloc(0) }, calls(['c1', 'c2']), opts, target, Date.now(), (plan, clock) => {
        plans.push(plan);
        return watchAttempt(scripted(scripts[plans.length - 1]!, plan.token).proc, plan, limits, clock);
      });
      await vi.advanceTimersByTimeAsync(60_000);
      return { out: await out, stopped: plans.map((p) => p.topLevelStopped) };
    };
    // The second attempt is told the top level ended, and loads (the runner keeps the definitions).
    const again = await run('py', [ends, [[0, [hello, bare, loaded, result('c1'), result('c2'), done]]]]);
    expect(again.stopped).toEqual([undefined, { ended: 'exit' }]);
    expect([again.out.load.ok, again.out.calls.c1?.status, again.out.calls.c2?.status]).toEqual([true, 'ok', 'ok']);
    // Its definitions end the process too (a default argument calling os._exit): one retry, then
    // the file's own doing (DEFINITIONS_ENDED), not a load crash graded again on every run.
    const twice = await run('py', [ends, ends, ends]);
    expect(twice.stopped).toEqual([undefined, { ended: 'exit' }]);
    expect(twice.out.load).toEqual({ ok: false, fatal: 'definitions', how: 'exit', detail: "the file's definitions ended the Python process (exit code 0) while it loaded", status: 'exit code 0' });
    // A top level that wrote over the channel (a line without the token) is loaded again the same way.
    const sprayed = await run('py', [[[0, [hello, bare]], [50, ['garbage']], [HANG, []]], [[0, [hello, bare, loaded, result('c1'), result('c2'), done]]]]);
    expect(sprayed.stopped).toEqual([undefined, { ended: 'channel' }]);
    expect([sprayed.out.load.ok, sprayed.out.calls.c2?.status]).toEqual([true, 'ok']);
    // Before any learner code ran (no loading record), or a notebook (no definitions-only load): no retry.
    expect((await run('py', [[[0, [hello]], [100, []]], ends])).stopped).toEqual([undefined]);
    expect((await run('ipynb', [ends, ends])).stopped).toEqual([undefined]);
  });

  it("takes definitions that end the process with an exit code or write over the channel as the file's own doing, and a death by signal as a crash (red team 27)", async () => {
    const limits = { ...DEFAULT_LIMITS, runMs: 20_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const bare = { t: 'loading', imports: [] };
    const ends: [number, unknown[]][] = [[0, [hello, bare]], [100, []]];
    const sprays: [number, unknown[]][] = [[0, [hello, bare]], [50, ['garbage']], [HANG, []]];
    const killed = { detail: 'killed by signal SIGKILL', cause: 'killed' as const };
    const run = async (kind: 'py' | 'ipynb', scripts: [number, unknown[]][][], how?: { detail: string; cause: CrashCause }, stderr?: string) => {
      let n = 0;
      const out = collectAttempts({ path: '/x.' + kind, kind, displayName: 'x.' + kind, bytes: Buffer.alloc(0) }, calls(['c1', 'c2']), opts, target, Date.now(), (plan, clock) =>
        watchAttempt(scripted(scripts[n++]!, plan.token, how, stderr).proc, plan, limits, clock),
      );
      await vi.advanceTimersByTimeAsync(60_000);
      return { load: (await out).load, attempts: n };
    };
    // A notebook runs its definitions only: its first attempt is enough.
    expect(await run('ipynb', [ends, ends])).toMatchObject({ attempts: 1, load: { fatal: 'definitions', how: 'exit' } });
    expect(await run('ipynb', [sprays, sprays])).toMatchObject({ attempts: 1, load: { fatal: 'definitions', how: 'channel' } });
    // A .py's top level that wrote over the channel, then definitions that do so too.
    expect(await run('py', [sprays, sprays, sprays])).toMatchObject({ attempts: 2, load: { fatal: 'definitions', how: 'channel' } });
    // Killed by a signal on both attempts: a crash, as a machine's OOM kill would be.
    expect(await run('py', [ends, ends, ends], killed)).toMatchObject({ attempts: 2, load: { fatal: 'crash' } });
    expect(await run('ipynb', [ends], killed)).toMatchObject({ attempts: 1, load: { fatal: 'crash' } });
    // Exit code 1 under a traceback on stderr is no longer the runner's crash: the file can print
    // that text and call os._exit(1), and was a load crash, graded again on every run (red team 28).
    const one = { detail: 'exit code 1', cause: 'exit' as const };
    expect(await run('ipynb', [ends], one, 'Traceback (most recent call last):\n  File "runner.py"\nRecursionError\n')).toMatchObject({ load: { fatal: 'definitions', how: 'exit' } });
    expect(await run('ipynb', [ends], one, 'learner output\n')).toMatchObject({ load: { fatal: 'definitions', how: 'exit' } });
    // An exit before any learner code ran (no loading record) is no one's doing of the file's.
    await expect(run('ipynb', [[[0, [hello]], [100, []]]])).resolves.toMatchObject({ load: { fatal: 'crash' } });
  });

  it('takes a SIGKILL on two definitions-only loads in a row as the file\'s own end only behind bwrap with the kernel\'s OOM count unchanged between them (red team 28)', async () => {
    const limits = { ...DEFAULT_LIMITS, runMs: 20_000 };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const bare = { t: 'loading', imports: [] };
    const killed = { detail: 'killed by signal SIGKILL', cause: 'killed' as const };
    const ends: [number, unknown[]][] = [[0, [hello, bare]], [100, []]];
    const loads: [number, unknown[]][] = [[0, [hello, bare, loaded, result('c1'), result('c2'), done]]];
    const run = async (kind: 'py' | 'ipynb', sandbox: 'bwrap' | 'process', counts: (number | undefined)[], scripts: [number, unknown[]][][], ids = ['c1', 'c2'], how: { detail: string; cause: CrashCause } = killed) => {
      let n = 0;
      let read = 0;
      const opts = { python: 'python3', sandbox, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
      const out = collectAttempts(
        { path: '/x.' + kind, kind, displayName: 'x.' + kind, bytes: Buffer.alloc(0) },
        calls(ids),
        opts,
        target,
        Date.now(),
        (plan, clock) => {
          const script = scripts[n++]!;
          return watchAttempt(scripted(script, plan.token, script === loads ? undefined : how).proc, plan, limits, clock);
        },
        () => counts[Math.min(read++, counts.length - 1)],
      );
      await vi.advanceTimersByTimeAsync(60_000);
      return { load: (await out).load, attempts: n };
    };
    const own = { fatal: 'definitions', how: 'exit', detail: "the file's definitions ended the Python process (killed by signal SIGKILL) while it loaded" };
    // A notebook: killed, loaded again, killed again, no OOM kill counted: the file's.
    expect(await run('ipynb', 'bwrap', [7], [ends, ends])).toMatchObject({ attempts: 2, load: own });
    // A .py: its top level, then two definitions-only loads.
    expect(await run('py', 'bwrap', [7], [ends, ends, ends])).toMatchObject({ attempts: 3, load: own });
    // Loaded the second time (a kill from outside, once): graded.
    expect(await run('ipynb', 'bwrap', [7], [ends, loads])).toMatchObject({ attempts: 2, load: { ok: true } });
    // An OOM kill on the machine between the two, an unreadable count, or process mode: a crash, graded again.
    expect(await run('ipynb', 'bwrap', [7, 8], [ends, ends])).toMatchObject({ attempts: 2, load: { fatal: 'crash' } });
    expect(await run('ipynb', 'bwrap', [undefined], [ends, ends])).toMatchObject({ attempts: 1, load: { fatal: 'crash' } });
    expect(await run('ipynb', 'process', [7], [ends, ends])).toMatchObject({ attempts: 1, load: { fatal: 'crash' } });
    // Review 28: one case (or none) leaves the retries their attempts: the run ends on the file's
    // own end, not on the placeholder 'the submission was not loaded'.
    expect(await run('py', 'bwrap', [7], [ends, ends, ends], ['c1'])).toMatchObject({ attempts: 3, load: own });
    expect(await run('ipynb', 'bwrap', [7], [ends, ends], [])).toMatchObject({ attempts: 2, load: own });
    expect(await run('py', 'process', [7], [ends, ends], [])).toMatchObject({ attempts: 2, load: { fatal: 'crash', detail: expect.stringContaining('SIGKILL') } });
    // Review 28: the warm pool's worker lost twice during a notebook's load is not the file's SIGKILL.
    const lost = { detail: 'the grading worker ended while running it (exit code 1)', cause: 'lost' as const };
    expect(await run('ipynb', 'bwrap', [7], [ends, ends], ['c1', 'c2'], lost)).toMatchObject({ attempts: 1, load: { fatal: 'crash' } });
  });

  it("names the statement a definitions-only load ended in: the last mark record's place (DEFINITIONS_ENDED's file:line)", async () => {
    const limits = { ...DEFAULT_LIMITS, runMs: 20_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const bare = { t: 'loading', imports: [] };
    const run = async (kind: 'py' | 'ipynb', scripts: [number, unknown[]][][]) => {
      let n = 0;
      const out = collectAttempts({ path: '/x.' + kind, kind, displayName: 'x.' + kind, bytes: Buffer.alloc(0) }, calls(['c1']), opts, target, Date.now(), (plan, clock) =>
        watchAttempt(scripted(scripts[n++]!, plan.token).proc, plan, limits, clock),
      );
      await vi.advanceTimersByTimeAsync(60_000);
      return (await out).load;
    };
    const marks = [{ t: 'mark', cell: 2, line: 3 }, { t: 'mark', cell: 4, line: 1 }];
    expect(await run('ipynb', [[[0, [hello, bare, ...marks]], [100, []]]])).toMatchObject({ fatal: 'definitions', how: 'exit', at: { cell: 4, line: 1 } });
    // A .py: its definitions-only attempt's marks (the first attempt, its top level, sends none).
    expect(await run('py', [[[0, [hello, bare]], [100, []]], [[0, [hello, bare, { t: 'mark', line: 12 }]], [100, []]]])).toMatchObject({ fatal: 'definitions', at: { line: 12 } });
    // A mark with no place (a line the runner cannot map) leaves none: the sentence names the file only.
    expect(await run('ipynb', [[[0, [hello, bare, marks[0]!, { t: 'mark' }]], [100, []]]])).not.toHaveProperty('at');
    // Before loading (no learner code has run) a mark is out of order: the channel is corrupt.
    expect(await run('ipynb', [[[0, [hello, marks[0]!, bare]], [100, []]]])).toMatchObject({ fatal: 'channel' });
  });

  it("takes the runner's own failure from its 'internal' record, on the load or the running call, as a bug in wlgrade; never from stderr", async () => {
    const limits = { ...DEFAULT_LIMITS, runMs: 20_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const bare = { t: 'loading', imports: [] };
    const internal = { t: 'internal', message: "wlgrade's runner failed (RecursionError: too deep)", traceback: 'Traceback (most recent call last):\n  File "runner.py", line 1\n' };
    const seventy = { detail: 'exit code 70', cause: 'exit' as const };
    const run = async (kind: 'py' | 'ipynb', scripts: [number, unknown[]][][]) => {
      let n = 0;
      const out = collectAttempts({ path: '/x.' + kind, kind, displayName: 'x.' + kind, bytes: Buffer.alloc(0) }, calls(['c1', 'c2']), opts, target, Date.now(), (plan, clock) =>
        watchAttempt(scripted(scripts[n++]!, plan.token, seventy).proc, plan, limits, clock),
      );
      await vi.advanceTimersByTimeAsync(60_000);
      return { out: await out, attempts: n };
    };
    const bug = { type: 'WlgradeInternalError', message: internal.message, traceback: internal.traceback };
    // While the file loads: the load's error, no retry from the definitions, nothing graded.
    for (const kind of ['py', 'ipynb'] as const) {
      const r = await run(kind, [[[0, [hello, bare, internal]], [100, []]]]);
      expect([r.attempts, r.out.load]).toEqual([1, { ok: false, error: bug, imports: [] }]);
      expect(runnerBug(r.out)).toEqual(bug);
    }
    // During c2: c1 stands, c2 is the bug, no fresh attempt for the rest.
    const r = await run('py', [[[0, [hello, bare, loaded, result('c1'), internal]], [100, []]]]);
    expect([r.attempts, r.out.calls.c1?.status, r.out.calls.c2]).toEqual([1, 'ok', { status: 'error', error: bug, mutated: [], ms: 0 }]);
    expect(runnerBug(r.out)).toEqual(bug);
    // Before hello the runner sends none (Python's traceback says it): one there is out of order.
    const early = await run('ipynb', [[[0, [internal]], [100, []]]]);
    expect(early.out.load).toMatchObject({ ok: false, fatal: 'channel' });
  });

  it('says a leftover credit under a second in ms (it read "took longer than 0 s")', async () => {
    // The first import takes all but 20 ms of the credit, c1 crashes, the restart's import is stopped.
    const limits = { ...DEFAULT_LIMITS, runMs: 10_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const scripts: [number, unknown[]][][] = [[[0, [hello, setup]], [9_980, [loading(9_980), loaded]], [10_000, []]], [[0, [hello, setup]], [HANG, []]]];
    const ones: ReturnType<typeof scripted>[] = [];
    const run = collectAttempts({ path: '/x.py', kind: 'py', displayName: 'x.py', bytes: Buffer.alloc(0) }, calls(['c1', 'c2']), opts, { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) }, Date.now(), (plan, clock) => {
      ones.push(scripted(scripts[ones.length]!, plan.token));
      return watchAttempt(ones.at(-1)!.proc, plan, limits, clock);
    });
    await vi.advanceTimersByTimeAsync(60_000);
    const out = await run;
    expect(out.setupTimeout?.detail).toMatch(/took longer than 20 ms on this machine$/);
  });

  it('reports an import past its limit as the set-up, with the framework, for the load or for the calls a later attempt had left', async () => {
    const limits = { ...DEFAULT_LIMITS, runMs: 20_000 };
    const opts = { python: 'python3', sandbox: 'process' as const, limits, keras: 'shim' as const, functions: ['compute_class_freqs' as const] };
    const sub = { path: '/x.py', kind: 'py' as const, displayName: 'x.py', bytes: Buffer.alloc(0) };
    const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
    const load = collectAttempts(sub, calls(['c1']), opts, target, Date.now(), (plan, clock) => watchAttempt(scripted([[0, [hello, setup]], [HANG, []]], plan.token).proc, plan, limits, clock));
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await load).load).toEqual({
      ok: false,
      fatal: 'setup-timeout',
      detail: "importing tensorflow (the grader's set-up, before any of the submission's code runs) took longer than 20 s on this machine",
      frameworks: ['tensorflow'],
      limitMs: 20_000,
    });

    const scripts: [number, unknown[]][][] = [[[0, [hello, setup]], [5_000, [loading(5_000), loaded, result('c1')]], [5_100, []]], [[0, [hello, setup]], [HANG, []]]];
    const ones: ReturnType<typeof scripted>[] = [];
    const later = collectAttempts(sub, calls(['c1', 'c2', 'c3']), opts, target, Date.now(), (plan, clock) => {
      ones.push(scripted(scripts[ones.length]!, plan.token));
      return watchAttempt(ones.at(-1)!.proc, plan, limits, clock);
    });
    await vi.advanceTimersByTimeAsync(60_000);
    const out = await later;
    expect([out.load.ok, out.calls.c1?.status, out.calls.c2?.status, out.calls.c3]).toEqual([
      true,
      'ok',
      'crash',
      { status: 'not-run', reason: "when the grader started again for this case, importing tensorflow (the grader's set-up, before any of the submission's code runs) took longer than 15 s on this machine" },
    ]);
    expect(ones[1]!.killedAt()).toBe(15_000);
    // Carried apart too, for the report's SETUP_TIMEOUT problem (the load itself went well).
    expect(out.setupTimeout).toEqual({ ok: false, fatal: 'setup-timeout', detail: expect.stringMatching(/^importing tensorflow .* took longer than 15 s/), frameworks: ['tensorflow'], limitMs: 15_000 });
  });
});

describe('watchAttempt: mark records', () => {
  it('takes at most MAX_MARKS mark records a load (the runner sends no more): a flood of them, forged, marks the channel corrupt', async () => {
    // The one record that may come any number of times: 64 MiB of forged marks (a million records,
    // each parsed) cost the grader a second per attempt, and held a warm pool worker until the run's
    // time limit (red team 29).
    const load = (marks: number) =>
      line({ t: 'hello', python: '3.12.0', numpy: '2.0.0' }) +
      line({ t: 'loading', imports: [] }) +
      line({ t: 'mark', line: 3 }).repeat(marks) +
      line({ t: 'load', ok: true, functions: FUNCTIONS }) +
      line({ t: 'result', id: 'c1', ok: true, value: { kind: 'number', pytype: 'float', value: 1 }, ms: 1 }) +
      line({ t: 'done' });
    const honest = (await watch(cut(load(MAX_MARKS), 64 * 1024))).attempt;
    expect([honest.reason, honest.records.map((r) => r.t), honest.at]).toEqual(['done', ['hello', 'loading', 'load', 'result', 'done'], { line: 3 }]);
    const flood = (await watch(cut(load(MAX_MARKS + 1), 64 * 1024))).attempt;
    expect([flood.reason, flood.records.map((r) => r.t)]).toEqual(['channel', ['hello', 'loading']]);
  });
});

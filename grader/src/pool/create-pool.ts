/**
 * The warm worker pool: a RunSubmission that grades on long-lived Python servers which have
 * imported numpy (and optionally PyTorch) once, and fork a fresh child per submission.
 *
 *   const pool = createPool({ size: 4 });
 *   const report = await gradeSubmission(sub, suite, opts, pool.run);
 *   await pool.close();
 *
 * Every attempt goes through the same loop and watcher as a cold run (collectAttempts,
 * watchAttempt), so reports are the same; only where the Python process comes from differs.
 * Servers are keyed by (sandbox, python, keras) and started on demand; a server that dies, cannot prove
 * its state clean, or has run `recycleAfter` jobs is replaced.
 */
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import type { Limits, SandboxMode } from '../sandbox/policy.js';
import { collectAttempts, watchAttempt, type RunOptions, type RunSubmission } from '../sandbox/run-submission.js';
import { PoolWorker } from './worker.js';
import { planLimitsFor } from '../sandbox/launch.js';
import { buildWorkerLaunch, type WorkerLaunch } from './worker-launch.js';

/**
 * Submissions graded at once, by default: one more than the CPUs, so no core idles while the
 * grader (one thread) reads and grades a finished submission (measured: +8% on 2 cores; a
 * fourth server on 2 cores adds nothing). Each server costs ~30 MB.
 */
export function defaultJobs(): number {
  return availableParallelism() + 1;
}

export interface PoolOptions {
  /** Servers per (sandbox, python, keras); default: defaultJobs(). */
  size?: number;
  /** Jobs per server before it is replaced, bounding memory over a long batch. */
  recycleAfter?: number;
  /** Modules imported once in each server besides numpy, e.g. ['torch']. */
  preload?: string[];
}

export interface Pool {
  run: RunSubmission;
  /** Starts every server now (otherwise on first use) and waits until they are warm. */
  warm(sandbox: SandboxMode, python: string, keras: 'shim' | 'real', limits: Limits): Promise<void>;
  close(): Promise<void>;
  stats(): PoolStats;
}

export interface PoolStats {
  /** Servers started, replacements included. */
  started: number;
  /** Jobs sent (a submission whose call hung or crashed takes one more per restart). */
  jobs: number;
  /** Process ids of the live servers (bwrap: of their sandboxes), for tests and diagnostics. */
  pids: number[];
}

class WorkerSet {
  private idle: PoolWorker[] = [];
  private all = new Set<PoolWorker>();
  private waiters: Array<{ resolve: (w: PoolWorker) => void; reject: (e: unknown) => void }> = [];
  private starting = 0;
  private launch: Promise<WorkerLaunch> | null = null;
  private closed = false;

  constructor(
    private readonly sandbox: SandboxMode,
    private readonly python: string,
    private readonly keras: 'shim' | 'real',
    private readonly limits: Limits,
    private readonly opts: Required<PoolOptions>,
    private readonly stats: PoolStats,
  ) {}

  async acquire(): Promise<PoolWorker> {
    for (let w = this.idle.pop(); w; w = this.idle.pop()) {
      if (w.usable) return w;
      this.drop(w);
    }
    const got = new Promise<PoolWorker>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.all.size + this.starting < this.opts.size) void this.spawn();
    return got;
  }

  release(w: PoolWorker): void {
    if (!w.usable || w.jobs >= this.opts.recycleAfter || this.closed) {
      this.drop(w);
      w.retire();
      if (this.waiters.length && !this.closed) void this.spawn();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(w);
    else this.idle.push(w);
  }

  pids(): number[] {
    return [...this.all].flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  async warmAll(): Promise<void> {
    const n = this.opts.size - this.all.size - this.starting;
    const ws = await Promise.all(Array.from({ length: n }, () => this.acquire()));
    for (const w of ws) this.release(w);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('the worker pool was closed'));
    const all = [...this.all];
    for (const w of all) w.retire();
    // Busy servers get a moment to finish their job, then everything left is killed.
    await Promise.race([Promise.all(all.map((w) => w.gone)), new Promise((r) => setTimeout(r, 3_000).unref())]);
    for (const w of all) w.kill();
    await Promise.all(all.map((w) => w.gone));
  }

  private drop(w: PoolWorker): void {
    this.all.delete(w);
    this.idle = this.idle.filter((x) => x !== w);
  }

  private async spawn(): Promise<void> {
    this.starting++;
    try {
      // Process mode builds a launch per server (a temp dir each); bwrap's is the same for all.
      const build = () => buildWorkerLaunch(this.sandbox, { python: this.python, limits: this.limits, preload: this.opts.preload, keras: this.keras });
      const launch = this.sandbox === 'process' ? await build() : await (this.launch ??= build());
      const w = new PoolWorker(launch, this.python);
      this.stats.started++;
      await w.ready;
      this.starting--;
      this.all.add(w);
      void w.gone.then(() => {
        const wasIdle = this.idle.includes(w);
        this.drop(w);
        // A server that died while idle is replaced only when someone waits for one.
        if (wasIdle && this.waiters.length && !this.closed) void this.spawn();
      });
      if (this.closed) {
        w.retire();
        return;
      }
      this.release(w);
    } catch (e) {
      this.starting--;
      this.launch = null;
      // A server that cannot start (no python, no numpy, no bwrap) fails everyone waiting.
      for (const w of this.waiters.splice(0)) w.reject(e);
    }
  }
}

export function createPool(options: PoolOptions = {}): Pool {
  const opts: Required<PoolOptions> = {
    size: Math.max(1, options.size ?? defaultJobs()),
    recycleAfter: Math.max(1, options.recycleAfter ?? 1_000),
    preload: options.preload ?? [],
  };
  const stats: PoolStats = { started: 0, jobs: 0, pids: [] };
  const sets = new Map<string, WorkerSet>();
  const setFor = (sandbox: SandboxMode, python: string, keras: 'shim' | 'real', limits: Limits) => {
    const key = `${sandbox}\0${python}\0${keras}`;
    let s = sets.get(key);
    if (!s) {
      s = new WorkerSet(sandbox, python, keras, limits, opts, stats);
      sets.set(key, s);
    }
    return s;
  };

  const run: RunSubmission = async (sub, calls, runOpts: RunOptions) => {
    // The bytes read once before the run (resolveSubmission, or the batch that hashed them).
    const set = setFor(runOpts.sandbox, runOpts.python, runOpts.keras, runOpts.limits);
    // The time limits start once a server is ours, not while the submission waits in line.
    let first: PoolWorker | null = await set.acquire();
    const started = Date.now();
    const launchDir = runOpts.sandbox === 'bwrap' ? '/tmp/sub' : '<pool>';
    const target = { submissionPath: join(launchDir, basename(sub.path)), planLimits: planLimitsFor(runOpts.sandbox, runOpts.limits) };
    try {
      return await collectAttempts(sub, calls, runOpts, target, started, async (plan, clock) => {
        // A server found dead only once the job was sent to it (killed while idle, out of memory)
        // has not run this submission at all: send the job to another one.
        for (let tries = 0; ; tries++) {
          const w = first ?? (await set.acquire());
          first = null;
          stats.jobs++;
          let a;
          try {
            a = await watchAttempt(w.start(plan, basename(sub.path), sub.bytes), plan, runOpts.limits, clock);
          } finally {
            set.release(w);
          }
          if (a.records.length === 0 && w.lostJob && tries < 2 && Date.now() < clock.deadline) continue;
          return a;
        }
      });
    } finally {
      if (first) set.release(first);
    }
  };

  return {
    run,
    warm: (sandbox, python, keras, limits) => setFor(sandbox, python, keras, limits).warmAll(),
    close: async () => {
      await Promise.all([...sets.values()].map((s) => s.close()));
      sets.clear();
    },
    stats: () => ({ ...stats, pids: [...sets.values()].flatMap((s) => s.pids()) }),
  };
}

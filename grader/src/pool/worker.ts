/**
 * One warm pool server (grader/src/python/pool_server.py) seen from the grader: starts it, sends
 * it jobs one at a time, and turns each job into an AttemptProcess for watchAttempt, so limits,
 * record checks and outcomes are exactly those of a cold run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { rm } from 'node:fs/promises';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { numpyMissingError, pythonSideError, pythonStartError } from '../sandbox/python-errors.js';
import type { Plan } from '../schema/protocol.js';
import { describeExit, sweepRun, type CrashCause } from '../sandbox/launch.js';
import type { AttemptProcess } from '../sandbox/run-submission.js';
import { ExitFrameSchema, FatalFrameSchema, FrameDecoder, mergeRuns, ReadyFrameSchema, type Frame, type ReadyFrame } from './frames.js';
import type { WorkerLaunch } from './worker-launch.js';

/** How long a killed job may take to report its exit before the whole server is killed. */
const KILL_GRACE_MS = 2_000;
const SIGNAL_BY_NUMBER = new Map<number, NodeJS.Signals>(Object.entries(constants.signals).map(([k, v]) => [v, k as NodeJS.Signals]));

interface Job {
  id: number;
  stdout: PassThrough;
  stderr: PassThrough;
  channel: PassThrough;
  resolveExit: (e: { detail: string; cause: CrashCause }) => void;
  exited: boolean;
  killTimer?: NodeJS.Timeout;
}

/** How many call lists a server keeps (pool_server.py keeps the same number, oldest evicted first). */
const CALL_SETS = 4;

export class PoolWorker {
  readonly ready: Promise<ReadyFrame>;
  /** Jobs sent so far (for recycling). */
  jobs = 0;
  /** False once the server has ended or asked to be replaced. */
  usable = true;
  /** True when the server ended while a job was running (the job's outcome is not the learner's doing, unless it reported anything). */
  lostJob = false;
  readonly gone: Promise<void>;
  private child: ChildProcess;
  private job: Job | null = null;
  private nextId = 1;
  /**
   * The call lists this server holds, oldest first (the server keeps the same CALL_SETS most
   * recent ones): a batch sends a suite's ~84 KB of inputs once per server instead of once per
   * submission. Keyed by array identity: callsFor() returns one array per suite.
   */
  private callSets: { calls: Plan['calls']; key: number }[] = [];
  private nextSet = 1;
  private stderrTail = '';

  constructor(
    private readonly launch: WorkerLaunch,
    private readonly python: string,
  ) {
    this.child = spawn(launch.file, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      // Its own process group: killing it reaches bwrap, the server and, in process mode, the
      // job's children through the sweep by run tag.
      detached: true,
    });
    const frames = this.child.stdio[3] as Readable;
    const decoder = new FrameDecoder();
    let onReady!: (r: ReadyFrame) => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise<ReadyFrame>((res, rej) => {
      onReady = res;
      onFail = rej;
    });
    this.ready.catch(() => undefined);
    // A server that died mid-write: its exit is handled below; the broken pipe needs no report.
    this.child.stdin?.on('error', () => undefined);
    this.child.stderr?.on('data', (c: Buffer) => {
      this.stderrTail = (this.stderrTail + c.toString('utf8')).slice(-2_000);
    });
    frames.on('data', (chunk: Buffer) => {
      let list: Frame[];
      try {
        list = decoder.push(chunk);
      } catch {
        this.kill();
        return;
      }
      for (const f of mergeRuns(list)) {
        if (f.kind === 'ready') onReady(ReadyFrameSchema.parse(JSON.parse(f.payload.toString('utf8'))));
        else if (f.kind === 'fatal') {
          const fatal = FatalFrameSchema.parse(JSON.parse(f.payload.toString('utf8')));
          onFail(
            fatal.code === 'NUMPY_MISSING'
              ? numpyMissingError(python, fatal.message)
              : new Error(`the pool server could not start: ${fatal.message}`),
          );
        } else this.onJobFrame(f);
      }
    });
    this.gone = new Promise<void>((resolve) => {
      this.child.on('error', (e: NodeJS.ErrnoException) => {
        this.usable = false;
        onFail(pythonStartError(launch.file, e.code ?? e.message));
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        this.usable = false;
        const how = signal ? `killed by signal ${signal}` : `exit code ${code}`;
        onFail(pythonSideError(python, how, this.stderrTail));
        const job = this.job;
        if (job && !job.exited) {
          this.lostJob = true;
          this.finishJob(job, { detail: `the grading worker ended while running it (${how})`, cause: 'lost' });
        }
        void this.cleanup().then(resolve);
      });
    });
    // An idle server does not keep the grader alive (it exits at end of input); a busy one does.
    this.ready.then(() => this.job || this.setRef(false), () => undefined);
  }

  private setRef(on: boolean): void {
    type Refable = { ref?: () => void; unref?: () => void };
    for (const h of [this.child, this.child.stdin, this.child.stderr, this.child.stdio[3]] as Array<Refable | null>) {
      if (on) h?.ref?.();
      else h?.unref?.();
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends one plan with the submission's bytes; the server writes them into its private folder. */
  start(plan: Plan, fileName: string, source: Buffer): AttemptProcess {
    if (this.job) throw new Error('pool worker: a job is already running');
    const id = this.nextId++;
    this.jobs++;
    let resolveExit!: Job['resolveExit'];
    const exited = new Promise<{ detail: string; cause: CrashCause }>((r) => (resolveExit = r));
    const job: Job = { id, stdout: new PassThrough(), stderr: new PassThrough(), channel: new PassThrough(), resolveExit, exited: false };
    this.job = job;
    this.setRef(true);
    if (!this.usable) {
      this.lostJob = true;
      this.finishJob(job, { detail: 'the grading worker had ended', cause: 'lost' });
    }
    else {
      let set = this.callSets.find((c) => c.calls === plan.calls);
      let callIds: string[] | undefined;
      if (!set) {
        // A restart's remaining calls (after a hang or a crash) are some of a suite's calls: they
        // go as that suite's key and their ids, in the plan, which only the job's child reads.
        // Sent as a set of their own, they would live in the zygote every later child is forked
        // from, and tell those children where an earlier learner's code hung.
        set = this.callSets.find((c) => plan.calls.every((call) => c.calls.includes(call)));
        if (set) callIds = plan.calls.map((c) => c.id);
      }
      if (!set) {
        set = { calls: plan.calls, key: this.nextSet++ };
        this.callSets.push(set);
        if (this.callSets.length > CALL_SETS) this.callSets.shift();
        this.write(JSON.stringify({ op: 'calls', key: set.key, calls: plan.calls }) + '\n');
      }
      const msg = JSON.stringify({ op: 'job', id, plan: { ...plan, calls: [], submission: '', ...(callIds ? { callIds } : {}) }, callsKey: set.key, name: fileName, source: source.toString('base64') });
      this.write(msg + '\n');
    }
    return {
      stdout: job.stdout,
      stderr: job.stderr,
      channel: job.channel,
      exited,
      kill: () => this.killJob(job),
      settle: async () => {
        await Promise.all([job.stdout, job.stderr, job.channel].map((s) => finished(s).catch(() => undefined)));
        if (this.job === job) this.job = null;
        this.setRef(false);
      },
    };
  }

  /** Asks the server to exit when idle. */
  retire(): void {
    this.usable = false;
    this.setRef(true); // the grader waits for it to go (pool.close)
    if (!this.job) this.write(JSON.stringify({ op: 'exit' }) + '\n');
    this.child.stdin?.end();
  }

  /** Kills the server's process group (and, in process mode, everything carrying its tag). */
  kill(): void {
    this.usable = false;
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private write(s: string): void {
    const stdin = this.child.stdin as Writable | null;
    if (stdin && !stdin.destroyed && stdin.writable) stdin.write(s, () => undefined);
  }

  private killJob(job: Job): void {
    if (job.exited || job.killTimer) return;
    this.write(JSON.stringify({ op: 'kill', id: job.id }) + '\n');
    // A server that does not answer (stopped, stuck) is killed with everything in it.
    job.killTimer = setTimeout(() => this.kill(), KILL_GRACE_MS);
  }

  private onJobFrame(f: Frame): void {
    const job = this.job;
    if (!job || f.job !== job.id || job.exited) return;
    if (f.kind === 'rec') job.channel.write(f.payload);
    else if (f.kind === 'out') job.stdout.write(f.payload);
    else if (f.kind === 'err') job.stderr.write(f.payload);
    else if (f.kind === 'exit') {
      const e = ExitFrameSchema.parse(JSON.parse(f.payload.toString('utf8')));
      // The server exits by itself when it could not prove its state clean; never reuse it.
      if (!e.clean) this.usable = false;
      const signal = e.signal === null ? null : (SIGNAL_BY_NUMBER.get(e.signal) ?? null);
      this.finishJob(job, describeExit(e.code, signal, false));
    }
  }

  private finishJob(job: Job, how: { detail: string; cause: CrashCause }): void {
    if (job.exited) return;
    job.exited = true;
    clearTimeout(job.killTimer);
    for (const s of [job.stdout, job.stderr, job.channel]) s.end();
    job.resolveExit(how);
  }

  private async cleanup(): Promise<void> {
    if (this.launch.runTag) await sweepRun(this.launch.runTag);
    if (this.launch.tempDir) await rm(this.launch.tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}


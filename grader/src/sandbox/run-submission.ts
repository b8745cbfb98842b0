/**
 * Runs one submission's calls in a fenced Python process and collects what came back.
 *
 * One process runs every call in order; if a call hangs, crashes the interpreter or floods the
 * output, that call gets its outcome and a fresh process takes the remaining calls, so one bad
 * call costs only itself. Records arrive on fd 3 and are parsed here as untrusted data.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  type Call,
  type EncodedValue,
  type ErrorInfo,
  type Float32Rerun,
  type FunctionInfo,
  type Plan,
  type PlanLimits,
  type RunnerRecord,
  type SiblingFacts,
  type SubmissionKind,
  type TopLevelStopped,
  type WeightAssignment,
} from '../schema/protocol.js';
import { joinSome, joinWords } from '../join-words.js';
import { parseRecord } from '../schema/parse-record.js';
import { learnerTraceback, RUNNER_INTERNAL_ERROR } from '../schema/runner-error.js';
import { WEIGHT_PROBE } from '../../../reference/loss.js';
import type { GradedFunction } from '../../../reference/mistakes/index.js';
import { frameworkMissingError, numpyMissingError, pythonSideError, pythonStartError } from './python-errors.js';
import type { PythonInfo } from './detect.js';
import { buildLaunch, describeExit, exitFromStatus, sweepRun, type CrashCause, type LaunchSpec } from './launch.js';
import { emptyHome, removeTree } from './remove-tree.js';
import { splitLines } from './split-lines.js';
import type { Limits, SandboxMode } from './policy.js';
import type { SetupTimeoutLoad } from './setup-timeout-load.js';
import type { Sibling } from '../siblings.js';
import { decodeText } from '../batch/pick.js';

export interface Submission {
  /** Absolute path of the learner's file. */
  path: string;
  kind: SubmissionKind;
  /** How the learner knows the file: used in tracebacks and messages. */
  displayName: string;
  /** The file's bytes, read once (resolveSubmission, or a batch, which hashed them): what is run and what the report's lines are read from. */
  bytes: Buffer;
  /** The learner's modules beside it that it imports (siblings.ts), importable inside the sandbox only. */
  siblings?: Sibling[];
  /** Why the modules it imports beside it were not sent (siblings.ts otherSubmissionBeside), for the report's notes. */
  siblingsLeft?: string;
  /** The modules not sent for that reason (their top-level names) and the other learner's file that was the reason: an import of one is told so, not "hand it in". */
  siblingsNotSent?: { modules: string[]; packages: string[]; other: string; verb: 'check' | 'grade' };
}

export interface RunOptions {
  python: string;
  sandbox: SandboxMode;
  limits: Limits;
  keras: 'shim' | 'real';
  functions: GradedFunction[];
  /**
   * `check`: the Python's description from the last check here (python-info-cache.ts), which the
   * run's first launch is built from while the probe asks again (LaunchInput.pythonGuess); the
   * run counts only if the probe agrees, else it is made again from the probe's. It never changes
   * a report that counts (settingsHash leaves it out).
   */
  pythonGuess?: PythonInfo;
}

export type CallOutcome =
  | {
      status: 'ok';
      value: EncodedValue;
      mutated: string[];
      ms: number;
      /** Run with torch or TensorFlow tensors, the code needing them; or with numpy arrays, a numpy compute_class_freqs under `framework: auto`. */
      framework?: 'torch' | 'tensorflow' | 'numpy';
      /** Run again with float32 y_true and y_pred, as Keras passes them, after this dtype clash on the suite's inputs. */
      float32?: Float32Rerun;
      /** What the same loss function returned when called a second time on the same inputs, when that differs. */
      again?: number;
    }
  | { status: 'error'; error: ErrorInfo; mutated: string[]; ms: number; /** As for 'ok': the error is the float32 re-run's. */ float32?: Float32Rerun }
  | {
      status: 'timeout';
      ms: number;
      /** Stopped by the whole run's limit (runMs), not by its own call limit: that limit, and how long the calls that finished took on average. */
      run?: { limitMs: number; meanMs?: number };
    }
  | { status: 'crash'; detail: string; cause?: CrashCause }
  | { status: 'output-limit' }
  | { status: 'not-run'; reason: string };

export type LoadOutcome =
  | { ok: true; functions: Record<string, FunctionInfo>; imports: string[]; notes: string[]; weights: WeightAssignment[]; syntaxError?: ErrorInfo; siblings?: SiblingFacts }
  | { ok: false; error: ErrorInfo; imports: string[]; siblings?: SiblingFacts }
  | { ok: false; fatal: 'timeout' | 'crash' | 'output-limit' | 'channel' | 'notebook'; detail: string; frameworks?: string[] }
  /**
   * The file's code ended the process with an exit code (os._exit()) or wrote over the record
   * channel while only its imports, definitions and constants ran (a notebook; a .py's
   * definitions-only attempt after its top level did so): `how`, and what happened in `detail`.
   * Only the file can do either, and it does so on every run: the learner's doing (DEFINITIONS_ENDED).
   */
  | {
      ok: false;
      fatal: 'definitions';
      how: 'exit' | 'channel';
      detail: string;
      /** The exit status in words ('exit code 0'), for `exit`. */
      status?: string;
      /** The top-level statement the load was running (its last mark record): a line of the file, or of a notebook's cell. */
      at?: { line?: number; cell?: number };
    }
  /** The frameworks' import (the grader's set-up, before any learner code) ran past its own limit: the machine's problem, not the submission's. */
  | { ok: false; fatal: 'setup-timeout'; detail: string; frameworks: string[]; limitMs: number };

export interface RunOutcome {
  load: LoadOutcome;
  calls: Record<string, CallOutcome>;
  stdout: string;
  stderr: string;
  /** True when the learner printed more than the report keeps. */
  outputTruncated: boolean;
  ms: number;
  sandbox: SandboxMode;
  python: { version: string; numpy: string } | null;
  /**
   * A later attempt's set-up time-out (the attempt that starts again after a call that stopped the
   * process): the file loaded, but its remaining calls were not run for the machine's reason. The
   * report carries it as the problem SETUP_TIMEOUT, as it does a first attempt's (`load`).
   */
  setupTimeout?: SetupTimeoutLoad;
}

export type RunSubmission = (sub: Submission, calls: Call[], opts: RunOptions) => Promise<RunOutcome>;

export type StopReason = 'done' | 'call-timeout' | 'run-timeout' | 'setup-timeout' | 'exit' | 'output-limit' | 'channel';

/** What one Python process (or one warm pool job) produced before it stopped. */
export interface Attempt {
  records: RunnerRecord[];
  reason: StopReason;
  /** The call that was running when the process stopped, if any. */
  current: string | null;
  exitDetail: string;
  crashCause: CrashCause;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /** The runner's set-up time (the frameworks' import) this attempt's run limit did not count (ms): at most AttemptClock.setupLeftMs. */
  setupMs: number;
  /** The frameworks the runner was importing (its setup record), if it began to. */
  setupFrameworks: string[];
  /** Where a definitions-only load was when this attempt stopped: its last mark record (line, cell), if any. */
  at?: { line?: number; cell?: number };
}

/**
 * The time limits one attempt runs under. `deadline` is when the whole run's limit (runMs) ends,
 * set-up not counted; `setupLeftMs` is what is left of the set-up credit (runMs in all, over every
 * attempt of the run: the batch watchdog allows a submission twice its run limit). It is the
 * frameworks' import's own limit, and the most by which the deadline can move.
 */
export interface AttemptClock {
  deadline: number;
  setupLeftMs: number;
}

/** Timeouts of one function after which its remaining cases are skipped (collectAttempts). */
export const HANG_STRIKES = 2;

/** The maximum length of one record line: a result of 100,000 values (the default
 * maxResultElements, counted over the whole result) takes about 2 MB. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** The most bytes one process may send on the record channel. The channel's fd can be reached by
 * learner code, which forged 60 MB records until the grader ran out of memory and the whole batch
 * stopped; an honest run sends well under 1 MB. */
const MAX_CHANNEL_BYTES = 64 * 1024 * 1024;
/**
 * The most mark records one load may send (runner._MARKS_MAX: a file with more statements that run
 * code sends none). The only record that may come any number of times: 64 MiB of forged marks, a
 * million records, cost the grader a second of its time per attempt, and in the warm pool held
 * the worker until the run's time limit (red team 29).
 */
export const MAX_MARKS = 1000;

/** How many numbers a result holds: what maxResultElements bounds (the runner sends no more). */
function valueCount(v: EncodedValue): number {
  if (v.kind === 'array') return v.values?.length ?? 0;
  if (v.kind === 'sequence') return v.items.reduce((n, item) => n + valueCount(item), 0);
  return v.kind === 'number' ? 1 : 0;
}

export const runSubmission: RunSubmission = async (sub, calls, opts) => {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-'));
  try {
    // The learner's file is copied into a folder of its own, so its neighbours are not importable:
    // written from the bytes read once (the file is not read again, and what runs is what was hashed).
    const subCopy = join(dir, 'sub', basename(sub.path));
    const writeCopy = async () => {
      await mkdir(join(dir, 'sub'));
      writeFileSync(subCopy, sub.bytes);
      chmodSync(subCopy, 0o644); // readable by the unprivileged uid the sandbox switches to
    };
    const input = { python: opts.python, dir, submission: subCopy, limits: opts.limits };
    const run = (launch: LaunchSpec, from: number, stop?: AbortSignal) =>
      collectAttempts(sub, calls, opts, launch, from, async (plan, clock) => {
        if (stop?.aborted) throw new Error('the run was stopped');
        // Process mode: each attempt starts with an empty HOME, as bwrap's private /tmp does. A call
        // that wrote a usercustomize.py into the user site there, then ended its process, stalled the
        // next attempt's framework import: SETUP_TIMEOUT, "nothing in the file caused this", the row
        // blank and graded again on every run (rows 29). The last attempt's processes are gone (settle).
        // emptyHome, not a plain rm: without root, a folder the learner locked (chmod 0) stopped rm.
        // The copy is written again too: a call that wrote other code over it and ended its process
        // had the next attempt run that code, and one that locked its folder stopped the run (mend 29).
        if (!launch.wrapped) {
          await emptyHome(dir);
          await removeTree(join(dir, 'sub'));
          await writeCopy();
        }
        return runAttempt(launch, plan, opts.limits, clock, stop);
      });
    const launch = await buildLaunch(opts.sandbox, opts.pythonGuess ? { ...input, pythonGuess: opts.pythonGuess } : input);
    // Behind bwrap the one copy serves every attempt; process mode writes its own before each (above).
    if (launch.wrapped) await writeCopy();
    if (!launch.confirm) return await run(launch, started);
    // Started from a guessed description of the Python (launch.ts confirm): what it gave, result
    // or error, counts only once this run's probe agrees; else the run is made again from the
    // probe's, with its whole time, as if the guess had never been. A probe that disagrees (or
    // fails) stops the guessed run at once: a Python that hangs or a forged description costs
    // no more than the probe's answer.
    const refuted = new AbortController();
    const verdict = launch.confirm().then(
      (same) => {
        if (!same) refuted.abort();
        return { same };
      },
      (error: unknown) => {
        refuted.abort();
        return { error };
      },
    );
    const guessed = await run(launch, started, refuted.signal).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    const confirmed = await verdict;
    if ('error' in confirmed) throw confirmed.error;
    if (confirmed.same) {
      if ('error' in guessed) throw guessed.error;
      return guessed.outcome;
    }
    // Refuted: built again from the probe's description (input holds no guess).
    return await run(await buildLaunch(opts.sandbox, input), Date.now());
  } finally {
    await removeTree(dir).catch(() => undefined);
  }
};

/**
 * How long a .py's top-level code may run before the runner stops it and grades the file from its
 * definitions (PlanSchema.loadSeconds): half the time the run has left, so the calls get the other
 * half, and never under a second.
 */
export function loadSecondsFor(msLeft: number): number {
  return Math.max(1, Math.round(msLeft / 2000));
}

/** Runs one attempt of a plan: a cold Python process, or a job on a warm pool worker. */
export type AttemptRunner = (plan: Plan, clock: AttemptClock) => Promise<Attempt>;

/**
 * The attempt loop shared by cold runs and the warm pool (grader/src/pool/): runs the calls, and
 * when an attempt stops inside a call, gives that call its outcome and starts a fresh attempt for
 * the rest. `target` says where the runner finds the submission and which limits it applies.
 */
export async function collectAttempts(
  sub: Submission,
  calls: Call[],
  opts: RunOptions,
  target: { submissionPath: string; planLimits: PlanLimits },
  started: number,
  runOne: AttemptRunner,
  oomKills: () => number | undefined = readOomKills,
): Promise<RunOutcome> {
  // The kernel's count of OOM kills read after the first definitions-only load that died by
  // SIGKILL behind bwrap (killedBehindBwrap), which is then loaded once more; read only then.
  let oomAtFirstKill: number | undefined;
  let ownKills = 0;
  // Moved by each attempt's set-up (Attempt.setupMs), up to runMs in all (AttemptClock).
  let deadline = started + opts.limits.runMs;
  let setupLeftMs = opts.limits.runMs;
  // The first import's time: what the imports of later attempts (a fresh process after each call
  // that crashed) have used since is the rest of the credit spent. A learner whose calls crash over
  // and over spends it on restarts, and the import that then runs out of it is the crashes' doing.
  let firstSetupMs = 0;
  const outcome: RunOutcome = {
    load: { ok: false, fatal: 'crash', detail: 'the submission was not loaded' },
    calls: {},
    stdout: '',
    stderr: '',
    outputTruncated: false,
    ms: 0,
    sandbox: opts.sandbox,
    python: null,
  };
  let remaining = calls;
  let loaded = false;
  // A top level the first attempt stopped (a training loop): later attempts skip it.
  let topLevelStopped: TopLevelStopped | undefined;
  const ranInCalls = new Set<string>(); // the learner's modules first imported by a call (result records' `ran`)
  const hangs = new Map<string, string[]>(); // function -> the cases on which it timed out
  // One attempt per call that may end its process, one more to start, and one more for each load
  // retried (a top level stopped; a SIGKILL loaded once more): with one case, the retries used the
  // cases' attempts up and the run ended on the placeholder 'the submission was not loaded' (review 28).
  for (let attempt = 0; attempt <= calls.length + (topLevelStopped ? 1 : 0) + (ownKills > 0 ? 1 : 0); attempt++) {
    // Built, not parsed: our own typed data, and `calls` keeps its identity, which lets the warm
    // pool send a suite's inputs once per worker.
    const plan: Plan = {
      submission: target.submissionPath,
      kind: sub.kind,
      displayName: sub.displayName,
      functions: opts.functions,
      calls: remaining,
      maxResultElements: opts.limits.maxResultElements,
      keras: opts.keras,
      limits: target.planLimits,
      loadSeconds: loadSecondsFor(deadline - Date.now()),
      ...(topLevelStopped ? { topLevelStopped } : {}),
      token: randomBytes(16).toString('hex'),
      weightProbe: { pos: [...WEIGHT_PROBE.pos], neg: [...WEIGHT_PROBE.neg] },
      ...(sub.siblings?.length ? { siblings: sub.siblings.map((s) => ({ module: s.module, name: s.name, source: decodeText(s.bytes), ...(s.package ? { package: true as const } : {}) })) } : {}),
    };
    const a = await runOne(plan, { deadline, setupLeftMs });
    // watchAttempt credits at most setupLeftMs: the one place the cap is applied.
    setupLeftMs -= a.setupMs;
    if (attempt === 0) firstSetupMs = a.setupMs;
    deadline += a.setupMs;
    if (attempt === 0) {
      outcome.stdout = a.stdout;
      outcome.stderr = a.stderr;
    }
    outcome.outputTruncated ||= a.truncated;
    // Whether this attempt's load began (its 'loading' record): the file's top level was running.
    let loadBegan = false;
    let internal: ErrorInfo | undefined;
    for (const rec of a.records) {
      if (rec.t === 'hello') outcome.python = { version: rec.python, numpy: rec.numpy };
      else if (rec.t === 'loading') loadBegan = true;
      else if (rec.t === 'fatal') return fatal(rec.code, rec.message, opts.python, outcome, rec.framework);
      else if (rec.t === 'load') {
        loaded = true;
        if (rec.topLevelStopped) topLevelStopped = rec.topLevelStopped;
        outcome.load =
          rec.ok && rec.functions
            ? { ok: true, functions: rec.functions, imports: rec.imports, notes: rec.notes, weights: rec.weights, ...(rec.syntaxError ? { syntaxError: rec.syntaxError } : {}), ...(rec.siblings ? { siblings: rec.siblings } : {}) }
            : {
                ok: false,
                error: rec.error ?? { type: 'Error', message: 'the submission failed to load', traceback: '' },
                imports: rec.imports,
                ...(rec.siblings ? { siblings: rec.siblings } : {}),
              };
      } else if (rec.t === 'internal') {
        internal = { type: RUNNER_INTERNAL_ERROR, message: rec.message, traceback: rec.traceback };
      } else if (rec.t === 'result') {
        for (const m of rec.ran ?? []) ranInCalls.add(m);
        outcome.calls[rec.id] =
          rec.ok && rec.value
            ? {
                status: 'ok',
                value: rec.value,
                mutated: rec.mutated,
                ms: rec.ms,
                ...(rec.framework ? { framework: rec.framework } : {}),
                ...(rec.float32 ? { float32: rec.float32 } : {}),
                ...(rec.again !== undefined ? { again: rec.again } : {}),
              }
            : {
                status: 'error',
                error: rec.error ?? { type: 'Error', message: 'no value was returned', traceback: '' },
                mutated: rec.mutated,
                ms: rec.ms,
                ...(rec.float32 ? { float32: rec.float32 } : {}),
              };
      }
    }
    if (internal) {
      // The runner failed (a bug in wlgrade): said as one for this submission (grade-suite
      // runnerBug), on the load or on the call that was running, and nothing more is run.
      if (!loaded) outcome.load = { ok: false, error: internal, imports: [] };
      else if (outcome.load.ok) outcome.calls[a.current ?? remaining.find((c) => !(c.id in outcome.calls))?.id ?? calls[0]!.id] ??= { status: 'error', error: internal, mutated: [], ms: 0 };
      break;
    }
    if (a.records.length === 0 && a.reason === 'exit' && !outcome.python) {
      throw pythonSideError(opts.python, a.exitDetail, a.stderr);
    }
    if (a.reason === 'setup-timeout') {
      // Before any learner code ran (a fresh attempt's import, after a call that crashed, takes
      // the remaining calls down with it): the grading machine's problem, said as such.
      const setup = setupTimeout(a, setupLeftMs);
      const restarts = restartsCaused(outcome.calls);
      if (!loaded) outcome.load = setup;
      else if (firstSetupMs > 0 && opts.limits.runMs - setupLeftMs - firstSetupMs >= firstSetupMs && restarts) {
        // Restarts after the file's own calls ended their process (a crash, a call past its limit,
        // printing past the output cap) took at least one whole import's time of the credit: those
        // calls are to blame, as they are in a run without frameworks (not graded again).
        const reason = `your code ${restarts.what}, and each restart for the cases after ${restarts.after} imports ${setup.frameworks.join(' and ')} again: those restarts used up the run's time, so this case was not run; fix ${restarts.fix} and run again`;
        for (const c of remaining) outcome.calls[c.id] ??= { status: 'not-run', reason };
      } else {
        outcome.setupTimeout = setup;
        for (const c of remaining) outcome.calls[c.id] ??= { status: 'not-run', reason: `when the grader started again for this case, ${setup.detail}` };
      }
      break;
    }
    if (!loaded) {
      // The process ended, or its channel was written over, once learner code had started.
      const ended = loadBegan && (a.reason === 'exit' || a.reason === 'channel') ? a.reason : undefined;
      const definitionsOnly = sub.kind === 'ipynb' || topLevelStopped !== undefined;
      if (ended && definitionsOnly && killedBehindBwrap(a, opts.sandbox)) {
        if (ownKills === 0 && (oomAtFirstKill = oomKills()) !== undefined) {
          ownKills = 1;
          continue; // once more: killed the same way, with no OOM kill in between?
        }
        if (ownKills === 1 && oomKills() === oomAtFirstKill) ownKills = 2;
      }
      if (ended && definitionsOnly && (endedByOwnCode(a) || ownKills === 2)) {
        // Its definitions alone (a notebook runs no other code; a .py's attempt after its top level
        // was stopped) ended the process with an exit code or wrote over the channel: a default
        // argument, a decorator or a class body calling os._exit(). Left a load crash, nothing was
        // graded and the row was blank and graded again on every run (red team 27). A death by
        // signal stays a crash (an OOM kill or a kill from outside looks the same), but a SIGKILL
        // behind bwrap on two loads in a row, with no OOM kill in between, counts (red team 28).
        outcome.load =
          a.reason === 'channel'
            ? { ok: false, fatal: 'definitions', how: 'channel', detail: "the file's definitions wrote over the channel the grader reads its answers on while it loaded" }
            : { ok: false, fatal: 'definitions', how: 'exit', detail: `the file's definitions ended the Python process (${a.exitDetail}) while it loaded`, status: a.exitDetail };
        if (a.at?.line !== undefined) outcome.load.at = a.at;
        break;
      }
      // A top level that printed past the limit (a training loop printing every step) is graded
      // from its definitions, as one that raises or runs too long is: a fresh attempt loads them
      // alone. So is a .py file's top level that ended the process itself (os._exit() after the
      // definitions, a crash in what it ran) or wrote over the record channel, as one that calls
      // sys.exit() is. Left a load crash, nothing was graded, and the row was left blank and graded
      // again on every run (red team 27: os._exit(0), or garbage written to every descriptor,
      // appended to a file that earns 0).
      const stopped: TopLevelStopped | undefined =
        a.reason === 'output-limit' ? { printed: opts.limits.outputMaxBytes } : ended && sub.kind === 'py' ? { ended } : undefined;
      if (stopped && !topLevelStopped) {
        topLevelStopped = stopped;
        continue;
      }
      outcome.load = loadFailure(a, a.reason === 'call-timeout' ? opts.limits.callMs : opts.limits.runMs);
      break;
    }
    if (!outcome.load.ok) break;
    remaining = remaining.filter((c) => !(c.id in outcome.calls));
    if (a.reason === 'done' || remaining.length === 0) break;
    if (a.reason === 'run-timeout' || a.reason === 'channel') {
      // How long the finished calls of each function took: the slow function is the one to speed up.
      const meanMs = (fn: string) => {
        const done = calls.flatMap((k) => {
          const o = outcome.calls[k.id];
          return k.fn === fn && (o?.status === 'ok' || o?.status === 'error') ? [o.ms] : [];
        });
        return done.length > 0 ? done.reduce((t, ms) => t + ms, 0) / done.length : undefined;
      };
      for (const c of remaining) outcome.calls[c.id] = stopped(a.reason, c.id === a.current, opts.limits, meanMs(c.fn));
      break;
    }
    // The process stopped inside a call (or between calls): that call gets the blame, the rest
    // go to a fresh process.
    const culprit = a.current ?? remaining[0]!.id;
    const failure = callFailure(a, opts.limits);
    outcome.calls[culprit] = failure;
    remaining = remaining.filter((c) => c.id !== culprit);
    if (failure.status === 'timeout') {
      // A function that hung on HANG_STRIKES cases would most likely hang on the rest: skip them,
      // so its hangs do not use up the whole-run limit before the other function's cases run.
      const fn = calls.find((c) => c.id === culprit)?.fn;
      if (fn) {
        const hung = [...(hangs.get(fn) ?? []), culprit];
        hangs.set(fn, hung);
        if (hung.length >= HANG_STRIKES) {
          const reason = `${fn} did not return in time on cases ${hung.join(' and ')}, so its other cases were skipped to leave time for the rest; fix that loop and run again`;
          for (const c of remaining) if (c.fn === fn) outcome.calls[c.id] = { status: 'not-run', reason };
          remaining = remaining.filter((c) => c.fn !== fn);
        }
      }
    }
    if (remaining.length === 0) break;
  }
  for (const c of calls) outcome.calls[c.id] ??= { status: 'not-run', reason: notRunReason(outcome.load) };
  // The learner's modules first imported by a call (`import helpers` inside the function) ran with it too.
  const facts = 'siblings' in outcome.load ? outcome.load.siblings : undefined;
  if (facts && ranInCalls.size > 0) {
    const ran = [...new Set([...facts.ran, ...ranInCalls])];
    outcome.load = { ...outcome.load, siblings: { ...facts, ran, shadowed: facts.shadowed.filter((s) => !ran.includes(s.module)) } };
  }
  outcome.ms = Date.now() - started;
  return outcome;
}

function fatal(code: string, message: string, python: string, outcome: RunOutcome, framework?: 'torch' | 'tensorflow'): RunOutcome {
  if (code === 'NUMPY_MISSING') {
    throw numpyMissingError(python, message);
  }
  if (code === 'FRAMEWORK_MISSING' && framework) {
    throw frameworkMissingError(python, framework, message);
  }
  if (code === 'NOTEBOOK_INVALID') {
    outcome.load = { ok: false, fatal: 'notebook', detail: message };
    return outcome;
  }
  throw new Error(`the Python side rejected the plan (${code}): ${message}`);
}

/**
 * The calls that ended their process so far (each one started a fresh attempt, which imports the
 * frameworks again), said by how they ended; undefined when none did. A file whose every call
 * printed past the output cap spent the set-up credit on restarts as surely as one whose calls
 * crashed, and the import that ran out of it was reported as the machine's (SETUP_TIMEOUT,
 * regraded, its row left blank).
 */
function restartsCaused(calls: Record<string, CallOutcome>): { what: string; after: string; fix: string } | undefined {
  const kinds = [
    { status: 'crash', verb: 'crashed Python on', after: 'a crash', fix: 'that crash' },
    { status: 'output-limit', verb: 'printed past the output limit on', after: 'printing that much', fix: 'those prints' },
    { status: 'timeout', verb: 'did not return in time on', after: 'a call that ran out of time', fix: 'that slow call' },
  ] as const;
  const found = kinds.flatMap((k) => {
    const ids = Object.entries(calls).flatMap(([id, o]) => (o.status === k.status ? [id] : []));
    return ids.length > 0 ? [{ ...k, ids }] : [];
  });
  if (found.length === 0) return undefined;
  const what = joinWords(found.map((k) => `${k.verb} ${joinSome(k.ids, 3)}`));
  return found.length === 1 ? { what, after: found[0]!.after, fix: found[0]!.fix } : { what, after: 'each of those', fix: 'those calls' };
}

/** The frameworks' import ran past its own limit (`limitMs`, the set-up credit the attempt had). */
function setupTimeout(a: Attempt, limitMs: number): SetupTimeoutLoad {
  const names = a.setupFrameworks.join(' and ');
  return {
    ok: false,
    fatal: 'setup-timeout',
    detail: `importing ${names} (the grader's set-up, before any of the submission's code runs) took longer than ${limitMs < 1000 ? `${Math.max(1, Math.round(limitMs))} ms` : `${Math.round(limitMs / 100) / 10} s`} on this machine`,
    frameworks: a.setupFrameworks,
    limitMs,
  };
}

/**
 * Whether an attempt that ended by an exit or on its channel after learner code started (the
 * caller checks both) ended in a way only the code it ran can cause: an exit with a code
 * (os._exit(), not a signal: a machine's OOM kill is SIGKILL) or bytes on the record channel that
 * are not the runner's.
 */
function endedByOwnCode(a: Attempt): boolean {
  // The runner's own uncaught exception (a bug in wlgrade, as a crafted file's RecursionError once
  // was) comes as an 'internal' record (runner.serve_reporting), handled before this. What the
  // process wrote on stderr says nothing: a file printed Python's "Traceback (most recent call
  // last)" and called os._exit(1), which was taken for the runner's crash, blank and graded again.
  return a.reason === 'channel' || (a.reason === 'exit' && a.crashCause === 'exit');
}

/**
 * Whether an attempt that died by SIGKILL after learner code started may have killed itself:
 * behind bwrap (a PID namespace of its own: no other learner's process can signal it; the
 * grader's own kills, on a time-out, are not an exit). The caller counts it as the file's own end
 * when a second definitions-only load dies the same way with no OOM kill anywhere on the machine
 * in between, by the kernel's count (/proc/vmstat oom_kill: the global and every cgroup's OOM
 * killer; unreadable, nothing counts), so a kill from outside (a user-space OOM daemon, an admin's
 * kill -9) would have to come twice, each time while the definitions load.
 */
function killedBehindBwrap(a: Attempt, sandbox: SandboxMode): boolean {
  // 'killed' is a SIGKILL of the run's own process; a pool worker lost under it is 'lost' (review 28:
  // a server that died twice during a notebook's load made a DEFINITIONS_ENDED 0).
  return sandbox === 'bwrap' && a.reason === 'exit' && a.crashCause === 'killed';
}

/** The kernel's count of processes its OOM killer ended since boot (Linux 4.13+), if it can be read. */
export function readOomKills(): number | undefined {
  try {
    const m = /^oom_kill (\d+)$/m.exec(readFileSync('/proc/vmstat', 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Modules whose import alone takes seconds (more on a busy machine). */
const HEAVY_IMPORTS = new Set(['tensorflow', 'torch', 'keras', 'jax']);

function loadFailure(a: Attempt, limitsMs: number): LoadOutcome {
  switch (a.reason) {
    case 'call-timeout':
    case 'run-timeout': {
      const loading = a.records.find((r) => r.t === 'loading');
      const frameworks = loading?.t === 'loading' ? [...new Set(loading.imports.map((m) => m.split('.')[0]!).filter((m) => HEAVY_IMPORTS.has(m)))] : [];
      return { ok: false, fatal: 'timeout', detail: `loading the submission (its top-level code) did not finish within ${limitsMs / 1000} s`, ...(frameworks.length ? { frameworks } : {}) };
    }
    case 'output-limit':
      return { ok: false, fatal: 'output-limit', detail: 'the submission printed too much while loading' };
    case 'channel':
      return { ok: false, fatal: 'channel', detail: 'the grader could not read the Python side\'s answers (they were overwritten or corrupted)' };
    default:
      return { ok: false, fatal: 'crash', detail: `the Python process ended while loading the submission (${a.exitDetail})` };
  }
}

function callFailure(a: Attempt, limits: Limits): CallOutcome {
  if (a.reason === 'call-timeout') return { status: 'timeout', ms: limits.callMs };
  if (a.reason === 'output-limit') return { status: 'output-limit' };
  return { status: 'crash', detail: a.exitDetail, cause: a.crashCause };
}

function stopped(reason: StopReason, wasRunning: boolean, limits: Limits, meanMs?: number): CallOutcome {
  if (reason === 'run-timeout') {
    // The case running then did not use up its own limit (callMs): the whole run's ran out during it.
    const slow = meanMs !== undefined && meanMs >= 100 ? ` (the cases before it took ${(meanMs / 1000).toFixed(1)} s each on average: make the code faster)` : '';
    return wasRunning
      ? { status: 'timeout', ms: limits.callMs, run: { limitMs: limits.runMs, ...(meanMs !== undefined ? { meanMs } : {}) } }
      : { status: 'not-run', reason: `the submission used up its ${limits.runMs / 1000} s time limit, for all its cases together, before this case ran${slow}` };
  }
  return { status: 'not-run', reason: 'the grader could not read the Python side\'s answers (they were overwritten or corrupted)' };
}

function notRunReason(load: LoadOutcome): string {
  if (load.ok) return 'this case did not run';
  return 'error' in load ? `the submission failed to load (${load.error.type})` : load.detail;
}

/** One Python process: feeds it the plan, reads records until it stops, and cleans up after it. */
/** `stop`: aborted, it kills the attempt (a run started from a guess the probe refuted). */
async function runAttempt(launch: LaunchSpec, plan: Plan, limits: Limits, clock: AttemptClock, stop?: AbortSignal): Promise<Attempt> {
  const child = execa(launch.file, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    extendEnv: false,
    input: JSON.stringify(plan),
    // fd 4 behind bwrap: the guard's word on how Python ended (launch.ts exitFromStatus).
    stdio: launch.wrapped ? ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    // Its own process group, so a kill reaches whatever the learner's code started.
    detached: true,
    killSignal: 'SIGKILL',
    cleanup: true,
    windowsHide: true,
  });
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  stop?.addEventListener('abort', killGroup, { once: true });
  const channel = child.stdio[3] as Readable | undefined;
  const status = launch.wrapped ? readStatus(child.stdio[4] as Readable | undefined) : undefined;
  const proc: AttemptProcess = {
    stdout: child.stdout,
    stderr: child.stderr,
    channel,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const guessed = describeExit(code, signal, launch.wrapped);
        if (!status) return resolve(guessed);
        // Its pipe ends as bwrap exits (no other process holds it); a second at most, else the guess.
        let late: NodeJS.Timeout | undefined;
        void Promise.race([status, new Promise<string>((r) => (late = setTimeout(() => r(''), 1_000)))]).then((text) => {
          clearTimeout(late);
          resolve(exitFromStatus(text) ?? guessed);
        });
      });
      child.on('error', () => resolve({ detail: '', cause: 'exit' }));
    }),
    kill: killGroup,
    settle: async () => {
      // Nothing outlives the submission: kill the group (grandchildren holding our pipes
      // included), then stop reading.
      killGroup();
      // Process mode: a learner process that left the group (setpgid, double fork) is found by the
      // run tag in its environment, or by the run's session (detached: its own, led by child.pid).
      // bwrap needs no sweep: its PID namespace dies with it.
      if (!launch.wrapped) await sweepRun(launch.runTag, child.pid);
      let grace: NodeJS.Timeout | undefined;
      const result = await Promise.race([child, new Promise<null>((r) => (grace = setTimeout(() => r(null), 2_000)))]);
      clearTimeout(grace);
      for (const s of [child.stdout, child.stderr, channel, child.stdio[4] as Readable | undefined]) s?.destroy();
      if (result && result.failed && (result.code === 'ENOENT' || result.code === 'EACCES' || result.code === 'ENOTDIR')) {
        throw pythonStartError(launch.file, result.code);
      }
    },
  };
  try {
    return await watchAttempt(proc, plan, limits, clock);
  } finally {
    // Its group is gone once the attempt has settled: a later abort must not reach a reused id.
    stop?.removeEventListener('abort', killGroup);
  }
}

/** What the guard wrote on its status pipe (a line of a few bytes), once the pipe ends. */
function readStatus(pipe: Readable | undefined): Promise<string> {
  if (!pipe) return Promise.resolve('');
  return new Promise((resolve) => {
    let text = '';
    pipe.setEncoding('latin1');
    pipe.on('data', (chunk: string) => (text = (text + chunk).slice(0, 32)));
    const done = () => resolve(text);
    pipe.once('end', done);
    pipe.once('error', done);
    pipe.once('close', done);
  });
}

/** A running attempt as watchAttempt sees it: a cold Python process, or a job on a warm pool worker. */
export interface AttemptProcess {
  stdout: Readable | null | undefined;
  stderr: Readable | null | undefined;
  channel: Readable | undefined;
  /** Resolves when the Python process has ended, with its exit status in words. */
  exited: Promise<{ detail: string; cause: CrashCause }>;
  /** Kills the attempt and everything it started. Called again after the exit; must be idempotent. */
  kill(): void;
  /** After the exit: make sure nothing outlives the attempt, then end the streams. Throws a GraderError when Python could not start. */
  settle(): Promise<void>;
}

/** How long a process may take to exit after its "done" record before it is killed. */
export const DONE_GRACE_MS = 2_000;

/**
 * Reads one attempt until it stops: parses the records (untrusted), keeps the learner's output,
 * and enforces the per-call, whole-run and set-up time limits (AttemptClock) and the output cap by
 * killing the attempt.
 */
export async function watchAttempt(proc: AttemptProcess, plan: Plan, limits: Limits, clock: AttemptClock): Promise<Attempt> {
  const { deadline, setupLeftMs } = clock;
  const a: Attempt = { records: [], reason: 'exit', current: null, exitDetail: '', crashCause: 'exit', stdout: '', stderr: '', truncated: false, setupMs: 0, setupFrameworks: [] };
  // When the runner's setup record came: the frameworks' import is under way from then until loading.
  let setupAt: number | null = null;
  let stopReason: StopReason | null = null;
  let outBytes = 0;
  let callTimer: NodeJS.Timeout | undefined;

  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    proc.kill();
  };
  // After "done" every result is in and the process only has to exit; learner code can still
  // hold it (a replaced sys.stdout whose flush never returns). It gets a moment, then is killed.
  let doneTimer: NodeJS.Timeout | undefined;
  // Node runs expired timers before it reads the pipes: after the grader itself stalled (a huge
  // report, a long GC), a timer could fire while the record that answers it waits unread. So a
  // timer only acts after one more turn of the loop (setImmediate runs after the pipes are read)
  // and if what it waited for still has not come.
  const afterReads = (act: () => void) => () => setImmediate(act);
  const armRun = (at: number) => setTimeout(afterReads(() => (stopReason === 'done' ? proc.kill() : stop('run-timeout'))), Math.max(0, at - Date.now()));
  let runTimer = armRun(deadline);

  const keep = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
    outBytes += chunk.length;
    if (a[which].length < limits.outputKeptBytes) a[which] += chunk.toString('utf8', 0, limits.outputKeptBytes - a[which].length);
    else a.truncated = true;
    if (outBytes > limits.outputMaxBytes) stop('output-limit');
  };
  proc.stdout?.on('data', keep('stdout'));
  proc.stderr?.on('data', keep('stderr'));

  const channel = proc.channel;
  const lines = splitLines(MAX_RECORD_BYTES);
  // Records must carry this run's token and come in the runner's order: hello, load (or fatal),
  // a result for each planned call in turn, then done. The runner sends no record when a call
  // starts: the running call is always the one after the last result, and its timer starts when
  // the previous record arrives. Anything else (a learner writing to the channel's fd, a record
  // for another case, a second result) marks the channel corrupt.
  const prefix = plan.token ? plan.token + ' ' : '';
  const siblingFiles = (plan.siblings ?? []).map((s) => s.name); // their frames are the learner's too (learnerTraceback)
  const ids = plan.calls.map((c) => c.id);
  let phase: 'hello' | 'load' | 'calls' | 'done' = 'hello';
  let loading = false;
  let marks = 0;
  let next = 0;
  const inOrder = (r: RunnerRecord): boolean => {
    switch (r.t) {
      case 'hello':
        return phase === 'hello' && ((phase = 'load'), true);
      case 'setup':
        return phase === 'load' && !loading && setupAt === null;
      case 'loading':
        return phase === 'load' && !loading && (loading = true);
      case 'fatal':
        // FRAMEWORK_MISSING and NOTEBOOK_INVALID only before `loading`: no learner code has run, so
        // none could forge them. NOTEBOOK_INVALID's message is the report's problem as it stands: a
        // .py's top level sent one after loading, and its words read as the grader's (red team 27).
        return (phase === 'hello' && r.code !== 'NOTEBOOK_INVALID' && r.code !== 'FRAMEWORK_MISSING') ||
          (phase === 'load' && !loading && r.code === 'NOTEBOOK_INVALID') ||
          (phase === 'load' && !loading && r.code === 'FRAMEWORK_MISSING')
          ? ((phase = 'done'), true)
          : false;
      case 'load':
        return phase === 'load' && ((phase = r.ok ? 'calls' : 'done'), true);
      case 'result':
        return phase === 'calls' && next < ids.length && r.id === ids[next] && (next++, true);
      case 'done':
        return phase === 'calls' && next === ids.length && ((phase = 'done'), true);
      case 'mark':
        return phase === 'load' && loading && ++marks <= MAX_MARKS;
      case 'internal':
        // The runner's own failure, once it has said hello: it ends the attempt's records.
        return (phase === 'load' || phase === 'calls') && ((phase = 'done'), true);
    }
  };
  /** The next call is running from now on: it is `current`, and its timer starts. */
  const nextCall = () => {
    clearTimeout(callTimer);
    const running = (a.current = ids[next] ?? null);
    if (running !== null) callTimer = setTimeout(afterReads(() => a.current === running && stop('call-timeout')), limits.callMs);
  };
  const onRecord = (line: string) => {
    let parsed: RunnerRecord;
    try {
      if (!line.startsWith(prefix)) throw new Error('no token');
      parsed = parseRecord(JSON.parse(line.slice(prefix.length)));
      if (!inOrder(parsed)) throw new Error('out of order');
      if (parsed.t === 'result' && parsed.value && valueCount(parsed.value) > plan.maxResultElements) throw new Error('too many values');
      // The runner's own bug report (schema/runner-error RUNNER_INTERNAL_ERROR) carries its Python frames.
      for (const e of recordErrors(parsed)) if (e.type !== 'WlgradeInternalError') e.traceback = learnerTraceback(e.traceback, plan.displayName, siblingFiles);
    } catch {
      stop('channel');
      return;
    }
    if (parsed.t === 'mark') {
      // Not kept with the records: only the last one counts.
      a.at = { ...(parsed.line !== undefined ? { line: parsed.line } : {}), ...(parsed.cell !== undefined ? { cell: parsed.cell } : {}) };
      return;
    }
    a.records.push(parsed);
    if (parsed.t === 'setup') {
      // The frameworks' import is the grader's set-up, not the learner's time: while it runs the
      // run's limit stands still, and the import has its own limit, what is left of the credit.
      // Both records come before learner code runs, so none can forge them.
      setupAt = Date.now();
      a.setupFrameworks = parsed.frameworks;
      clearTimeout(runTimer);
      runTimer = setTimeout(afterReads(() => !loading && stop('setup-timeout')), setupLeftMs);
    } else if (parsed.t === 'loading' && setupAt !== null) {
      // The run's limit moves by the import's time: as the runner measured it, never more than
      // the grader saw it last, nor past the credit left.
      a.setupMs = Math.max(0, Math.min(parsed.setupMs ?? 0, Date.now() - setupAt, setupLeftMs));
      clearTimeout(runTimer);
      runTimer = armRun(deadline + a.setupMs);
    }
    if ((parsed.t === 'load' && parsed.ok) || parsed.t === 'result') nextCall();
    else if (parsed.t === 'done') {
      stopReason ??= 'done';
      clearTimeout(callTimer);
      doneTimer = setTimeout(() => proc.kill(), DONE_GRACE_MS);
    }
  };
  channel?.setEncoding('utf8');
  let channelBytes = 0;
  channel?.on('data', (chunk: string) => {
    if (stopReason && stopReason !== 'done') return;
    channelBytes += chunk.length;
    const complete = channelBytes > MAX_CHANNEL_BYTES ? 'too-long' : lines.push(chunk);
    if (complete === 'too-long') {
      stop('channel');
      return;
    }
    for (const line of complete) {
      if (stopReason && stopReason !== 'done') break;
      if (line.trim()) onRecord(line);
    }
  });

  ({ detail: a.exitDetail, cause: a.crashCause } = await proc.exited);
  clearTimeout(runTimer);
  clearTimeout(callTimer);
  clearTimeout(doneTimer);
  await proc.settle();
  const last = lines.rest();
  if (last.trim() && (!stopReason || stopReason === 'done')) onRecord(last);
  a.reason = stopReason ?? 'exit';
  return a;
}

/** The errors a record describes, each with a traceback the reports show. */
function recordErrors(r: RunnerRecord): ErrorInfo[] {
  if (r.t === 'result') return r.error ? [r.error] : [];
  if (r.t !== 'load') return [];
  const missing = Object.values(r.functions ?? {}).flatMap((f) => (f.missing ? [f.missing] : []));
  return [...(r.error ? [r.error] : []), ...(r.syntaxError ? [r.syntaxError] : []), ...missing];
}

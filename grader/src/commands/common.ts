/**
 * Options shared by the commands that grade (check, grade, gradescope, validate), and how they
 * become Limits and GradeOptions. Commands live in grader/src/commands/, one file each, and are
 * registered in cli.ts; only cli.ts and commands/ read argv or the environment.
 */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { GraderError } from '../errors.js';
import { PUBLIC_SUITE } from '../paths.js';
import { DEFAULT_BWRAP, probeBwrap } from '../sandbox/detect.js';
import { DEFAULT_LIMITS, LimitsSchema, type Limits, type SandboxMode } from '../sandbox/policy.js';
import type { GradeOptions } from '../grade-submission.js';
import type { TerminalOptions } from '../report/terminal.js';
import { VERSION } from '../version.js';
import { FEEDBACK_LEVELS, type FeedbackLevel } from '../report/feedback.js';
import { pythonCommand } from '../probes.js';
import { terminalLine } from '../report/escape.js';
import type { Suite } from '../suite/load-suite.js';
import { zeroPointFiles } from '../suite/zero-points.js';
import { busyWarning } from '../batch/out-lock.js';

export interface CommonOpts {
  cases?: string[];
  python?: string;
  sandbox?: SandboxMode;
  callTimeout?: number;
  timeout?: number;
  keras?: 'shim' | 'real';
  memory?: number;
  cpuTime?: number;
  maxProcesses?: number;
  maxFileSize?: number;
}

export function parsePositive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new GraderError('USAGE', `${name} must be a positive number of seconds, got "${v}".`);
    return n;
  };
}

export const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * What each `--feedback` level shows a learner (report/feedback.ts withFeedback), word for word
 * as the help, README and docs/staff.md say it (grader/test/unit/commands/feedback-help.test.ts
 * checks all three, and each claim against withFeedback).
 */
export const FEEDBACK_SHOWS: Record<FeedbackLevel, string> = {
  full: 'everything: each mistake named with its evidence, its fix and the line the fix changes, expected values, hints and notes',
  mistakes:
    "mistakes named with their evidence, fixes withheld and with them the line a fix changes; expected values, hints and notes stay, the note on wrong values no mistake explains with its evidence (the failing cases' values, what they share, the wlgrade cases show command) but not the formula or the code it says to write",
  scores: 'points per case, the problems that kept code from running and which file was graded; no expected values, mistake names, hints or other notes',
};

/** `--feedback`: how much a learner is told (report/feedback.ts), for the commands whose output learners read. */
export function feedbackOption(): Option {
  const levels = FEEDBACK_LEVELS.map((l) => `${l}${l === 'full' ? ', the default' : ''} (${FEEDBACK_SHOWS[l]})`);
  return new Option('--feedback <level>', `what learners are told: ${levels.join('; ')}`).choices(FEEDBACK_LEVELS).default('full');
}

/** `--bom`, for `grade` and `merge`, which write grades.csv. */
export function bomOption(): Option {
  return new Option('--bom', "start grades.csv with a UTF-8 byte-order mark, which Excel needs to show non-ASCII names right (scripts reading the CSV then see it before the first column's name)");
}

/**
 * What `--sandbox` defaults to, said as each command does it: `check` falls back to a plain process
 * with a warning; the commands that grade for marks stop instead (sandboxFrom's `refuse`), which a
 * newcomer reading "bwrap where it works" did not expect.
 */
export const SANDBOX_HELP = {
  check: 'isolation: bwrap or process (default: bwrap where it works, else a plain process with a warning; --format classroom or --out classroom=… never falls back)',
  marks: 'isolation: bwrap or process (default: bwrap; where bwrap cannot start, the command stops rather than grade for marks unfenced: pass process to grade anyway)',
} as const;

/**
 * Examples (and any closing lines) after a command's options in its --help. Each example is a
 * command line as a user types it, run from a clone (grader/test/unit/commands/help.test.ts parses
 * every one against the command's own options); a note says what it is for.
 */
export function withExamples(cmd: Command, examples: Array<[line: string, note?: string]>, after: string[] = []): Command {
  const lines = [
    '',
    'Examples:',
    ...examples.flatMap(([line, note]) => [`  $ ${line}`, ...(note ? wrap(note, 80, '      ') : [])]),
    ...(after.length ? ['', ...after.flatMap((p) => wrap(p, 80, ''))] : []),
  ];
  return cmd.addHelpText('after', lines.join('\n'));
}

/** `text` in lines of at most `width` columns (a longer word gets a line of its own), each after `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

/** `casesDefault`: what the command grades against without --cases (staff commands add the hidden suite). */
export function withCommon(cmd: Command, casesDefault = 'the bundled public suite', sandboxHelp: string = SANDBOX_HELP.check): Command {
  return cmd
    .option('--cases <path>', `a YAML case file; repeat for several (default: ${casesDefault})`, collect)
    .option('--python <path>', 'the Python to run submissions with (default: $WLGRADE_PYTHON or python3)')
    .addOption(new Option('--sandbox <mode>', sandboxHelp).choices(['bwrap', 'process']))
    .option('--call-timeout <seconds>', `time limit for one call of a learner function (default ${DEFAULT_LIMITS.callMs / 1000})`, parsePositive('--call-timeout'))
    .option('--timeout <seconds>', `time limit for a whole submission (default ${DEFAULT_LIMITS.runMs / 1000})`, parsePositive('--timeout'))
    .addOption(new Option('--keras <impl>', 'Keras backend API for submissions: shim (numpy, default) or real').choices(['shim', 'real']))
    .option('--memory <MiB>', `address-space limit of the Python process (default ${DEFAULT_LIMITS.memoryMb})`, parseCount('--memory', 'MiB'))
    .option('--cpu-time <seconds>', `CPU time for a whole submission (default ${DEFAULT_LIMITS.cpuSeconds})`, parseCount('--cpu-time', 'seconds'))
    .option('--max-processes <n>', `processes and threads a submission may have at once (default ${DEFAULT_LIMITS.processes})`, parseCount('--max-processes', 'processes'))
    .option('--max-file-size <MiB>', `largest file a submission may write (default ${DEFAULT_LIMITS.fileSizeMb})`, parseCount('--max-file-size', 'MiB'));
}

function parseCount(name: string, unit: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new GraderError('USAGE', `${name} must be a whole number of ${unit} above 0, got "${v}".`);
    return n;
  };
}

export function limitsFrom(o: CommonOpts): Limits {
  return LimitsSchema.parse({
    ...DEFAULT_LIMITS,
    ...(o.callTimeout ? { callMs: Math.round(o.callTimeout * 1000) } : {}),
    ...(o.timeout ? { runMs: Math.round(o.timeout * 1000) } : {}),
    ...(o.memory ? { memoryMb: o.memory } : {}),
    ...(o.cpuTime ? { cpuSeconds: o.cpuTime } : {}),
    ...(o.maxProcesses ? { processes: o.maxProcesses } : {}),
    ...(o.maxFileSize ? { fileSizeMb: o.maxFileSize } : {}),
  });
}

export function casePaths(o: CommonOpts): string[] {
  return (o.cases ?? [PUBLIC_SUITE]).map((p) => resolve(p));
}

export function pythonFrom(o: CommonOpts): string {
  return pythonCommand(o.python, process.env);
}

/**
 * Where bwrap does not work and no --sandbox was given: `warn` falls back to a plain process with
 * a warning (a learner checking their own file); `refuse` stops (grading others' files for marks:
 * in a plain process a submission reads the case files and can write its own results).
 */
export type Fallback = 'warn' | 'refuse';

/** The sandbox to use: the one asked for, else the strongest that works here. */
export async function sandboxFrom(o: CommonOpts, fallback: Fallback = 'warn'): Promise<SandboxMode> {
  if (o.sandbox === 'process') return 'process'; // asked for: no need to know whether bwrap works
  const probe = await probeBwrap(DEFAULT_BWRAP);
  if (o.sandbox === 'bwrap' && !probe.ok) {
    throw new GraderError('SANDBOX_UNAVAILABLE', `--sandbox bwrap cannot be used: ${probe.reason}. Fix that, or pass --sandbox process for weaker isolation.`);
  }
  if (o.sandbox) return o.sandbox;
  if (probe.ok) return 'bwrap';
  if (fallback === 'refuse') {
    throw new GraderError(
      'SANDBOX_UNAVAILABLE',
      `the bwrap sandbox cannot be used here (${probe.reason}), and grading for marks does not fall back to a plain process, where a submission can read the case files and write its own results: make bwrap work, or pass --sandbox process to grade without the fence.`,
    );
  }
  warnOnce(`wlgrade: warning: ${probe.reason}; grading in a plain process (weaker isolation: no filesystem or network fence). Pass --sandbox process to silence this.`);
  return 'process';
}

let warned = false;
function warnOnce(msg: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(msg + '\n');
}

/** The options every grading command passes to gradeSubmission. `sandbox`: the choice already under way (check starts it early), or what to do where bwrap does not work. */
export async function gradeOptionsFrom(o: CommonOpts, sandbox: Promise<SandboxMode> | Fallback = 'warn'): Promise<GradeOptions> {
  const mode = typeof sandbox === 'string' ? sandboxFrom(o, sandbox) : sandbox;
  return { python: pythonFrom(o), sandbox: await mode, limits: limitsFrom(o), keras: o.keras ?? 'shim', version: VERSION };
}

export function colorLevel(forceOff: boolean): TerminalOptions['colorLevel'] {
  const env = process.env;
  if (forceOff || 'NO_COLOR' in env || !process.stdout.isTTY) return 0;
  if (env.FORCE_COLOR === '0') return 0;
  const depth = process.stdout.getColorDepth?.() ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : 1;
}

/** One line on stderr when a grade or merge may be writing into a folder this command only reads. */
export function warnIfBusy(dir: string, shown: string): void {
  const w = busyWarning(dir, shown);
  if (w !== undefined) process.stderr.write(terminalLine(`wlgrade: warning: ${w}`) + '\n');
}

/** One stderr line per case file worth 0 points in all (the run goes on): a typo made every score 0/0 unsaid. */
export function warnZeroPoints(suite: Suite): void {
  for (const z of zeroPointFiles(suite)) process.stderr.write(terminalLine(`wlgrade: warning: ${z.message}`) + '\n');
}

/** `wlgrade check <file>`: one submission, the learner's view. */
import { Option, type Command } from 'commander';
import { appendFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pickOwnFile } from '../batch/pick.js';
import { GraderError, isGraderError } from '../errors.js';
import { pythonInfo, samePythonInfo, type PythonInfo } from '../sandbox/detect.js';
import { pythonCacheFile, readPythonInfo, writePythonInfo } from '../sandbox/python-info-cache.js';
import type { SandboxMode } from '../sandbox/policy.js';
import { hideFromSandboxes } from '../sandbox/launch.js';
import { gradeSubmission, ownFolderOnly, resolveSubmission } from '../grade-submission.js';
import { renderClassroom, renderClassroomStopped } from '../report/classroom.js';
import { renderGithub, renderGithubStopped, renderGithubStoppedSummary, renderGithubSummary } from '../report/github.js';
import { renderJson, renderJsonStopped } from '../report/json.js';
import { notebookFileLines, withNotebookFileLines } from '../report/notebook-lines.js';
import { VERSION } from '../version.js';
import { renderJunit, renderJunitStopped } from '../report/junit.js';
import { renderTerminal } from '../report/terminal.js';
import { escapeLineBreaks as oneLine, escapeTerminal, terminalLine } from '../report/escape.js';
import type { GradeReport } from '../schema/report.js';
import { round, RunnerBugError } from '../grade/grade-suite.js';
import { loadSuiteCached } from '../suite/suite-cache.js';
import type { Suite } from '../suite/load-suite.js';
import { refuseUngradable } from '../suite/refuse-ungradable.js';
import { casePaths, colorLevel, feedbackOption, gradeOptionsFrom, pythonFrom, sandboxFrom, withCommon, withExamples, warnZeroPoints, type CommonOpts } from './common.js';
import { withFeedback, type FeedbackLevel } from '../report/feedback.js';

/** Where `check` caches parsed suites: $XDG_CACHE_HOME/wlgrade or ~/.cache/wlgrade; none with WLGRADE_NO_CACHE=1. */
export function suiteCacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.WLGRADE_NO_CACHE === '1') return null;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : '');
  return base ? join(base, 'wlgrade') : null;
}

/** `check` with no file: the learner's file in the current folder, said on stderr. */
async function ownFile(): Promise<string> {
  const picked = await pickOwnFile(process.cwd());
  if (!picked) {
    throw new GraderError(
      'USAGE',
      'No file given, and no .py or .ipynb file in this folder defines compute_class_freqs or get_weighted_loss; run "wlgrade check <your notebook or .py file>".',
    );
  }
  process.stderr.write(terminalLine(`wlgrade: checking ${relative(process.cwd(), picked.file)}${picked.note ? ` (${picked.note})` : ''}; pass a file to check another.`) + '\n');
  return picked.file;
}

/**
 * The learner's file as the repository knows it, for GitHub's annotations and JUnit's file=:
 * relative to $GITHUB_WORKSPACE (the checkout), else to the folder check runs in, with / between
 * folders. Test reporters resolve file= from the repository root, as GitHub does file=.
 */
export function repoPath(path: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return relative(env.GITHUB_WORKSPACE ?? cwd, resolve(cwd, path)).split('\\').join('/');
}

export function exitCode(report: GradeReport): number {
  return report.status === 'passed' ? 0 : report.status === 'failed' ? 1 : 2;
}

/** Formats `check --format` prints on stdout (`--json` is `--format json`). */
export const CHECK_FORMATS = ['terminal', 'json', 'junit', 'github', 'classroom'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Formats `check --out FORMAT=FILE` writes to a file: github's annotations work only on stdout. */
const FILE_FORMATS = ['json', 'junit', 'classroom', 'terminal'] as const;
type FileFormat = (typeof FILE_FORMATS)[number];
/** One `--out FORMAT=FILE`: the same check's report in another format, written to a file. */
export interface CheckOut {
  format: FileFormat;
  file: string;
}

/** Parses one `--out FORMAT=FILE` and adds it to those before (commander's argParser). */
export function collectOut(value: string, prev: CheckOut[] = []): CheckOut[] {
  const at = value.indexOf('=');
  const format = value.slice(0, at);
  const file = value.slice(at + 1);
  if (at < 0 || !file) throw new GraderError('USAGE', `--out ${oneLine(value)}: expected FORMAT=FILE, e.g. --out junit=junit.xml (formats: ${FILE_FORMATS.join(', ')}).`);
  if (format === 'github') throw new GraderError('USAGE', `--out github=${oneLine(file)}: GitHub reads annotations only from the step's output; pass --format github for stdout and --out for the other formats.`);
  if (!(FILE_FORMATS as readonly string[]).includes(format)) throw new GraderError('USAGE', `--out ${oneLine(value)}: unknown format "${oneLine(format)}"; use one of ${FILE_FORMATS.join(', ')}.`);
  if (prev.some((o) => resolve(o.file) === resolve(file))) throw new GraderError('USAGE', `--out names ${oneLine(file)} twice; give each format its own file.`);
  return [...prev, { format: format as FileFormat, file }];
}

export function registerCheck(program: Command, setExit: (code: number) => void): void {
  withExamples(withCommon(program.command('check [file]')), [
    ['wlgrade check my_solution.py'],
    ['wlgrade check C1W1_Assignment.ipynb -v', 'a notebook; -v lists the cases that passed too'],
    ['wlgrade check assignment.py --format junit > junit.xml', 'CI: JUnit XML for any test-report tool'],
    ['wlgrade check assignment.py --format github', 'GitHub Actions: annotations on the code and a job summary'],
    ['wlgrade check assignment.py --format classroom --sandbox bwrap', 'GitHub Classroom points'],
    ['wlgrade check assignment.py --format github --out classroom=classroom.json --out junit=junit.xml', 'one run, three formats (templates/github-workflow.yml)'],
  ], ['Exit codes: 0 every case passed, 1 some case failed, 2 the file could not be graded as handed in (or a usage error), 3 a bug in wlgrade.'])
    .description('grade one .py or .ipynb submission and explain every failure (without a file: the one in this folder that defines the graded functions)')
    .option('--json', 'print the report as JSON (schema in README.md); same as --format json')
    .addOption(new Option('--format <format>', 'terminal, json, junit (JUnit XML), github (Actions annotations + job summary) or classroom (GitHub Classroom result)').choices(CHECK_FORMATS))
    .option('--out <format=file>', 'also write this check\'s report in another format to a file: json, junit, classroom or terminal (plain); repeat for several', collectOut)
    .option('-v, --verbose', 'list passed cases too')
    .option('--no-color', 'plain output')
    .addOption(feedbackOption())
    .action(async (given: string | undefined, o: CommonOpts & { json?: boolean; format?: CheckFormat; out?: CheckOut[]; verbose?: boolean; color?: boolean; feedback: FeedbackLevel }) => {
      if (o.json && o.format && o.format !== 'json') throw new GraderError('USAGE', `--json and --format ${o.format} ask for two different outputs; pass one of them.`);
      const format: CheckFormat = o.json ? 'json' : (o.format ?? 'terminal');
      let outs = o.out ?? [];
      try {
        // Before anything can throw: the catch writes the stop's document to every --out left, so an
        // --out that is the file to check (or, with no file given, a .py or .ipynb that may be it)
        // leaves first (review31a: a too-large big.py, a def-less assignment.py were overwritten).
        const earlyAll = given !== undefined ? await overFile(outs, given) : await overCode(outs);
        const early = earlyAll[0];
        if (early) {
          outs = outs.filter((x) => !earlyAll.includes(x));
          throw new GraderError(
            'USAGE',
            given !== undefined
              ? overSentence(early, given)
              : `--out ${early.format}=${oneLine(early.file)} is a Python file that exists, and check was given no file, so it may be the one checked: the report would be written over it. Give the report a file of its own, e.g. --out ${early.format}=wlgrade-report.${OUT_EXTENSION[early.format]}.`,
          );
        }
        // The sandbox probe and the python's description (a subprocess each) run while the suite loads.
        hideFromSandboxes(casePaths(o));
        // Classroom's points are marks: no silent fall-back to a plain process, where learner code
        // can rewrite what later runs read (a red team poisoned the suite cache, then scored 23/23).
        const sandbox = sandboxFrom(o, format === 'classroom' || outs.some((x) => x.format === 'classroom') ? 'refuse' : 'warn');
        const cache = suiteCacheDir(process.env);
        const python = pythonFrom(o);
        const remembered = rememberedPython(python, cache);
        void rememberPython(python, sandbox, remembered);
        const file = given ?? (await ownFile());
        const sub = ownFolderOnly(await resolveSubmission(file));
        const overAll = await overFile(outs, file);
        const over = overAll[0];
        if (over) {
          // Not written on the way out either (none of them: two --out can name it, by a link):
          // the stop's document goes to the other --out files only.
          outs = outs.filter((x) => !overAll.includes(x));
          throw new GraderError('USAGE', overSentence(over, file));
        }
        const suite = cache ? await loadSuiteCached(casePaths(o), cache) : await loadSuite(casePaths(o));
        refuseUngradable(suite);
        warnZeroPoints(suite);
        const opts = { ...(await gradeOptionsFrom(o, sandbox)), ...(remembered.known ? { pythonGuess: remembered.known } : {}) };
        const graded = withFeedback(await gradeSubmission(sub, suite, opts), o.feedback);
        // The CI formats place messages by line of the file: a notebook's cell and line become the
        // line of the .ipynb that holds that source line (the JSON report keeps cell and line), read
        // from the bytes graded: read again from the path, a file swapped since (a FIFO) held check.
        let lined: GradeReport | undefined;
        const reportFor = (f: CheckFormat): GradeReport =>
          f !== 'json' && f !== 'terminal' && graded.submission.kind === 'ipynb' ? (lined ??= withNotebookFileLines(graded, notebookFileLines(sub.bytes.toString('utf8')))) : graded;
        const render = (f: CheckFormat, color: boolean): string => {
          const report = reportFor(f);
          if (f === 'json') return renderJson(report);
          if (f === 'junit') return renderJunit(report, { file: repoPath(sub.path) });
          if (f === 'classroom') return renderClassroom(report);
          if (f === 'github') return renderGithub(report, { file: repoPath(sub.path) });
          return renderTerminal(report, { colorLevel: colorLevel(!color), verbose: o.verbose ?? false, runLimitS: opts.limits.runMs / 1000 });
        };
        process.stdout.write(render(format, o.color !== false));
        if (format === 'github') await appendSummary(renderGithubSummary(reportFor('github')));
        const written = await writeOuts(outs.map((x) => ({ ...x, text: render(x.format, false) })));
        setExit(written ? exitCode(graded) : 2);
      } catch (e) {
        // A check that stops before any case runs (no submission file, no Python or numpy, no
        // sandbox) still gives a CI format's consumer a document with the reason: the template's
        // `> classroom.json` and `> junit.xml` were empty, and the reporters failed on the file.
        // The sentence on stderr and exit 2 stay. JSON too: `check --json | jq` read an empty input.
        const stop = isGraderError(e) ? (format !== 'terminal' || outs.length > 0 ? await stopFor(e, given, o) : null) : bugStop(e, given);
        if (stop) {
          // A bug's stop (exit 3) too: `check --format json | jq` or a Classroom step reading stdout
          // got an empty input there.
          if (format !== 'terminal') process.stdout.write(stoppedText(format, stop, given));
          if (format === 'github') await appendSummary(renderGithubStoppedSummary(stop));
          // Each --out file, a bug's stop included: a workflow reads them whatever the exit code
          // (templates/github-workflow.yml), and a file not written would leave what was there
          // before, a classroom.json the learner committed with full points (learner code can send
          // the runner's INTERNAL_ERROR report itself).
          await writeOuts(outs.map((x) => ({ ...x, text: x.format === 'terminal' ? stoppedTerminal(stop) : stoppedText(x.format, stop, given) })));
        }
        throw e;
      }
    });
}

/**
 * The Python's description of the last check in this folder and environment (python-info-cache.ts),
 * and the file it is kept in: under bwrap the sandbox starts from it (RunOptions.pythonGuess) while
 * the probe asks the Python again, whose answer confirms that run or makes it again (run-submission.ts).
 */
function rememberedPython(python: string, cache: string | null): { file: string | null; cache: string | null; known: PythonInfo | undefined } {
  const file = cache ? pythonCacheFile(cache, python, process.env, process.cwd()) : null;
  return { file, cache, known: file ? readPythonInfo(file) : undefined };
}

/** Under bwrap, stores the probe's description of the Python when it is new (rememberedPython). */
async function rememberPython(python: string, sandbox: Promise<SandboxMode>, { file, cache, known }: ReturnType<typeof rememberedPython>): Promise<void> {
  try {
    if ((await sandbox) !== 'bwrap') return;
    const info = await pythonInfo(python);
    if (file && cache && !(known && samePythonInfo(known, info))) await writePythonInfo(file, cache, info);
  } catch {
    // the run itself meets the same problem and says so
  }
}

/** load-suite.ts's loadSuite, its YAML parser loaded only when called (suite/case-files.ts). */
async function loadSuite(paths: string[]): Promise<Suite> {
  return (await import('../suite/load-suite.js')).loadSuite(paths);
}

/**
 * Appends to $GITHUB_STEP_SUMMARY when it is set. The summary is an extra: a file the step cannot
 * write (a container job that does not mount it, another user's) is one sentence, not a wlgrade
 * bug (a stack and exit 3 that failed the step), and the annotations and the exit code stand.
 */
async function appendSummary(text: string): Promise<void> {
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) return;
  await appendFile(summaryFile, text).catch((e: unknown) => {
    process.stderr.write(
      escapeTerminal(
        `wlgrade: cannot append the job summary to $GITHUB_STEP_SUMMARY (${oneLine(summaryFile)}: ${(e as NodeJS.ErrnoException).code ?? oneLine(String(e))}); the annotations above are complete. Run the step where that file can be written (as the runner's user, or with sudo -E), or unset GITHUB_STEP_SUMMARY.`,
      ) + '\n',
    );
  });
}

/**
 * The CI format's document for a check that stopped before any case ran. A learner's own problem
 * (no file, a folder or a file of another kind where the submission should be) is 0 of the suite's
 * points; the job's (no Python or numpy, no sandbox, a bad case file) is no score at all: Classroom
 * records no points for a result whose max_score is 0, and every learner's 0 would be the runner's.
 */
async function stopFor(e: GraderError, given: string | undefined, o: CommonOpts): Promise<Stop> {
  const learners = e.code === 'SUBMISSION_NOT_FOUND' || e.code === 'SUBMISSION_INVALID';
  const maxScore = learners
    ? await loadSuite(casePaths(o)).then(
        (s) => round(s.cases.reduce((t, c) => t + c.points, 0)),
        () => null,
      )
    : null;
  return { code: e.code, message: e.message, file: oneLine(given ?? 'submission'), maxScore };
}

type Stop = { code: string; message: string; file: string; maxScore: number | null };

/**
 * A check that stopped on a bug in wlgrade, or on the runner's INTERNAL_ERROR report (which learner
 * code can send itself): no score (max_score 0, so Classroom records no points), the first line of
 * the error, escaped and cut (text the file may have written); the whole error is on stderr.
 */
function bugStop(e: unknown, given: string | undefined): Stop {
  const internal = e instanceof RunnerBugError;
  const first = terminalLine((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
  const what = internal ? "wlgrade's runner reported an internal error (learner code can send that report itself)" : 'wlgrade failed on this submission (a bug in wlgrade)';
  return {
    code: internal ? 'INTERNAL_ERROR' : 'BUG',
    message: `${what}: ${first.length > 300 ? `${first.slice(0, 300)}…` : first}. Not graded; the whole error is on the check's standard error: please report it with the file.`,
    file: oneLine(given ?? 'submission'),
    maxScore: null,
  };
}

/** `--out terminal=FILE` of a check that stopped: the sentence stderr has, plain. */
const stoppedTerminal = (stop: Stop): string => `wlgrade: not graded (${stop.code}): ${escapeTerminal(stop.message)}\n`;

function stoppedText(format: Exclude<CheckFormat, 'terminal'>, stop: Stop, given: string | undefined): string {
  const at = given === undefined ? stop.file : oneLine(repoPath(given));
  if (format === 'json') return renderJsonStopped({ ...stop, version: VERSION });
  if (format === 'classroom') return renderClassroomStopped(stop);
  if (format === 'junit') return renderJunitStopped({ ...stop, file: at });
  return renderGithubStopped(stop);
}

const OUT_EXTENSION: Record<FileFormat, string> = { json: 'json', junit: 'xml', classroom: 'json', terminal: 'txt' };

/**
 * Every `--out` that names the file being checked, by its path or through a link (the same file on
 * disk): check wrote the report over the learner's code (red team 31: `--out json=assignment.py`,
 * a slip of a workflow's $SUBMISSION; review 31c: a second such --out was still written). No --out,
 * no look at the file (it is read once, by resolveSubmission).
 */
async function overFile(outs: CheckOut[], file: string): Promise<CheckOut[]> {
  if (outs.length === 0) return [];
  const id = (p: string) => stat(p).then((s) => `${s.dev}:${s.ino}`, () => undefined);
  const checked = await id(file);
  if (checked === undefined) return [];
  const found: CheckOut[] = [];
  for (const x of outs) if ((await id(x.file)) === checked) found.push(x);
  return found;
}

/** Why an --out that is the checked file is refused, and what to do. */
const overSentence = (over: CheckOut, file: string) =>
  `--out ${over.format}=${oneLine(over.file)} is the file being checked (${oneLine(file)}): the report would be written over it. Give the report a file of its own, e.g. --out ${over.format}=wlgrade-report.${OUT_EXTENSION[over.format]}.`;

/** With no file given, every --out that names an existing .py or .ipynb (check's own pick, or a file it may pick): never written. */
async function overCode(outs: CheckOut[]): Promise<CheckOut[]> {
  const found: CheckOut[] = [];
  for (const x of outs) if (/\.(py|ipynb)$/i.test(x.file) && (await stat(x.file).then(() => true, () => false))) found.push(x);
  return found;
}

/**
 * Writes each `--out` file; one that cannot be written is a sentence on stderr (the others, and
 * stdout's report, stand) and makes the exit code 2. Returns whether all were written.
 */
async function writeOuts(outs: Array<CheckOut & { text: string }>): Promise<boolean> {
  let ok = true;
  for (const x of outs) {
    await writeFile(x.file, x.text).catch((e: unknown) => {
      ok = false;
      process.stderr.write(terminalLine(`wlgrade: cannot write the ${x.format} report to ${x.file} (${(e as NodeJS.ErrnoException).code ?? String(e)}); the other outputs are complete. Give --out a file in a folder that exists and can be written.`) + '\n');
    });
  }
  return ok;
}

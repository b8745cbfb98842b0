/**
 * `wlgrade validate`: proves case suites right (they parse, expected values are finite and agree
 * in float32 and float64, correct samples pass) and strong enough (every known mistake is caught
 * by a public case and named by the diagnosis). The I/O shell: load files, run samples; the
 * judging is grader/src/validate/validate-suite.ts.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { GraderError, isGraderError, isSetupError } from '../errors.js';
import { gradeSubmission, resolveSubmission } from '../grade-submission.js';
import { CASES_DIR, PACKAGE_ROOT, PUBLIC_SUITE } from '../paths.js';
import { hasModuleCommand } from '../probes.js';
import { withFeedback } from '../report/feedback.js';
import { renderValidateTable, type PublicAnswers } from '../report/validate-table.js';
import { renderValidateGithub } from '../report/validate-github.js';
import { ValidateReportSchema, ValidateStoppedSchema, type ValidateReport } from '../schema/validate.js';
import { annotation } from '../report/github.js';
import { caseFileName, loadSuite, type Suite } from '../suite/load-suite.js';
import { answeredByPublic, validateSuite, type LoadedFile, type SampleOutcome } from '../validate/validate-suite.js';
import { VERSION } from '../version.js';
import { collect, gradeOptionsFrom, parsePositive, pythonFrom, withExamples, type CommonOpts } from './common.js';
import { stringifyJson } from '../report/stringify-json.js';

/** The shipped suites: public.yaml, and hidden.yaml when the checkout has it. */
export function shippedSuites(): string[] {
  const hidden = join(CASES_DIR, 'hidden.yaml');
  return existsSync(hidden) ? [PUBLIC_SUITE, hidden] : [PUBLIC_SUITE];
}

export function suitePaths(o: { cases?: string[] }): string[] {
  return (o.cases ?? shippedSuites()).map((p) => resolve(p));
}

// Only the fields validate needs; the samples e2e test owns the full manifest schema.
const ManifestSchema = z.object({
  samples: z.array(z.object({ file: z.string(), status: z.string(), requires: z.array(z.string()).default([]) })),
});

interface ValidateOpts extends CommonOpts {
  json?: boolean;
  format?: 'table' | 'json' | 'github';
  samples?: boolean;
}

export function registerValidate(program: Command, setExit: (code: number) => void): void {
  withExamples(program.command('validate'), [
    ['wlgrade validate', 'the bundled suites, before a term'],
    ['wlgrade validate --cases cases/public.yaml --cases my-hidden.yaml'],
    ['wlgrade validate --cases cases/public.yaml --cases my-hidden.yaml --format github', 'in the CI of a suite repository: exit 1 and an annotation per finding'],
  ])
    .description('check that case suites are right and strong enough: every known mistake caught by a public case and named')
    .option('--cases <path>', 'a YAML case file; repeat for several (default: cases/public.yaml, and cases/hidden.yaml if present)', collect)
    .option('--json', 'print the report as JSON (schema: grader/src/schema/validate.ts)')
    .addOption(new Option('--format <format>', 'table (default), json, or github: one annotation per finding, on the case file\'s line, for a suite repository\'s CI').choices(['table', 'json', 'github']))
    .option('--no-samples', 'do not run the correct samples of submissions/manifest.yaml')
    .option('--python <path>', 'the Python to run the samples with (default: $WLGRADE_PYTHON or python3)')
    .addOption(new Option('--sandbox <mode>', 'isolation for the samples: bwrap or process').choices(['bwrap', 'process']))
    .option('--call-timeout <seconds>', 'time limit for one call of a sample function', parsePositive('--call-timeout'))
    .action(async (o: ValidateOpts) => {
      if (o.json && o.format && o.format !== 'json') throw new GraderError('USAGE', `--json and --format ${o.format} ask for two different outputs; pass one of them.`);
      const format = o.json ? 'json' : (o.format ?? 'table');
      try {
        await validate(o, format, setExit);
      } catch (e) {
        // A stop before any finding (a case file that does not exist) still gives the machine
        // formats a document with the reason: `validate --json | jq` read an empty input. The
        // sentence on stderr and exit 2 stay.
        if (isGraderError(e) && format === 'json') {
          process.stdout.write(stringifyJson(ValidateStoppedSchema.parse({ schemaVersion: 1, tool: { name: 'wlgrade', version: VERSION }, ok: false, error: { code: e.code, message: e.message } })));
        } else if (isGraderError(e) && format === 'github') {
          process.stdout.write(annotation('error', { title: `wlgrade validate: cannot validate (${e.code})` }, e.message) + '\n');
        }
        throw e;
      }
    });
}

async function validate(o: ValidateOpts, format: 'table' | 'json' | 'github', setExit: (code: number) => void): Promise<void> {
  const paths = suitePaths(o);
  // Loaded one by one, a file given twice would be a duplicate-id finding for each of its cases.
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice) throw new GraderError('USAGE', `${relative(process.cwd(), twice) || twice} is given twice to --cases. Pass each case file once.`);
  const files: LoadedFile[] = [];
  for (const path of paths) {
    const file = caseFileName(path);
    try {
      files.push({ file, ok: true, suite: await loadSuite([path]) });
    } catch (e) {
      // A malformed file is a finding; a missing one stays a usage error (exit 2).
      if (isGraderError(e) && e.code === 'CASES_INVALID') files.push({ file, ok: false, message: e.message });
      else throw e;
    }
  }
  const notes: string[] = [];
  let samples: SampleOutcome[] | undefined;
  if (o.samples !== false) {
    const suite: Suite = { files: [], names: [], cases: [] };
    for (const f of files) if (f.ok) suite.cases.push(...f.suite.cases), suite.names.push(...f.suite.names), suite.files.push(...f.suite.files);
    samples = await runCorrectSamples(suite, o, notes);
  }
  const report = validateSuite({ files, version: VERSION, ...(samples ? { samples } : {}) });
  report.notes.push(...notes);
  const answered = await publicAnswers(report, files, paths);
  // The table says it in its findings; the JSON and the annotations, in a note.
  if (answered && format !== 'table') report.notes.push(`${answered.findings.length} of the findings go away with ${answered.file} beside ${answered.given.join(' and ')}, which hold${answered.given.length === 1 ? 's' : ''} no public case; learners graded with both: validate them together (--cases ${answered.file}${answered.given.map((g) => ` --cases ${g}`).join('')}).`);
  if (format === 'json') process.stdout.write(stringifyJson(ValidateReportSchema.parse(report)));
  else if (format === 'github') {
    // Annotations name files as the repository knows them: relative to the workspace.
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    process.stdout.write(renderValidateGithub(report, { file: (f) => relative(workspace, resolve(f)).split('\\').join('/'), ...(answered ? { answered } : {}) }));
  } else process.stdout.write(renderValidateTable(report, answered));
  setExit(report.ok ? 0 : 1);
}

/**
 * Given files with no public case (a hidden suite validated alone) and findings of how strong
 * they are: the findings the shipped public suite answers, found by validating them together with
 * it (without the samples), or undefined. Staff validating a hidden suite alone were given ~60-140
 * findings, one per variant of a mistake, that the public suite graded beside it answers.
 */
async function publicAnswers(report: ValidateReport, files: LoadedFile[], paths: string[]): Promise<PublicAnswers | undefined> {
  const loaded = files.filter((f): f is Extract<LoadedFile, { ok: true }> => f.ok);
  if (report.ok || loaded.length === 0 || loaded.some((f) => f.suite.cases.some((c) => c.visibility === 'public'))) return undefined;
  if (paths.includes(resolve(PUBLIC_SUITE)) || !existsSync(PUBLIC_SUITE)) return undefined;
  let pub: Suite;
  try {
    pub = await loadSuite([PUBLIC_SUITE]);
  } catch {
    return undefined;
  }
  // As --cases takes it from here (caseFileName names wlgrade's own suites cases/… from anywhere).
  const here = relative(process.cwd(), PUBLIC_SUITE);
  const file = here.startsWith('..') ? PUBLIC_SUITE : here;
  const together = validateSuite({ files: [{ file, ok: true, suite: pub }, ...files], version: VERSION });
  const findings = answeredByPublic(report, together);
  return findings.length ? { file, given: files.map((f) => f.file), findings } : undefined;
}

async function runCorrectSamples(suite: Suite, o: ValidateOpts, notes: string[]): Promise<SampleOutcome[]> {
  const dir = join(PACKAGE_ROOT, 'submissions');
  // The release tarball learners install leaves the samples out (package.json "files": they
  // include correct solutions), as it does the hidden suite: validate runs from a clone.
  if (!existsSync(join(dir, 'manifest.yaml'))) {
    throw new GraderError('USAGE', `wlgrade validate runs the sample submissions of a wlgrade clone (submissions/), which this install (${PACKAGE_ROOT}) does not have: the release tarball learners install leaves them out. Run it from a clone of wlgrade.`);
  }
  const manifest = ManifestSchema.parse(parse(readFileSync(join(dir, 'manifest.yaml'), 'utf8')));
  const python = pythonFrom(o);
  // The manifest's verdicts are those of the numpy Keras shim.
  const opts = { ...(await gradeOptionsFrom(o)), keras: 'shim' as const };
  if (suite.cases.length === 0) return [];
  // Samples are independent processes: run them side by side, report them in manifest order.
  const runs = manifest.samples
    .filter((x) => x.status === 'passed')
    .map(async (s): Promise<SampleOutcome | undefined> => {
      const missing = [];
      for (const m of s.requires) if (!(await hasModule(python, m))) missing.push(m);
      if (missing.length) {
        notes.push(`sample ${s.file} not run: ${python} lacks ${missing.join(', ')}.`);
        return undefined;
      }
      try {
        const sub = await resolveSubmission(join(dir, s.file), s.file);
        return { file: s.file, report: withFeedback(await gradeSubmission(sub, suite, opts), 'full') };
      } catch (e) {
        if (!isGraderError(e) || isSetupError(e)) throw e;
        return { file: s.file, error: e.message };
      }
    });
  return (await Promise.all(runs)).filter((x): x is SampleOutcome => x !== undefined);
}

async function hasModule(python: string, name: string): Promise<boolean> {
  const cmd = hasModuleCommand(python, name);
  // cmd.env (PYTHONPATH without the current folder) whole: extending process.env would put it back.
  return (await execa(cmd.file, cmd.args, { reject: false, ...(cmd.env ? { env: cmd.env, extendEnv: false } : {}) })).exitCode === 0;
}

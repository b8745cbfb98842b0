#!/usr/bin/env node
/**
 * wlgrade's command line: the only module that reads argv and the environment, prints, and exits.
 * Exit codes: 0 every case passed, 1 some case failed, 2 usage/configuration error or a
 * submission that cannot be graded as handed in, 3 a bug in wlgrade.
 */
import { Command, CommanderError, Option } from 'commander';
import { resolve } from 'node:path';
import { GraderError, isGraderError } from './errors.js';
import { gradeSubmission, resolveSubmission } from './grade-submission.js';
import { PUBLIC_SUITE } from './paths.js';
import { renderJson } from './report/json.js';
import { renderTerminal, type TerminalOptions } from './report/terminal.js';
import { DEFAULT_LIMITS, LimitsSchema, type Limits, type SandboxMode } from './sandbox/policy.js';
import { loadSuite } from './suite/load-suite.js';
import { VERSION } from './version.js';
import type { GradeReport } from './schema/report.js';

const env = process.env;

function colorLevel(forceOff: boolean): TerminalOptions['colorLevel'] {
  if (forceOff || 'NO_COLOR' in env || !process.stdout.isTTY) return 0;
  if (env.FORCE_COLOR === '0') return 0;
  const depth = process.stdout.getColorDepth?.() ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : 1;
}

function parsePositive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new GraderError('USAGE', `${name} must be a positive number of seconds, got "${v}".`);
    return n;
  };
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface CommonOpts {
  cases?: string[];
  python?: string;
  sandbox?: SandboxMode;
  callTimeout?: number;
  timeout?: number;
  keras?: 'shim' | 'real';
}

function limitsFrom(o: CommonOpts): Limits {
  return LimitsSchema.parse({
    ...DEFAULT_LIMITS,
    ...(o.callTimeout ? { callMs: Math.round(o.callTimeout * 1000) } : {}),
    ...(o.timeout ? { runMs: Math.round(o.timeout * 1000) } : {}),
  });
}

function withCommon(cmd: Command): Command {
  return cmd
    .option('--cases <path>', 'a YAML case file; repeat for several (default: the bundled public suite)', collect)
    .option('--python <path>', 'the Python to run submissions with (default: $WLGRADE_PYTHON or python3)')
    .addOption(new Option('--sandbox <mode>', 'isolation: process (default for now) or bwrap').choices(['bwrap', 'process']))
    .option('--call-timeout <seconds>', 'time limit for one call of a learner function', parsePositive('--call-timeout'))
    .option('--timeout <seconds>', 'time limit for a whole submission', parsePositive('--timeout'))
    .addOption(new Option('--keras <impl>', 'Keras backend API for submissions: shim (numpy, default) or real').choices(['shim', 'real']));
}

async function check(file: string, o: CommonOpts & { json?: boolean; verbose?: boolean; color?: boolean }): Promise<number> {
  const sub = await resolveSubmission(file);
  const suite = await loadSuite((o.cases ?? [PUBLIC_SUITE]).map((p) => resolve(p)));
  const python = o.python ?? env.WLGRADE_PYTHON ?? 'python3';
  const report = await gradeSubmission(sub, suite, {
    python,
    sandbox: o.sandbox ?? 'process',
    limits: limitsFrom(o),
    keras: o.keras ?? 'shim',
    version: VERSION,
  });
  if (o.json) process.stdout.write(renderJson(report));
  else process.stdout.write(renderTerminal(report, { colorLevel: colorLevel(o.color === false), verbose: o.verbose ?? false }));
  return exitCode(report);
}

export function exitCode(report: GradeReport): number {
  return report.status === 'passed' ? 0 : report.status === 'failed' ? 1 : 2;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('wlgrade')
    .description('Grades the class-weighted loss assignment and names the mistake behind every wrong answer.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  withCommon(program.command('check <file>'))
    .description('grade one .py or .ipynb submission and explain every failure')
    .option('--json', 'print the report as JSON (schema in README.md)')
    .option('-v, --verbose', 'list passed cases too')
    .option('--no-color', 'plain output')
    .action(async (file: string, o) => {
      code = await check(file, o);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    throw e;
  }
  return code;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isGraderError(e)) {
      process.stderr.write(`wlgrade: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.stderr.write('wlgrade: this is a bug in wlgrade, not in your code. Please report it with the command you ran.\n');
    process.exitCode = 3;
  },
);

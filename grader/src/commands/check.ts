/** `wlgrade check <file>`: one submission, the learner's view. */
import type { Command } from 'commander';
import { gradeSubmission, resolveSubmission } from '../grade-submission.js';
import { renderJson } from '../report/json.js';
import { renderTerminal } from '../report/terminal.js';
import type { GradeReport } from '../schema/report.js';
import { loadSuite } from '../suite/load-suite.js';
import { VERSION } from '../version.js';
import { casePaths, colorLevel, limitsFrom, pythonFrom, sandboxFrom, withCommon, type CommonOpts } from './common.js';

export function exitCode(report: GradeReport): number {
  return report.status === 'passed' ? 0 : report.status === 'failed' ? 1 : 2;
}

export function registerCheck(program: Command, setExit: (code: number) => void): void {
  withCommon(program.command('check <file>'))
    .description('grade one .py or .ipynb submission and explain every failure')
    .option('--json', 'print the report as JSON (schema in README.md)')
    .option('-v, --verbose', 'list passed cases too')
    .option('--no-color', 'plain output')
    .action(async (file: string, o: CommonOpts & { json?: boolean; verbose?: boolean; color?: boolean }) => {
      const sub = await resolveSubmission(file);
      const suite = await loadSuite(casePaths(o));
      const report = await gradeSubmission(sub, suite, {
        python: pythonFrom(o),
        sandbox: await sandboxFrom(o),
        limits: limitsFrom(o),
        keras: o.keras ?? 'shim',
        version: VERSION,
      });
      if (o.json) process.stdout.write(renderJson(report));
      else process.stdout.write(renderTerminal(report, { colorLevel: colorLevel(o.color === false), verbose: o.verbose ?? false }));
      setExit(exitCode(report));
    });
}

/**
 * wlgrade's commands, wired up (main.ts runs them; tests read their help). Commands live in
 * commands/, one file each.
 */
import { Command } from 'commander';
import { registerCases } from './commands/cases.js';
import { registerCheck } from './commands/check.js';
import { registerExport } from './commands/export.js';
import { registerGrade } from './commands/grade.js';
import { registerGradescope } from './commands/gradescope.js';
import { registerMerge } from './commands/merge.js';
import { registerValidate } from './commands/validate.js';
import { VERSION } from './version.js';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('wlgrade')
    .description('Grades the class-weighted loss assignment and names the mistake behind every wrong answer.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  registerCheck(program, setExit);
  registerGrade(program, setExit);
  registerMerge(program, setExit);
  registerGradescope(program, setExit);
  registerExport(program);
  registerValidate(program, setExit);
  registerCases(program);
  return program;
}

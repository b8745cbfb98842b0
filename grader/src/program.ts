/**
 * wlgrade's commands, wired up (main.ts runs them; tests read their help). Commands live in
 * commands/, one file each.
 */
import type { Command } from 'commander';
import { registerCases } from './commands/cases.js';
import { registerCheck } from './commands/check.js';
import { registerExport } from './commands/export.js';
import { registerGrade } from './commands/grade.js';
import { registerGradescope } from './commands/gradescope.js';
import { registerMerge } from './commands/merge.js';
import { registerValidate } from './commands/validate.js';
import { baseProgram } from './program-base.js';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = baseProgram();

  registerCheck(program, setExit);
  registerGrade(program, setExit);
  registerMerge(program, setExit);
  registerGradescope(program, setExit);
  registerExport(program);
  registerValidate(program, setExit);
  registerCases(program);
  return program;
}

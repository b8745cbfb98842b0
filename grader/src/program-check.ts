/**
 * The program `wlgrade check …` runs (main.ts loads it when `check` is the first argument): the
 * whole program's `check`, without the other commands. A check is the learner's edit-run loop, and
 * Node compiles every module a command imports before anything runs: the other commands' batch,
 * archive, CSV and LMS code was a fifth of the bundle a check compiled. program-check.test.ts holds
 * its `check` to the whole program's.
 */
import type { Command } from 'commander';
import { registerCheck } from './commands/check.js';
import { baseProgram } from './program-base.js';

export function buildCheckProgram(setExit: (code: number) => void): Command {
  const program = baseProgram();
  registerCheck(program, setExit);
  return program;
}

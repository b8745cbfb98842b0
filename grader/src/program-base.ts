/**
 * The wlgrade program before its commands: its name, description, version and error handling,
 * shared by the whole program (program.ts) and the one `check` loads (program-check.ts).
 */
import { Command } from 'commander';
import { VERSION } from './version.js';

export function baseProgram(): Command {
  return new Command('wlgrade')
    .description('Grades the class-weighted loss assignment and names the mistake behind every wrong answer.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

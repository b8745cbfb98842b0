/**
 * `wlgrade check …` runs a program with `check` alone (program-check.ts: Node then compiles a fifth
 * less code before a check starts). Its check must be the whole program's: the same help, options,
 * defaults, choices and arguments; the same program name, version and description; and what it
 * parses and prints for the same command lines, the ones the whole program stops on included.
 */
import type { Command } from 'commander';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { buildProgram } from '../../../src/program.js';
import { buildCheckProgram } from '../../../src/program-check.js';

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

/** Everything commander knows of a command that changes what it accepts or says. */
function shape(cmd: Command) {
  return {
    name: cmd.name(),
    help: helpOf(cmd),
    args: cmd.registeredArguments.map((a) => [a.name(), a.required, a.variadic]),
    options: cmd.options.map((o) => [o.flags, o.description, o.defaultValue, o.argChoices, o.mandatory, o.negate, o.hidden]),
  };
}

describe('the program check loads', () => {
  const whole = buildProgram(() => undefined);
  const alone = buildCheckProgram(() => undefined);

  it('has the whole program’s check, name, version and description', () => {
    expect(alone.commands.map((c) => c.name())).toEqual(['check']);
    expect(shape(alone.commands[0]!)).toEqual(shape(whole.commands.find((c) => c.name() === 'check')!));
    expect([alone.name(), alone.version(), alone.description()]).toEqual([whole.name(), whole.version(), whole.description()]);
  });

  it('parses check’s command lines as the whole program does', async () => {
    const lines = [
      ['check', 'x.py', '--json', '-v', '--feedback', 'mistakes'],
      ['check', '--format', 'junit', '--no-color', 'x.py'],
      ['check', 'x.py', '--cases', 'cases/hidden.yaml', '--sandbox', 'process', '--python', 'python3'],
    ];
    for (const line of lines) {
      const seen: unknown[] = [];
      for (const p of [buildProgram(() => undefined), buildCheckProgram(() => undefined)]) {
        const check = p.commands.find((c) => c.name() === 'check')!;
        check.action((file: unknown, opts: unknown) => void seen.push([file, opts]));
        await p.parseAsync(['node', 'wlgrade', ...line]);
      }
      expect(seen[1]).toEqual(seen[0]);
    }
  });

  it('is what `wlgrade check` runs, saying what the whole program says on the lines it stops on', async () => {
    const cli = join(PACKAGE_ROOT, 'dist', 'grader', 'src', 'cli.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does).`);
    for (const line of [['check', '--bogus', 'x.py'], ['check', '--format', 'nope', 'x.py'], ['check', 'a.py', 'b.py']]) {
      const r = await execa('node', [cli, ...line], { reject: false, cwd: PACKAGE_ROOT });
      let said = '';
      const p = buildProgram(() => undefined);
      p.configureOutput({ writeErr: (s) => (said += s), writeOut: (s) => (said += s) });
      for (const c of p.commands) c.configureOutput({ writeErr: (s) => (said += s), writeOut: (s) => (said += s) });
      await p.parseAsync(['node', 'wlgrade', ...line]).catch(() => undefined);
      expect([r.exitCode, r.stderr.trim()]).toEqual([2, said.trim()]);
    }
  });
});

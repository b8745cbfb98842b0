/**
 * `wlgrade <command> --help` as a newcomer reads it: every command has examples, every example is a
 * command line the command accepts (its options exist, their values are allowed, the required ones
 * are there, the case files it names are in a clone), every option is explained, and the commands
 * that grade for marks say that they stop, rather than fall back, where bwrap cannot start. The
 * recipes of README.md and docs/ are held to the same test: each `wlgrade` line of their code blocks.
 */
import type { Command, Option } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { buildProgram } from '../../../src/program.js';
import { DOWNLOAD_LAYOUTS } from '../../../src/batch/discover.js';
import { fillRoster, LMS_ROSTERS } from '../../../src/report/lms-csv.js';
import type { BatchRow } from '../../../src/schema/batch.js';

const program = buildProgram(() => undefined);

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

/** Every command that does something (not a group of subcommands), by its full name. */
function leaves(cmd: Command, prefix: string[] = []): Array<[string, Command]> {
  const subs = cmd.commands.filter((c) => c.name() !== 'help');
  if (subs.length === 0) return [[prefix.join(' '), cmd]];
  return subs.flatMap((c) => leaves(c, [...prefix, c.name()]));
}

/** A command line's words as a POSIX shell splits them (double and single quotes), up to a redirection. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (m[3] === '>' || m[3]?.startsWith('>')) break;
    out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

function examplesOf(help: string): string[] {
  return [...help.matchAll(/^ {2}\$ (.+)$/gm)].map((m) => m[1]!);
}

/** Why `line` is not a command line wlgrade accepts, or null. */
function problemWith(line: string): string | null {
  const argv = words(line);
  if (argv[0] !== 'wlgrade') return 'does not start with wlgrade';
  let cmd: Command = program;
  let i = 1;
  for (; i < argv.length; i++) {
    const sub = cmd.commands.find((c) => c.name() === argv[i]);
    if (!sub) break;
    cmd = sub;
  }
  if (cmd.commands.length > 0) return `names no command of ${cmd.name()}`;
  const given = new Set<Option>();
  const operands: string[] = [];
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.startsWith('-')) {
      operands.push(w);
      continue;
    }
    const [flag, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
    const opt = cmd.options.find((o) => o.long === flag || o.short === flag);
    if (!opt) return `${flag} is no option of ${cmd.name()}`;
    given.add(opt);
    if (!opt.required && !opt.optional) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) return `${flag} has no value`;
    if (opt.argChoices && !opt.argChoices.includes(value)) return `${flag} ${value} is not one of ${opt.argChoices.join(', ')}`;
    try {
      opt.parseArg?.(value, undefined);
    } catch (e) {
      return `${flag} ${value}: ${(e as Error).message}`;
    }
    if (flag === '--cases' && value.startsWith('cases/') && !existsSync(join(PACKAGE_ROOT, value))) return `${value} is not in a clone`;
  }
  const missing = cmd.options.filter((o) => o.mandatory && !given.has(o));
  if (missing.length) return `lacks ${missing.map((o) => o.long).join(', ')}`;
  const args = cmd.registeredArguments;
  if (operands.length < args.filter((a) => a.required).length) return `lacks ${args.map((a) => a.name()).join(' ')}`;
  if (!args.some((a) => a.variadic) && operands.length > args.length) return `has ${operands.length} operands, ${cmd.name()} takes ${args.length}`;
  return null;
}

describe('--help of every command', () => {
  it.each(leaves(program))('wlgrade %s: examples it accepts, every option explained', (_name, cmd) => {
    const help = helpOf(cmd);
    const examples = examplesOf(help);
    expect(examples.length, help).toBeGreaterThan(0);
    for (const line of examples) expect([line, problemWith(line)]).toEqual([line, null]);
    for (const o of cmd.options) expect(o.description.length, o.flags).toBeGreaterThan(10);
  });

  it('reads a bad example as bad (the checker itself)', () => {
    expect(problemWith('wlgrade grade learners/ --out results/ --jobs 0')).toMatch(/--jobs 0/);
    expect(problemWith('wlgrade grade learners/ --outt results/')).toBe('--outt is no option of grade');
    expect(problemWith('wlgrade grade learners/')).toBe('lacks --out');
    expect(problemWith('wlgrade export lms --results r --roster g.csv --column X --out u.csv --missing none')).toMatch(/not one of blank, zero/);
    expect(problemWith('wlgrade check a.py --cases cases/nope.yaml')).toBe('cases/nope.yaml is not in a clone');
    expect(problemWith('wlgrade check a.py --format junit > junit.xml')).toBeNull();
  });

  it("gradescope's exit codes name both ways to exit 2: results.json not written, or the autograder's own set-up broken (gradescope.test.ts exits 2 with results.json written)", () => {
    const cmd = leaves(program).find(([n]) => n === 'gradescope')![1];
    let help = '';
    cmd.configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (help += s) });
    cmd.outputHelp();
    expect(help.replace(/\s+/g, ' ')).toContain("2 when it could not be written, or when the autograder's own set-up has a problem");
  });

  it('says where each command stops rather than grade unfenced', () => {
    const sandbox = (name: string) => leaves(program).find(([n]) => n === name)![1].options.find((o) => o.long === '--sandbox')!.description;
    expect(sandbox('grade')).toMatch(/stops/);
    expect(sandbox('gradescope')).toMatch(/stops/);
    expect(sandbox('check')).toMatch(/--format classroom or --out classroom=… never falls back/);
  });
});

describe('command lines in README.md and docs/', () => {
  /** Every `wlgrade …` (or `node dist/grader/src/cli.js …`) line of a shell block, comment and prompt removed, with where it is. */
  function commandLines(): Array<[string, string]> {
    const files = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    return files.flatMap((file) =>
      [...readFileSync(join(PACKAGE_ROOT, file), 'utf8').matchAll(/^```(?:sh|bash|console)?\n([\s\S]*?)^```/gm)].flatMap((block) =>
        block[1]!
          .split('\n')
          .map((l) => l.replace(/^\s*\$\s+/, '').replace(/\s+#\s.*$/, '').replace(/^node dist\/grader\/src\/cli\.js /, 'wlgrade ').trim())
          .filter((l) => l.startsWith('wlgrade '))
          .map((l): [string, string] => [file, l]),
      ),
    );
  }

  it('finds the recipes (the checker itself)', () => {
    expect(commandLines().length).toBeGreaterThan(10);
  });

  it.each(commandLines())('%s: %s is a command line wlgrade accepts', (_file, line) => {
    expect(problemWith(line)).toBeNull();
  });
});

describe("README's and docs/staff.md's exit codes are --help's", () => {
  it.each(['check', 'grade'])('README.md\'s "The two commands" names every exit code that wlgrade %s --help lists (tidy 33)', (name) => {
    // README said only "`grade` exits 0 once the batch is done"; its --help also lists 2, 3, 130 and 143.
    const help = helpOf(leaves(program).find(([n]) => n === name)![1]).replace(/\s+/g, ' ');
    const codes = [...help.slice(help.indexOf('Exit codes:')).matchAll(/(?:^|[:;,] |or )(\d+)\b/g)].map((m) => m[1]!);
    expect(codes, help).toContain('0');
    const section = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8').split('## The two commands')[1]!.split('\n## ')[0]!.replace(/\s+/g, ' ');
    const sentence = section.slice(section.indexOf(`\`${name}\` exits`)).split(/\. (?=[A-Z])/)[0]!;
    expect(sentence, section).toMatch(new RegExp(`^\`${name}\` exits`));
    expect(codes.filter((c) => !new RegExp(`\\b${c}\\b`).test(sentence)), sentence).toEqual([]);
  });

  it("docs/staff.md's sentence on grade's exit codes names every one that wlgrade grade --help lists (tidy 33)", () => {
    const help = helpOf(leaves(program).find(([n]) => n === 'grade')![1]).replace(/\s+/g, ' ');
    const codes = [...help.slice(help.indexOf('Exit codes:')).matchAll(/(?:^|[:;,] |or )(\d+)\b/g)].map((m) => m[1]!);
    const staff = readFileSync(join(PACKAGE_ROOT, 'docs', 'staff.md'), 'utf8').replace(/\s+/g, ' ');
    const sentence = staff.slice(staff.indexOf('Exit code 0 when the batch finished')).split(/\. (?=[A-Z`])/)[0]!;
    expect(sentence).toMatch(/^Exit code 0 when the batch finished/);
    expect(codes.filter((c) => !new RegExp(`\\b${c}\\b`).test(sentence)), sentence).toEqual([]);
  });
});

describe('what --help says a command supports is what it supports', () => {
  const find = (...names: string[]) => names.reduce((cmd: Command, n) => cmd.commands.find((c) => c.name() === n)!, program);
  const flat = (s: string) => s.replace(/\s+/g, ' ');

  it('export lms (and export\'s list of subcommands) names every gradebook export fillRoster reads by name', () => {
    // A roster the exporter knows (it reads its points) is in LMS_ROSTERS: GitHub Classroom's grades CSV is one.
    const classroom = [['github_username', 'points_awarded', 'points_available'], ['ann', '23', '23']];
    const ann: BatchRow = { learner: 'ann', source: 'subs/ann.py', status: 'passed', score: 23, maxScore: 23, cases: { a: 23 }, mistakes: [], reused: false };
    expect(fillRoster(classroom, [ann], 43, { column: 'points_awarded', missing: 'blank', shown: 'g.csv' }).rosterMax?.classroom).toBe(true);
    expect(LMS_ROSTERS).toContain('GitHub Classroom');
    for (const help of [helpOf(find('export', 'lms')), helpOf(find('export'))]) {
      for (const lms of LMS_ROSTERS) expect(flat(help)).toContain(lms);
    }
  });

  it('grade names every download layout discover reads', () => {
    expect(DOWNLOAD_LAYOUTS).toEqual(expect.arrayContaining(['Canvas', 'Moodle', 'Blackboard', 'Brightspace', 'Gradescope']));
    const help = flat(helpOf(find('grade')));
    for (const lms of DOWNLOAD_LAYOUTS) expect(help).toContain(lms);
  });
});

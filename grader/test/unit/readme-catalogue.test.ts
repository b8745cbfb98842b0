/**
 * The README's mistake catalogue is the newcomer's list of what the grader can name: it must list
 * exactly the catalogued ids, in the order of reference/mistakes/ids.ts, each with the sample file
 * it says (`submissions/mistakes/<id>.py`, or an `.ipynb` it names); the number of
 * learners "The two commands" promises `npm run samples` grades is the samples' number; and the
 * `npm run` lines of README.md and docs/ name scripts package.json has, with any option after `--`
 * (npm keeps an option before it for itself: `npm run bench --quick` runs the full benchmark).
 * The JSON report's table lists GradeReportSchema's fields (and those of its objects) and the
 * problem codes; the sandbox's limits are said with their defaults and `check`'s flags. Every
 * repository path README.md and docs/ name in backquotes exists (their links: docs-links.test.ts). The counts it gives (cases in the suites, oracle cases) are the files' own;
 * its Node.js version is package.json's; a recipe that builds wlgrade puts it on the PATH before
 * running it; and the design notes name every module that touches the filesystem or spawns processes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MISTAKE_IDS } from '../../../reference/mistakes/index.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { buildProgram } from '../../src/program.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/policy.js';
import { CaseSchema, GenerateSchema, SuiteSchema } from '../../src/schema/suite.js';
import { parseSuite } from '../../src/suite/load-suite.js';
import { CaseResultSchema, GradeReportSchema, MistakeReportSchema, PROBLEM_CODES, ProblemSchema } from '../../src/schema/report.js';

describe('README mistake catalogue', () => {
  it('has one row per mistake id, in catalogue order', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `((?:loss|freqs|weights)-[a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...MISTAKE_IDS]);
  });
});

describe('README mistake samples', () => {
  it('has submissions/mistakes/<id>.py for every id, or the .ipynb the README names', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const files = readdirSync(join(PACKAGE_ROOT, 'submissions', 'mistakes'));
    const wrong = MISTAKE_IDS.filter((id) =>
      files.includes(`${id}.py`) ? false : !(files.includes(`${id}.ipynb`) && readme.includes(`(\`.ipynb\` for \`${id}\`)`)),
    );
    expect(wrong).toEqual([]);
  });
});

describe('README samples count', () => {
  it('says how many learners npm run samples grades: one per file in the four sample folders', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const said = /`: (\d+) learners \(every sample\)/.exec(readme);
    const files = ['correct', 'mistakes', 'notebooks', 'frameworks'].flatMap((d) =>
      readdirSync(join(PACKAGE_ROOT, 'submissions', d)).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')),
    );
    expect(said?.[1]).toBe(String(files.length));
  });
});

describe('README samples section', () => {
  it('says how many samples each folder holds, and how many in all', () => {
    const said = section('Samples');
    const folders = ['correct', 'mistakes', 'notebooks', 'frameworks'];
    const count = (d: string) => readdirSync(join(PACKAGE_ROOT, 'submissions', d)).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')).length;
    for (const d of folders) expect([d, new RegExp(`\`submissions/${d}/\` \\((\\d+)\\)`).exec(said)?.[1]]).toEqual([d, String(count(d))]);
    expect(/^(\d+) sample submissions/m.exec(said)?.[1]).toBe(String(folders.reduce((n, d) => n + count(d), 0)));
  });
});

describe('npm run lines in README.md and docs/', () => {
  const docs = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const scripts = Object.keys((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts);
  /** Each `npm run <script> <args>` up to the end of its code span, line, `&&` or comment. */
  const runs = docs.flatMap((file) =>
    [...readFileSync(join(PACKAGE_ROOT, file), 'utf8').matchAll(/npm run ([a-z][\w:-]*)([^`\n&#]*)/g)].map((m) => ({ file, script: m[1]!, args: m[2]!.trim().split(/\s+/).filter(Boolean) })),
  );

  it('finds them (the checker itself)', () => {
    expect(runs.filter((r) => r.file === 'README.md').map((r) => r.script)).toEqual(expect.arrayContaining(['build', 'samples', 'bench']));
  });

  it('name a script of package.json, and pass options to it after --', () => {
    const wrong = runs.filter((r) => !scripts.includes(r.script) || (r.args[0]?.startsWith('-') && r.args[0] !== '--'));
    expect(wrong).toEqual([]);
  });
});

/** The README's section under `## title`, up to the next `## `. */
function section(title: string): string {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README JSON report table', () => {
  const rows = new Map(
    [...section('JSON report (`check --json`)').matchAll(/^\| (`[^|]+`) \| (.*) \|$/gm)].map((m) => [m[1]!.replace(/`|\[\]/g, ''), m[2]!] as const),
  );
  /** The names of a `{a, b?, c[]: …, d (…)}` list opening a row's meaning. */
  const names = (meaning: string) => /^`?\{([^}]*)\}/.exec(meaning)![1]!.split(', ').map((f) => /^\w+/.exec(f)![0]);

  it('has one row per field of GradeReportSchema, in its order', () => {
    expect([...rows.keys()].flatMap((k) => k.split(', '))).toEqual(Object.keys(GradeReportSchema.shape));
  });

  it.each([
    ['tool', GradeReportSchema.shape.tool.shape],
    ['submission', GradeReportSchema.shape.submission.shape],
    ['python', GradeReportSchema.shape.python.unwrap().shape],
    ['problems', ProblemSchema.shape],
    ['cases', CaseResultSchema.shape],
    ['mistakes', MistakeReportSchema.shape],
    ['output', GradeReportSchema.shape.output.shape],
  ])('lists the fields of %s', (row, shape) => {
    expect(names(rows.get(row)!)).toEqual(Object.keys(shape));
  });

  it('lists every problem code', () => {
    expect([...rows.get('problems')!.split('}')[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])).toEqual([...PROBLEM_CODES]);
  });
});

describe('README sandbox limits', () => {
  it("says each default limit, and the flag of check that sets it", () => {
    const L = DEFAULT_LIMITS;
    const said = section('Sandbox: guarantees and limits').replace(/\s+/g, ' ');
    expect(said).toContain(
      `**Limits** (defaults; flags): ${L.callMs / 1000} s per call (\`--call-timeout\`), ${L.runMs / 1000} s per submission (\`--timeout\`), ` +
        `${L.cpuSeconds} s CPU (\`--cpu-time\`), ${L.memoryMb / 1024} GiB address space (\`--memory\`), ${L.processes} processes (\`--max-processes\`), ` +
        `${L.fileSizeMb} MiB files (\`--max-file-size\`), ${L.openFiles} open files, ${L.outputKeptBytes / 1024} KiB of stdout/stderr kept, ` +
        `${L.outputMaxBytes / 1024 / 1024} MiB printed at most.`,
    );
    const check = buildProgram(() => undefined).commands.find((c) => c.name() === 'check')!;
    for (const flag of said.match(/`--[a-z-]+`(?=\))/g)!.map((f) => f.slice(1, -1))) expect(check.options.map((o) => o.long)).toContain(flag);
  });
});

describe('paths in README.md and docs/ (links: docs-links.test.ts)', () => {
  const files = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'reference/oracles/README.md'];
  const text = (f: string) => readFileSync(join(PACKAGE_ROOT, f), 'utf8');
  it.each(files)('%s: every repository path in backquotes exists', (file) => {
    const paths = [...text(file).matchAll(/`((?:grader|reference|cases|submissions|templates|docs|scripts|\.ci)\/[^`\s]*)`/g)].map((m) => m[1]!);
    expect(paths.filter((p) => !/[<*…]/.test(p) && !existsSync(join(PACKAGE_ROOT, p)))).toEqual([]);
  });

  it.each(files)('%s: every test file it names by its name alone is one of grader/test/', (file) => {
    const tests = new Set(readdirSync(join(PACKAGE_ROOT, 'grader', 'test'), { recursive: true, encoding: 'utf8' }).map((f) => f.split('/').pop()!));
    const named = [...text(file).matchAll(/(?<![\w/-])([a-z0-9-]+\.test\.ts)\b/g)].map((m) => m[1]!);
    expect(named.filter((n) => !tests.has(n))).toEqual([]);
  });
});

describe('recipes in README.md and docs/', () => {
  it('that build wlgrade in a clone and then run it, put it on the PATH first', () => {
    const docs = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const blocks = docs.flatMap((file) => [...readFileSync(join(PACKAGE_ROOT, file), 'utf8').matchAll(/^```(?:sh|bash)?\n([\s\S]*?)^```/gm)].map((m) => ({ file, block: m[1]! })));
    const builds = blocks.filter(({ block }) => /npm run build/.test(block) && /^wlgrade /m.test(block));
    expect(builds.length).toBeGreaterThan(0);
    expect(builds.filter(({ block }) => !/npm link|npm install (-g|--global)/.test(block))).toEqual([]);
  });
});

describe('README benchmark', () => {
  it('says how many cases the public and hidden suites hold', () => {
    const count = (f: string) => (parse(readFileSync(join(PACKAGE_ROOT, 'cases', f), 'utf8')) as { cases: unknown[] }).cases.length;
    expect(/public \+ hidden suites \((\d+) cases\)/.exec(section('Benchmark'))?.[1]).toBe(String(count('public.yaml') + count('hidden.yaml')));
  });
});

describe('README design notes', () => {
  it('name every module of grader/src that touches the filesystem or spawns processes, none in grade/ or report/', () => {
    const said = /\*\*Pure core, thin shell\.\*\*[^\n]*(?:\n {2}[^\n]*)*/.exec(section('Design notes'))![0];
    const named = [...said.matchAll(/`([\w./-]+)`/g)].map((m) => m[1]!.replace(/^grader\/src\//, ''));
    expect(named).toEqual(expect.arrayContaining(['grade/', 'report/', 'cli.ts']));
    const io = /from '(node:(fs|fs\/promises|child_process)|execa)'/;
    const src = join(PACKAGE_ROOT, 'grader', 'src');
    const modules = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && io.test(readFileSync(join(src, f), 'utf8')));
    const shell = named.filter((n) => n !== 'grade/' && n !== 'report/');
    expect(modules.filter((f) => !shell.some((n) => (n.endsWith('/') ? f.startsWith(n) : f === n)))).toEqual([]);
  });
});

describe('README requirements', () => {
  it("name the Node.js version package.json's engines accept", () => {
    const engines = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(/^Requirements: Node\.js ([\d.]+)\+/m.exec(section('The two commands'))?.[1]).toBe(/^>=([\d.]+)$/.exec(engines)?.[1]);
  });
});

describe('README case format', () => {
  it('says on how many cases the reference is proven against the oracles', () => {
    const oracles = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'reference', 'oracles', 'oracles.json'), 'utf8')) as { core_cases: unknown[] };
    expect(/oracles on (\d+) cases/.exec(section('Case format'))?.[1]).toBe(String(oracles.core_cases.length));
  });
});

describe('README design notes, libraries', () => {
  it('say why each dependency of package.json is there, beyond vitest, zod, execa, chalk and yaml too', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies: object; devDependencies: object };
    const said = /\*\*Libraries\*\*[^\n]*(?:\n {2}[^\n]*)*/.exec(section('Design notes'))![0].replace(/\s+/g, ' ');
    const named = (d: string) => said.includes(`\`${d}\``) || (d.startsWith('@types/') && said.includes('`@types/…`'));
    expect([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((d) => !named(d))).toEqual([]);
  });
});

describe('wlgrade commands in the prose of README.md and docs/ (code blocks: help.test.ts)', () => {
  const docs = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const program = buildProgram(() => undefined);
  /** Each `wlgrade <command> …` of a code span outside code blocks, up to a comment, pipe, `;` or `&&`. */
  const shown = docs.flatMap((file) => {
    const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
    const pieces = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
    return pieces.flatMap((p) => [...p.matchAll(/(?:^|[\s"'(])wlgrade ((?:export |cases )?[a-z]+)((?:(?!#|\||;|&&)[^\n])*)/g)].map((m) => ({ file, command: m[1]!, rest: m[2]! })));
  });

  it('finds them (the checker itself)', () => {
    expect(new Set(shown.map((s) => s.command))).toEqual(new Set(['check', 'grade', 'merge', 'validate', 'gradescope', 'export lms', 'export gradescope', 'cases show']));
  });

  it('name a command of wlgrade, with options it has', () => {
    const wrong = shown.flatMap(({ file, command, rest }) => {
      const [name, sub] = command.split(' ') as [string, string | undefined];
      let cmd = program.commands.find((c) => c.name() === name);
      if (cmd && sub) cmd = cmd.commands.find((c) => c.name() === sub);
      if (!cmd) return [`${file}: wlgrade ${command}`];
      const longs = new Set([...cmd.options.map((o) => o.long), '--help']);
      return [...rest.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((m) => m[1]!).filter((f) => !longs.has(f)).map((f) => `${file}: wlgrade ${command} ${f}`);
    });
    expect(wrong).toEqual([]);
  });
});

describe('README pins', () => {
  it("name the major versions and the rollup override package.json pins", () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      overrides: Record<string, string>;
    };
    const said = /\*\*Pins\*\*[^\n]*(?:\n {2}[^\n]*)*/.exec(section('Design notes'))![0].replace(/\s+/g, ' ');
    const majors = [.../\(([a-z]+ \d+(?:, [a-z]+ \d+)*)\)/.exec(said)![1]!.split(', ')].map((p) => p.split(' ') as [string, string]);
    expect(majors.length).toBeGreaterThan(2);
    for (const [name, major] of majors) expect([name, (pkg.dependencies[name] ?? pkg.devDependencies[name])?.split('.')[0]]).toEqual([name, major]);
    expect(/`overrides\.rollup` pins vitest's bundler to ([\d.]+)/.exec(said)?.[1]).toBe(pkg.overrides.rollup);
  });
});

describe('README case format example', () => {
  const example = /^```yaml\n([\s\S]*?)^```/m.exec(section('Case format'))![1]!;

  it('is a case file the loader accepts as written', () => {
    expect(parseSuite(example, 'README.md').cases.length).toBeGreaterThan(1);
  });

  it.each([
    ['the suite', SuiteSchema.shape],
    ['defaults', SuiteSchema.shape.defaults.unwrap().shape],
    ['a case', CaseSchema.shape],
    ['generate', GenerateSchema.shape],
  ])('uses every field of %s', (_, shape) => {
    const keys = new Set([...example.matchAll(/^\s*(?:- )?([a-z_]+):/gm)].map((m) => m[1]!));
    expect(Object.keys(shape).filter((k) => !keys.has(k))).toEqual([]);
  });
});

describe("README's problems[] row on a course helper module", () => {
  it('puts a declared one (`helpers:`) under IMPORT_ERROR and an undeclared one under IMPORT_UNRESOLVABLE, as grade-suite.ts does', () => {
    const row = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith('| `problems[]` |'))!;
    const importError = row.slice(row.indexOf('`IMPORT_ERROR` ('), row.indexOf('`IMPORT_UNRESOLVABLE` ('));
    const unresolvable = row.slice(row.indexOf('`IMPORT_UNRESOLVABLE` ('), row.indexOf('`LOAD_ERROR`'));
    expect(importError).toMatch(/course helper module the case files declare \(`helpers:`\)/);
    expect(unresolvable).toMatch(/an undeclared helper module/);
  });
});

/**
 * importedModules (siblings.ts) reads the graded file's imports in the grader's own thread, for
 * every `check` and every learner of a `grade` batch. Its `from` pattern had `[ \t]+`, an optional
 * name, then `[ \t]+`: a `from` followed by a long run of blanks and no import was tried at every
 * split of the run, quadratic in it (red team 35: 40,000 spaces took 2.4 s; a 10 MiB .py, within
 * the size the grader takes, held the grader for days, the batch with it). The pattern now reads
 * each run of blanks one way. A child process runs the 10 MiB files (the built dist/, as the CLI), so that the old pattern
 * fails this test by its watchdog (minutes, where the new one takes milliseconds) and does not
 * hang the test worker; and the answers are checked against the old pattern's on random text.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { importedModules } from '../../src/siblings.js';
import { rng } from '../helpers/rng.js';

const MAX_PACKAGE_DEPTH = 4;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** importedModules as it stood, with its old `from` pattern: the oracle for what it reads. */
function byOldPattern(source: string, pkg?: string): Set<string> {
  const out = new Set<string>();
  const text = source.replace(/\\[nrt]/g, ' ');
  const add = (dotted: string) => {
    const parts = dotted.split('.').map((p) => p.normalize('NFKC'));
    if (parts.length > MAX_PACKAGE_DEPTH || !parts.every((p) => IDENT.test(p))) return;
    for (let k = 1; k <= parts.length; k++) out.add(parts.slice(0, k).join('.'));
  };
  const read = (id: string, flags: string) => {
    const dotted = `${id}(?:\\.${id})*`;
    const names = `${id}(?:[ \\t]+as[ \\t]+${id})?(?:[ \\t]*,[ \\t]*${id}(?:[ \\t]+as[ \\t]+${id})?)*`;
    for (const m of text.matchAll(new RegExp(`\\bfrom[ \\t]+(\\.*)(${dotted})?[ \\t]+import\\b[ \\t]*(?:\\(([^()]{0,4000})|(${names}))?`, flags))) {
      const [, dots = '', name = '', grouped, plain = ''] = m;
      const list = grouped === undefined ? plain : grouped.replace(/#[^\n]*/g, '').replace(/["\s]+/g, ' ');
      let base = name;
      if (dots) {
        const up = pkg?.split('.') ?? [];
        if (!pkg || dots.length - 1 >= up.length) continue;
        base = [...up.slice(0, up.length - (dots.length - 1)), ...(name ? [name] : [])].join('.');
      }
      if (!base) continue;
      add(base);
      for (const part of list.split(',')) if (part.trim()) add(`${base}.${part.trim().split(/[ \t]/)[0]!}`);
    }
    for (const m of text.matchAll(new RegExp(`\\bimport[ \\t]+(${dotted}(?:[ \\t]+as[ \\t]+${id})?(?:[ \\t]*,[ \\t]*${dotted}(?:[ \\t]+as[ \\t]+${id})?)*)`, flags))) {
      for (const part of m[1]!.split(',')) add(part.trim().split(/[ \t]/)[0]!);
    }
  };
  read('[A-Za-z_]\\w*', 'g');
  if (!/^[\x00-\x7f]*$/.test(text)) read('[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}]*', 'gu');
  return out;
}

const SCRIPT = `
import { importedModules } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'grader', 'src', 'siblings.js'))};
const MiB = 10 * 2 ** 20;
const fill = (head, tail) => head + ' '.repeat(MiB - head.length - tail.length) + tail;
const out = [fill('from', 'x\\n'), fill('from .', 'x\\n'), fill('from\\t', '(\\n'), fill('from utils', ' \\n'), fill('import numpy\\nfrom helpers', 'import f\\n')]
  .map((text) => [...importedModules(text, 'pkg.sub')].sort());
process.stdout.write(JSON.stringify(out));
`;

describe('importedModules: runs of blanks after from', () => {
  it('reads a 10 MiB file of one from and blanks (the .py size limit) at once, as the old pattern would have', async () => {
    // The watchdog only keeps a hang from holding the suite: the new pattern takes milliseconds
    // here, the old one days.
    const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', SCRIPT], { timeout: 180_000 });
    expect(JSON.parse(stdout)).toEqual([[], [], [], [], ['f', 'helpers', 'helpers.f', 'numpy']]);
  }, 200_000);

  it('finds the same modules as the old pattern in random import lines', () => {
    const next = rng(35).next; // mulberry32, the same sequence as the copy each file had
    const tokens = ['from', 'import', ' ', ' ', '  ', '\t', '.', '..', 'utils', 'pkg', 'pkg.mod', 'as', ',', '(', ')', '\n', '#', 'x', 'ｈelpers', '\\n', 'f'];
    let found = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 14) }, () => tokens[Math.floor(next() * tokens.length)]!).join('');
      for (const pkg of [undefined, 'pkg.sub']) {
        const got = importedModules(text, pkg);
        expect([...got].sort(), JSON.stringify(text)).toEqual([...byOldPattern(text, pkg)].sort());
        found += got.size;
      }
    }
    expect(found).toBeGreaterThan(1000); // the texts do import things
  });
});

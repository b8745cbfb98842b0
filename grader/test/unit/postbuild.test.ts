/**
 * scripts/postbuild.mjs bundles tsc's dist/grader/src/cli.js in place. Run a second time with no
 * tsc in between (`node scripts/postbuild.mjs` again, a build script that calls it twice), it took
 * the bundle's entry for tsc's and bundled it again: it deleted bundle/ first, so the entry's
 * imports were gone, esbuild failed, and dist was left with an entry whose chunks no longer
 * existed (every wlgrade command then failed). Run on a package of its own: the script, a small
 * tsc-like dist and grader/src/python, with this checkout's node_modules.
 */
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

const root = mkdtempSync(join(tmpdir(), 'wlgrade-postbuild-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const src = join(root, 'dist', 'grader', 'src');
/** What tsc writes: an entry, a module it imports, one it loads later. */
function tscOutput(): void {
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'cli.js'), "#!/usr/bin/env node\nimport { early } from './early.js';\nearly();\nconst { main } = await import('./main.js');\nmain();\n");
  writeFileSync(join(src, 'early.js'), "export const early = () => process.stdout.write('early ');\n");
  writeFileSync(join(src, 'main.js'), "import { early } from './early.js';\nexport const main = () => { early(); process.stdout.write('main\\n'); };\n");
}

/** Every file under dist, with its bytes. */
const tree = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name), 'utf8')]));

describe('postbuild.mjs', () => {
  mkdirSync(join(root, 'scripts'));
  for (const f of ['postbuild.mjs', 'english-zod.mjs']) cpSync(join(PACKAGE_ROOT, 'scripts', f), join(root, 'scripts', f));
  mkdirSync(join(root, 'grader', 'src', 'python'), { recursive: true });
  writeFileSync(join(root, 'grader', 'src', 'python', 'runner.py'), 'X = 1\n');
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'));
  const postbuild = () => execa('node', [join(root, 'scripts', 'postbuild.mjs')], { reject: false, env: { WLGRADE_NO_BUNDLE: '' } });

  it('run twice with no tsc in between: the second run leaves the bundle as the first made it, and the CLI runs', async () => {
    tscOutput();
    const first = await postbuild();
    expect([first.exitCode, first.stderr]).toEqual([0, '']);
    const once = tree(join(root, 'dist'));
    expect(Object.keys(once).some((f) => f.includes('/bundle/'))).toBe(true);
    const second = await postbuild();
    expect([second.exitCode, second.stderr]).toEqual([0, '']);
    expect(tree(join(root, 'dist'))).toEqual(once);
    expect((await execa('node', [join(src, 'cli.js')])).stdout).toBe('early early main');
  });

  it('after tsc again: bundled afresh from its output', async () => {
    tscOutput();
    writeFileSync(join(src, 'main.js'), "export const main = () => process.stdout.write('new main\\n');\n");
    const r = await postbuild();
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect((await execa('node', [join(src, 'cli.js')])).stdout).toBe('early new main');
  });

  it("a bundle whose chunks are gone: one sentence, what to run, and dist left as it was", async () => {
    tscOutput();
    expect((await postbuild()).exitCode).toBe(0);
    rmSync(join(src, 'bundle'), { recursive: true });
    const before = tree(join(root, 'dist'));
    const r = await postbuild();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^postbuild: dist\/grader\/src\/cli\.js is already the bundled CLI, but its bundle\/[\w.-]+\.js is gone: run npm run build \(tsc first\) to build it again\.$/);
    expect(tree(join(root, 'dist'))).toEqual(before);
  });
});

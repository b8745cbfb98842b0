/**
 * The release tarball (`npm pack`) is what learners install (README's learner recipe, the GitHub
 * Classroom workflow downloads it from a public URL): it must hold what `check` needs and nothing a
 * learner must not read. Red-team round 10: it held cases/hidden.yaml (every hidden input), the
 * correct sample solutions under submissions/ and reference/oracles.json, though the docs say
 * hidden cases never reach learners. Its dependencies are what `npm install -g` fetches for every
 * learner (and setup.sh's `npm ci --omit=dev` on Gradescope): only what the shipped code imports.
 */
import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

describe('the release tarball learners install', () => {
  it('ships the CLI, the runner and the public suite, never the hidden suite, sample solutions, oracles or tests', async () => {
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    for (const needed of ['package.json', 'dist/grader/src/cli.js', 'grader/src/python/runner.py', 'grader/src/python/limits.py', 'grader/src/python/pool_server.py', 'cases/public.yaml']) {
      expect(files).toContain(needed);
    }
    const leaks = files.filter((f) => /^cases\/(?!public\.yaml$)|^submissions\/|^reference\/|oracles|^grader\/test\/|^dist\/grader\/test\/|__pycache__/.test(f));
    expect(leaks).toEqual([]);
  }, 60_000);
});

describe('the dependencies a learner installs with it', () => {
  it('are the packages the shipped code (grader/src, reference/) imports; test tools are devDependencies', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const shipped = ['grader/src', 'reference'].flatMap((dir) =>
      readdirSync(join(PACKAGE_ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(PACKAGE_ROOT, dir, f), 'utf8')),
    );
    const imported = (name: string) => shipped.some((text) => text.includes(`from '${name}'`) || text.includes(`from '${name}/`) || text.includes(`import('${name}'`));
    expect(Object.keys(pkg.dependencies).filter((name) => !imported(name))).toEqual([]);
  });
});

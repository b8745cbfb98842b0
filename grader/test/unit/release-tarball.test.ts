/**
 * The release tarball (`npm pack`) is what learners install (README's learner recipe, the GitHub
 * Classroom workflow downloads it from a public URL): it must hold what `check` needs and nothing a
 * learner must not read. Red-team round 10: it held cases/hidden.yaml (every hidden input), the
 * correct sample solutions under submissions/ and reference/oracles.json, though the docs say
 * hidden cases never reach learners. Its dependencies are what `npm install -g` fetches for every
 * learner (and setup.sh's `npm ci --omit=dev` on Gradescope): only what the shipped code imports.
 */
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { codeDirs } from '../../src/version.js';

describe('the release tarball learners install', () => {
  it('ships the CLI, the runner and the public suite, never the hidden suite, sample solutions, oracles or tests', async () => {
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    for (const needed of ['package.json', 'dist/grader/src/cli.js', 'grader/src/python/runner.py', 'grader/src/python/limits.py', 'grader/src/python/pool_server.py', 'cases/public.yaml']) {
      expect(files).toContain(needed);
    }
    const leaks = files.filter((f) => /^cases\/(?!public\.yaml$)|^submissions\/|^reference\/|oracles|^grader\/test\/|^dist\/grader\/test\/|\.pyc$(?<!^grader\/src\/python\/(?:shim\/)?__pycache__\/[^/]+)/.test(f));
    expect(leaks).toEqual([]);
  }, 60_000);

  it("ships the build's bytecode of the runner's folder, for the shipped sources only, checked by hash", async () => {
    // A cold run imports runner.py from __pycache__ (wlgrade_run.py; scripts/postbuild.mjs writes
    // it). npm pack gives every file the same 1985 time: a timestamp .pyc would be stale once
    // installed, a checked-hash one (flags 3, PEP 552) is valid for as long as its source is the same.
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    const pycs = files.filter((f) => f.endsWith('.pyc'));
    const sources = pycs.map((f) => f.replace(/__pycache__\/([^/.]+)\.[^/]+\.pyc$/, '$1.py'));
    expect(sources.filter((f) => !files.includes(f) || !f.startsWith('grader/src/python/'))).toEqual([]);
    const tag = (await execa(process.env.WLGRADE_PYTHON ?? 'python3', ['-c', 'import sys; print(sys.implementation.cache_tag)'])).stdout.trim();
    const runner = `grader/src/python/__pycache__/runner.${tag}.pyc`;
    expect(pycs).toContain(runner);
    expect(readFileSync(join(PACKAGE_ROOT, runner)).readUInt32LE(4)).toBe(3);
  }, 60_000);
});

describe('the build fingerprint of an install of the tarball', () => {
  it("is the checkout's it was packed from: every file buildVersion hashes there is shipped", async () => {
    // merge refuses shards of two builds (version.ts): a shard graded by the tarball installed on
    // one machine and one graded from the checkout it was packed from are one build. The
    // fingerprint hashed reference/'s sources, which the tarball never ships (above), so the two
    // differed (0.1.0+86eba0af0363f149 installed, 0.1.0+3359d6cf115db9a9 in the checkout).
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT });
    const shipped = new Set((JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
    const bundle = join(PACKAGE_ROOT, 'dist', 'grader', 'src', 'bundle');
    const hashed = codeDirs(existsSync(bundle) ? bundle : join(PACKAGE_ROOT, 'dist', 'grader', 'src')).flatMap((dir) =>
      existsSync(dir)
        ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
            .filter((f) => /\.(?:[cm]?js|ts|py)$/.test(f) && !f.endsWith('.d.ts') && !/(?:^|\/)(?:__pycache__|node_modules)\//.test(f))
            .map((f) => relative(PACKAGE_ROOT, join(dir, f)).split(sep).join('/'))
        : [],
    );
    expect(hashed.length).toBeGreaterThan(10);
    expect(hashed.filter((f) => !shipped.has(f))).toEqual([]);
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

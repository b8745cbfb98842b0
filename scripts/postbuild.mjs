// After tsc: bundle the CLI, then restore the executable bit.
//
// Loading ~300 small ESM files (zod, execa, yaml, commander and ours) costs a `wlgrade check`
// more than the grading itself; a bundle loads in a fraction of that (measured in
// docs/performance.md). The bundle is split in two: the entry (cli.ts and probes.ts, a few KB,
// which starts the sandbox and Python probes at once) and everything else in dist/grader/src/bundle/,
// loaded by the entry's dynamic import while the probes run. The entry replaces
// dist/grader/src/cli.js in place, so the bin entry, paths.ts's package-root lookup (it walks up
// from the module's folder) and every other dist module stay as they are. esbuild comes with
// vitest (dev install); without it the unbundled tsc output is kept, which works the same, only
// slower to start.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { englishZodOnly } from './english-zod.mjs';

const cli = fileURLToPath(new URL('../dist/grader/src/cli.js', import.meta.url));
// The first line after the shebang of the bundle's entry: tsc's cli.js has no such line.
const BANNER = "import { createRequire as __wlgradeRequire } from 'node:module'; const require = __wlgradeRequire(import.meta.url);";
// Run again with no tsc in between, cli.js is this script's bundle, not tsc's output: bundling it
// again deleted bundle/ first, so esbuild could not resolve the entry's chunks, and dist was left
// with an entry whose chunks were gone. The bundle is then already what this script makes of tsc's
// output, and stays; one whose chunks are gone is rebuilt from tsc's output only.
const bundled = existsSync(cli) && readFileSync(cli, 'utf8').split('\n', 2).includes(BANNER);
if (bundled) {
  const gone = [...readFileSync(cli, 'utf8').matchAll(/["']\.\/(bundle\/[^"']+)["']/g)].map((m) => m[1]).find((f) => !existsSync(join(dirname(cli), f)));
  if (gone !== undefined) {
    process.stderr.write(`postbuild: dist/grader/src/cli.js is already the bundled CLI, but its ${gone} is gone: run npm run build (tsc first) to build it again.\n`);
    process.exit(1);
  }
}
let esbuild = null;
try {
  esbuild = bundled ? null : await import('esbuild');
} catch {
  process.stderr.write('postbuild: esbuild not installed; the CLI is not bundled (slower start, same behaviour)\n');
}
if (esbuild && process.env.WLGRADE_NO_BUNDLE !== '1') {
  rmSync(`${dirname(cli)}/bundle`, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [cli],
    outdir: dirname(cli),
    // Paths in the bundle's comments are relative to this folder: the package's, wherever the build is started from.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    entryNames: '[name]',
    chunkNames: 'bundle/[name]-[hash]',
    splitting: true,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // CommonJS dependencies (commander) call require() for Node built-ins.
    banner: { js: BANNER },
    plugins: [englishZodOnly],
  });
}
// The Python side's bytecode, next to its sources (__pycache__/<name>.cpython-XY.pyc): a cold run
// starts wlgrade_run.py, which imports runner.py as a module, and Python reads a module's valid .pyc
// instead of compiling its source (~77 ms for runner.py; -B only stops Python writing them). Built
// for the Python that grades by default ($WLGRADE_PYTHON, python3), each under its own version tag;
// another Python compiles the sources, as before. checked-hash, not timestamp: the .pyc holds a hash
// of its source, which Python checks at each import (~0.1 ms for runner.py), so a source edited
// after the build, or copied with new times (git checkout, npm pack's fixed 1985 times), is compiled
// from its text and a .pyc is only ever used for the very source it was built from. The folder is
// emptied first: it then holds only this build's files (npm pack ships it; not in git).
const pythonDir = fileURLToPath(new URL('../grader/src/python', import.meta.url));
for (const sub of ['', '/shim']) rmSync(`${pythonDir}${sub}/__pycache__`, { recursive: true, force: true });
for (const python of new Set([process.env.WLGRADE_PYTHON, 'python3'].filter(Boolean))) {
  const r = spawnSync(python, ['-m', 'compileall', '-q', '-f', '--invalidation-mode', 'checked-hash', pythonDir], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`postbuild: ${python} did not compile grader/src/python (${r.error?.message ?? r.stderr.trim().split('\n').pop()}); cold runs compile the runner at each start (slower, same behaviour)\n`);
  }
}
// tsc drops the executable bit; the bin entry must stay runnable as ./dist/grader/src/cli.js.
chmodSync(cli, 0o755);

/**
 * `npm run bench`: how fast a cohort is graded, measured in one run on this machine.
 *
 *   (a) the warm pool (grader/src/pool/), default sandbox;
 *   (b) one cold sandboxed process per submission (runSubmission), default sandbox;
 *   (c) the floor: a plain `python3` per submission running the same calls, no sandbox, no checks;
 *   `wlgrade check` wall time on one .py (median of several spawns of the built CLI), under
 *   --sandbox process and --sandbox bwrap, on a notebook and on a Keras-shim solution;
 *   and, when PyTorch is installed, the pool with torch preloaded on a torch cohort.
 *
 * Prints a table and writes bench-results.json (--out). `--quick` is a smoke run for CI: small
 * numbers, never compared against targets. Options: --n N, --jobs N, --python P, --out FILE.
 */
import { execa } from 'execa';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsFor } from '../src/grade/grade-suite.js';
import { gradeSubmission, resolveSubmission, type GradeOptions } from '../src/grade-submission.js';
import { CASES_DIR, PACKAGE_ROOT, PUBLIC_SUITE } from '../src/paths.js';
import { createPool, defaultJobs } from '../src/pool/create-pool.js';
import { probeBwrap, pythonInfo } from '../src/sandbox/detect.js';
import { DEFAULT_LIMITS, type SandboxMode } from '../src/sandbox/policy.js';
import { runSubmission, type RunSubmission } from '../src/sandbox/run-submission.js';
import { loadSuite, type Suite } from '../src/suite/load-suite.js';
import { VERSION } from '../src/version.js';
import { existsSync, readFileSync } from 'node:fs';
import { treeRss } from './tree-rss.js';
import { parse as parseYaml } from 'yaml';

interface Args {
  quick: boolean;
  n: number;
  jobs: number;
  python: string;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, n: 1_000, jobs: defaultJobs(), python: process.env.WLGRADE_PYTHON ?? 'python3', out: 'bench-results.json' };
  let nGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${v} needs a value`);
      return x;
    };
    if (v === '--quick') a.quick = true;
    else if (v === '--n') ((a.n = Number(next())), (nGiven = true));
    else if (v === '--jobs') a.jobs = Number(next());
    else if (v === '--python') a.python = next();
    else if (v === '--out') a.out = next();
    else throw new Error(`unknown option ${v}; use --quick, --n N, --jobs N, --python P, --out FILE`);
  }
  if (a.quick && !nGiven) a.n = 40;
  return a;
}

const CLI = join(PACKAGE_ROOT, 'dist', 'grader', 'src', 'cli.js');

interface Phase {
  submissions: number;
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  peakRssMb: number;
  /** Node's own CPU (this process: the grader, the pool's I/O, V8's threads) per submission, in ms; the RSS sampler's left out. */
  nodeCpuMs: number;
  note?: string;
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Peak RSS of this process and all its descendants, sampled every 100 ms while `fn` runs
 * (treeRss: the tree's own /proc files). The reads are synchronous: a sample takes a fraction of
 * a millisecond, where asynchronous reads (thread-pool round trips per file) would take several
 * and slow what is measured.
 */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number; samplerCpuMs: number }> {
  let peak = 0;
  // The sampler's own CPU, kept apart from the grader's.
  let samplerCpu = 0;
  const sample = () => {
    const c = process.cpuUsage();
    peak = Math.max(peak, treeRss(process.pid) ?? 0); // no /proc: no memory figure
    const d = process.cpuUsage(c);
    samplerCpu += d.user + d.system;
  };
  sample();
  const timer = setInterval(sample, 100);
  try {
    const value = await fn();
    sample();
    return { value, peakMb: round(peak / 1024 / 1024), samplerCpuMs: samplerCpu / 1000 };
  } finally {
    clearInterval(timer);
  }
}

/** Runs `fn` over items, `jobs` at a time; returns each item's latency (ms). */
async function timed<T>(items: T[], jobs: number, fn: (item: T) => Promise<unknown>): Promise<{ wallMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t = performance.now();
        await fn(item);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { wallMs: performance.now() - t0, latencies };
}

async function phase<T>(items: T[], jobs: number, fn: (item: T) => Promise<unknown>, note?: string): Promise<Phase> {
  const cpu = process.cpuUsage();
  const { value, peakMb, samplerCpuMs } = await withPeakRss(() => timed(items, jobs, fn));
  const used = process.cpuUsage(cpu);
  return {
    submissions: items.length,
    wallMs: round(value.wallMs),
    perSecond: round((items.length / value.wallMs) * 1000),
    p50Ms: round(quantile(value.latencies, 0.5)),
    p95Ms: round(quantile(value.latencies, 0.95)),
    peakRssMb: peakMb,
    nodeCpuMs: round(((used.user + used.system) / 1000 - samplerCpuMs) / items.length, 2),
    ...(note ? { note } : {}),
  };
}

/** Copies the samples round-robin into `n` learner files. */
async function makeCohort(dir: string, samples: string[], n: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const src = samples[i % samples.length]!;
    const ext = src.endsWith('.ipynb') ? '.ipynb' : '.py';
    const dest = join(dir, `learner-${String(i).padStart(5, '0')}${ext}`);
    await copyFile(src, dest);
    files.push(dest);
  }
  return files;
}

async function pyFiles(dir: string, ext = '.py'): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith(ext)).sort().map((f) => join(dir, f));
}

/**
 * The notebook `check` is timed on: the first the sample manifest says is graded in full ("passed"),
 * else the first. The first by name alone changed with the samples (capture-over-timeit.ipynb, a
 * notebook with a problem: check's exit 2, which the bench reads as a failed measure, "n/a").
 */
function checkedNotebook(subs: string, notebooks: string[]): string {
  const manifest = join(subs, 'manifest.yaml');
  const passed = new Set<string>();
  if (existsSync(manifest)) {
    const doc = parseYaml(readFileSync(manifest, 'utf8')) as { samples?: Array<{ file?: unknown; status?: unknown }> } | null;
    for (const s of doc?.samples ?? []) if (s.status === 'passed' && typeof s.file === 'string') passed.add(join(subs, s.file));
  }
  return notebooks.find((n) => passed.has(n)) ?? notebooks[0]!;
}

/** The hand-written floor: import numpy and the submission, call the functions, print JSON. */
const PLAIN_SCRIPT = String.raw`
import sys, json, importlib.util
import numpy as np
spec = importlib.util.spec_from_file_location("submission", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
calls = json.load(open(sys.argv[2]))
arr = lambda s: np.array(s["data"], dtype=s["dtype"]).reshape(s["shape"])
out = []
for c in calls:
    a = c["args"]
    try:
        if c["fn"] == "compute_class_freqs":
            v = mod.compute_class_freqs(arr(a["labels"]))
        else:
            f = mod.get_weighted_loss(arr(a["pos_weights"]), arr(a["neg_weights"]), a["epsilon"])
            v = f(arr(a["y_true"]), arr(a["y_pred"]))
        out.append(np.asarray(v, dtype=float).tolist() if not isinstance(v, tuple) else [np.asarray(x, dtype=float).tolist() for x in v])
    except Exception as e:
        out.append(repr(e))
print(json.dumps(out, default=str))
`;

async function median(times: number, fn: () => Promise<void>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return round(quantile(xs, 0.5));
}

async function checkMs(file: string, extra: string[], reps: number, python: string): Promise<number | null> {
  let ok = true;
  const ms = await median(reps, async () => {
    const r = await execa(process.execPath, [CLI, 'check', file, '--python', python, ...extra], { reject: false, env: { NO_COLOR: '1' } });
    if (r.exitCode !== 0 && r.exitCode !== 1) ok = false;
  });
  return ok ? ms : null;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run bench does).`);
  const bwrap = (await probeBwrap()).ok;
  const sandbox: SandboxMode = bwrap ? 'bwrap' : 'process';
  const hidden = join(CASES_DIR, 'hidden.yaml');
  const suite: Suite = await loadSuite(existsSync(hidden) ? [PUBLIC_SUITE, hidden] : [PUBLIC_SUITE]);
  const gradeOpts: GradeOptions = { python: args.python, sandbox, limits: DEFAULT_LIMITS, keras: 'shim', version: VERSION };
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-bench-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  try {
    const subs = join(PACKAGE_ROOT, 'submissions');
    // numpy submissions: a sample written for TensorFlow or PyTorch (loss-mixed-dtypes needs TensorFlow's
    // dtype rules) costs seconds of import and belongs to the frameworks' measure, not this one.
    const framework = /^\s*(import|from)\s+(tensorflow|torch)\b/m;
    const numpySamples = [...(await pyFiles(join(subs, 'correct'))), ...(await pyFiles(join(subs, 'mistakes')))].filter(
      (f) => !framework.test(readFileSync(f, 'utf8')),
    );
    const notebooks = await pyFiles(join(subs, 'notebooks'), '.ipynb');
    // Mostly .py, with a notebook every 25 submissions when the samples exist.
    const mixed = notebooks.length ? numpySamples.flatMap((s, i) => (i % 25 === 0 ? [s, notebooks[(i / 25) % notebooks.length]!] : [s])) : numpySamples;
    const cohort = await makeCohort(dir, mixed, args.n);
    const coldN = Math.min(args.n, args.quick ? 8 : 100);
    const subset = cohort.filter((f) => f.endsWith('.py')).slice(0, coldN);
    log(`wlgrade bench: ${args.n} submissions (${notebooks.length ? 'with notebooks' : 'no notebooks'}), ${args.jobs} jobs, sandbox ${sandbox}${args.quick ? ', quick' : ''}`);

    const grade = (run: RunSubmission) => async (file: string) => gradeSubmission(await resolveSubmission(file), suite, gradeOpts, run);

    // (a) warm pool. Notebooks and Keras-backend code use the numpy Keras shim, so nothing beyond
    // numpy needs preloading (forking after TensorFlow has started its threads is unsafe anyway).
    const preload: string[] = [];
    const pool = createPool({ size: args.jobs, preload });
    const warmStart = performance.now();
    await pool.warm(sandbox, args.python, 'shim', DEFAULT_LIMITS);
    const poolStartMs = round(performance.now() - warmStart);
    const warm = await phase(cohort, args.jobs, grade(pool.run), `pool of ${args.jobs}${preload.length ? `, preloaded ${preload.join(', ')}` : ''}, warm-up ${poolStartMs} ms not included`);
    await pool.close();
    log(`  (a) pool: ${warm.perSecond}/s`);

    // (b) cold sandboxed process per submission
    const cold = await phase(subset, args.jobs, grade(runSubmission), `first ${subset.length} .py submissions of the cohort`);
    log(`  (b) cold: ${cold.perSecond}/s`);

    // (c) plain python per submission
    const script = join(dir, 'plain.py');
    const callsFile = join(dir, 'calls.json');
    await writeFile(script, PLAIN_SCRIPT);
    await writeFile(callsFile, JSON.stringify(callsFor(suite)));
    const plainSubset = cohort.filter((f) => f.endsWith('.py')).slice(0, Math.min(args.n, args.quick ? 8 : 200));
    // The interpreter itself, not a launcher script (pyenv's `python3` is a bash shim that costs
    // ~0.1 s a start): the sandboxed modes run the real executable too.
    const plainPython = (await pythonInfo(args.python)).executable;
    const plain = await phase(plainSubset, args.jobs, async (f) => execa(plainPython, [script, f, callsFile], { reject: false }), `first ${plainSubset.length} .py submissions, no sandbox`);
    log(`  (c) plain: ${plain.perSecond}/s`);

    // torch: the pool with PyTorch preloaded, on torch submissions
    let torch: (Phase & { numpyPerSecond: number }) | null = null;
    const torchSample = join(subs, 'frameworks', 'pytorch.py');
    const hasTorch = (await execa(args.python, ['-c', 'import torch'], { reject: false })).exitCode === 0;
    if (hasTorch && existsSync(torchSample)) {
      const tdir = join(dir, 'torch');
      await execa('mkdir', ['-p', tdir]);
      const tcohort = await makeCohort(tdir, [torchSample], args.quick ? 4 : 200);
      const tpool = createPool({ size: args.jobs, preload: ['torch'] });
      await tpool.warm(sandbox, args.python, 'shim', DEFAULT_LIMITS);
      const t = await phase(tcohort, args.jobs, grade(tpool.run), 'pool with torch preloaded');
      await tpool.close();
      torch = { ...t, numpyPerSecond: warm.perSecond };
      log(`  torch pool: ${t.perSecond}/s`);
    }

    // wlgrade check latency
    const reps = args.quick ? 2 : 7;
    const loop = join(subs, 'correct', 'loop.py');
    const check = {
      defaultMs: await checkMs(loop, [], reps, args.python),
      processMs: await checkMs(loop, ['--sandbox', 'process'], reps, args.python),
      bwrapMs: bwrap ? await checkMs(loop, ['--sandbox', 'bwrap'], reps, args.python) : null,
      notebookMs: notebooks.length ? await checkMs(checkedNotebook(subs, notebooks), [], reps, args.python) : null,
      kerasShimMs: existsSync(join(subs, 'frameworks', 'keras-tf-keras-backend.py')) ? await checkMs(join(subs, 'frameworks', 'keras-tf-keras-backend.py'), [], reps, args.python) : null,
      runs: reps,
      file: 'submissions/correct/loop.py',
    };
    log(`  check: ${check.defaultMs} ms`);

    const results = {
      schemaVersion: 1,
      quick: args.quick,
      machine: { cpus: availableParallelism(), node: process.version, python: args.python },
      sandbox,
      cases: suite.cases.length,
      pool: warm,
      poolStartMs,
      cold,
      plain,
      torch,
      check: { ...check, bwrapOverProcess: check.bwrapMs && check.processMs ? round(check.bwrapMs / check.processMs, 2) : null },
      ratios: {
        poolOverCold: round(warm.perSecond / cold.perSecond, 1),
        poolOverPlain: round(warm.perSecond / plain.perSecond, 1),
        torchOverNumpy: torch ? round(torch.perSecond / warm.perSecond, 2) : null,
      },
    };
    await writeFile(args.out, JSON.stringify(results, null, 2) + '\n');
    const row = (name: string, p: Phase) => `${name.padEnd(28)} ${String(p.perSecond).padStart(8)}/s  p50 ${String(p.p50Ms).padStart(7)} ms  p95 ${String(p.p95Ms).padStart(7)} ms  peak RSS ${String(p.peakRssMb).padStart(7)} MB  Node CPU ${String(p.nodeCpuMs).padStart(5)} ms  (${p.submissions})`;
    const lines = [
      row('(a) warm pool', warm),
      row('(b) cold sandboxed process', cold),
      row('(c) plain python3', plain),
      ...(torch ? [row('torch pool (preloaded)', torch)] : ['torch pool: skipped (PyTorch not installed)']),
      `pool / cold ${results.ratios.poolOverCold}x   pool / plain ${results.ratios.poolOverPlain}x${torch ? `   torch / numpy ${results.ratios.torchOverNumpy}x` : ''}`,
      `check (median of ${reps}): default ${check.defaultMs} ms, process ${check.processMs} ms, bwrap ${check.bwrapMs ?? 'n/a'} ms (bwrap/process ${results.check.bwrapOverProcess ?? 'n/a'}x), notebook ${check.notebookMs ?? 'n/a'} ms, keras shim ${check.kerasShimMs ?? 'n/a'} ms`,
      `written to ${args.out}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

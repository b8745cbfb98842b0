/**
 * The pool server's warm state (pool_server.warm_state): a job's forked child must find everything
 * the runner itself needs already imported and its call path already warmed, so that it imports
 * nothing before the learner's own imports (a codec imported per job once cost ~0.9 ms), and the
 * warm-up must leave no trace a job could see.
 */
import { execa } from 'execa';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, PYTHON_DIR } from '../../../src/paths.js';
import { buildWorkerLaunch } from '../../../src/pool/worker-launch.js';
import { planLimitsFor } from '../../../src/sandbox/launch.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';
import { collectAttempts } from '../../../src/sandbox/run-submission.js';
import type { Plan } from '../../../src/schema/protocol.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';

async function runPython(script: string): Promise<unknown> {
  const r = await execa(PY, ['-c', script], { env: { OPENBLAS_NUM_THREADS: '1' } });
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const PRELUDE = `
import sys, os, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import numpy as np
import pool_server, runner
`;

/**
 * What a real job and a real server are given, as the grader builds them: the plan of a run's first
 * attempt (collectAttempts, its attempt runner stopped at once) and a process-mode server's config
 * (buildWorkerLaunch). A setting the warm-up must match (the weight probe, which the class-weight
 * reader needs to run at all) is then in the tests' jobs and warm-ups as it is in a batch's.
 */
let REAL = { plan: {} as Record<string, unknown>, server: {} as Record<string, unknown> };
beforeAll(async () => {
  let plan: Plan | undefined;
  const opts = { python: PY, sandbox: 'process' as const, limits: DEFAULT_LIMITS, keras: 'shim' as const, functions: ['compute_class_freqs' as const, 'weighted_loss' as const] };
  const target = { submissionPath: '/x.py', planLimits: planLimitsFor('process', DEFAULT_LIMITS) };
  await collectAttempts({ path: '/x.py', kind: 'py', displayName: 'x.py', bytes: Buffer.alloc(0) }, [], opts, target, Date.now(), async (p) => {
    plan = p;
    throw new Error('stop: only the plan is wanted');
  }).catch(() => undefined);
  const launch = await buildWorkerLaunch('process', { python: PY, limits: DEFAULT_LIMITS, preload: [], keras: 'shim' });
  if (launch.tempDir) await rm(launch.tempDir, { recursive: true, force: true });
  REAL = { plan: { ...plan! }, server: JSON.parse(launch.args.at(-1)!) as Record<string, unknown> };
});

/** The real job's plan and server config, as Python globals PLAN and SERVER (the prelude's tail). */
const realJob = () => `
PLAN = json.loads(${JSON.stringify(JSON.stringify(REAL.plan))})
SERVER = json.loads(${JSON.stringify(JSON.stringify(REAL.server))})
`;

/**
 * job(path, calls, after): runner.serve on the submission at `path` in a forked child, as the pool
 * runs a job, with a real job's plan (realJob's PLAN: the file, its calls and no limits swapped
 * in); returns the records it sent and what `after()` returned in the child (as JSON).
 */
const JOB = `
def job(path, calls, after):
    plan = dict(PLAN, submission=path, displayName=os.path.basename(path), kind="ipynb" if path.endswith(".ipynb") else "py",
                calls=calls, limits=None)
    null = os.open(os.devnull, os.O_WRONLY)
    chan_r, chan_w = os.pipe()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(null, 1); os.dup2(null, 2)
        runner._chan = chan_w
        try:
            runner.serve(plan)
        finally:
            os.write(w, json.dumps(after()).encode())
            os._exit(0)
    os.close(w); os.close(chan_w); os.close(null)
    records = b""
    while True:
        chunk = os.read(chan_r, 65536)
        if not chunk:
            break
        records += chunk
    os.waitpid(pid, 0)
    told = json.loads(os.read(r, 1 << 20))
    os.close(r); os.close(chan_r)
    return [json.loads(l.split(" ", 1)[1]) for l in records.decode().splitlines()], told
`;

/** How many of a function's instructions CPython has specialised (3.11+): none means it never ran warm. */
const SPECIALISED = `import dis
def specialised(fn):
    try:
        plain = [i.opname for i in dis.get_instructions(fn)]
        adaptive = [i.opname for i in dis.get_instructions(fn, adaptive=True)]
    except TypeError:  # before CPython 3.11: no specialisation to warm
        return None
    return sum(a != b for a, b in zip(plain, adaptive))`;

describe('pool_server.warm_up', () => {
  it('leaves no module, descriptor, channel or numpy setting behind, and specialises the call path', async () => {
    const out = (await runPython(`${PRELUDE}${realJob()}
import dis
def snapshot():
    return {"chan": runner._chan, "prefix": runner._prefix, "auto": list(runner._AUTO_FRAMEWORK),
            "fds": sorted(os.listdir("/proc/self/fd")), "modules": sorted(sys.modules),
            "path": list(sys.path), "err": np.geterr(), "filename": runner.Sub.filename}
${SPECIALISED}
before = snapshot()
cold = specialised(runner.run_call)
pool_server.warm_up(np)
after = snapshot()
print(json.dumps({"same": before == after, "diff": [k for k in before if before[k] != after[k]],
                  "cold": cold, "warm": specialised(runner.run_call), "encode": specialised(runner.encode)}))
`)) as { same: boolean; diff: string[]; cold: number | null; warm: number | null; encode: number | null };
    expect(out.diff).toEqual([]);
    expect(out.same).toBe(true);
    if (out.cold !== null) {
      expect(out.cold).toBe(0);
      expect(out.warm).toBeGreaterThan(0);
      expect(out.encode).toBeGreaterThan(0);
    }
  });
});

describe('pool_server.warm_state', () => {
  it('leaves a job nothing to import but the submission (a .py, a Keras-backend .py, a notebook)', async () => {
    const samples = [
      join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'),
      join(PACKAGE_ROOT, 'submissions/mistakes/loss-sum-not-mean.py'),
      join(PACKAGE_ROOT, 'submissions/frameworks/keras-from-keras-import-backend.py'),
      join(PACKAGE_ROOT, 'submissions/notebooks/course-keras.ipynb'),
    ];
    const out = (await runPython(`${PRELUDE}${realJob()}${JOB}
pool_server.warm_state(SERVER, np)
calls = pool_server.with_templates([
    {"id": "f", "fn": "compute_class_freqs", "args": {"labels": {"data": [1, 0, 0, 1, 1, 1], "dtype": "float64", "shape": [3, 2]}}},
    {"id": "l", "fn": "weighted_loss", "args": {
        "pos_weights": {"data": [0.3, 0.6], "dtype": "float64", "shape": [2]},
        "neg_weights": {"data": [0.7, 0.4], "dtype": "float64", "shape": [2]},
        "y_true": {"data": [1, 0, 0, 1], "dtype": "float64", "shape": [2, 2]},
        "y_pred": {"data": [0.9, 0.2, 0.3, 0.6], "dtype": "float64", "shape": [2, 2]},
        "epsilon": 1e-7, "epsilon_arg": "default"}},
])
result = {}
for path in ${JSON.stringify(samples)}:
    before = set(sys.modules)
    records, new = job(path, calls, lambda: sorted(set(sys.modules) - before))
    result[os.path.basename(path)] = {"new": new, "ok": [x.get("ok") for x in records if x["t"] == "result"]}
print(json.dumps(result))
`)) as Record<string, { new: string[]; ok: boolean[] }>;
    // The graded calls really ran in the children.
    for (const [name, r] of Object.entries(out)) expect(r.ok, name).toEqual([true, true]);
    expect(out['vectorised.py']!.new).toEqual(['submission']);
    expect(out['loss-sum-not-mean.py']!.new).toEqual(['submission']);
    // The Keras shim's stand-in `keras` is the learner's own import; nothing else is new.
    expect(out['keras-from-keras-import-backend.py']!.new).toEqual(['keras', 'submission']);
    expect(out['course-keras.ipynb']!.new.filter((m) => m !== 'keras')).toEqual(['submission']);
  });
});

describe("a job's Keras shim", () => {
  // Every job of a `keras: shim` server calls patch_loaded after loading the submission. Walking
  // sys.modules there wrote a reference count into each of its ~220 modules and names, and in a
  // forked job each write copies a page of the server (~150 pages, ~0.5 ms per submission).
  it('patches the public backend modules by name, copying almost none of the warm server', async () => {
    const out = (await runPython(`${PRELUDE}${realJob()}
import resource, types
pool_server.warm_state(SERVER, np)
shim = sys.modules["wlgrade_keras_shim"]
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    shim.patch_loaded()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    # Real backends under every public name (and one that is not public) are patched, or not.
    names = ["keras.backend", "keras.api.backend", "keras._tf_keras.keras.backend", "tf_keras.backend",
             "tensorflow.keras.backend", "keras.src.backend", "mykeras.backend"]
    for name in names:
        sys.modules[name] = types.ModuleType(name)
    shim.patch_loaded()
    patched = {name: getattr(sys.modules[name], "_wlgrade_patched", False) for name in names}
    os.write(w, json.dumps({"faults": faults, "patched": patched,
                            "mean": hasattr(sys.modules["keras.backend"], "mean")}).encode())
    os._exit(0)
os.close(w)
data = os.read(r, 65536)
os.waitpid(pid, 0)
print(data.decode())
`)) as { faults: number; patched: Record<string, boolean>; mean: boolean };
    expect(out.patched).toEqual({
      'keras.backend': true,
      'keras.api.backend': true,
      'keras._tf_keras.keras.backend': true,
      'tf_keras.backend': true,
      'tensorflow.keras.backend': true,
      'keras.src.backend': false,
      'mykeras.backend': false,
    });
    expect(out.mean).toBe(true);
    // A page or two for the call itself; one per module was ~150.
    expect(out.faults).toBeLessThan(40);
  });
});

describe("a job's syscall filter", () => {
  // limits.fence_syscalls runs in every job before learner code. Its first runs in a fresh process
  // specialise its bytecode and allocate (a ctypes class per call), each write a copied page of
  // the server in a forked job: the server runs the pure parts once ahead (limits.warm_up).
  it('is assembled by warmed code and makes no class of its own in the job', async () => {
    const out = (await runPython(`${PRELUDE}${realJob()}
import dis, ctypes, limits
${SPECIALISED}
pool_server.warm_state(SERVER, np)
warm = {"filter": specialised(limits.syscall_filter), "ids": specialised(limits._protected_ids)}
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()
    before = len(ctypes.Structure.__subclasses__())
    limits.fence_syscalls()
    os.write(w, json.dumps({"classes": len(ctypes.Structure.__subclasses__()) - before}).encode())
    os._exit(0)
os.close(w)
data = json.loads(os.read(r, 65536))
os.waitpid(pid, 0)
print(json.dumps(dict(data, **warm)))
`)) as { classes: number; filter: number | null; ids: number | null };
    expect(out.classes).toBe(0);
    if (out.filter !== null) {
      expect(out.filter).toBeGreaterThan(0);
      expect(out.ids).toBeGreaterThan(0);
    }
  });

  // Only the pid block (the run's ancestors) differs between jobs: the rest of the program, ~70
  // instructions packed one by one (~0.2 ms a job), is assembled once in the server.
  it('assembles in the job only the part that names its ancestors, the same program as from scratch', async () => {
    const out = (await runPython(`${PRELUDE}${realJob()}
import platform, limits
pool_server.warm_state(SERVER, np)
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()
    heads, made = [0], limits._filter_head
    def counted(machine):
        heads[0] += 1
        return made(machine)
    limits._filter_head = counted
    ids = limits._protected_ids()
    warm = limits.syscall_filter(platform.machine(), ids)
    job = heads[0]
    limits._FILTER_HEADS.clear()
    cold = limits.syscall_filter(platform.machine(), ids)
    os.write(w, json.dumps({"heads": job, "same": warm == cold, "after": heads[0], "ids": len(ids)}).encode())
    os._exit(0)
os.close(w)
data = json.loads(os.read(r, 65536))
os.waitpid(pid, 0)
print(json.dumps(data))
`)) as { heads: number; same: boolean; after: number; ids: number };
    expect(out.heads).toBe(0);
    expect(out.after).toBe(1); // a process that never warmed up (a cold run) makes it once
    expect(out.same).toBe(true);
    expect(out.ids).toBeGreaterThan(1);
  });
});

describe('pool_server.warm_readers', () => {
  // The readers every job runs after the load (and fix_sites) ran for the first time in each job:
  // their bytecode specialised and their allocations landed there, as copied pages of the server.
  it('runs the readers after the load once in the server, keeping no tree, with the same answers after', async () => {
    const out = (await runPython(`${PRELUDE}${realJob()}
import dis
${SPECIALISED}
source = open(${JSON.stringify(join(PACKAGE_ROOT, 'submissions', 'correct', 'loop.py'))}).read()
def answers():
    out = [repr(runner.unread_weights(source, None)), repr(runner.clips_predictions(source, None))]
    runner._PARSED.clear()
    del runner._STARTS[:]
    return out + [repr(runner.fix_sites(source))]
r, w = os.pipe()
pid = os.fork()
if pid == 0:  # the answers of a process whose readers never ran
    os.write(w, json.dumps(answers()).encode())
    os._exit(0)
os.close(w)
before = json.loads(os.read(r, 1 << 20))
os.waitpid(pid, 0)
pool_server.warm_state(SERVER, np)
names = ("fix_sites", "_walk", "_child_nodes", "unread_weights", "clips_predictions", "logits_calls", "bce_order_calls", "template_placeholders")
warm = {n: specialised(getattr(runner, n)) for n in names}
kept = len(runner._PARSED) + len(runner._STARTS)
print(json.dumps({"warm": warm, "kept": kept, "before": before, "after": answers()}))
`)) as { warm: Record<string, number | null>; kept: number; before: string[]; after: string[] };
    expect(out.kept).toBe(0);
    for (const [name, n] of Object.entries(out.warm)) if (n !== null) expect([name, n > 0]).toEqual([name, true]);
    expect(out.after).toEqual(out.before);
    expect(out.after[2]).toContain("'kind': 'division'"); // the readers did read: loop.py divides by N
  });
});

describe('the readers warm_readers warms', () => {
  // A reader serve ran after the load that warm_readers did not name was run cold in every job,
  // silently. The readers of the source (whatever asks _parse_once for the shared tree, and
  // fix_sites) are traced in jobs on submissions that pass every reader's cheap test, and in
  // warm_readers: every one a job ran must have been warmed.
  it('warms every reader a job runs on the source', async () => {
    const source = [
      'import numpy as np',
      'def compute_class_freqs(labels):',
      '    ### START CODE HERE',
      '    pos = None',
      '    ### END CODE HERE',
      '    return np.mean(labels, axis=0), 1 - np.mean(labels, axis=0)',
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
      '    def weighted_loss(y_true, y_pred):',
      '        p = np.clip(y_pred, epsilon, 1 - epsilon)',
      '        z = tf.nn.weighted_cross_entropy_with_logits(labels=y_true, logits=p, pos_weight=3)',
      '        b = tf.keras.losses.binary_crossentropy(y_pred, y_true)',
      '        return np.sum(np.mean(pos_weights * z, axis=0)) + b',
      '    return weighted_loss',
      // the course's weights, derived from the frequencies (class_weights reads them)
      'freq_pos, freq_neg = compute_class_freqs(np.ones((2, 2)))',
      'pos_weights = freq_neg',
      'neg_weights = freq_pos',
      '',
    ].join('\n');
    const samples = [join(PACKAGE_ROOT, 'submissions/notebooks/course-keras.ipynb')];
    const out = (await runPython(`${PRELUDE}${realJob()}${JOB}
import tempfile
readers = set()
def traced(fn, name=None):
    def wrapper(*args, **kwargs):
        readers.add(name or sys._getframe(1).f_code.co_name)
        return fn(*args, **kwargs)
    return wrapper
runner._parse_once = traced(runner._parse_once)
runner.fix_sites = traced(runner.fix_sites, "fix_sites")
import notebook
notebook.weight_assignments = traced(notebook.weight_assignments, "weight_assignments")
path = os.path.join(tempfile.mkdtemp(), "sub.py")
with open(path, "w") as f:
    f.write(${JSON.stringify(source)})
jobs = set()
for sub in [path] + ${JSON.stringify(samples)}:
    jobs.update(job(sub, [], lambda: sorted(readers))[1])
path_before = list(sys.path)
pool_server.warm_state(SERVER, np)  # as the server warms up, with its real config
print(json.dumps({"jobs": sorted(jobs), "warmed": sorted(readers), "path": list(sys.path) == path_before}))
`)) as { jobs: string[]; warmed: string[]; path: boolean };
    // The jobs did run the readers (the seven of runner.read_source, and the class weights on the
    // .py and the notebook), and the server's warm-up ran each, leaving sys.path as it was.
    expect(out.jobs.length).toBeGreaterThanOrEqual(7);
    expect(out.jobs).toEqual(expect.arrayContaining(['class_weights', 'weight_assignments']));
    expect(out.path).toBe(true);
    expect(out.jobs.filter((name) => !out.warmed.includes(name))).toEqual([]);
  });
});

describe("a job's regular expressions", () => {
  // A pattern built in the job (numpy_alias_notes' cheap test, from the aliases that job put back
  // into numpy) misses re's cache, which the job copies from the server: it was compiled in every
  // job, ~0.6 ms, its one regular expression compiled after the fork. The .py samples run the whole
  // of serve (load, readers, notes, calls) and compile none.
  it('compiles none in a job on a .py (every pattern is compiled in the server)', async () => {
    const samples = [
      join(PACKAGE_ROOT, 'submissions/correct/vectorised.py'),
      join(PACKAGE_ROOT, 'submissions/correct/loop.py'),
      join(PACKAGE_ROOT, 'submissions/mistakes/loss-sum-not-mean.py'),
    ];
    const out = (await runPython(`${PRELUDE}${realJob()}${JOB}
import re
pool_server.warm_state(SERVER, np)
calls = pool_server.with_templates([
    {"id": "f", "fn": "compute_class_freqs", "args": {"labels": {"data": [1, 0, 0, 1, 1, 1], "dtype": "float64", "shape": [3, 2]}}},
])
result = {}
for path in ${JSON.stringify(samples)}:
    before = set(re._cache)
    records, new = job(path, calls, lambda: sorted(str(k[1]) for k in set(re._cache) - before))
    result[os.path.basename(path)] = {"compiled": new, "ok": [x.get("ok") for x in records if x["t"] == "result"]}
print(json.dumps(result))
`)) as Record<string, { compiled: string[]; ok: boolean[] }>;
    for (const [name, r] of Object.entries(out)) expect([name, r.ok, r.compiled]).toEqual([name, [true], []]);
  });
});

describe("a job's numpy record and aliases", () => {
  // serve records numpy as it is before learner code (remember_numpy: its names, its tables of
  // removed names) and puts back the removed names that only named what numpy or Python still has
  // (install_numpy_aliases): the same findings in every job of a server, ~0.9 ms a job to make.
  // The server finds them once (runner.numpy_ahead); a job takes them, ending as a job that made them.
  it('takes what the server found, ending in the state a job that finds them itself ends in', async () => {
    const sample = join(PACKAGE_ROOT, 'submissions/correct/vectorised.py');
    const out = (await runPython(`${PRELUDE}${realJob()}${JOB}
def state():
    rec = runner._NUMPY_AT_START[0]
    ahead = getattr(runner, "_NUMPY_AHEAD", {})
    return {"names": rec["names"], "version": rec["version"], "expired": rec["expired"], "former": {k: list(v) for k, v in rec["former"].items()},
            "module": rec["module"] is np, "aliased": list(runner._ALIASED),
            "put": sorted(n for n in runner._NUMPY_ALIASES if n in np.__dict__ and n in runner._ALIASED),
            "values": {n: repr(np.__dict__[n]) for n in runner._ALIASED if not callable(np.__dict__[n]) or isinstance(np.__dict__[n], type)},
            "taken": bool(ahead) and rec is ahead.get("record")}
cold = job(${JSON.stringify(sample)}, [], state)[1]
pool_server.prepare(SERVER)  # the server's start as main makes it (numpy's import, then warm_state)
warm = job(${JSON.stringify(sample)}, [], state)[1]
print(json.dumps({"cold": cold, "warm": warm, "server": {"at_start": len(runner._NUMPY_AT_START), "aliased": len(runner._ALIASED),
                                                         "ahead": sorted(n for n, _ in runner._NUMPY_AHEAD["aliases"])}}))
`)) as { cold: Record<string, unknown>; warm: Record<string, unknown>; server: { at_start: number; aliased: number; ahead: string[] } };
    expect(out.cold.taken).toBe(false);
    expect(out.warm.taken).toBe(true);
    expect({ ...out.warm, taken: null }).toEqual({ ...out.cold, taken: null });
    expect((out.warm.aliased as string[]).length).toBeGreaterThan(0); // this numpy lacks some (NumPy 2: np.float_ ...)
    // The server's own numpy is left as it was: nothing recorded, nothing put back; what it found
    // to put back is what a job puts back (a server that put them back itself finds none).
    expect(out.server).toEqual({ at_start: 0, aliased: 0, ahead: out.warm.put });
  });
});

/**
 * Reads again, in a Python process that runs no learner code, the facts that make a missing module
 * the machine's (IMPORT_ERROR: blank, left for staff to install) rather than the file's
 * (IMPORT_UNRESOLVABLE: a 0). The run's records come from the process that ran the learner's file,
 * which can read the run's token and send any record: red team 30's file sent the load error
 * "ModuleNotFoundError: wlgrade_madeup, within numpy" itself and ended its process, and its row was
 * blank on every run, whatever staff installed; "torch, not installed" on a machine with torch, the
 * same. Only runs whose load names a missing module pay for the check (one Python start, and the
 * import of the package a dependency is claimed for), and only once per claim in a grading process:
 * the answers are kept (`known`), so a cohort where 200 learners import the same missing package
 * (TensorFlow's import takes seconds) pays once.
 */
import { execa } from 'execa';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { PYTHON_DIR } from '../paths.js';
import type { ErrorInfo } from '../schema/protocol.js';
import { shownPythonPath } from './bwrap.js';
import { pythonInfo } from './detect.js';
import { sandboxHidden } from './launch.js';
import { sandboxEnv, type SandboxMode } from './policy.js';
import { removeTree } from './remove-tree.js';
import type { RunOutcome } from './run-submission.js';

const FactsSchema = z.array(z.strictObject({ present: z.boolean(), stdlib: z.boolean(), within: z.boolean() }));
type Facts = z.infer<typeof FactsSchema>[number];

/**
 * A claimed dependency's package is imported for the check: TensorFlow's import takes seconds on a
 * busy machine. One that takes longer is no dependency (import_facts.py), so a forger cannot pick a
 * package whose import waits (on the network) until the grader gives up and keeps its claims.
 */
const WITHIN_SECONDS = 60;
const FACTS_TIMEOUT_MS = 180_000;

/** import_facts.py's answer for each claim, or undefined when it gave none (then the run's claims stand, as before). */
async function askPython(python: string, sandbox: SandboxMode, claims: Array<{ module: string; within?: string }>): Promise<Facts[] | undefined> {
  const home = await mkdtemp(join(tmpdir(), 'wlgrade-facts-'));
  try {
    // The interpreter the run started (launch.ts): the command as given in process mode (a wrapper
    // that sets the machine's PYTHONPATH runs), the real binary behind bwrap.
    const exe = sandbox === 'process' ? python : (await pythonInfo(python)).executable;
    // The sandbox's environment, with an empty HOME of its own (no user site, as in a run).
    const env = sandboxEnv(home, process.env);
    // Behind bwrap, the path the sandbox shows: a PYTHONPATH folder holding the submissions or --out
    // is not bound there, and a module in it, missing in the run, is not "here" either.
    if (sandbox !== 'process' && env.PYTHONPATH !== undefined) env.PYTHONPATH = shownPythonPath(env.PYTHONPATH, sandboxHidden());
    const r = await execa(exe, [join(PYTHON_DIR, 'import_facts.py'), JSON.stringify({ claims, seconds: WITHIN_SECONDS })], {
      reject: false,
      timeout: FACTS_TIMEOUT_MS,
      extendEnv: false,
      env,
      cwd: home,
      stdin: 'ignore',
    });
    if (r.exitCode !== 0 || r.timedOut) return undefined;
    const parsed = FactsSchema.safeParse(JSON.parse(String(r.stdout).trim().split('\n').pop() ?? ''));
    return parsed.success && parsed.data.length === claims.length ? parsed.data : undefined;
  } catch {
    return undefined;
  } finally {
    await removeTree(home).catch(() => undefined);
  }
}

type Claim = { module: string; within?: string };

/**
 * Facts already asked for in this process, by Python command, sandbox mode and claim: the same
 * interpreter with the same environment (sandboxEnv, from this process's) says the same of the
 * same claim, so one grading command (a batch) reads each claim once. A check that gave no answer
 * (a busy machine's time-out) is not kept: the next row asks again.
 */
const known = new Map<string, Promise<Facts | undefined>>();

async function factsFor(python: string, sandbox: SandboxMode, claims: Claim[]): Promise<Facts[] | undefined> {
  const key = (c: Claim) => JSON.stringify([python, sandbox, c.module, c.within ?? null]);
  const ask = new Map<string, Claim>();
  for (const c of claims) if (!known.has(key(c))) ask.set(key(c), c);
  if (ask.size > 0) {
    const asked = askPython(python, sandbox, [...ask.values()]);
    [...ask.keys()].forEach((k, i) => {
      const one = asked.then((facts) => facts?.[i]);
      known.set(k, one);
      void one.then((f) => {
        if (f === undefined && known.get(k) === one) known.delete(k);
      });
    });
  }
  const facts = await Promise.all(claims.map((c) => known.get(key(c))!));
  return facts.every((f) => f !== undefined) ? (facts as Facts[]) : undefined;
}

/** The claim with the facts read here: `here` when this Python has the module, else the run's stdlib and within only where they hold here. */
function vetted(e: ErrorInfo, f: Facts): ErrorInfo {
  const { stdlib: _stdlib, within, ...rest } = e;
  if (f.present) return { ...rest, here: true };
  return { ...rest, ...(f.stdlib ? { stdlib: true as const } : {}), ...(f.within && within !== undefined ? { within } : {}) };
}

/** A missing module the run names (not a name an installed module lacks, nor the file's own import). */
const claimed = (e: ErrorInfo | undefined): e is ErrorInfo & { module: string } =>
  e !== undefined && e.module !== undefined && e.absent === undefined && e.ownImport === undefined;

/**
 * The outcome with its load's missing modules (the load's error, a graded function's `missing`)
 * checked against this Python. Unchanged when none is named, or when the check gave no answer.
 */
export async function vetImportClaims(outcome: RunOutcome, python: string, sandbox: SandboxMode): Promise<RunOutcome> {
  const load = outcome.load;
  const errors: Array<ErrorInfo & { module: string }> = [];
  if ('error' in load && claimed(load.error)) errors.push(load.error);
  if (load.ok) for (const f of Object.values(load.functions)) if (claimed(f.missing)) errors.push(f.missing);
  if (errors.length === 0) return outcome;
  const facts = await factsFor(python, sandbox, errors.map((e) => ({ module: e.module, ...(e.within !== undefined ? { within: e.within } : {}) })));
  if (!facts) return outcome;
  const of = new Map<ErrorInfo, ErrorInfo>(errors.map((e, i) => [e, vetted(e, facts[i]!)]));
  if ('error' in load) return { ...outcome, load: { ...load, error: of.get(load.error) ?? load.error } };
  if (!load.ok) return outcome;
  const functions = Object.fromEntries(Object.entries(load.functions).map(([name, f]) => [name, f.missing && of.has(f.missing) ? { ...f, missing: of.get(f.missing)! } : f]));
  return { ...outcome, load: { ...load, functions } };
}

/**
 * Reads again, in a Python process that runs no learner code, the facts that make a missing module
 * the machine's (IMPORT_ERROR: blank, left for staff to install) rather than the file's
 * (IMPORT_UNRESOLVABLE: a 0). The run's records come from the process that ran the learner's file,
 * which can read the run's token and send any record: red team 30's file sent the load error
 * "ModuleNotFoundError: wlgrade_madeup, within numpy" itself and ended its process, and its row was
 * blank on every run, whatever staff installed; "torch, not installed" on a machine with torch, the
 * same. Only runs whose load names a missing module (or a name an installed one lacks) pay for the
 * check (one Python start, and the import of the package a dependency is claimed for), and only
 * once per claim in a grading process: the answers read before any other claimed package's import
 * (`alone`) are kept (`known`), so a cohort where 200 learners import the same missing package
 * (TensorFlow's import takes seconds) pays once.
 */
import { execa } from 'execa';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { editDistance } from '../edit-distance.js';
import { numpyDecides } from '../numpy-names.js';
import { PYTHON_DIR } from '../paths.js';
import type { ErrorInfo } from '../schema/protocol.js';
import { shownPythonPath } from './bwrap.js';
import { pythonInfo } from './detect.js';
import { sandboxHidden } from './launch.js';
import { sandboxEnv, type SandboxMode } from './policy.js';
import { removeTree } from './remove-tree.js';
import type { RunOutcome } from './run-submission.js';

/** A missing module the run names (with the package it says asked for it), or, with `package`, an installed package it says lacks a name (whose submodules are read). */
type Claim = { module: string; within?: string; package?: true; name?: string; submodule?: true };

/** A claim's key: the same module and dependency claim are one claim, read once. */
const claimKey = (c: Claim) => JSON.stringify([c.module, c.within ?? null, c.package ?? false, c.name ?? null, c.submodule ?? false]);

const FactsSchema = z.array(
  z.strictObject({ present: z.boolean(), stdlib: z.boolean(), within: z.boolean(), alone: z.boolean(), submodules: z.array(z.string().max(200)).max(10_000).nullable().optional(), opaque: z.boolean().optional(),
    has: z.boolean().nullable().optional(),
    parent: z.strictObject({ submodules: z.array(z.string().max(200)).max(10_000), version: z.string().regex(/^[0-9][0-9A-Za-z.+-]{0,38}$/).nullable() }).optional(),
  }),
);
/** import_facts.py's first line: what it reads before importing any package. */
const EarlySchema = z.array(z.strictObject({ present: z.boolean(), stdlib: z.boolean() }));
export type Facts = z.infer<typeof FactsSchema>[number];

/**
 * The whole check's time: TensorFlow's import (a claimed dependency's package) takes seconds on a
 * busy machine. import_facts.py shares it between the packages it imports (an import still running
 * when it is spent is no dependency), so however many slow packages a record names, its answer comes
 * back before the grader stops waiting (FACTS_TIMEOUT_MS, with room for Python's start).
 */
const WITHIN_SECONDS = 60;
const FACTS_TIMEOUT_MS = 120_000;
/**
 * At most this many distinct claims are read per run: the load's error and one per graded function
 * is 3. A record may list any number of functions; only the graded ones' claims are read at all.
 */
const MAX_CLAIMS = 4;

/** import_facts.py's answer for each claim, or undefined when it gave none (then no claim's stdlib or within stands). */
async function askPython(python: string, sandbox: SandboxMode, claims: Claim[]): Promise<Facts[] | undefined> {
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
    // The claims on stdin, not the command line: one argument has a size limit (128 KiB on Linux)
    // past which the checker would not start at all.
    const r = await execa(exe, [join(PYTHON_DIR, 'import_facts.py')], {
      reject: false,
      timeout: FACTS_TIMEOUT_MS,
      extendEnv: false,
      env,
      cwd: home,
      input: JSON.stringify({ claims, seconds: WITHIN_SECONDS }),
    });
    const lines = String(r.stdout).trim().split('\n');
    const read = <T>(schema: z.ZodType<T[]>, line: string | undefined): T[] | undefined => {
      try {
        const parsed = schema.safeParse(JSON.parse(line ?? ''));
        return parsed.success && parsed.data.length === claims.length ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    };
    const whole = r.exitCode === 0 && !r.timedOut && lines.length === 2 ? read(FactsSchema, lines[1]) : undefined;
    if (whole) return whole;
    // A claimed package's import ended the check (red team 31: a forged "numpy is missing" beside
    // a package that dies on import stood, unread): what it read before any import holds, and no
    // "within" does. Not alone: not kept for the batch (`known`).
    return read(EarlySchema, lines[0])?.map((f) => ({ ...f, within: false, alone: false }));
  } catch {
    return undefined;
  } finally {
    await removeTree(home).catch(() => undefined);
  }
}

/**
 * Facts already asked for in this process, by Python command, sandbox mode and claim: the same
 * interpreter with the same environment (sandboxEnv, from this process's) says the same of the
 * same claim, so one grading command (a batch) reads each claim once. A check that gave no answer
 * (a busy machine's time-out) is not kept: the next row asks again. Nor is a fact read after
 * another claimed package's import in the same check (not `alone`): that import may have changed it
 * (a stub put in sys.modules, the shared time spent), and a forger who put its own claim first
 * would decide another learner's answer; a row that joined such a check asks again on its own.
 */
const known = new Map<string, Promise<Facts | undefined>>();

async function factsFor(python: string, sandbox: SandboxMode, claims: ReadonlyArray<readonly [string, Claim]>): Promise<Facts[] | undefined> {
  // Each claim's own key (claimKey), after the interpreter and sandbox mode it is read with.
  const scope = JSON.stringify([python, sandbox]);
  const keys = claims.map(([k]) => `${scope}${k}`);
  const ask = new Map<string, Claim>();
  claims.forEach(([, c], i) => {
    if (!known.has(keys[i]!)) ask.set(keys[i]!, c);
  });
  if (ask.size > 0) {
    const asked = askPython(python, sandbox, [...ask.values()]);
    [...ask.keys()].forEach((k, i) => {
      const one = asked.then((facts) => facts?.[i]);
      known.set(k, one);
      void one.then((f) => {
        if ((f === undefined || !f.alone) && known.get(k) === one) known.delete(k);
      });
    });
  }
  const facts = await Promise.all(keys.map((k) => known.get(k)!));
  // Another row's check that read one of this row's claims after its own imports: read them here.
  const again = keys.flatMap((k, i) => (!ask.has(k) && facts[i] !== undefined && !facts[i]!.alone ? [i] : []));
  if (again.length > 0) {
    const own = await askPython(python, sandbox, again.map((i) => claims[i]![1]));
    again.forEach((i, j) => (facts[i] = own?.[j]));
  }
  return facts.every((f) => f !== undefined) ? (facts as Facts[]) : undefined;
}

/** What is left of a claim no answer came back for: no stdlib, no within (never kept unchecked). */
const UNREAD: Facts = { present: false, stdlib: false, within: false, alone: false };

/** The claim with the facts read here: `here` when this Python has the module, else the run's stdlib and within only where they hold here. */
export function vetted(e: ErrorInfo, f: Facts): ErrorInfo {
  const { stdlib: _stdlib, within, ...rest } = e;
  const held = { ...(f.stdlib ? { stdlib: true as const } : {}), ...(f.within && within !== undefined ? { within } : {}) };
  if (e.absent !== undefined) {
    // numpy's names are decided by numpy-names.json (a release had it: blank), so the claim itself is
    // read again: numpy, imported here, has the name (a forged "numpy has no array", or a file that
    // broke numpy's own): the file's doing, as a module this Python has.
    if (f.present && f.has === true) return { ...e, here: true };
    // A name an installed module lacks (the machine's version): only if that module is here, or may
    // be (`opaque`: tensorflow.keras.backend, which TensorFlow adds at import, has no folder: it was
    // read as not installed, "pip install tensorflow-cpu" where TensorFlow is). One that is not is a
    // module the file claims, read as one missing.
    if (f.present || f.opaque) return withSubmodules(e, f.submodules);
    const { absent: _absent, close: _close, submodule: _submodule, ...plain } = rest;
    return { ...plain, ...held };
  }
  if (f.present) return { ...rest, here: true };
  if (f.parent && !held.stdlib && within === undefined) {
    // `import keras.engine` named as not installed (the Keras shim's stand-in has only the backend:
    // "keras is not installed" where it is): keras is, and its folders, read here, lack engine.
    const dot = e.module!.lastIndexOf('.');
    const [parent, name] = [e.module!.slice(0, dot), e.module!.slice(dot + 1)];
    const top = parent.split('.')[0]!;
    const v = f.parent.version;
    const said = parent === top ? `${top}${v ? ` ${v}` : ''}` : `${parent}${v ? ` (${top} ${v})` : ''}`;
    return withSubmodules({ ...rest, module: parent, absent: name, submodule: true, message: `${said} has no submodule ${name}` }, f.parent.submodules);
  }
  return { ...rest, ...held };
}

/**
 * A name an installed package lacks, with what its own folders hold: `import torch.madeup` with no
 * such submodule there is `lacks`, told the one submodule it is a slip of when there is one (then the
 * file's; with none, another version may have it: left to staff, grade-suite.ts); `from scipy import linalgg`,
 * which the run could not tell a slip of (scipy.linalg not yet loaded), is told linalg, and a slip
 * the run found is the file's when it is of a submodule (`from torch import nnn`: nn). numpy's
 * names (and those of numpy.random, numpy.linalg ...) are decided by numpy-names.json instead, and
 * its deeper packages' by nothing here (older releases had submodules this install's folders lack:
 * numpy.lib.function_base, numpy.core.umath_tests), so they are left to staff.
 */
export function withSubmodules(e: ErrorInfo, submodules: readonly string[] | null | undefined): ErrorInfo {
  if (!submodules || e.absent === undefined || e.module?.split('.')[0] === 'numpy' || submodules.includes(e.absent)) return e;
  const close = e.close ?? slipOf(e.absent, submodules);
  if (e.submodule) return { ...e, lacks: true, ...(close !== undefined ? { close } : {}) };
  // A from-import's slip of a submodule (the run's close, or one found here): the install decides, as for `import scipy.linalgg`.
  return close !== undefined && submodules.includes(close) ? { ...e, close, lacks: true } : e;
}

/** The one submodule `name` is a one-letter slip of (not a change of letter case alone; runner.close_name's rule), if exactly one is. */
function slipOf(name: string, options: readonly string[]): string | undefined {
  if (name.length < 4) return undefined;
  const found = options.filter((o) => !o.startsWith('_') && o.toLowerCase() !== name.toLowerCase() && editDistance(name, o) === 1);
  return found.length === 1 ? found[0] : undefined;
}

/** A missing module the run names, or a name it says an installed module lacks (not the file's own import). */
const claimed = (e: ErrorInfo | undefined): e is ErrorInfo & { module: string } =>
  e !== undefined && e.module !== undefined && e.ownImport === undefined;

/**
 * The outcome with its load's missing modules (the load's error, a graded function's `missing`)
 * checked against this Python; `graded` names the suite's graded functions as Python names them
 * (the other functions a record lists are never reported). Unchanged when none is named. A claim
 * the check gave no answer for (or one past MAX_CLAIMS) keeps neither `stdlib` nor `within`.
 */
export async function vetImportClaims(outcome: RunOutcome, python: string, sandbox: SandboxMode, graded: readonly string[]): Promise<RunOutcome> {
  const load = outcome.load;
  const errors: Array<ErrorInfo & { module: string }> = [];
  if ('error' in load && claimed(load.error)) errors.push(load.error);
  if (load.ok) for (const name of graded) if (Object.hasOwn(load.functions, name) && claimed(load.functions[name]!.missing)) errors.push(load.functions[name]!.missing);
  if (errors.length === 0) return outcome;
  const claims = errors.map((e): [string, Claim] => {
    // numpy's names (numpyDecides) are read again by name: numpy-names.json alone would take the run's word.
    const name = e.absent !== undefined && numpyDecides(e.module) ? { name: e.absent, ...(e.submodule ? { submodule: true as const } : {}) } : {};
    const c = { module: e.module, ...(e.within !== undefined ? { within: e.within } : {}), ...(e.absent !== undefined ? { package: true as const } : {}), ...name };
    return [claimKey(c), c];
  });
  const distinct = [...new Map(claims).entries()].slice(0, MAX_CLAIMS);
  const facts = await factsFor(python, sandbox, distinct);
  const factOf = new Map(distinct.map(([k], i) => [k, facts?.[i] ?? UNREAD]));
  const of = new Map<ErrorInfo, ErrorInfo>(errors.map((e, i) => [e, vetted(e, factOf.get(claims[i]![0]) ?? UNREAD)]));
  if ('error' in load) return { ...outcome, load: { ...load, error: of.get(load.error) ?? load.error } };
  if (!load.ok) return outcome;
  const functions = Object.fromEntries(Object.entries(load.functions).map(([name, f]) => [name, f.missing && of.has(f.missing) ? { ...f, missing: of.get(f.missing)! } : f]));
  return { ...outcome, load: { ...load, functions } };
}

/**
 * The top-level names and submodules NumPy releases had (numpy-names.json), so that a name this
 * numpy lacks is told apart: one another release had (`from numpy import in1d` on numpy 2.4, `import
 * numpy.array_api`) is the machine's version (IMPORT_ERROR, blank, for staff), one no release had
 * (`from numpy import madeupx`) is the file's (IMPORT_UNRESOLVABLE). NumPy's own tables
 * (`__former_attrs__`, the 2.0 release's expired names) miss dozens of names its earlier releases
 * had (in1d, trapz, msort, product, bool8, the financial pmt and fv ...), so they could not decide.
 *
 * Source: scripts/numpy-names.py, run on the numpy wheels 1.23.5, 1.24.4, 1.26.4, 2.0.2, 2.1.3,
 * 2.2.6, 2.3.5 and 2.4.6 (CPython 3.11, Linux x86-64): every name `getattr(numpy, name)` answers in
 * that release (its dir(), the names its module __getattr__ serves) and its submodules (pkgutil);
 * names only 1.21 and 1.22 had (loads, ndfromtxt, mafromtxt, alen, asscalar) from the release notes
 * of 1.22.0 and 1.23.0, and other platforms' float types (float96, complex192). The same for the own
 * names of numpy.random, numpy.linalg, numpy.fft, numpy.ma, numpy.polynomial and numpy.testing
 * (`from numpy.linalg import nrom`), from the wheels only (1.23 to 2.4: `modulesOldest`). Each name maps to
 * the newest of these releases that had it. 1.25 was not read (1.24's and 1.26's names cover it),
 * nor releases after 2.4: a name only a newer numpy adds reads as no release's, and is undone by
 * staff installing that numpy and grading again with --force (docs/sandbox.md).
 */
import { z } from 'zod';
import table from './numpy-names.json' with { type: 'json' };
import { editDistance } from './edit-distance.js';

const RELEASE = /^[12]\.[0-9]{1,2}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const release = z.string().regex(RELEASE);
const byRelease = (a: string, b: string) => a.split('.').map(Number).reduce((d, n, i) => d || n - Number(b.split('.')[i]), 0);

/** Each name with the newest release that had it. */
const Names = z.record(z.string().regex(NAME), release);

/** numpy-names.json: the releases read, each name and submodule with the newest release that had it, and what replaces some removed names. */
export const NumpyNamesSchema = z
  .strictObject({
    releases: z.array(release).min(2),
    names: Names,
    submodules: Names,
    /** What replaces a removed name that numpy's own tables do not word (in1d: `np.isin`). */
    replacements: z.record(z.string().regex(NAME), z.string().min(1).max(200)),
    /** The oldest release whose submodules' own names were read (from its wheel: 1.21's and 1.22's were not). */
    modulesOldest: release,
    /** numpy's public submodules' own names and submodules (numpy.random, numpy.linalg ...), by submodule. */
    modules: z.record(z.string().regex(NAME), z.strictObject({ names: Names, submodules: Names })),
  })
  .refine((t) => t.releases.every((r, i) => i === 0 || byRelease(t.releases[i - 1]!, r) < 0), 'releases are not in order')
  .refine(
    (t) => [...Object.values(t.names), ...Object.values(t.submodules), t.modulesOldest, ...Object.values(t.modules).flatMap((m) => [...Object.values(m.names), ...Object.values(m.submodules)])].every((r) => t.releases.includes(r)),
    'a name names a release the table did not read',
  )
  .refine((t) => Object.values(t.modules).every((m) => [...Object.values(m.names), ...Object.values(m.submodules)].every((r) => byRelease(r, t.modulesOldest) >= 0)), 'a submodule name older than the releases read for them')
  .refine((t) => Object.keys(t.modules).every((m) => Object.hasOwn(t.submodules, m)), 'names of a submodule no release had')
  .refine((t) => Object.keys(t.replacements).every((n) => Object.hasOwn(t.names, n)), 'a replacement for a name no release had');

/** The table, checked on first use: only a file importing from numpy what numpy lacks needs it (a `check` start does not pay the check). */
let checked: z.infer<typeof NumpyNamesSchema> | undefined;
const numpyNames = () => (checked ??= NumpyNamesSchema.parse(table));

/** The oldest and the newest release the table read ("1.21", "2.4"). */
export const NUMPY_RANGE = {
  get oldest(): string {
    return numpyNames().releases[0]!;
  },
  get newest(): string {
    return numpyNames().releases.at(-1)!;
  },
};

/**
 * Whether the table decides the names of `module`: numpy itself, or one of the submodules whose own
 * names it read (numpy.random, numpy.linalg, numpy.fft, numpy.ma, numpy.polynomial, numpy.testing).
 * Deeper ones (numpy.lib.function_base, numpy.random.mtrand) are in no list.
 */
export function numpyDecides(module: string): boolean {
  if (module === 'numpy') return true;
  const [top, sub, ...deeper] = module.split('.');
  return top === 'numpy' && sub !== undefined && deeper.length === 0 && Object.hasOwn(numpyNames().modules, sub);
}

/** The releases whose names of `module` (numpyDecides) the table read: from 1.21 for numpy's own, from modulesOldest for a submodule's. */
export function numpyReleases(module: string): { oldest: string; newest: string } {
  return { oldest: module === 'numpy' ? NUMPY_RANGE.oldest : numpyNames().modulesOldest, newest: NUMPY_RANGE.newest };
}

/**
 * What NumPy releases say of a name an installed numpy (or its `module`, numpyDecides) lacks: the
 * newest release that had it (and what replaces it, when known), or undefined when no release had
 * it. `submodule`: imported as `import numpy.name`, which only a submodule answers; `from numpy
 * import name` takes either.
 */
export function numpyHad(name: string, submodule: boolean, module = 'numpy'): { last: string; replacement: string | undefined } | undefined {
  if (!numpyDecides(module)) return undefined;
  const t = numpyNames();
  const sub = module === 'numpy' ? undefined : module.split('.')[1]!;
  const { names, submodules } = sub === undefined ? t : t.modules[sub]!;
  const last = Object.hasOwn(submodules, name) ? submodules[name] : !submodule && Object.hasOwn(names, name) ? names[name] : undefined;
  if (last === undefined) return undefined;
  return { last, replacement: sub === undefined && Object.hasOwn(t.replacements, name) ? t.replacements[name] : undefined };
}

/**
 * The public name of numpy's newest release read that `name` is a one-letter slip of (np.mena:
 * mean, np.Sum: sum), for "did you mean" on an AttributeError; undefined when none is, or several
 * are, unless one of them is `name` with a letter typed once too often (np.logg: log, not log2).
 */
export function numpySlipOf(name: string): string | undefined {
  if (name.length < 3) return undefined;
  const t = numpyNames();
  const newest = t.releases.at(-1);
  const near = Object.keys(t.names).filter((n) => t.names[n] === newest && !n.startsWith('_') && n !== name && editDistance(n, name) === 1);
  if (near.length === 1) return near[0];
  const extra = near.filter((n) => n.length === name.length - 1);
  return extra.length === 1 ? extra[0] : undefined;
}

/**
 * The public attributes of numpy 2.4's ndarray (dir(np.ndarray)), for "did you mean" on a method
 * or attribute slip of an array or tensor (labels.mena(), y.shpae): the array methods a learner
 * types are these, and torch's and TensorFlow's tensors name their common ones alike.
 */
const ARRAY_ATTRS = ['T', 'all', 'any', 'argmax', 'argmin', 'argpartition', 'argsort', 'astype', 'base', 'byteswap', 'choose', 'clip', 'compress', 'conj', 'conjugate', 'copy', 'ctypes', 'cumprod', 'cumsum', 'data', 'device', 'diagonal', 'dot', 'dtype', 'dump', 'dumps', 'fill', 'flags', 'flat', 'flatten', 'getfield', 'imag', 'item', 'itemsize', 'mT', 'max', 'mean', 'min', 'nbytes', 'ndim', 'nonzero', 'partition', 'prod', 'put', 'ravel', 'real', 'repeat', 'reshape', 'resize', 'round', 'searchsorted', 'setfield', 'setflags', 'shape', 'size', 'sort', 'squeeze', 'std', 'strides', 'sum', 'swapaxes', 'take', 'to_device', 'tobytes', 'tofile', 'tolist', 'trace', 'transpose', 'var', 'view'];
/**
 * Methods other array libraries have (torch's t.float(), t.long(), t.dim()), and those of a dict or a list
 * (d.items(), d.keys(), l.append()): a name of theirs on a numpy array is no slip (review 36: items was "did
 * you mean .item?").
 */
const OTHER_LIBRARIES = new Set(['float', 'double', 'long', 'int', 'half', 'bool', 'byte', 'char', 'short', 'dim', 'detach', 'cpu', 'cuda', 'numpy', 'values', 'eval', 'to', 'type', 'mul', 'add', 'sub', 'div', 'exp', 'log', 'abs', 'sqrt', 'pow', 'neg', 't', 'norm', 'numel', 'flip', 'clamp', 'sigmoid', 'floor', 'ceil', 'nansum', 'nanmean', 'sizes', 'len', 'length',
  'items', 'keys', 'get', 'append', 'extend', 'update', 'pop', 'index']);
/** PyTorch's in-place methods (clip_, fill_, copy_, squeeze_): a name ending in one `_` is torch's own spelling, not a slip of numpy's (review 36). */
const IN_PLACE = /^[A-Za-z]\w*[^_]_$/;

/**
 * The ndarray attribute `name` is a one-letter slip of (mena: mean, shpae: shape, Sum: sum), by
 * numpySlipOf's rule; undefined when none is, several are, or `name` is another library's method (or a
 * PyTorch in-place one, clip_).
 */
export function arraySlipOf(name: string): string | undefined {
  if (name.length < 3 || OTHER_LIBRARIES.has(name) || IN_PLACE.test(name)) return undefined;
  const near = ARRAY_ATTRS.filter((n) => n !== name && (editDistance(n, name) === 1 || n.toLowerCase() === name.toLowerCase()));
  if (near.length === 1) return near[0];
  const extra = near.filter((n) => n.length === name.length - 1);
  return extra.length === 1 ? extra[0] : undefined;
}

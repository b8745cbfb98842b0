/**
 * Leftovers of learner 35's cohort (learners 35b): forms the grader named but pointed at or told
 * in words that did not fit the learner's code. runner.fix_sites is run on each source as serve()
 * does, and siteOf picks the lines and the fix a mistake's story names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { gradeSuite, type GradeContext } from '../../../src/grade/grade-suite.js';
import { KERAS2_OTHERS, KERAS_SUPPLIED } from '../../../src/keras-names.js';
import { loadSuite } from '../../../src/suite/load-suite.js';
import { freqsRun } from '../../helpers/run-outcome.js';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { PUBLIC_SUITE, PYTHON_DIR } from '../../../src/paths.js';
import { FunctionInfoSchema, type FunctionInfo } from '../../../src/schema/protocol.js';

/** runner.fix_sites on each source, as serve() hands the sites to the grader. */
async function sitesOf(sources: string[]): Promise<Record<string, FunctionInfo>[]> {
  const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
print(json.dumps([runner.fix_sites(s) for s in json.loads(sys.stdin.read())]))`;
  const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(sources) });
  return (JSON.parse(stdout) as Array<Array<{ f: string } & Record<string, unknown>>>).map((sites) => {
    const raw: Record<string, { defined: true; callable: true; params: null; sites: unknown[] }> = {};
    for (const { f, ...site } of sites) (raw[f === 'loss' ? 'get_weighted_loss' : 'compute_class_freqs'] ??= { defined: true, callable: true, params: null, sites: [] }).sites.push(site);
    return Object.fromEntries(Object.entries(raw).map(([name, info]) => [name, FunctionInfoSchema.parse(info)]));
  });
}

/** Each source's pointer for `id`: its lines' text, and the fix told there. */
async function pointers(id: MistakeId, sources: string[]): Promise<Array<{ lines: string[]; fix?: string; did?: string } | undefined>> {
  const all = await sitesOf(sources);
  return sources.map((source, i) => {
    const at = siteOf(id, all[i]);
    if (!at) return undefined;
    return { lines: (at.lines ?? [at]).map((l) => source.split('\n')[l.line - 1]!.trim()), fix: at.fix, did: at.did };
  });
}

const LOSS = `

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))
        return loss
    return weighted_loss
`;
const freqs = (body: string) => `import numpy as np\n\n\ndef compute_class_freqs(labels):\n${body.replace(/^/gm, '    ')}\n${LOSS}`;

describe('freqs-integer-division: fractions stored into an integer array', () => {
  it('points at the integer array and says the storage, not the division, is the cause', async () => {
    const [like, both, zerosInt, emptyLike, torchLike] = await pointers('freqs-integer-division', [
      freqs('pos = np.zeros_like(labels[0])\nfor c in range(labels.shape[1]):\n    pos[c] = np.mean(labels[:, c])\nreturn pos, 1 - pos'),
      freqs('C = labels.shape[1]\npositive_frequencies = np.zeros_like(labels[0])\nnegative_frequencies = np.zeros_like(labels[0])\nfor c in range(C):\n    positive_frequencies[c] = np.sum(labels[:, c]) / labels.shape[0]\n    negative_frequencies[c] = 1 - positive_frequencies[c]\nreturn positive_frequencies, negative_frequencies'),
      freqs('pos = np.zeros(labels.shape[1], dtype=int)\nfor c in range(labels.shape[1]):\n    pos[c] = labels[:, c].mean()\nreturn pos, 1 - pos'),
      freqs('pos = np.empty_like(labels[0], np.int64)\nfor c in range(labels.shape[1]):\n    pos[c] = labels[:, c].mean()\nreturn pos, 1 - pos'),
      freqs('pos = np.zeros_like(labels.sum(axis=0))\npos[:] = labels.mean(axis=0)\nreturn pos, 1 - pos'),
    ]);
    expect(like?.lines).toEqual(['pos = np.zeros_like(labels[0])']);
    expect(like?.fix).toMatch(/array they are stored into.*float array/);
    expect(like?.fix).not.toMatch(/true division/);
    expect(like?.did).toMatch(/integer array/);
    expect(both?.lines).toEqual(['positive_frequencies = np.zeros_like(labels[0])', 'negative_frequencies = np.zeros_like(labels[0])']);
    expect(zerosInt?.lines).toEqual(['pos = np.zeros(labels.shape[1], dtype=int)']);
    expect(emptyLike?.lines).toEqual(['pos = np.empty_like(labels[0], np.int64)']);
    expect(torchLike?.lines).toEqual(['pos = np.zeros_like(labels.sum(axis=0))']);
  });

  it('counts stored into an integer array, then cast, point at the cast; an array rebound to floats is no storage line (review 35b)', async () => {
    const [countsCast, rebound, sumRebound] = await pointers('freqs-integer-division', [
      freqs('N = labels.shape[0]\ncounts = np.zeros_like(labels[0])\nfor c in range(labels.shape[1]):\n    counts[c] = np.sum(labels[:, c])\npositive_frequencies = (counts / N).astype(int)\nreturn positive_frequencies, 1 - positive_frequencies'),
      freqs('pos = np.zeros_like(labels[0])\npos = pos.astype(float)\nfor c in range(labels.shape[1]):\n    pos[c] = np.mean(labels[:, c])\nreturn pos, 1 - pos'),
      freqs('counts = np.zeros_like(labels[0])\nfor c in range(labels.shape[1]):\n    counts[c] = labels[:, c].sum()\nreturn counts / labels.shape[0], 1 - counts / labels.shape[0]'),
    ]);
    expect(countsCast?.lines).toEqual(['positive_frequencies = (counts / N).astype(int)']);
    expect(countsCast?.fix ?? '').not.toMatch(/array they are stored into/);
    expect(rebound).toBeUndefined();
    expect(sumRebound).toBeUndefined();
  });

  it('a float array, an array never stored into by index, or a `//` is no storage line', async () => {
    const [floatLike, zeros, notStored, floor] = await pointers('freqs-integer-division', [
      freqs('pos = np.zeros_like(labels[0], dtype=float)\nfor c in range(labels.shape[1]):\n    pos[c] = np.mean(labels[:, c])\nreturn pos, 1 - pos'),
      freqs('pos = np.zeros(labels.shape[1])\nfor c in range(labels.shape[1]):\n    pos[c] = np.mean(labels[:, c])\nreturn pos, 1 - pos'),
      freqs('pos = np.zeros_like(labels[0])\npos = np.mean(labels, axis=0)\nreturn pos, 1 - pos'),
      freqs('pos = np.zeros_like(labels[0])\nfor c in range(labels.shape[1]):\n    pos[c] = np.sum(labels[:, c]) // labels.shape[0]\nreturn pos, 1 - pos'),
    ]);
    expect(floatLike).toBeUndefined();
    expect(zeros).toBeUndefined();
    expect(notStored).toBeUndefined();
    expect(floor?.lines).toEqual(['pos[c] = np.sum(labels[:, c]) // labels.shape[0]']);
    expect(floor?.fix).toBeUndefined();
  });
});

const suite = await loadSuite([PUBLIC_SUITE]);
const ctx = { submission: { path: '/x/hw.py', kind: 'py', displayName: 'hw.py', bytes: Buffer.alloc(0) }, version: '0.0.0', python: 'python3' } satisfies GradeContext;

/** The loss case's message when every loss case raised `type: message` at `line`. */
const raised = (message: string, line: string, type = 'AttributeError') => {
  const r = freqsRun(suite, (p, n) => [p, n]);
  for (const c of suite.cases)
    if (c.inputs.fn === 'weighted_loss') r.calls[c.id] = { status: 'error', error: { type, message, line: 5, traceback: `hw.py, line 5, in weighted_loss\n    ${line}` }, mutated: [], ms: 1 };
  return gradeSuite(suite, r, ctx).cases.find((c) => c.function === 'weighted_loss')!.message;
};

describe('a slip of an array method or attribute', () => {
  it.each([
    ["'numpy.ndarray' object has no attribute 'mena'", 'loss += -(w * y * np.log(p)).mena()', '.mean'],
    ["'Tensor' object has no attribute 'mena'", 'loss += -(w * y * K.log(p)).mena()', '.mean'],
    ["'numpy.ndarray' object has no attribute 'shpae'", 'n = y_true.shpae[0]', '.shape'],
    ["'numpy.float64' object has no attribute 'Sum'", 'loss = total.Sum()', '.sum'],
    ["'EagerTensor' object has no attribute 'reshpe'", 'y = y_true.reshpe(-1)', '.reshape'],
  ])('%s: did you mean %s', (message, line, want) => {
    expect(raised(message, line)).toContain(`${message}. Did you mean ${want}?`);
  });
  it("a TensorFlow tensor's slip (eager, dotted, or graph) is told TensorFlow's function, not a method it lacks (review 35b)", () => {
    const eager = raised("'tensorflow.python.framework.ops.EagerTensor' object has no attribute 'mena'", 'loss = t.mena()');
    expect(eager).toContain('Did you mean .mean? A TensorFlow tensor has no .mean method either: write tf.reduce_mean(x)');
    expect(raised("'SymbolicTensor' object has no attribute 'maen'", 'loss = t.maen()')).toContain('write tf.reduce_mean(x)');
    expect(raised("'EagerTensor' object has no attribute 'shpae'", 'n = t.shpae[0]')).toContain('Did you mean .shape?');
    expect(raised("'EagerTensor' object has no attribute 'argsrot'", 't.argsrot()')).not.toMatch(/Did you mean/);
  });
  it('.lenght, .length: arrays have no length, len(x) or x.shape', () => {
    expect(raised("'numpy.ndarray' object has no attribute 'lenght'", 'n = y.sum(axis=0).lenght')).toMatch(/has no attribute 'lenght'\. Arrays have no \.lenght: the number of examples is len\(x\) or x\.shape\[0\]/);
    expect(raised("'numpy.ndarray' object has no attribute 'length'", 'n = y.length')).toMatch(/Arrays have no \.length/);
  });
  it("another library's method, a name far from any, or another object's attribute gets no guess", () => {
    // t.float() is torch's; .flat is one letter from it, and no slip.
    expect(raised("'numpy.ndarray' object has no attribute 'float'", 'y = y_true.float()')).not.toMatch(/Did you mean/);
    expect(raised("'numpy.ndarray' object has no attribute 'frobnicate'", 'y.frobnicate()')).not.toMatch(/Did you mean/);
    expect(raised("'list' object has no attribute 'mena'", 'x.mena()')).not.toMatch(/Did you mean/);
    expect(raised("'numpy.ndarray' object has no attribute 'values'", 'y.values')).not.toMatch(/Did you mean/);
  });
  it.each([
    ['clip_', 'y_pred.clip_(eps, 1 - eps)'], ['fill_', 'w.fill_(0)'], ['copy_', 'w.copy_(pos_weights)'], ['squeeze_', 'y.squeeze_()'],
    ['max_', 'm = y.max_()'], ['items', 'for k, v in y.items():'], ['keys', 'y.keys()'],
  ])("a PyTorch in-place method or a dict's on a numpy array, .%s, gets no numpy guess (review 36)", (name, line) => {
    expect(raised(`'numpy.ndarray' object has no attribute '${name}'`, line)).not.toMatch(/Did you mean/);
  });
  it('a slip of a name with an underscore inside is still told (arg_max: argmax)', () => {
    expect(raised("'numpy.ndarray' object has no attribute 'arg_max'", 'i = y.arg_max()')).toContain('Did you mean .argmax?');
  });
});

describe('a slip of a K function under --keras real (Keras 3 says only the name)', () => {
  it('K.maen, K.lgo: did you mean, and (review 35b) what Keras 3 has instead, in one message', () => {
    for (const [name, want] of [['maen', 'mean'], ['lgo', 'log'], ['sqaure', 'square'], ['suum', 'sum']] as const) {
      const m = raised(`module 'keras.backend' has no attribute '${name}'`, `loss += -K.${name}(x)`);
      expect(m).toContain(`has no attribute '${name}'. Did you mean K.${want}? If your Keras is 3, it has no K.${want} either: write `);
      expect(m).toMatch(/or grade with --keras shim/);
    }
  });
  it('a real K name Keras 3 lacks (K.mean, K.sin) keeps its Keras 3 story', () => {
    expect(raised("module 'keras.backend' has no attribute 'mean'", 'K.mean(x)')).toMatch(/Keras 3 has no K\.mean/);
    expect(raised("module 'keras.backend' has no attribute 'sin'", 'K.sin(x)')).toMatch(/Keras 3 has no K\.sin/);
  });
  it("the names are the shim's own (SUPPLIED, _KERAS2_OTHERS)", () => {
    const shim = readFileSync(join(PYTHON_DIR, 'shim', 'wlgrade_keras_shim.py'), 'utf8');
    const words = (name: string) => /\(([^)]*)\)/.exec(shim.slice(shim.indexOf(`\n${name} = `)))![1]!.match(/"([^"]*)"/g)!.map((q) => q.slice(1, -1)).join('').split(/\s+/).filter(Boolean);
    expect(KERAS_SUPPLIED).toEqual(words('SUPPLIED'));
    expect([...KERAS2_OTHERS].sort()).toEqual(words('_KERAS2_OTHERS').sort());
  });
});

describe('a module not installed (pandas): install or rewrite, in one order', () => {
  it('for one graded function as for all of them: install first, then write it without', () => {
    const missing = { type: 'ModuleNotFoundError', message: "No module named 'pandas'", line: 2, traceback: 'hw.py, line 2\n    import pandas as pd', module: 'pandas' };
    const fn = { defined: true as const, callable: true as const, params: null };
    const one = gradeSuite(suite, { ...freqsRun(suite, (p, n) => [p, n]), load: { ok: true as const, functions: { compute_class_freqs: { ...fn, missing }, get_weighted_loss: fn }, imports: [], notes: [], weights: [] } }, ctx).problems;
    const both = gradeSuite(suite, { ...freqsRun(suite, (p, n) => [p, n]), load: { ok: false as const, error: { ...missing, usedBy: ['compute_class_freqs' as const, 'get_weighted_loss' as const] }, imports: [] } }, ctx).problems;
    const todo = (m: string) => /\. (Install it with .*)$/.exec(m)?.[1];
    expect(todo(one[0]!.message)).toBe('Install it with "python3 -m pip install pandas", or write compute_class_freqs without it (numpy is enough).');
    expect(todo(both[0]!.message)).toBe('Install it with "python3 -m pip install pandas", or write them without it (numpy is enough).');
  });
});

describe('y_pred[: i], a comma left out', () => {
  it('a broadcast error on a line slicing up to a name: the comma it likely misses', () => {
    const m = raised('operands could not be broadcast together with shapes (4,) (0,3) ', '+ neg_weights[i] * (1 - y_true[:, i]) * K.log(1 - y_pred[: i] + epsilon))', 'ValueError');
    expect(m).toContain('y_pred[: i] takes the first i rows of y_pred: if you meant column i, a comma is missing, y_pred[:, i]');
    expect(raised('operands could not be broadcast together with shapes (4,) (2,3) ', 'loss += w * y_true[:c] * np.log(p)', 'ValueError')).toContain('y_true[:c] takes the first c rows of y_true: if you meant column c, a comma is missing, y_true[:, c]');
  });
  it('a 1-D vector sliced up to a name (pos_weights[:i]) has no column i: no comma story (review 35b)', () => {
    expect(raised('operands could not be broadcast together with shapes (0,) (4,) ', 'loss += -np.mean(pos_weights[:i] * y_true[:, i] * np.log(p))', 'ValueError')).not.toMatch(/comma/);
  });
  it('no slice up to a name, or another error: no comma story', () => {
    expect(raised('operands could not be broadcast together with shapes (4,) (3,) ', 'loss += w * y_true[:, i] * np.log(p)', 'ValueError')).not.toMatch(/comma/);
    expect(raised('operands could not be broadcast together with shapes (4,) (3,) ', 'loss += w * y_true[:2] * np.log(p)', 'ValueError')).not.toMatch(/comma/);
    expect(raised('math domain error', 'x = y_pred[: i]', 'ValueError')).not.toMatch(/comma/);
  });
});

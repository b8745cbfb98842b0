/**
 * Line pointers across functions and files (stop 35): runner.fix_sites reads the def graded under
 * another name (`get_weighted_loss = make_loss`: `names`), the helpers the loss calls from a module
 * of the learner's beside the file (`from helpers import term`: `foreign`, each in the namespace of
 * the file that calls it), and the weights a helper of theirs makes from the labels
 * (`pw, nw = weights(y_true)`). What `names` and `foreign` hold is read from the loaded module at
 * run time (runner._graded_defs, runner._foreign_defs; e2e/cross-file-lines.test.ts); here they are given.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { MistakeId } from '../../../../reference/mistakes/index.js';
import { siteOf } from '../../../src/grade/sites.js';
import { PYTHON_DIR } from '../../../src/paths.js';
import { FunctionInfoSchema, type FunctionInfo } from '../../../src/schema/protocol.js';

type Foreign = Record<string, Record<string, [file: string, def: string, line: number]>>;
type Job = { source: string; names?: Record<string, string>; foreign?: Foreign; sources?: Record<string, string> };

/** runner.fix_sites on each job, with its names and foreign helpers, as serve() hands the sites to the grader. */
async function sitesOf(jobs: Job[]): Promise<Record<string, FunctionInfo>[]> {
  const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
out = []
for j in json.loads(sys.stdin.read()):
    foreign = dict(j.get("foreign") or {}, sources=j.get("sources") or {}) if j.get("sources") else None
    out.append(runner.fix_sites(j["source"], names=j.get("names"), foreign=foreign))
print(json.dumps(out))`;
  const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(jobs) });
  return (JSON.parse(stdout) as Array<Array<{ f: string } & Record<string, unknown>>>).map((sites) => {
    const raw: Record<string, { defined: true; callable: true; params: null; sites: unknown[] }> = {};
    for (const { f, ...site } of sites) (raw[f === 'loss' ? 'get_weighted_loss' : 'compute_class_freqs'] ??= { defined: true, callable: true, params: null, sites: [] }).sites.push(site);
    return Object.fromEntries(Object.entries(raw).map(([name, info]) => [name, FunctionInfoSchema.parse(info)]));
  });
}

/** Each row's pointer for its mistake as `file:line: text` (the graded file's as `hw.py`), or undefined. */
async function pointers(rows: Array<[name: string, id: MistakeId, job: Job]>): Promise<Array<[string, string[] | undefined]>> {
  const all = await sitesOf(rows.map(([, , job]) => job));
  return rows.map(([name, id, job], i) => {
    const at = siteOf(id, all[i]);
    if (!at) return [name, undefined];
    const text = at.file === undefined ? job.source : job.sources![at.file]!;
    return [name, (at.lines ?? [at]).map((l) => `${at.file ?? 'hw.py'}:${l.line}: ${text.split('\n')[l.line - 1]!.trim()}`)];
  });
}

const FREQS = 'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n\n\n';
/** A class-loop loss whose terms are `term(...)` calls of a helper `call` names. */
const termLoss = (call: string, before = '') => `import numpy as np
${before}

${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(${call}(pos_weights[i], y_true[:, i], y_pred[:, i], epsilon) + ${call}(neg_weights[i], 1 - y_true[:, i], 1 - y_pred[:, i], epsilon))
        return loss
    return weighted_loss
`;
const NO_EPS = 'import numpy as np\n\n\ndef term(w, y, p, eps):\n    return w * y * np.log(p)\n';
const WITH_EPS = 'import numpy as np\n\n\ndef term(w, y, p, eps):\n    return w * y * np.log(p + eps)\n';

describe('a helper of the loss in a module of the learner\'s beside the file', () => {
  it('is read where it is, its line said as that file\'s; a right one gives no line', async () => {
    const via = (helpers: string, name = 'term'): Job => ({ source: termLoss(name, 'from helpers import term' + (name === 'term' ? '' : ` as ${name}`)), sources: { 'helpers.py': helpers }, foreign: { '': { [name]: ['helpers.py', 'term', 4] } } });
    expect(await pointers([
      ['from helpers import term, no epsilon', 'loss-no-epsilon', via(NO_EPS)],
      ['imported under another name', 'loss-no-epsilon', via(NO_EPS, 't')],
      ['epsilon added: none', 'loss-no-epsilon', via(WITH_EPS)],
      // The def that ran is not that file's last def of the name (its first line differs): not read.
      ['a def of another line: none', 'loss-no-epsilon', { ...via(NO_EPS), foreign: { '': { term: ['helpers.py', 'term', 9] } } }],
    ])).toEqual([
      ['from helpers import term, no epsilon', ['helpers.py:5: return w * y * np.log(p)']],
      ['imported under another name', ['helpers.py:5: return w * y * np.log(p)']],
      ['epsilon added: none', undefined],
      ['a def of another line: none', undefined],
    ]);
  });

  it("calls its own module's helpers by their names there, never the graded file's of the same name", async () => {
    // helpers.term calls helpers._log; hw.py has a _log of its own, the other way round each time.
    const helpers = (log: string) => `import numpy as np\n\n\ndef _log(x, eps):\n    return ${log}\n\n\ndef term(w, y, p, eps):\n    return w * y * _log(p, eps)\n`;
    const own = (log: string) => `def _log(x, eps):\n    return ${log}\n`;
    const job = (theirs: string, mine: string): Job => ({
      source: termLoss('term', `from helpers import term\n\n\n${own(mine)}`),
      sources: { 'helpers.py': helpers(theirs) },
      foreign: { '': { term: ['helpers.py', 'term', 8] }, 'helpers.py': { _log: ['helpers.py', '_log', 4], term: ['helpers.py', 'term', 8] } },
    });
    expect(await pointers([
      ["helpers.py's _log without epsilon, hw.py's with", 'loss-no-epsilon', job('np.log(x)', 'np.log(x + eps)')],
      ["helpers.py's _log with epsilon, hw.py's (never called) without", 'loss-no-epsilon', job('np.log(x + eps)', 'np.log(x)')],
    ])).toEqual([
      ["helpers.py's _log without epsilon, hw.py's with", ['helpers.py:5: return np.log(x)']],
      ["helpers.py's _log with epsilon, hw.py's (never called) without", undefined],
    ]);
  });
});

describe('the def graded under another name (get_weighted_loss = make_loss)', () => {
  const file = (dead: string, graded: string) => `import numpy as np


${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return -np.sum(np.mean(pos_weights * y_true * ${dead} + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss


def make_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return -np.sum(np.mean(pos_weights * y_true * ${graded} + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss


get_weighted_loss = make_loss
`;
  it('is the one read: its line, never the replaced def\'s', async () => {
    const names = { loss: 'make_loss' };
    expect(await pointers([
      ['make_loss without epsilon', 'loss-no-epsilon', { source: file('np.log(y_pred + epsilon)', 'np.log(y_pred)'), names }],
      ['the replaced def without it, make_loss with it: none', 'loss-no-epsilon', { source: file('np.log(y_pred)', 'np.log(y_pred + epsilon)'), names }],
    ])).toEqual([
      ['make_loss without epsilon', ['hw.py:17: return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))']],
      ['the replaced def without it, make_loss with it: none', undefined],
    ]);
  });
});

describe('weights a helper makes from the labels (loss-recomputes-weights)', () => {
  const loss = (helper: string, call: string) => `import numpy as np


${helper}


${FREQS}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        pw, nw = ${call}
        t = pw * y_true * np.log(y_pred + epsilon) + nw * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`;
  const stats = 'def weights(y):\n    pos = 1 - np.mean(y, axis=0)\n    return pos, 1 - pos';
  const counts = 'def weights(y):\n    n = len(y)\n    pos = np.sum(y, axis=0) / n\n    return 1 - pos, pos';
  const given = 'def weights(a, b):\n    return np.asarray(a), np.asarray(b)';
  it.each([
    // The helper's own line that takes the labels' statistic, where the weights are derived (lines 36a; it named the call).
    ['a mean of the labels over axis 0', stats, 'weights(y_true)', 'pos = 1 - np.mean(y, axis=0)'],
    ['a count of them divided', counts, 'weights(y_true)', 'pos = np.sum(y, axis=0) / n'],
    ['the weights given, converted: none', given, 'weights(pos_weights, neg_weights)', undefined],
    ['the same helper on the predictions (no labels): none', stats, 'weights(y_pred)', undefined],
  ] as const)('%s', async (name, helper, call, want) => {
    const got = (await pointers([[name, 'loss-recomputes-weights', { source: loss(helper, call) }]]))[0]![1];
    expect(got).toEqual(want === undefined ? undefined : [`hw.py:${loss(helper, call).split('\n').findIndex((l) => l.trim() === want) + 1}: ${want}`]);
  });
});

/**
 * The line a named mistake's fix changes, when it is not in the graded function's own body (stop 35):
 * a helper the loss imports from the learner's module beside the file (`from helpers import term`,
 * that module's own helpers by its names), the graded function imported or bound under another name
 * (`from mylib import my_loss as get_weighted_loss`, `get_weighted_loss = make_loss`), weights a helper
 * makes from the labels. Each was named with no line; the replaced def of the graded name was read
 * instead of the one graded. Right code in the same layouts is graded 23/23 with nothing to point at.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson } from '../helpers/cli.js';

const FREQS = 'def compute_class_freqs(labels):\n    p = np.mean(labels, axis=0)\n    return p, 1 - p\n';
const loss = (log: (p: string) => string) =>
  `def NAME(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        t = pos_weights * y_true * ${log('y_pred')} + neg_weights * (1 - y_true) * ${log('1 - y_pred')}
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`;
const bare = (p: string) => `np.log(${p})`;
const guarded = (p: string) => `np.log(${p} + epsilon)`;
/** A class loop whose terms are t(w, y, p, epsilon), t imported as `imported`. */
const termLoop = (imported: string) => `import numpy as np
${imported}


${FREQS}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        loss = 0.0
        for i in range(len(pos_weights)):
            loss += -np.mean(t(pos_weights[i], y_true[:, i], y_pred[:, i], epsilon) + t(neg_weights[i], 1 - y_true[:, i], 1 - y_pred[:, i], epsilon))
        return loss
    return weighted_loss
`;
const helpers = (log: string) => `import numpy as np


def _log(x, eps):
    return ${log}


def term(w, y, p, eps):
    return w * y * _log(p, eps)
`;
/** hw.py's own _log, never called by the loss: its lines must not be read for helpers.py's. */
const OWN_LOG = (log: string) => `\n\ndef _log(x, eps):\n    return ${log}\n`;
const weightsLoss = (imported: string, helper: string) => `import numpy as np
${imported}
${helper}

${FREQS}

def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        w_pos, w_neg = ${helper || imported ? 'class_weights(y_true)' : 'pos_weights, neg_weights'}
        t = w_pos * y_true * np.log(y_pred + epsilon) + w_neg * (1 - y_true) * np.log(1 - y_pred + epsilon)
        return -np.sum(np.mean(t, axis=0))
    return weighted_loss
`;
const STATS = '\n\ndef class_weights(labels):\n    freq = np.mean(labels, axis=0)\n    return 1 - freq, freq\n';

/** A frequencies helper in helpers.py storing its fractions into `made` (integer-like with integer labels, or float). */
const freqsHelper = (made: string) => `import numpy as np


def freqs(labels):
    N, C = labels.shape
    pos = ${made}
    for c in range(C):
        pos[c] = np.mean(labels[:, c])
    return pos, 1 - pos
`;
/** hw.py handing compute_class_freqs's whole work to helpers.freqs, imported by \`imported\`, called as \`call\`. */
const handing = (imported: string, call: string) => `import numpy as np
${imported}


def compute_class_freqs(labels):
    return ${call}(labels)


${loss(guarded).replace('NAME', 'get_weighted_loss')}`;

/** Each layout: its files (hw.py graded), and the pointer wanted ([id, file, line text]) or none (the code right). */
const layouts: Array<[name: string, files: Record<string, string>, want: [string, string | undefined, string] | null]> = [
  ['from helpers import term, no epsilon in its module\'s _log', { 'hw.py': termLoop('from helpers import term as t') + OWN_LOG('np.log(x + eps)'), 'helpers.py': helpers('np.log(x)') },
    ['loss-no-epsilon', 'helpers.py', 'return np.log(x)']],
  ['the same, right (hw.py\'s own _log, never called, without epsilon)', { 'hw.py': termLoop('from helpers import term as t') + OWN_LOG('np.log(x)'), 'helpers.py': helpers('np.log(x + eps)') }, null],
  ['import helpers as hp, hp.term, no epsilon in its module\'s _log', { 'hw.py': termLoop('import helpers as hp').replace(/\bt\(/g, 'hp.term(') + OWN_LOG('np.log(x + eps)'), 'helpers.py': helpers('np.log(x)') },
    ['loss-no-epsilon', 'helpers.py', 'return np.log(x)']],
  ['hp.term, right (hw.py\'s own _log without epsilon)', { 'hw.py': termLoop('import helpers as hp').replace(/\bt\(/g, 'hp.term(') + OWN_LOG('np.log(x)'), 'helpers.py': helpers('np.log(x + eps)') }, null],
  ['from mylib import my_loss as get_weighted_loss, no epsilon', { 'hw.py': `import numpy as np\nfrom mylib import my_loss as get_weighted_loss\n\n\n${FREQS}`, 'mylib.py': `import numpy as np\n\n\n${loss(bare).replace('NAME', 'my_loss')}` },
    ['loss-no-epsilon', 'mylib.py', 't = pos_weights * y_true * np.log(y_pred) + neg_weights * (1 - y_true) * np.log(1 - y_pred)']],
  ['the same, right', { 'hw.py': `import numpy as np\nfrom mylib import my_loss as get_weighted_loss\n\n\n${FREQS}`, 'mylib.py': `import numpy as np\n\n\n${loss(guarded).replace('NAME', 'my_loss')}` }, null],
  ['get_weighted_loss = make_loss, no epsilon, below a replaced right def', { 'hw.py': `import numpy as np\n\n\n${FREQS}\n\n${loss(guarded).replace('NAME', 'get_weighted_loss')}\n\n${loss(bare).replace('NAME', 'make_loss')}\n\nget_weighted_loss = make_loss\n` },
    ['loss-no-epsilon', undefined, 't = pos_weights * y_true * np.log(y_pred) + neg_weights * (1 - y_true) * np.log(1 - y_pred)']],
  ['the same, make_loss right, the replaced def without epsilon', { 'hw.py': `import numpy as np\n\n\n${FREQS}\n\n${loss(bare).replace('NAME', 'get_weighted_loss')}\n\n${loss(guarded).replace('NAME', 'make_loss')}\n\nget_weighted_loss = make_loss\n` }, null],
  ['weights made from the labels by a helper in stats.py', { 'hw.py': weightsLoss('from stats import class_weights', ''), 'stats.py': `import numpy as np${STATS}` },
    ['loss-recomputes-weights', undefined, 'w_pos, w_neg = class_weights(y_true)']],
  ['the weights given, stats.py imported and not called', { 'hw.py': weightsLoss('', '').replace('import numpy as np\n', 'import numpy as np\nfrom stats import class_weights  # noqa\n'), 'stats.py': `import numpy as np${STATS}` }, null],
  // compute_class_freqs handing its work to a helper of helpers.py (review 36 M1: an alias or hp.freqs got no line).
  ['from helpers import freqs as _freqs, return _freqs(labels), integer storage', { 'hw.py': handing('from helpers import freqs as _freqs', '_freqs'), 'helpers.py': freqsHelper('np.zeros_like(labels[0])') },
    ['freqs-integer-division', 'helpers.py', 'pos = np.zeros_like(labels[0])']],
  ['import helpers as hp, return hp.freqs(labels), integer storage', { 'hw.py': handing('import helpers as hp', 'hp.freqs'), 'helpers.py': freqsHelper('np.zeros_like(labels[0])') },
    ['freqs-integer-division', 'helpers.py', 'pos = np.zeros_like(labels[0])']],
  ['from helpers import freqs, return freqs(labels), integer storage', { 'hw.py': handing('from helpers import freqs', 'freqs'), 'helpers.py': freqsHelper('np.zeros_like(labels[0])') },
    ['freqs-integer-division', 'helpers.py', 'pos = np.zeros_like(labels[0])']],
  ['return hp.freqs(labels), right (float storage)', { 'hw.py': handing('import helpers as hp', 'hp.freqs'), 'helpers.py': freqsHelper('np.zeros(C)') }, null],
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-cross-lines-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the line of a mistake made outside the graded function\'s own body', () => {
  it.each(layouts)('%s', async (name, files, want) => {
    const at = join(dir, name.replace(/\W+/g, '-'));
    await mkdir(at);
    for (const [file, text] of Object.entries(files)) await writeFile(join(at, file), text);
    const { report } = await checkJson(join(at, 'hw.py'), ['--sandbox', 'process']);
    expect(report.problems).toEqual([]);
    if (want === null) {
      expect([report.score, report.mistakes]).toEqual([23, []]);
      return;
    }
    const [id, file, text] = want;
    const lines = (file === undefined ? files['hw.py']! : files[file]!).split('\n');
    const line = lines.findIndex((l) => l.trim() === text) + 1;
    expect(lines.filter((l) => l.trim() === text)).toHaveLength(1); // the line wanted is one line of that file
    expect(report.mistakes.map((m) => [m.id, m.location])).toEqual([[id, { line, text, ...(file === undefined ? {} : { file }) }]]);
  });
});

describe("an error raised in the learner's module beside the file", () => {
  const counting = (count: string) => `import numpy as np\n\n\ndef positive_fraction(column):\n${count}\n`;
  const hw = `import numpy as np
from counting import positive_fraction


def compute_class_freqs(labels):
    positive_frequencies = np.array([positive_fraction(labels[:, i]) for i in range(labels.shape[1])])
    return positive_frequencies, 1 - positive_frequencies


${loss(guarded).replace('NAME', 'get_weighted_loss')}`;

  it("points at that file's line that raised (freqs-unique-counts), its frame in the traceback, not at the graded file's call", async () => {
    // Stop 34 named hw.py's line 6, the call, and showed only hw.py's frames.
    const at = join(dir, 'raised');
    await mkdir(at);
    await writeFile(join(at, 'hw.py'), hw);
    await writeFile(join(at, 'counting.py'), counting('    values, counts = np.unique(column, return_counts=True)\n    return counts[1] / len(column)'));
    const { report } = await checkJson(join(at, 'hw.py'), ['--sandbox', 'process']);
    expect(report.mistakes.map((m) => [m.id, m.location])).toEqual([['freqs-unique-counts', { line: 6, file: 'counting.py', text: 'return counts[1] / len(column)' }]]);
    const raised = report.cases.find((c) => c.status === 'error')!;
    expect(raised.notes.at(-1)).toMatch(/\ncounting\.py, line 6, in positive_fraction\n {4}return counts\[1\] \/ len\(column\)$/);
    // Right, in the same layout: nothing to point at.
    await writeFile(join(at, 'counting.py'), counting('    return np.sum(column == 1) / len(column)'));
    const right = await checkJson(join(at, 'hw.py'), ['--sandbox', 'process']);
    expect([right.report.score, right.report.mistakes, right.report.problems]).toEqual([23, [], []]);
  });
});

describe('a graded function made inside another of a module of the learner\'s', () => {
  it('is not read as the top-level def of its name there, which is not the one graded: no line rather than that one', async () => {
    // mylib.builder() returns a nested my_loss; mylib's top-level my_loss (never called) makes the same
    // slip on its own line 6, which was pointed at.
    const at = join(dir, 'nested');
    await mkdir(at);
    const dead = loss(bare).replace('NAME', 'my_loss');
    const nested = loss(bare).replace('NAME', 'my_loss').replace(/^/gm, '    ').trimEnd();
    await writeFile(join(at, 'mylib.py'), `import numpy as np\n\n\n${dead}\n\ndef builder():\n${nested}\n    return my_loss\n`);
    await writeFile(join(at, 'hw.py'), `import numpy as np\nfrom mylib import builder\n\n\n${FREQS}\n\nget_weighted_loss = builder()\n`);
    const { report } = await checkJson(join(at, 'hw.py'), ['--sandbox', 'process']);
    expect(report.mistakes.map((m) => [m.id, m.location])).toEqual([['loss-no-epsilon', undefined]]);
  });
});

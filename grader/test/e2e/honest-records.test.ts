/**
 * Honest but unusual files, graded end to end: every record the runner sends about them must pass
 * the protocol's schema. A record the schema refuses is read as the file writing over the record
 * channel, and the file scores 0 (DEFINITIONS_ENDED): so a value the honest runner sends and the
 * schema refuses (framework 30: a callee name; here a non-ASCII relative import, a signature of
 * 300 parameters, a cell magic named in non-ASCII letters) costs a learner every point. Each file gets the grade its code earns.
 */
import { describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/schema/report.js';
import { scratchSubmissions } from '../helpers/cli.js';

const check = scratchSubmissions('honest-records');

const LOSS = `
def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return np.sum(-np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss
`;

/** Unicode identifiers: Greek, CJK, Japanese, Devanagari (combining vowel signs), as epsilon, parameter, accumulator, loop variable. */
const UNICODE = `import numpy as np
δ = 1e-7
भार_सूची = None
def compute_class_freqs(ラベル):
    频率 = np.mean(ラベル, axis=0)
    return 频率, 1 - 频率
def get_weighted_loss(pos_weights, neg_weights, epsilon=δ):
    def weighted_loss(y_true, y_pred):
        λ = 0.0
        for ν in range(len(pos_weights)):
            λ += -np.mean(pos_weights[ν] * y_true[:, ν] * np.log(y_pred[:, ν] + epsilon)
                          + neg_weights[ν] * (1 - y_true[:, ν]) * np.log(1 - y_pred[:, ν] + epsilon))
        return λ
    return weighted_loss
`;

const LONG = 'x'.repeat(250);
const LONG_NAMES = `import numpy as np
def compute_class_freqs(labels, ${'n'.repeat(3000)}=None):
    ${LONG} = np.mean(labels, axis=0)
    return ${LONG}, 1 - ${LONG}
def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7, *, ${LONG}_kw=1):
    def weighted_loss(y_true, y_pred):
        ${LONG}_loss = -np.mean(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0)
        return np.sum(${LONG}_loss)
    return weighted_loss
`;

const CHAIN = Array.from({ length: 100 }, (_, i) => `a${i}`).join('.');
const DEEP_ATTRIBUTES = `import numpy as np
import types
def _nest(names):
    top = cur = types.SimpleNamespace()
    for n in names[:-1]:
        nxt = types.SimpleNamespace()
        setattr(cur, n, nxt)
        cur = nxt
    setattr(cur, names[-1], np)
    return top
R = _nest("${CHAIN}".split("."))
def compute_class_freqs(labels):
    f = R.${CHAIN}.mean(labels, axis=0)
    return f, 1 - f
def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        return R.${CHAIN}.sum(-R.${CHAIN}.mean(pos_weights * y_true * R.${CHAIN}.log(y_pred + epsilon) + neg_weights * (1 - y_true) * R.${CHAIN}.log(1 - y_pred + epsilon), axis=0))
    return weighted_loss
`;

/** 100,000 lines of constants, the graded functions at the end (line numbers past 100,000). */
const LONG_FILE = `import numpy as np\n${Array.from({ length: 100_000 }, (_, i) => `_c${i} = ${i}\n`).join('')}${UNICODE.replace('import numpy as np\n', '')}`;

const MODERN = `from __future__ import annotations
import functools
import numpy as np
def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
class Stats:
    @staticmethod
    def mean(x: np.ndarray) -> np.ndarray:
        return np.mean(x, axis=0)
@logged
def compute_class_freqs(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    match labels.ndim:
        case 2:
            pos = Stats.mean(labels)
        case _:
            raise ValueError(f"""bad shape {labels.shape!r} {'x' + "'"}""")
    return pos, (neg := 1 - pos)
def get_weighted_loss(pos_weights, neg_weights, /, epsilon: float = 1e-7, *, reduce=np.sum):
    def weighted_loss(y_true, y_pred):
        term = lambda a, b: a * np.log(b + epsilon)
        if (n := len(pos_weights)) > 0:
            return reduce(-np.mean(pos_weights * term(y_true, y_pred) + neg_weights * term(1 - y_true, 1 - y_pred), axis=0))
    return weighted_loss
`;

/** Not a channel the file wrote over: no DEFINITIONS_ENDED, no case left ungraded for it. */
function noChannelRefusal(report: GradeReport): void {
  expect(report.problems.map((p) => p.code)).not.toContain('DEFINITIONS_ENDED');
  for (const c of report.cases) expect(c.message ?? '').not.toMatch(/wrote over the channel|could not read the Python side/);
}

const byFunction = (report: GradeReport, fn: string) => report.cases.filter((c) => c.function === fn).map((c) => c.status);

describe('honest unusual files: every record passes the schema, the grade is the code’s', () => {
  it.each([
    ['unicode.py', UNICODE],
    ['long-names.py', LONG_NAMES],
    ['deep-attributes.py', DEEP_ATTRIBUTES],
    ['long-file.py', LONG_FILE],
    ['modern.py', MODERN],
  ])('%s: a correct solution, full marks', async (name, source) => {
    const { report } = await check(name, source);
    noChannelRefusal(report);
    expect(report.problems).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });

  it('a relative import of a module named with non-ASCII letters: the import problem, not 0', async () => {
    // ErrorInfoSchema's `relative` took ASCII names only: the load record was refused and every
    // case read "the file's definitions wrote over the channel" (0/23, DEFINITIONS_ENDED).
    const { report } = await check(
      'relative.py',
      `import numpy as np
from .módulo_ayuda import normalizar
def compute_class_freqs(labels):
    f = normalizar(np.mean(labels, axis=0))
    return f, 1 - f
${LOSS}`,
    );
    noChannelRefusal(report);
    expect(report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
    expect(report.problems[0]!.message).toContain('"from .módulo_ayuda import" is a relative import');
    expect(byFunction(report, 'weighted_loss').every((s) => s === 'passed')).toBe(true);
  });

  it('a graded function of 300 parameters that reads labels from the globals: graded', async () => {
    // The shadowed note listed all 301 parameters, over the schema's 256: the load record was
    // refused, 0/23. The note is left out; the cases say what the code does.
    const params = Array.from({ length: 300 }, (_, i) => `q${i}=None`).join(', ');
    const { report } = await check(
      'many-params.py',
      `import numpy as np
labels = np.array([[1, 0], [0, 1]])
def compute_class_freqs(data, ${params}):
    f = np.mean(labels, axis=0)
    return f, 1 - f
${LOSS}`,
    );
    noChannelRefusal(report);
    expect(byFunction(report, 'compute_class_freqs').every((s) => s === 'failed')).toBe(true);
    expect(byFunction(report, 'weighted_loss').every((s) => s === 'passed')).toBe(true);
  });

  it('a notebook with cell magics named with non-ASCII letters (%%café, %%tímé below a first line): graded, noted', async () => {
    // LoadNoteSchema's magic names took ASCII only: the notes' facts refused the load record, 0/23.
    const cell = (source: string, n: number) => ({ cell_type: 'code', metadata: {}, execution_count: n, outputs: [], source });
    const notebook = {
      cells: [cell(`${LOSS.trimStart()}import numpy as np\ndef compute_class_freqs(labels):\n    f = np.mean(labels, axis=0)\n    return f, 1 - f\n`, 1), cell('%%café\nx = 1\n', 2), cell('x = 1\n%%tímé\ny = 2\n', 3)],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const { report } = await check('magics.ipynb', JSON.stringify(notebook));
    noChannelRefusal(report);
    expect(report.score).toBe(report.maxScore);
    expect(report.notes.join(' ')).toContain('%%café');
    expect(report.notes.join(' ')).toContain('%%tímé');
  });
});

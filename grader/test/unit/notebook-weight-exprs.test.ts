/**
 * notebook.weight_assignments, called directly: which class-weight lines it evaluates. They are
 * evaluated at load, in the learner's process, inside the run's time limit but outside every
 * call's, so a line that builds a huge integer or list must not be evaluated at all: a weight line
 * under a main guard (code that never runs) stopped the load at --timeout, and a file with correct
 * functions scored 0 with "its top-level code did not finish" (red team 23). Nor may many lines, or
 * a long file, cost it much: each line was evaluated and quoted, and quoting split the whole text.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import ast, json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import notebook
source = sys.stdin.read()
tree = ast.parse(source)
calls = [0]
def count(frame, event, arg):
    if event in ('call', 'c_call'):
        calls[0] += 1
sys.setprofile(count)
got = notebook.weight_assignments([(None, source, tree)], {"pos": [0.25, 0.5], "neg": [0.75, 0.5]}, np)
sys.setprofile(None)
print(json.dumps({"names": [w["name"] for w in got], "quoted": ["%d: %s" % (w["line"], w["text"]) for w in got], "calls": calls[0]}))
`;

interface Evaluated {
  names: string[];
  /** Each weight line kept, as "line: text". */
  quoted: string[];
  /** Python function calls (and calls into C) while it ran: its cost, counted, not timed. */
  calls: number;
}

/** weight_assignments on `source`, which must return well within the run's limit (the old code took minutes or ran out of memory on the files below). */
async function assignments(source: string): Promise<Evaluated> {
  const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR], { input: source, timeout: 60_000, reject: false });
  expect(r.timedOut, 'weight_assignments did not return within 60 s').toBe(false);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Evaluated;
}

async function evaluated(lines: string): Promise<Evaluated> {
  // The names each line reads: the pair as two names, or kept whole in one (freqs[0]).
  const bind = /\bfreqs\b/.test(lines) ? 'freqs' : 'freq_pos, freq_neg';
  return assignments(`${bind} = compute_class_freqs(labels)\n${lines}\n`);
}

describe('weight_assignments refuses lines whose value is no weight and costs the run its time', () => {
  it.each([
    ['an integer power of powers (each exponent <= 8)', 'pos_weights = freq_neg * ((((((((((9 ** 8) ** 8) ** 8) ** 8) ** 8) ** 8) ** 8) ** 8) ** 8) ** 8)'],
    ['a Python list of the frequencies repeated', 'pos_weights = np.array(list(freq_neg) * 300000000)'],
    ['the pair repeated', 'pos_weights = np.array(freqs * 300000000)'],
    ['a sum of lists repeated', 'pos_weights = np.array((list(freq_neg) + list(freq_pos)) * 300000000)'],
  ])('%s: not evaluated', async (_label, line) => {
    const other = line.includes('freqs') ? 'freqs[0]' : 'freq_pos';
    const r = await evaluated(`${line}\nneg_weights = ${other}`);
    expect(r.names).toEqual(['neg_weights']);
  }, 90_000);

  it.each([
    ['the course convention', 'pos_weights = freq_neg\nneg_weights = freq_pos', ['pos_weights', 'neg_weights']],
    ['arithmetic with small numbers and powers', 'pos_weights = (1 - freq_pos) ** 2 * 2 ** 8 / 256\nneg_weights = (freq_pos ** 2) ** 0.5', ['pos_weights', 'neg_weights']],
    ['an integer power of a power that stays small', 'pos_weights = freq_neg * ((2 ** 8) ** 8) / ((2 ** 8) ** 8)\nneg_weights = freq_pos', ['pos_weights', 'neg_weights']],
    ['a list and the pair kept whole', 'pos_weights = list(freqs[1])\nneg_weights = np.array(freqs)[0] + freqs[0]', ['pos_weights', 'neg_weights']],
  ])('%s: still evaluated', async (_label, lines, names) => {
    expect((await evaluated(lines)).names).toEqual(names);
  });
});

describe('weight_assignments costs the load little however long the file', () => {
  it('2,000 weight lines: only the last ones are evaluated and quoted', async () => {
    // Each line was evaluated and quoted, and quoting split the whole text each time: minutes.
    const lines = Array.from({ length: 2000 }, (_, i) => `freq_pos, freq_neg = compute_class_freqs(x${i})\npos_weights = freq_neg\nneg_weights = freq_pos`);
    const r = await assignments(`${lines.join('\n')}\nneg_weights = freq_pos / 0\n`);
    // The last line's value is not judged (a division by zero on the probe): the four before it are kept.
    expect(r.quoted).toEqual(['5996: pos_weights = freq_neg', '5997: neg_weights = freq_pos', '5999: pos_weights = freq_neg', '6000: neg_weights = freq_pos']);
    // Counted, not timed: 330,000 calls here (64 lines evaluated); evaluating and quoting all 4,000,
    // each quote splitting the whole text character by character in Python, is hundreds of millions.
    expect(r.calls).toBeLessThan(1_000_000);
  }, 90_000);

  it('a file of 8 MB of pasted labels: quoting its four weight lines takes no time (it took seconds a line)', async () => {
    const rows = Array.from({ length: 280_000 }, (_, i) => Array.from({ length: 14 }, (_, k) => ((i * 7 + k * 3) % 5 === 0 ? 1 : 0)).join(','));
    const head = `LABELS_CSV = """\n${rows.join('\n')}\n"""\n`;
    const tail = ["if __name__ == '__main__':", '    freq_pos, freq_neg = compute_class_freqs(read(LABELS_CSV))', '    pos_weights = freq_neg', '    neg_weights = freq_pos', '    w_pos = freq_neg', '    w_neg = np.array(freq_pos,', '                     dtype=float)'];
    const r = await assignments(`${head}${tail.join('\n')}\n`);
    const at = rows.length + 3; // the if's line
    expect(r.quoted).toEqual([`${at + 2}: pos_weights = freq_neg`, `${at + 3}: neg_weights = freq_pos`, `${at + 4}: w_pos = freq_neg`, `${at + 5}: w_neg = np.array(freq_pos,`]);
    // ~650 calls here: the text is split once, by a C regex; ast.get_source_segment's split is a
    // Python loop over the 8 million characters for each of the four lines quoted.
    expect(r.calls).toBeLessThan(5_000);
  }, 90_000);

  it.each([
    // Each + node's check walked its whole subtree again: a line of n terms cost n² (minutes for
    // 300 lines of 900 terms, and the load's time limit for a correct file).
    ['300 lines of 900 terms', 300, 900],
    // The recursive bit count raised RecursionError past ~1,000 terms, and the caller dropped every
    // weight line of the file with it.
    ['one line of 1,200 terms', 1, 1200],
  ])('%s under a main guard: refused at a bounded cost, the genuine lines before them still found', async (_label, count, terms) => {
    const long = `    pos_weights = freq_neg${' + 1'.repeat(terms)}`;
    const source = ['def compute_class_freqs(labels):', '    return labels, labels', "if __name__ == '__main__':",
      '    freq_pos, freq_neg = compute_class_freqs(labels)', '    pos_weights = freq_neg', '    neg_weights = freq_pos',
      ...Array.from({ length: count }, () => long)].join('\n');
    const r = await assignments(`${source}\n`);
    expect(r.quoted).toEqual(['5: pos_weights = freq_neg', '6: neg_weights = freq_pos']);
    // ~2,800 calls a line here: each line's check stops at its node budget (~200 nodes); checking
    // every node's subtree was ~400,000 node visits a line of 900 terms, each a few calls.
    expect(r.calls).toBeLessThan(10_000 * count);
  }, 120_000);
});

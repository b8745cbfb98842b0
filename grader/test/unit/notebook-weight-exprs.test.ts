/**
 * notebook.weight_assignments, called directly: which class-weight lines it evaluates. They are
 * evaluated at load, in the learner's process, inside the run's time limit but outside every
 * call's, so a line that builds a huge integer or list must not be evaluated at all: a weight line
 * under a main guard (code that never runs) stopped the load at --timeout, and a file with correct
 * functions scored 0 with "its top-level code did not finish" (red team 23).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import ast, json, sys, time
sys.path.insert(0, sys.argv[1])
import numpy as np
import notebook
source = sys.argv[2]
start = time.monotonic()
got = notebook.weight_assignments([(None, source, ast.parse(source))], {"pos": [0.25, 0.5], "neg": [0.75, 0.5]}, np)
print(json.dumps({"names": [w["name"] for w in got], "seconds": time.monotonic() - start}))
`;

async function evaluated(lines: string): Promise<{ names: string[]; seconds: number }> {
  // The names each line reads: the pair as two names, or kept whole in one (freqs[0]).
  const bind = /\bfreqs\b/.test(lines) ? 'freqs' : 'freq_pos, freq_neg';
  const source = `${bind} = compute_class_freqs(labels)\n${lines}\n`;
  // Well under the run's limit: the old code spent minutes (or until memory ran out) on each.
  const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR, source], { timeout: 15_000, reject: false });
  expect(r.timedOut, 'weight_assignments did not return within 15 s').toBe(false);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { names: string[]; seconds: number };
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
    expect(r.seconds).toBeLessThan(2);
  }, 20_000);

  it.each([
    ['the course convention', 'pos_weights = freq_neg\nneg_weights = freq_pos', ['pos_weights', 'neg_weights']],
    ['arithmetic with small numbers and powers', 'pos_weights = (1 - freq_pos) ** 2 * 2 ** 8 / 256\nneg_weights = (freq_pos ** 2) ** 0.5', ['pos_weights', 'neg_weights']],
    ['an integer power of a power that stays small', 'pos_weights = freq_neg * ((2 ** 8) ** 8) / ((2 ** 8) ** 8)\nneg_weights = freq_pos', ['pos_weights', 'neg_weights']],
    ['a list and the pair kept whole', 'pos_weights = list(freqs[1])\nneg_weights = np.array(freqs)[0] + freqs[0]', ['pos_weights', 'neg_weights']],
  ])('%s: still evaluated', async (_label, lines, names) => {
    expect((await evaluated(lines)).names).toEqual(names);
  });
});

/**
 * The models of the term-level slips (one weight, or none, on a term, one log or one label factor on both terms, a
 * label factor left out, the labels inside the logs, a minus on one term, a fixed or subtracted epsilon, a floored log, the column index left out, a sigmoid on the predictions,
 * weights recomputed from the batch) against the learner's literal numpy code, every variant: the catalogue's
 * samples check one variant each through a full grading run; this checks them all.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CORRECT_FREQS, CORRECT_LOSS, freqsWithSpec, isModelError, lossWithSpec, type ClassFreqs, type FreqSpec, type LossInputs, type LossSpec } from '../../../../reference/loss.js';

const P = 'pw[i] * y[:, i] * np.log(p[:, i] + eps)';
const N = 'nw[i] * (1 - y[:, i]) * np.log(1 - p[:, i] + eps)';
const VARIANTS: [string, Partial<LossSpec>, string][] = [
  ['correct', {}, `${P} + ${N}`],
  ['pos_weights on both terms', { weights: 'pos-both' }, `pw[i] * (y[:, i] * np.log(p[:, i] + eps) + (1 - y[:, i]) * np.log(1 - p[:, i] + eps))`],
  ['neg_weights on both terms', { weights: 'neg-both' }, `${P.replace('pw', 'nw')} + ${N}`],
  ['neg_weights left out', { weights: 'pos-only' }, `${P} + ${N.replace('nw[i] * ', '')}`],
  ['pos_weights left out', { weights: 'neg-only' }, `${P.replace('pw[i] * ', '')} + ${N}`],
  ['log(p) in both terms', { logArgs: 'p-both' }, `${P} + nw[i] * (1 - y[:, i]) * np.log(p[:, i] + eps)`],
  ['log(1-p) in both terms', { logArgs: '1mp-both' }, `pw[i] * y[:, i] * np.log(1 - p[:, i] + eps) + ${N}`],
  ['no (1-y) factor', { labels: 'no-neg-factor' }, `${P} + nw[i] * np.log(1 - p[:, i] + eps)`],
  ['no y factor', { labels: 'no-pos-factor' }, `pw[i] * np.log(p[:, i] + eps) + ${N}`],
  ['y on both terms', { labels: 'y-both' }, `${P} + nw[i] * y[:, i] * np.log(1 - p[:, i] + eps)`],
  ['(1-y) on both terms', { labels: '1my-both' }, `pw[i] * (1 - y[:, i]) * np.log(p[:, i] + eps) + ${N}`],
  // The loop adds -np.mean(term): a term of P - N is -P + N, the minus on the positive term only.
  ['minus on the positive term only', { signOn: 'pos' }, `${P} - ${N}`],
  ['minus on the negative term only', { signOn: 'neg' }, `-(${P}) + ${N}`],
  ['a fixed 1e-5 instead of epsilon', { eps: 'fixed', fixedEpsilon: 1e-5 }, `${P} + ${N}`.replaceAll('+ eps', '+ 1e-5')],
  ['batch frequencies, not inverted', { weights: 'recomputed-raw' }, `${P} + ${N}`.replace('pw[i]', 'np.mean(y[:, i])').replace('nw[i]', '(1 - np.mean(y[:, i]))')],
  ['epsilon outside the first log only', { eps: 'outside-pos' }, `pw[i] * y[:, i] * (np.log(p[:, i]) + eps) + ${N}`],
  ['epsilon outside the second log only', { eps: 'outside-neg' }, `${P} + nw[i] * (1 - y[:, i]) * (np.log(1 - p[:, i]) + eps)`],
  ['epsilon subtracted in the second log', { eps: 'subtracted' }, `${P} + nw[i] * (1 - y[:, i]) * np.log(1 - (p[:, i] + eps))`],
  ['the column index left out', { wholeMatrix: true }, 'pw[i] * y * np.log(p + eps) + nw[i] * (1 - y) * np.log(1 - p + eps)'],
  ['a sigmoid on the predictions', { sigmoid: true }, `${P} + ${N}`.replaceAll('p[:, i]', '(1 / (1 + np.exp(-p[:, i])))')],
  ['batch frequencies, course convention', { weights: 'recomputed' }, `${P} + ${N}`.replace('pw[i]', '(1 - np.mean(y[:, i]))').replace('nw[i]', 'np.mean(y[:, i])')],
  ["the batch's inverse frequencies", { weights: 'recomputed-inverse' }, `${P} + ${N}`.replace('pw[i]', '(1 / np.mean(y[:, i]))').replace('nw[i]', '(1 / np.mean(1 - y[:, i]))')],
  ['one minus the weights', { weights: 'complement' }, `${P} + ${N}`.replace('pw[i]', '(1 - pw[i])').replace('nw[i]', '(1 - nw[i])')],
  ['divided by the weights', { weights: 'reciprocal' }, `y[:, i] * np.log(p[:, i] + eps) / pw[i] + (1 - y[:, i]) * np.log(1 - p[:, i] + eps) / nw[i]`],
  ['(1 - y_pred) as the negative label factor', { labels: 'p-neg' }, `${P} + nw[i] * (1 - p[:, i]) * np.log(1 - p[:, i] + eps)`],
  ['y_pred as the positive label factor', { labels: 'p-pos' }, `pw[i] * p[:, i] * np.log(p[:, i] + eps) + ${N}`],
  ['y_pred in both label factors', { labels: 'p-both' }, `pw[i] * p[:, i] * np.log(p[:, i] + eps) + nw[i] * (1 - p[:, i]) * np.log(1 - p[:, i] + eps)`],
  ['y_true inside the logs', { logArgs: 'labels' }, `${P} + ${N}`.replaceAll('p[:, i] + eps', 'y[:, i] + eps')],
  ['epsilon after each whole term (no brackets)', { eps: 'after-term' }, `pw[i] * y[:, i] * np.log(p[:, i]) + eps + nw[i] * (1 - y[:, i]) * np.log(1 - p[:, i]) + eps`],
  ['epsilon after the first whole term', { eps: 'after-term-pos' }, `pw[i] * y[:, i] * np.log(p[:, i]) + eps + ${N}`],
  ['epsilon after the second whole term', { eps: 'after-term-neg' }, `${P} + nw[i] * (1 - y[:, i]) * np.log(1 - p[:, i]) + eps`],
  // Learners 36: `K.log(1 - y_pred[:, i]) + epsilon)`, one bracket slipped, and no epsilon in the first log either.
  ['epsilon once after both terms, in neither log', { eps: 'after-sum' }, `pw[i] * y[:, i] * np.log(p[:, i]) + nw[i] * (1 - y[:, i]) * np.log(1 - p[:, i]) + eps`],
  ["each log's argument floored at epsilon", { eps: 'floor' }, `pw[i] * y[:, i] * np.log(np.maximum(p[:, i], eps)) + nw[i] * (1 - y[:, i]) * np.log(np.maximum(1 - p[:, i], eps))`],
  // PyTorch's binary_cross_entropy: each log clamped at -100, no epsilon.
  ['each log floored at -100', { eps: 'log-floor' }, `pw[i] * y[:, i] * np.maximum(np.log(p[:, i]), -100) + nw[i] * (1 - y[:, i]) * np.maximum(np.log(1 - p[:, i]), -100)`],
  ['1 - log(p) in the negative term', { logArgs: 'one-minus-log' }, `${P} + nw[i] * (1 - y[:, i]) * (1 - np.log(p[:, i] + eps))`],
  ['log(1) - log(p) in the negative term', { logArgs: 'log-one-minus-log' }, `${P} + nw[i] * (1 - y[:, i]) * (np.log(1) - np.log(p[:, i] + eps))`],
  ['the weights inside the logs', { weightsInLog: 'times-p' }, 'y[:, i] * np.log(pw[i] * p[:, i] + eps) + (1 - y[:, i]) * np.log(nw[i] * (1 - p[:, i]) + eps)'],
  ['the weights inside the logs, epsilon too', { weightsInLog: 'times-p-eps' }, 'y[:, i] * np.log(pw[i] * (p[:, i] + eps)) + (1 - y[:, i]) * np.log(nw[i] * (1 - p[:, i] + eps))'],
  ['1e-3 next to epsilon', { eps: 'extra', fixedEpsilon: 1e-3 }, `${P} + ${N}`.replaceAll('+ eps', '+ eps + 1e-3')],
  ['epsilon added twice', { eps: 'doubled' }, `${P} + ${N}`.replaceAll('+ eps', '+ eps + eps')],
  ['squared errors instead of logs', { logArgs: 'squared' }, '-(pw[i] * y[:, i] * (1 - p[:, i]) ** 2 + nw[i] * (1 - y[:, i]) * p[:, i] ** 2)'],
  ['the first example left out', { examples: 'skip-first' }, `${P} + ${N}`.replaceAll('[:, i]', '[1:, i]')],
  ['the last example left out', { examples: 'skip-last' }, `${P} + ${N}`.replaceAll('[:, i]', '[:-1, i]')],
  ['only the positive term', { terms: 'pos' }, P],
  ['only the negative term', { terms: 'neg' }, N],
];

const INPUTS: LossInputs[] = [
  {
    yTrue: [[1, 1, 1], [1, 1, 0], [0, 1, 0], [1, 0, 1]],
    yPred: [[0.7, 0.2, 0.9], [0.4, 0.6, 0.1], [0.3, 0.8, 0.5], [0.95, 0.05, 0.6]],
    posWeights: [0.25, 0.25, 0.5],
    negWeights: [0.75, 0.75, 0.5],
    epsilon: 1e-7,
  },
  {
    yTrue: [[0, 1], [0, 0], [1, 1]],
    yPred: [[0.1, 0.9], [0.5, 0.25], [0.6, 0.7]],
    posWeights: [0.7, 0.4],
    negWeights: [0.2, 0.9],
    epsilon: 0.1,
  },
  {
    // Class 0 has no positive example.
    yTrue: [[0, 1], [0, 0], [0, 1]],
    yPred: [[0.2, 0.9], [0.35, 0.3], [0.1, 0.6]],
    posWeights: [1, 0.3333],
    negWeights: [0, 0.6667],
    epsilon: 1e-7,
  },
  {
    // epsilon = 0.5: log(1 - p + ε) is positive for p < 0.5 and log(p + ε) for p > 0.5, so the
    // loss is negative, the first class's mean is negative, the second's positive, and the terms
    // of the second class have both signs.
    yTrue: [[0, 1], [0, 1], [1, 1]],
    yPred: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.9]],
    posWeights: [0.6, 0.9],
    negWeights: [2, 0.1],
    epsilon: 0.5,
  },
];

/**
 * What numpy gives for each expression on each of INPUTS: `body` (Python, unindented) sets `v`
 * from `expr` and the input's y, p, pw, nw and eps. A non-finite value comes back as NaN or ±inf;
 * np.average's "weights sum to zero" (ZeroDivisionError) is NaN, as the model's 0/0 is.
 */
async function numpyValues(exprs: string[], body: string): Promise<number[][]> {
  const indented = body.trim().split('\n').map((line) => `                ${line}`).join('\n');
  const script = `
import json, sys
import numpy as np
inputs = json.loads(sys.argv[1])
out = []
for expr in json.loads(sys.argv[2]):
    row = []
    for k in inputs:
        y, p = np.array(k["yTrue"], dtype=float), np.array(k["yPred"], dtype=float)
        pw, nw, eps = np.array(k["posWeights"]), np.array(k["negWeights"]), k["epsilon"]
        try:
            with np.errstate(invalid='ignore', divide='ignore'):
${indented}
                v = float(v)
        except ZeroDivisionError:
            v = float('nan')
        row.append(v if np.isfinite(v) else repr(v))  # 'nan', 'inf': not JSON numbers
    out.append(row)
print(json.dumps(out))`;
  const r = await execa('python3', ['-c', script, JSON.stringify(INPUTS), JSON.stringify(exprs)]);
  const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };
  return (JSON.parse(r.stdout) as (number | string)[][]).map((row) => row.map((x) => (typeof x === 'number' ? x : special[x]!)));
}

/** The model's value is numpy's: to 12 digits, or the same NaN or infinity. */
/** The model's loss, a number: a model that raises here is a failure of the test's inputs. */
function lossOf(inputs: LossInputs, spec: LossSpec): number {
  const v = lossWithSpec(inputs, spec);
  if (isModelError(v)) throw new Error(`the model raised ${v.detail}`);
  return v;
}

function expectSame(model: number, want: number, label: string): void {
  if (Number.isFinite(want)) expect(model, label).toBeCloseTo(want, 12);
  else expect(model, label).toBe(want);
}

describe('term-level mistake models', () => {
  it('match the learner\'s numpy code, variant by variant', async () => {
    const numpy = await numpyValues(
      VARIANTS.map((v) => v[2]),
      `v = 0.0
for i in range(y.shape[1]):
    v += -np.mean(eval(expr))`,
    );
    VARIANTS.forEach(([label, change], v) => {
      INPUTS.forEach((inputs, k) => {
        expectSame(lossOf(inputs, { ...CORRECT_LOSS, ...change }), numpy[v]![k]!, `${label}, inputs ${k}`);
      });
    });
    // Every slip really changes the loss on one of these inputs.
    for (let v = 1; v < VARIANTS.length; v++) {
      const change = Math.max(...INPUTS.map((_, k) => (Number.isFinite(numpy[v]![k]!) ? Math.abs(numpy[v]![k]! - numpy[0]![k]!) : Infinity)));
      expect(change, VARIANTS[v]![0]).toBeGreaterThan(1e-3);
    }
  });

  it('the reductions match numpy: the axes swapped, a sum over examples, one mean over everything', async () => {
    const REDUCTIONS: [LossSpec['reduction'], string][] = [
      ['mean', 'np.sum(np.mean(L, axis=0))'],
      ['sum-mean-classes', 'np.sum(np.mean(L, axis=1))'],
      ['sum', 'np.sum(np.sum(L, axis=0))'],
      ['mean-all', 'np.mean(L)'],
      ['mean-over-n', 'np.sum(np.mean(L, axis=0)) / L.shape[0]'],
      // Both terms over the class's positives (learner 30); the third inputs' class without one: x/0 = inf.
      ['positives-mean', 'np.sum((np.sum(Lp, axis=0) + np.sum(Ln, axis=0)) / np.sum(y, axis=0))'],
      ['positives-mean-guarded', 'np.sum((np.sum(Lp, axis=0) + np.sum(Ln, axis=0)) / np.maximum(np.sum(y, axis=0), 1))'],
      ['positives-mean-eps', 'np.sum((np.sum(Lp, axis=0) + np.sum(Ln, axis=0)) / (np.sum(y, axis=0) + eps))'],
      ['positives-all', 'np.sum(L) / np.sum(y)'],
      // Each term over its own examples; the third inputs have a class without positives (0/0).
      ['per-term-mean', 'np.sum(np.sum(Lp, axis=0) / np.sum(y, axis=0) + np.sum(Ln, axis=0) / np.sum(1 - y, axis=0))'],
      ['per-term-mean-guarded', 'np.sum(np.sum(Lp, axis=0) / np.maximum(np.sum(y, axis=0), 1) + np.sum(Ln, axis=0) / np.maximum(np.sum(1 - y, axis=0), 1))'],
    ];
    const numpy = await numpyValues(
      REDUCTIONS.map((x) => x[1]),
      `Lp = -(pw * y * np.log(p + eps))
Ln = -(nw * (1 - y) * np.log(1 - p + eps))
L = -(pw * y * np.log(p + eps) + nw * (1 - y) * np.log(1 - p + eps))
v = eval(expr)`,
    );
    REDUCTIONS.forEach(([reduction, expr], v) =>
      INPUTS.forEach((inputs, k) => {
        expectSame(lossOf(inputs, { ...CORRECT_LOSS, reduction }), numpy[v]![k]!, `${expr}, inputs ${k}`);
      }),
    );
    // The guard matters only where a class has no positive (or no negative) example.
    expect(numpy[REDUCTIONS.length - 2]![2]).toBeNaN();
    expect(Number.isFinite(numpy[REDUCTIONS.length - 1]![2])).toBe(true);
  });

  it('an absolute value where the minus belongs matches numpy: around the loss, each class\'s mean, each term', async () => {
    const ABS: [LossSpec['abs'], string][] = [
      ['total', 'np.abs(np.sum(np.mean(LL, axis=0)))'],
      ['class', 'np.sum(np.abs(np.mean(LL, axis=0)))'],
      ['example', 'np.sum(np.mean(np.abs(LL), axis=0))'],
    ];
    const numpy = await numpyValues(
      ABS.map((x) => x[1]),
      `LL = pw * y * np.log(p + eps) + nw * (1 - y) * np.log(1 - p + eps)  # no minus sign
v = eval(expr)`,
    );
    ABS.forEach(([abs, expr], v) => INPUTS.forEach((inputs, k) => expect(lossWithSpec(inputs, { ...CORRECT_LOSS, abs }), `${expr}, inputs ${k}`).toBeCloseTo(numpy[v]![k]!, 12)));
    // Where ε makes a log positive, each placement gives its own loss, and none is the correct one.
    const last = INPUTS.length - 1;
    const values = [lossWithSpec(INPUTS[last]!, CORRECT_LOSS) as number, ...ABS.map((_, v) => numpy[v]![last]!)];
    for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) expect(Math.abs(values[i]! - values[j]!), `${i} vs ${j}`).toBeGreaterThan(1e-3);
  });

  it('the two terms reduced differently match numpy: a mean and a sum, axis 0 and axis 1, a mean over the positives only', async () => {
    const MIXED: [LossSpec['termReductions'], string][] = [
      [{ pos: 'mean', neg: 'sum' }, 'np.sum(np.mean(Lp, axis=0)) + np.sum(Ln)'],
      [{ pos: 'sum', neg: 'mean' }, 'np.sum(Lp) + np.sum(np.mean(Ln, axis=0))'],
      [{ pos: 'mean', neg: 'classes' }, 'np.sum(np.mean(Lp, axis=0)) + np.sum(np.mean(Ln, axis=1))'],
      [{ pos: 'own', neg: 'sum' }, 'np.sum(np.sum(Lp, axis=0) / np.sum(y, axis=0)) + np.sum(Ln)'],
      [{ pos: 'own-guarded', neg: 'sum' }, 'np.sum(np.sum(Lp, axis=0) / np.maximum(np.sum(y, axis=0), 1)) + np.sum(Ln)'],
      [{ pos: 'mean', neg: 'own' }, 'np.sum(np.mean(Lp, axis=0)) + np.sum(np.sum(Ln, axis=0) / np.sum(1 - y, axis=0))'],
    ];
    const numpy = await numpyValues(
      MIXED.map((x) => x[1]),
      `Lp = -(pw * y * np.log(p + eps))
Ln = -(nw * (1 - y) * np.log(1 - p + eps))
v = eval(expr)`,
    );
    MIXED.forEach(([termReductions, expr], v) =>
      INPUTS.forEach((inputs, k) => {
        expectSame(lossOf(inputs, { ...CORRECT_LOSS, reduction: 'mixed', termReductions }), numpy[v]![k]!, `${expr}, inputs ${k}`);
      }),
    );
  });

  it('weights normalised match numpy: np.average with the weights per class or over everything, w / (wp + wn)', async () => {
    const NORMALISED: [Partial<LossSpec>, string][] = [
      [{ reduction: 'weighted-average' }, 'np.sum(np.average(bce, weights=W, axis=0))'],
      [{ reduction: 'weighted-average-all' }, 'np.average(bce, weights=W)'],
      [{ normaliseWeights: 'pair' }, 'np.sum(np.mean(-(pw / (pw + nw) * y * np.log(p + eps) + nw / (pw + nw) * (1 - y) * np.log(1 - p + eps)), axis=0))'],
      // sweep 15a: swapped, then normalised, as one learner wrote it.
      [{ normaliseWeights: 'pair', weights: 'swapped' }, 'np.sum(np.mean(-(nw / (pw + nw) * y * np.log(p + eps) + pw / (pw + nw) * (1 - y) * np.log(1 - p + eps)), axis=0))'],
    ];
    const numpy = await numpyValues(
      NORMALISED.map((x) => x[1]),
      `bce = -(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
W = pw * y + nw * (1 - y)
v = eval(expr)`,
    );
    NORMALISED.forEach(([change, expr], v) =>
      INPUTS.forEach((inputs, k) => {
        expectSame(lossOf(inputs, { ...CORRECT_LOSS, ...change }), numpy[v]![k]!, `${expr}, inputs ${k}`);
      }),
    );
  });

  it.each([
    ['first', 'y[1:]', 'range(1, N)', 'skip-first-over-n'],
    // sweep 15a: the last one, y_true[:-1] and range(N - 1).
    ['last', 'y[:-1]', 'range(N - 1)', 'skip-last-over-n'],
  ] as const)('the %s example left out matches numpy: labels%s, and loops over %s divided by N, in the loss and the frequencies', async (row, slice, loop, examples) => {
    const script = `
import json, sys
import numpy as np
inputs = json.loads(sys.argv[1])
out = []
for k in inputs:
    y, p = np.array(k["yTrue"], dtype=float), np.array(k["yPred"], dtype=float)
    pw, nw, eps = np.array(k["posWeights"]), np.array(k["negWeights"]), k["epsilon"]
    N, C = y.shape
    loss = 0.0
    for i in range(C):
        s = 0.0
        for n in ${loop}:
            s += -(pw[i] * y[n, i] * np.log(p[n, i] + eps) + nw[i] * (1 - y[n, i]) * np.log(1 - p[n, i] + eps))
        loss += s / N
    pos_mean = np.mean(${slice}, axis=0)
    counts, zeros = np.zeros(C), np.zeros(C)
    for n in ${loop}:
        counts += y[n]
        zeros += 1 - y[n]
    out.append({"loss": float(loss), "mean": [pos_mean.tolist(), (1 - pos_mean).tolist()],
                "loopCounts": [(counts / N).tolist(), (zeros / N).tolist()], "loopOneMinus": [(counts / N).tolist(), (1 - counts / N).tolist()]})
print(json.dumps(out))`;
    const r = await execa('python3', ['-c', script, JSON.stringify(INPUTS)]);
    const numpy = JSON.parse(r.stdout) as { loss: number; mean: number[][]; loopCounts: number[][]; loopOneMinus: number[][] }[];
    const FREQS: ['mean' | 'loopCounts' | 'loopOneMinus', Partial<FreqSpec>][] = [
      ['mean', { skipFirst: 'mean', skipRow: row }],
      ['loopCounts', { skipFirst: 'over-n', skipRow: row }],
      ['loopOneMinus', { skipFirst: 'over-n', neg: 'one-minus', skipRow: row }],
    ];
    INPUTS.forEach((inputs, k) => {
      expect(lossWithSpec(inputs, { ...CORRECT_LOSS, examples }), `${loop} / N, inputs ${k}`).toBeCloseTo(numpy[k]!.loss, 12);
      for (const [form, change] of FREQS) {
        const model = freqsWithSpec(inputs.yTrue, { ...CORRECT_FREQS, ...change }) as ClassFreqs;
        const [pos, neg] = numpy[k]![form]!;
        pos!.forEach((x, j) => expect(model.pos[j], `${form}, inputs ${k}`).toBeCloseTo(x, 12));
        neg!.forEach((x, j) => expect(model.neg[j], `${form}, inputs ${k}`).toBeCloseTo(x, 12));
      }
    });
    // One example: np.mean over no rows is NaN; a loop that never runs leaves zeros.
    expect(freqsWithSpec([[1, 0]], { ...CORRECT_FREQS, skipFirst: 'mean', skipRow: row })).toEqual({ pos: [NaN, NaN], neg: [NaN, NaN] });
    expect(freqsWithSpec([[1, 0]], { ...CORRECT_FREQS, skipFirst: 'over-n', neg: 'one-minus', skipRow: row })).toEqual({ pos: [0, 0], neg: [1, 1] });
  });

  it('an off-by-one loop over classes matches numpy: range(C - 1) skips the last class, range(1, C) the first', async () => {
    const RANGES: [LossSpec['classes'], string][] = [
      [{ kind: 'skip-last' }, 'range(len(pw) - 1)'],
      [{ kind: 'skip-first' }, 'range(1, len(pw))'],
    ];
    const numpy = await numpyValues(
      RANGES.map((x) => x[1]),
      `v = 0.0
for i in eval(expr):
    v += -np.mean(${P} + ${N})`,
    );
    RANGES.forEach(([classes, rng], v) => {
      INPUTS.forEach((inputs, k) => expect(lossWithSpec(inputs, { ...CORRECT_LOSS, classes }), `${rng}, inputs ${k}`).toBeCloseTo(numpy[v]![k]!, 12));
      // The class left out really changes the loss on one of these inputs.
      const change = Math.max(...INPUTS.map((inputs, k) => Math.abs(numpy[v]![k]! - lossOf(inputs, CORRECT_LOSS))));
      expect(change, rng).toBeGreaterThan(1e-3);
    });
  });

  it('np.ma.log without epsilon matches numpy (sweep 15a): the masked log(0) filled with 0, or its example left out of a masked mean', async () => {
    // Predictions of exactly 0 and 1: in a class with others, a class of nothing else, and a batch of nothing else (every mean masked: NaN).
    const inputs: LossInputs[] = [
      { yTrue: [[1, 0, 1], [0, 1, 0], [1, 1, 0]], yPred: [[1, 0.3, 0], [0, 0.6, 1], [0.4, 0.8, 1]], posWeights: [0.3, 0.6, 0.5], negWeights: [0.7, 0.4, 0.5], epsilon: 1e-7 },
      { yTrue: [[1, 0], [0, 1]], yPred: [[1, 0.2], [0, 0.9]], posWeights: [0.5, 0.5], negWeights: [0.5, 0.5], epsilon: 1e-7 },
      { yTrue: [[1, 0], [0, 1]], yPred: [[1, 0], [0, 1]], posWeights: [0.5, 0.5], negWeights: [0.5, 0.5], epsilon: 1e-7 },
    ];
    const script = `
import json, sys, warnings
import numpy as np
warnings.simplefilter('ignore')
out = []
for k in json.loads(sys.argv[1]):
    y, p = np.array(k["yTrue"], dtype=float), np.array(k["yPred"], dtype=float)
    pw, nw = np.array(k["posWeights"]), np.array(k["negWeights"])
    filled = pw * y * np.ma.log(p).filled(0) + nw * (1 - y) * np.ma.log(1 - p).filled(0)
    masked = pw * y * np.ma.log(p) + nw * (1 - y) * np.ma.log(1 - p)
    out.append([float(-np.sum(np.mean(filled, axis=0))), repr(float(-np.ma.sum(np.ma.mean(masked, axis=0))))])
print(json.dumps(out))`;
    const r = await execa('python3', ['-c', script, JSON.stringify(inputs)]);
    const numpy = JSON.parse(r.stdout) as [number, string][];
    inputs.forEach((x, k) => {
      expectSame(lossOf(x, { ...CORRECT_LOSS, eps: 'masked-zero' }), numpy[k]![0], `filled(0), inputs ${k}`);
      expectSame(lossOf(x, { ...CORRECT_LOSS, eps: 'masked' }), Number(numpy[k]![1]), `masked mean, inputs ${k}`);
    });
    // The two differ where a class keeps some examples: the mean is over those, not over N.
    expect(Math.abs(numpy[0]![0] - Number(numpy[0]![1]))).toBeGreaterThan(1e-3);
  });
});

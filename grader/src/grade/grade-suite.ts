/**
 * A run outcome + the suite -> the GradeReport. Pure: the reference and the mistake models run
 * here, in-process, after the learner's code has finished, so expected values never exist in
 * the learner's process.
 */
import { computeClassFreqs, courseWeights, WEIGHT_PROBE, weightedLoss, weightedLossFloat32, type LossInputs } from '../../../reference/loss.js';
import { MISTAKES, type MistakeId } from '../../../reference/mistakes/index.js';
import { fixFramework, fixInFramework, withoutIntegerMean, type FixFramework } from './fix-in-framework.js';
import type { ArrayDType, Call, ErrorInfo, FunctionInfo, Site, WeightAssignment, WireArray } from '../schema/protocol.js';
import type { CaseResult, FixedNote, GradedReport, MistakeReport, Problem } from '../schema/report.js';
import { toJsonNumber } from '../schema/report.js';
import type { CallOutcome, LoadOutcome, RunOutcome, Submission } from '../sandbox/run-submission.js';
import { isSetupTimeout } from '../sandbox/setup-timeout-load.js';
import { RUNNER_INTERNAL_ERROR } from '../schema/runner-error.js';
import type { Case, Suite } from '../suite/load-suite.js';
import { diagnose, diagnoseRounded, lossEpsilonFrom, signatureReport, type DiagnosisInput } from './diagnose.js';
import { epsilonDefault } from './epsilon-default.js';
import { lossDigits, roundedLoss } from './rounded-loss.js';
import { fixedDenominators, type Observed } from './fixed-denominator.js';
import { broadcastShapes, caseShape, classRows, dtypeClash, fmt, fmtVec, gradeCase, hasExactZeroOne, isClose, shownExpected, tfUserCode, vecClose, type CaseVerdict, type Expected } from './grade-case.js';
import { counted, joinSome, joinWords } from '../join-words.js';
import { lineSpot } from '../line-spot.js';
import { meantImport, pipName } from '../pip-names.js';
import { numpyDecides, numpyHad, numpyReleases } from '../numpy-names.js';
import { packageHad } from '../package-history.js';
import { nonAsciiNote } from './lookalikes.js';
import { sameResult } from './same-result.js';
import { inLossLog, inLossShape, lossOnWholeArrays, RAISED_AT, siteOf } from './sites.js';
import { changedInputs, mutatedEvidence, mutatedFix } from './mutated-input.js';
import { roundedWeights, type RoundedWeights } from './rounded-weights.js';
import { cellStarting, magicDoes, magicLine, magicName, parseMagicStack } from '../cell-magic.js';

export const PYTHON_NAME: Record<Case['function'], string> = {
  compute_class_freqs: 'compute_class_freqs',
  weighted_loss: 'get_weighted_loss',
};

const expectedCache = new WeakMap<Case, Expected>();

/** The reference's answer for a case; computed once per case (a batch grades every submission on the same cases). */
export function expectedFor(c: Case): Expected {
  let e = expectedCache.get(c);
  if (!e) {
    e = c.inputs.fn === 'weighted_loss' ? { fn: 'weighted_loss', loss: weightedLoss(c.inputs) } : { fn: 'compute_class_freqs', freqs: computeClassFreqs(c.inputs.labels) };
    expectedCache.set(c, e);
  }
  return e;
}

const float32Cache = new WeakMap<Case, Case>();

/**
 * The case as its float32 re-run saw it (runner.run_call_as_keras): y_true and y_pred as float32,
 * as Keras passes them to a loss, the weights as the suite gives them. Its reference is computed
 * for those inputs (the predictions rounded to float32, as a float32 case's are), with the case's
 * tolerance, which `wlgrade validate`'s float32-drift check requires to accept a correct float32
 * implementation; a value float32 arithmetic moves further (a prediction of exactly 1 in
 * TensorFlow's graph) passes as float32Arithmetic says. Built once per case.
 */
export function asFloat32(c: Case): Case {
  if (c.inputs.fn !== 'weighted_loss') return c;
  let v = float32Cache.get(c);
  if (!v) {
    v = { ...c, inputs: { ...c.inputs, yPred: c.inputs.yPred.map((r) => r.map(Math.fround)) } };
    float32Cache.set(c, v);
  }
  return v;
}

/**
 * A loss computed in float32 (returned as float32, or re-run on float32 inputs) that failed its
 * case: the verdict against the correct loss as float32 arithmetic gives it (weightedLossFloat32,
 * the second log as written or as TensorFlow's graph folds it), within the case's own tolerance,
 * when that passes; else null. Not a looser bound: a wrong ε returned as np.float32, or a forged
 * dtype clash, must not pass where float32 rounding does not explain the value.
 */
function float32Arithmetic(c: Case, outcome: CallOutcome): CaseVerdict | null {
  if (c.inputs.fn !== 'weighted_loss') return null;
  for (const loss of float32Losses(c, c.inputs)) {
    const v = gradeCase(c, outcome, { fn: 'weighted_loss', loss });
    if (v.status === 'passed') return v;
  }
  return null;
}

const float32Views = new WeakMap<Case, Case>();

/**
 * The cases the diagnosis may model for a case of the suite, in a fixed order: the case, and for a
 * loss case its float32 view (a batch's cache of the models' values, models-cache.ts, keeps both).
 */
export const modelledViews = (c: Case): Case[] => (c.inputs.fn === 'weighted_loss' ? [c, float32View(c)] : [c]);

/**
 * A loss case as the diagnosis sees a loss computed in float32 (returned as float32, or run again
 * on float32 inputs): the predictions rounded to float32 and `float32` set, so each mistake model is
 * also evaluated in TensorFlow's graph order (a @tf.function or model.fit loss folds 1 + ε: ~1% in
 * the second log at a prediction of exactly 1, which left a float32 graph loss's mistake a partial
 * match). Its verdict stays the case's own. Built once per case.
 */
function float32View(c: Case): Case {
  if (c.inputs.fn !== 'weighted_loss') return c;
  const known = float32Views.get(c);
  if (known) return known;
  const r = asFloat32(c);
  const v: Case = { ...r, inputs: { ...c.inputs, yPred: r.inputs.fn === 'weighted_loss' ? r.inputs.yPred : c.inputs.yPred, float32: true } };
  float32Views.set(c, v);
  return v;
}

const float32LossCache = new WeakMap<Case, [number, number]>();

/** The case's correct loss in float32 arithmetic, the second log as written and as TensorFlow's graph folds it: computed once per case. */
function float32Losses(c: Case, inputs: LossInputs): [number, number] {
  let v = float32LossCache.get(c);
  if (!v) {
    v = [weightedLossFloat32(inputs, 'as-written'), weightedLossFloat32(inputs, 'epsilon-first')];
    float32LossCache.set(c, v);
  }
  return v;
}

/**
 * A value returned as float32 (a scalar or array of that dtype): the learner computed in float32,
 * Keras's default (`tf.cast(y_pred, tf.float32)` on both inputs; in the course, model.fit runs the
 * loss in a graph, where TensorFlow folds 1 + ε before subtracting a prediction of exactly 1).
 */
const returnedFloat32 = (o: CallOutcome) => o.status === 'ok' && (o.value.kind === 'number' || o.value.kind === 'array') && o.value.dtype === 'float32';

/** The dtype clash that made the runner run a loss call again with float32 y_true and y_pred, if it did. */
const float32Rerun = (o: CallOutcome) => ((o.status === 'ok' || o.status === 'error') && o.float32 ? o.float32 : undefined);

export interface GradeContext {
  submission: Submission;
  version: string;
  learner?: string;
  /** Shown in messages about installing a missing module. */
  python: string;
  /** A notebook saved as .py: the cell holding a line of the file ("cell In [3]"), for errors' lines. */
  cellMark?: (line: number) => string | undefined;
  /**
   * `grade` only: how this file, unchanged and under the same options, did not load on the run
   * before (run-batch.ts). A second failure is the file's, not a busy machine's or an OOM kill's:
   * LOAD_TIMEOUT_AGAIN, LOAD_CRASH_AGAIN.
   */
  loadFailedBefore?: LoadFailure;
  /** The run's Keras (RunOptions.keras): under `real` the shim is not loaded, so nothing honest raises its KerasFunctionMissing. */
  keras?: 'shim' | 'real';
  /**
   * The log get_weighted_loss calls, read from the file (sites.ts lossLogOf; `np.log` in a Keras
   * notebook whose loss takes numpy's logs), asked only when a loss's fix or note writes a log:
   * those are written in it, not in the framework's (wording 36b). Absent or undefined: the framework's.
   */
  lossLog?: () => string | undefined;
}

/** Each submission's cellMark while it is graded (GradeContext): `where` words load errors' lines with it. */
const CELL_MARKS = new WeakMap<Submission, (line: number) => string | undefined>();

export { RUNNER_INTERNAL_ERROR } from '../schema/runner-error.js';

/**
 * A record the runner could not encode is a bug in wlgrade, whatever the submission did: it is
 * thrown as one (the CLI prints it with "please report"; a batch records it for this submission)
 * instead of being graded as the learner's failure.
 */
function throwRunnerBug(run: RunOutcome, sub: Submission): void {
  const bug = runnerBug(run);
  if (bug) throw runnerBugError(bug, sub);
}

/** The first record of `run` that the runner could not encode (its load's, else a call's), if any. */
export function runnerBug(run: RunOutcome): ErrorInfo | undefined {
  const errors = [run.load.ok || !('error' in run.load) ? undefined : run.load.error, ...Object.values(run.calls).map((o) => (o.status === 'error' ? o.error : undefined))];
  return errors.find((e): e is ErrorInfo => e?.type === RUNNER_INTERNAL_ERROR);
}

/**
 * A bug the runner reported (its `internal` record, or a record it could not encode): a bug in
 * wlgrade, or learner code that sent the record itself (it can read the run's token in memory).
 * `grade` remembers it for the file (run-batch.ts): a second one is the file's (INTERNAL_ERROR_AGAIN).
 */
export class RunnerBugError extends Error {}

/** What is thrown for a runner bug met grading `sub`. */
export function runnerBugError(bug: ErrorInfo, sub: Submission): RunnerBugError {
  return new RunnerBugError(`grading ${sub.displayName}: ${bug.message}\n${bug.traceback}`);
}

/**
 * The case's authored message (YAML `message`) goes first when it is about this failure: when the
 * case failed and at least half of its function's other cases that ran passed. A failure shared
 * by most cases has a cause of its own (a list returned, swapped weights): there the message
 * (loss-epsilon-default's "the default must be epsilon=1e-7") would send the learner after the
 * wrong thing; so would it where a mistake `named` explains this case and another one, or where
 * the case leaves epsilon out and the file's default is the assignment's own (`standardDefault`).
 */
function withCaseMessage(
  c: Case,
  v: CaseVerdict,
  all: { c: Case; v: CaseVerdict; outcome: CallOutcome }[],
  named: readonly { cases: readonly string[] }[] = [],
  standardDefault = false,
): string {
  if (!c.message || v.status === 'passed') return v.message;
  // A case that leaves epsilon out tests the default: where the code's default is 1e-7, the case
  // fails for something else (learner 32's m17, K.binary_crossentropy on y_pred + epsilon, was told
  // "the default must be epsilon=1e-7" under def get_weighted_loss(..., epsilon=1e-7)).
  // A mistake named from this case alone (a default of 1e-5 at run time) keeps it.
  if (standardDefault && c.epsilonArg === 'omitted' && !named.some((m) => m.cases.includes(c.id))) return v.message;
  // A mistake named from this case and others too explains it by what they share (no epsilon in
  // the logs, at this case's predictions of 0 and 1), not by what this case tests (its default):
  // learner 32's no-epsilon losses were told "the default must be epsilon=1e-7" where it was.
  if (named.some((m) => m.cases.includes(c.id) && m.cases.some((id) => id !== c.id))) return v.message;
  const others = all.filter((x) => x.c.function === c.function && x.c.id !== c.id && x.outcome.status !== 'not-run');
  // An error that other cases raised too (F.binary_cross_entropy on y_pred + epsilon > 1, at
  // predictions of 1) comes from what those cases share, not from what this case is about.
  const o = v.observation;
  if (o.kind === 'error' && others.some((x) => x.v.observation.kind === 'error' && x.v.observation.type === o.type && x.v.observation.message === o.message)) return v.message;
  const passed = others.filter((x) => x.v.status === 'passed').length;
  return others.length > 0 && passed * 2 >= others.length ? `${c.message} ${v.message}` : v.message;
}

/**
 * A loss case with integer labels that failed, where the loss takes a mean of the labels that
 * keeps integers integers (runner.fix_sites' "integer" reduction: K.mean(y_true[:, i]),
 * tf.reduce_mean(y_true, axis=0), none cast to floats): each such mean rounds down, to 0 unless
 * the class's labels are all 1, so a log-of-mean or product-of-means loss is 0 ("Your loss is 0"
 * told nothing, wording 36). The sentence, with the mean's line; '' otherwise.
 */
export function integerLabelMean(c: Case, sites: readonly Site[] | undefined, framework: FixFramework): string {
  if (c.function !== 'weighted_loss' || !/int/.test(c.labelDtype)) return '';
  const means = (sites ?? []).filter((s) => s.kind === 'reduction' && s.integer === true && s.file === undefined);
  if (means.length === 0) return '';
  const cells = new Set(means.map((s) => s.cell));
  const nums = [...new Set(means.map((s) => s.line))].sort((x, y) => x - y);
  // One cell (or a .py): "line 16", "lines 16 and 17"; several cells: each "cell 3, line 5".
  const where =
    cells.size === 1
      ? `${means[0]!.cell !== undefined ? `cell ${means[0]!.cell}, ` : ''}${nums.length === 1 ? `line ${nums[0]}` : `lines ${nums.slice(0, -1).join(', ')} and ${nums.at(-1)}`}`
      : joinWords([...new Set(means.map((s) => `cell ${s.cell}, line ${s.line}`))]);
  const mean = framework === 'tensorflow' ? 'tf.reduce_mean' : framework === 'keras' ? 'K.mean' : 'your mean';
  const cast = framework === 'keras' ? "y_true = K.cast(y_true, 'float32')" : 'y_true = tf.cast(y_true, y_pred.dtype)';
  return `This case's labels are integers, and ${mean} of integer labels (${where}) keeps them integers, rounding each mean down to 0 unless a class's labels are all 1: cast the labels to floats first, ${cast}.`;
}

export function gradeSuite(suite: Suite, run: RunOutcome, ctx: GradeContext): GradedReport {
  if (ctx.cellMark) CELL_MARKS.set(ctx.submission, ctx.cellMark);
  else CELL_MARKS.delete(ctx.submission);
  // A runner bug after the same file failed on the grade run before (a bug, a crash, a time-out):
  // the file's (learner code can send the runner's bug record), graded as a load that failed.
  const bug = ctx.loadFailedBefore ? runnerBug(run) : undefined;
  if (bug) run = { ...run, load: { ok: false, error: bug, imports: [] }, calls: {} };
  else throwRunnerBug(run, ctx.submission);
  const badSignature = signatureProblems(run);
  const problems = submissionProblems(suite, run, ctx, badSignature);
  // A graded function that is missing or not callable: its cases say so, not "raised KeyError".
  const absent = (fn: Case['function']) => {
    const info = run.load.ok ? run.load.functions[PYTHON_NAME[fn]] : undefined;
    return run.load.ok && (!info || !info.defined || !info.callable);
  };
  const needsMissing = (fn: Case['function']) => {
    const missing = run.load.ok ? run.load.functions[PYTHON_NAME[fn]]?.missing : undefined;
    if (!missing?.module) return undefined;
    return missing.absent ? `${missing.absent} from ${missing.module}, which this ${missing.module} does not have` : `${missing.module}, which could not be imported`;
  };
  const inputs: DiagnosisInput[] = [];
  // Each function's own framework, as its fixes get below (frameworkOf): the grader's advice in a
  // case's message (np.mean(labels) without an axis) is worded in it too.
  const functionFramework = (fn: Case['function']) => {
    const modules = run.load.ok ? run.load.functions[PYTHON_NAME[fn]]?.modules : undefined;
    if (modules && modules.length > 0) return fixFramework(modules);
    // A compute_class_freqs that names no array module computes with its labels' own methods
    // and operators (labels.mean(1), labels.sum(0) / len(labels)): the course hands it numpy
    // labels (its data generator's), so in a file that imports numpy its fix is numpy's even
    // where the file imports Keras or TensorFlow for the loss (a tf.Tensor has no .mean). A
    // PyTorch tensor has such methods too, so a file importing torch keeps its words; the loss
    // gets Keras's tensors in the course, so it keeps the file's (learners 35).
    const imports = run.load.ok ? run.load.imports : [];
    const file = fixFramework(imports);
    const numpy = imports.some((m) => m.split('.')[0] === 'numpy');
    return fn === 'compute_class_freqs' && numpy && (file === 'keras' || file === 'keras-ops' || file === 'tensorflow') ? 'numpy' : file;
  };
  /** The grader's own advice about `fn`, in that function's framework. */
  const sayFor = (fn: Case['function']) => (text: string) => fixInFramework(text, functionFramework(fn));
  // The loss's fixes and notes that write its logs: in the log it calls (the framework's when it calls none or two kinds).
  let lossLog: { log: string | undefined } | undefined;
  const ownLog = (text: string) => inLossLog(text, () => (lossLog ??= { log: ctx.lossLog?.() }).log);
  const sayLoss = (text: string) => ownLog(sayFor('weighted_loss')(text));
  // Frequencies returned as one row per class on a case of other than two classes: a two-class
  // case's (2, 2) array is that form too, not a pair of wrong values.
  const classRowsElsewhere = suite.cases.some((c) => {
    const o = run.calls[c.id];
    const e = c.function === 'compute_class_freqs' && o?.status === 'ok' ? expectedFor(c) : null;
    return e?.fn === 'compute_class_freqs' && e.freqs.pos.length !== 2 && o?.status === 'ok' && classRows(o.value, e.freqs.pos.length) !== null;
  });
  const verdicts = suite.cases.map((authored) => {
    const module = needsMissing(authored.function);
    const outcome: CallOutcome = absent(authored.function)
      ? { status: 'not-run', reason: `${PYTHON_NAME[authored.function]} is not defined as a function (see the problem above)` }
      : module
        ? { status: 'not-run', reason: `${PYTHON_NAME[authored.function]} uses ${module} (see the problem above)` }
        : (run.calls[authored.id] ?? { status: 'not-run', reason: run.load.ok ? 'this case did not run' : 'the file could not be loaded (see the problem above)' });
    // A loss that ran again with float32 y_true and y_pred is graded (and diagnosed) on that run.
    const c = float32Rerun(outcome) ? asFloat32(authored) : authored;
    const expected = expectedFor(c);
    let v = gradeCase(c, outcome, expected, sayFor(c.function), { classRows: classRowsElsewhere, cellMark: ctx.cellMark });
    // One computed in float32 (Keras's floatx; in the course model.fit runs the loss in a graph)
    // passes when float32 arithmetic explains its value. The diagnosis still sees the case.
    if (v.status === 'failed' && (float32Rerun(outcome) || returnedFloat32(outcome))) v = float32Arithmetic(c, outcome) ?? v;
    // Integer labels averaged by a mean that keeps them integers (K.mean(y_true[:, i])): the case's cause, at that line.
    if (v.status === 'failed' && v.observation.kind === 'scalar' && !float32Rerun(outcome)) {
      const said = integerLabelMean(c, run.load.ok ? run.load.functions.get_weighted_loss?.sites : undefined, functionFramework('weighted_loss'));
      if (said) v = { ...v, message: `${v.message} ${said}` };
    }
    // A case that failed only because it mutated its inputs had the right value: not a value mistake.
    // A loss of one value per class is diagnosed on their sum: its form is named apart (loss-not-scalar).
    const reduced = v.reduced !== undefined && expected.fn === 'weighted_loss' ? v.reduced : undefined;
    const reducedRight = reduced !== undefined && expected.fn === 'weighted_loss' && isClose(reduced, expected.loss, c.tolerance);
    inputs.push({
      // A loss computed in float32 is diagnosed on its float32 view: each model also in TensorFlow's graph order.
      case: float32Rerun(outcome) || returnedFloat32(outcome) ? float32View(c) : c,
      expected,
      passed: v.status === 'passed' || v.valueCorrect === true || reducedRight,
      observation: reduced !== undefined ? { kind: 'scalar', value: reduced } : v.observation,
    });
    return { c, v, expected, outcome };
  });
  // A vector of one fixed length in every broadcasting error: where its length equals a case's N,
  // the mixed-indexing reading of that one error is a coincidence, not the learner's indexing.
  const fixedLength = fixedLengthVector(verdicts);
  if (fixedLength)
    for (const x of verdicts) {
      const { v } = x;
      if (!fixedLength.cases.includes(x.c.id) || !v.lengthsSentence) continue;
      const message = v.message.endsWith(v.lengthsSentence) ? v.message.slice(0, -v.lengthsSentence.length).trimEnd() : v.message;
      x.v = { ...v, message, signatures: v.signatures.filter((id) => id !== 'loss-mixed-indexing') };
      delete x.v.lengthsSentence;
    }
  // Each fix, and each hint's variant label ("here: np.mean(labels, axis=1)", code of the model),
  // in the terms of the function it is about: a notebook that imports Keras but computes the
  // frequencies with numpy gets np.mean in the frequencies' fix, K.mean in the loss's. The file's
  // imports decide when the function names no array module (plain Python).
  const fileFramework = fixFramework(run.load.ok ? run.load.imports : []);
  const frameworkOf = (id: MistakeId) => {
    const fn = MISTAKES[id].fn;
    return fn === 'class-weights' ? fileFramework : functionFramework(fn);
  };
  // A loss on whole arrays is told pos_weights, not a loop's pos_weights[i] (sites.ts inLossShape),
  // in its variant labels (pos_weights[i] on both terms) as in the catalogue's did and fix.
  const wholeArrays = lossOnWholeArrays(run.load.ok ? run.load.functions : undefined);
  const freqsSites = run.load.ok ? run.load.functions.compute_class_freqs?.sites : undefined;
  const integerMean = freqsSites === undefined || freqsSites.some((s) => s.kind === 'reduction' && s.integer === true);
  const word = (id: MistakeId, label: string) => fixInFramework(inLossShape(id, label, wholeArrays), frameworkOf(id));
  // get_weighted_loss that returned something other than a function (the loss it computed on data
  // of its own), and raised before returning on the other cases: no loss function ever ran, so its
  // errors say nothing of a loss's formula (sweep 20: its own 3-class y_true raised IndexError on
  // the 4-class cases, read as a loop over a fixed number of classes). Its cases tell the story.
  const lossCases = verdicts.filter(({ c }) => c.function === 'weighted_loss');
  const raisedBeforeLoss = ({ outcome }: (typeof verdicts)[number]) => outcome.status === 'error' && (outcome.error.type === 'NotAFunction' || outcome.error.during === 'get_weighted_loss');
  const noLossRan =
    lossCases.some(({ outcome }) => outcome.status === 'error' && outcome.error.type === 'NotAFunction') && lossCases.every(raisedBeforeLoss);
  const diagnosis = diagnose(noLossRan ? inputs.filter((d) => d.case.function !== 'weighted_loss') : inputs, word, {
    lossClips: run.load.ok ? run.load.functions.get_weighted_loss?.clips : undefined,
    lossClipsByHand: run.load.ok && run.load.functions.get_weighted_loss?.clips === true && run.load.functions.get_weighted_loss.crossentropy === false,
    lossEpsilon: run.load.ok ? lossEpsilonFrom(run.load.functions.get_weighted_loss) : undefined,
  });
  const roundedTo = roundedFreqsDiagnosis(inputs, diagnosis, word);
  const weightsRounded = roundedTo === null ? roundedWeightsDiagnosis(inputs, diagnosis, word) : null;
  // Across cases: the same answer whatever the inputs, or a denominator written into the code
  // whatever N. A model that explains the values wins.
  const acrossCases = [
    ...sameResult(verdicts.map(({ c, v, expected, outcome }) => ({ c, outcome, expected, passed: v.status === 'passed' }))),
    ...fixedDenominators(verdicts.map(({ c, v, expected }) => ({ c, observation: v.observation, expected, passed: v.status === 'passed' }))),
  ];
  // An epsilon default of any typed value (3e-7), where the model's list of literals has none;
  // read on the diagnosis's cases (a float32 loss's float32 view).
  const observed = inputs.map((d) => ({ c: d.case, observation: d.observation, expected: d.expected, passed: d.passed }));
  const typedDefault = epsilonDefault(observed);
  if (typedDefault) acrossCases.push(typedDefault);
  // A loss rounded to a few decimals (round(float(loss), 3)): every value on that grid, each failed one within half a step.
  // Rounded on top of another mistake (round(float(loss), 4) of a sum over the examples): that
  // mistake's model rounded, both named in the diagnosis. Or each class's value or term rounded
  // before they are added up: each failed one within 2·C half steps.
  const rounded = roundedLoss(observed) ?? (roundedLossDiagnosis(inputs, observed, diagnosis, word) ? null : roundedLoss(observed, true));
  if (rounded) acrossCases.push(rounded);
  // What the models explained, before any pattern joins: a pattern of two mistakes (a division by
  // a fixed N on top of swapped weights) is two reports, and the first must not silence the second.
  const modelled = [...diagnosis.mistakes];
  for (const found of acrossCases) {
    const fn = MISTAKES[found.id].fn;
    const full = modelled.filter((m) => MISTAKES[m.id].fn === fn && m.confidence === 'full');
    // One answer on every case is explained by one mistake, or not at all: a combination that
    // lands within tolerance of it on every case (labels inside the logs with a fixed epsilon give
    // about -1e-7, so "0 whatever the inputs" fits) is a coincidence. Other patterns yield to any
    // full model.
    const constant = found.id.endsWith('-ignores-inputs');
    if (full.length > 0 && !(constant && full.length > 1)) continue;
    // The pattern across cases is the story; a partial model that agrees with some of those
    // answers (a loss of 0 that a far-fetched pair also gives) is a coincidence.
    const coincidences = new Set(diagnosis.mistakes.filter((m) => MISTAKES[m.id].fn === fn && (m.confidence === 'partial' || constant)).map((m) => m.id));
    diagnosis.mistakes = diagnosis.mistakes.filter((m) => !coincidences.has(m.id));
    for (const [id, list] of diagnosis.perCase) diagnosis.perCase.set(id, list.filter((m) => !coincidences.has(m)));
    diagnosis.mistakes.push(found);
    for (const id of found.cases) diagnosis.perCase.set(id, [...(diagnosis.perCase.get(id) ?? []), found.id]);
  }

  // A function that takes logits (sigmoid_cross_entropy_with_logits, BCEWithLogitsLoss) called on
  // y_pred applies a sigmoid and adds no epsilon, by construction: when the loss's values are that
  // pair exactly, it is the one call, told from the source (logitsMistake), not also a missing
  // epsilon with its "log(0) = -inf" that this loss never shows.
  const logitsPair = foldLogitsPair(diagnosis, run);
  // Signature mistakes (recognised from the form of the answer) join the modelled ones.
  const mistakes: MistakeReport[] = [...diagnosis.mistakes];
  const signatureCases = new Map<MistakeId, string[]>();
  for (const { c, v } of verdicts) for (const id of v.signatures) signatureCases.set(id, [...(signatureCases.get(id) ?? []), c.id]);
  const weights = weightMistake(ctx.submission, run);
  if (weights) mistakes.push(weights);
  const logits = logitsMistake(ctx.submission, run, verdicts, mistakes, logitsPair);
  if (logits) {
    const partial = mistakes.findIndex((m) => m.id === logits.id);
    if (partial >= 0) mistakes.splice(partial, 1);
    mistakes.push(logits);
    for (const id of logits.cases) diagnosis.perCase.set(id, [...(diagnosis.perCase.get(id) ?? []).filter((m) => m !== logits.id), logits.id]);
  }
  // A mistake read from the source (weights never read, a cross-entropy's arguments swapped) is the
  // story: a partial model of the loss that agrees with some of its values is a coincidence.
  const toldBySource = (found: MistakeReport) => {
    const coincidences = new Set(mistakes.filter((m) => MISTAKES[m.id].fn === 'weighted_loss' && m.confidence === 'partial').map((m) => m.id));
    mistakes.splice(0, mistakes.length, ...mistakes.filter((m) => !coincidences.has(m.id)), found);
    for (const [id, list] of diagnosis.perCase) diagnosis.perCase.set(id, list.filter((m) => !coincidences.has(m)));
    for (const id of found.cases) diagnosis.perCase.set(id, [...(diagnosis.perCase.get(id) ?? []), found.id]);
  };
  const unread = unreadWeightsMistake(ctx.submission, run, verdicts, mistakes);
  if (unread) toldBySource(unread);
  const order = argumentOrderMistake(ctx.submission, run, verdicts, mistakes);
  if (order) toldBySource(order);
  // The first case's own evidence of the form (the shape returned, the error raised), as a model's
  // is quoted: "on case X and 12 other cases" alone told the learner nothing they could check.
  const formEvidence = new Map<MistakeId, { caseId: string; text: string; location?: CaseVerdict['formLocation']; words?: CaseVerdict['formWords'] }>();
  for (const { c, v } of verdicts)
    for (const id of v.signatures)
      if (!formEvidence.has(id) && v.formEvidence) formEvidence.set(id, { caseId: c.id, text: v.formEvidence, ...(v.formLocation ? { location: v.formLocation } : {}), ...(v.formWords ? { words: v.formWords } : {}) });
  const mutatedOf = new Map(verdicts.map(({ c, outcome }) => [c.id, outcome.status === 'ok' || outcome.status === 'error' ? outcome.mutated : []]));
  for (const [id, cases] of signatureCases) {
    if (mistakes.some((m) => m.id === id)) continue;
    // An input changed in place: which one, and how it was seen (mutated-input.ts), not another form's evidence of the same case.
    if (id === 'loss-mutates-input' || id === 'freqs-mutates-input') {
      const names = changedInputs(mutatedOf, cases);
      const fix = frameworkOf(id) === 'torch' ? null : mutatedFix(names);
      const report = signatureReport(id, names.length > 0 ? mutatedEvidence(names, cases) : `on case ${cases[0]}`, cases);
      mistakes.push(fix ? { ...report, fix } : report);
      continue;
    }
    const shown = formEvidence.get(id);
    const others = cases.length > 1 ? `${cases.length - 1} other case${cases.length > 2 ? 's' : ''}` : '';
    // "on case X, your loss returned ... (and 16 other cases)": the case named once.
    const evidence =
      shown && shown.caseId === cases[0]
        ? `on case ${cases[0]}, ${shown.text}${others ? ` (and ${others})` : ''}`
        : `on case ${cases[0]}${others ? ` and ${others}` : ''}${shown ? ` (on ${shown.caseId}, ${shown.text})` : ''}`;
    const report = signatureReport(id, evidence, cases, shown?.location);
    // The form's own story and fix (a (C, 1) column: freqs-keepdims made by a reshape).
    const words = shown?.words;
    mistakes.push(words ? { ...report, message: report.message.replace(MISTAKES[id].did, () => words.did), fix: words.fix } : report);
  }

  shiftedLoopRetold(mistakes, diagnosis.perCase, run, verdicts);
  // Where each mistake named from the cases is in the file, when the source pins its line (sites.ts);
  // the line's text is read from the file after grading (grade-submission.ts withSiteText).
  const named = new Set(mistakes.map((m) => m.id));
  mistakes.forEach((m, i) => {
    if (m.location || m.cases.length === 0) return;
    const at = siteOf(m.id, run.load.ok ? run.load.functions : undefined, named);
    if (!at) return;
    // A site whose construct has a fix of its own (sites.ts Rule.fix) says it instead of the catalogue's,
    // and a story of its own (a loss negated twice, not missing its minus) replaces the catalogue's did
    // and the words of its evidence that tell the catalogue's story.
    const { fix, did, evidence: story, ...location } = at;
    const retold = (text: string) => (story ? text.replace(story.from, () => story.to) : text);
    // The site's story in the mistake's framework too (a PyTorch loss is told no K.epsilon()).
    const message = did ? retold(m.message.replace(MISTAKES[m.id].did, () => word(m.id, did))) : m.message;
    mistakes[i] = { ...m, message, evidence: retold(m.evidence), location, ...(fix ? { fix } : {}) };
  });
  // A mistake named from the error its model raises, whose fix is at the line that raised (np.unique's
  // counts[1]): that line, when no site pinned one (learners 34: it had none); in a module of the
  // learner's beside the file, that file's line, not the graded file's call of it (stop 35).
  mistakes.forEach((m, i) => {
    if (m.location || !RAISED_AT.has(m.id)) return;
    const raised = verdicts.find(({ c, outcome }) => m.cases.includes(c.id) && outcome.status === 'error' && (outcome.error.line !== undefined || outcome.error.sibling))?.outcome;
    if (raised?.status !== 'error') return;
    const { line, cell, sibling } = raised.error;
    if (sibling) mistakes[i] = { ...m, location: { line: sibling.line, file: sibling.file } };
    else if (line !== undefined) mistakes[i] = { ...m, location: { line, ...(cell !== undefined ? { cell } : {}) } };
  });

  // get_weighted_loss's epsilon default is written 1e-7 (runner.fix_sites' "default" site).
  const standardDefault = run.load.ok && (run.load.functions.get_weighted_loss?.sites ?? []).some((s) => s.kind === 'default' && s.standard);
  const cases: CaseResult[] = verdicts.map(({ c, v, expected }) => {
    const passed = v.status === 'passed';
    const result: CaseResult = {
      id: c.id,
      function: c.function,
      suite: c.suite,
      description: c.description,
      tags: c.tags,
      visibility: c.visibility,
      status: v.status,
      points: passed ? c.points : 0,
      maxPoints: c.points,
      message: withCaseMessage(c, v, verdicts, mistakes, standardDefault),
      expected: shownExpected(expected),
      mistakes: [...new Set([...(diagnosis.perCase.get(c.id) ?? []), ...v.signatures])],
      // Notes on an accepted form are the report's, once (below).
      notes: v.notesOnForm ? [] : v.notes,
      source: c.source,
    };
    if (v.actual !== undefined) result.actual = shown(v.actual);
    if (v.location && (v.location.line !== undefined || v.location.cell !== undefined)) result.location = v.location;
    if (v.ms !== undefined) result.ms = round(v.ms);
    return result;
  });

  // What the numbers show about each function when no mistake is named, in its framework.
  const lossNotes = [
    ...constantFactorNote(verdicts, mistakes),
    // The grader's advice on rounding and float16, in the graded function's framework.
    ...coarseLossNote(verdicts, mistakes).map(sayFor('weighted_loss')),
    // Its logs the file's (np.log for numpy, torch.log for PyTorch), as the epsilon fixes write them.
    ...logOfZeroNote(verdicts, mistakes).map(sayLoss),
    ...keptStateNote(verdicts, mistakes),
    ...(mistakes.some((m) => MISTAKES[m.id].fn === 'weighted_loss' && m.confidence === 'full') ? [] : fixedLengthNote(fixedLength)),
    // A total kept across cases shows in the second call too: one story, the running total's.
    ...(keptStateNote(verdicts, mistakes).length > 0 ? [] : calledAgainNote(verdicts)),
  ];
  const freqsNotes = [
    ...freqsFormNote(verdicts, mistakes),
    ...(roundedTo !== null && mistakes.some((m) => roundedTo.ids.includes(m.id))
      ? [`Your frequencies are also rounded to ${counted(roundedTo.digits, 'decimal')}: every failed one is what ${roundedTo.ids.join(' with ')} gives, rounded so. Return the fractions unrounded (no np.round or round).`]
      : []),
    ...(weightsRounded !== null && mistakes.some((m) => m.id === weightsRounded.reports[0]!.id)
      ? [
          `Your frequencies are also rounded to ${counted(weightsRounded.digits, 'decimal')} before the reciprocal is taken${weightsRounded.roundedAfter ? ', and the result rounded again' : ''}: every value you return is one over a frequency rounded so. Rounding first moves each weight by far more than rounding it would: return the fractions unrounded (no np.round or round).`,
        ]
      : []),
  ].map(sayFor('compute_class_freqs'));
  const score = round(cases.reduce((s, c) => s + c.points, 0));
  const maxScore = round(cases.reduce((s, c) => s + c.maxPoints, 0));
  const report: GradedReport = {
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: ctx.version },
    submission: { path: ctx.submission.path, displayName: ctx.submission.displayName, kind: ctx.submission.kind },
    sandbox: run.sandbox,
    python: run.python,
    suites: suite.names,
    score,
    maxScore,
    status: problems.length > 0 ? 'error' : cases.every((c) => c.status === 'passed') ? 'passed' : 'failed',
    problems,
    notes: [
      ...epsilonDefaultNote(suite, run, ctx.submission, badSignature),
      ...placeholderNotes(ctx.submission, run, verdicts),
      ...(run.load.ok ? run.load.notes : []),
      ...lossNotes,
      ...freqsNotes,
      // A function the cases cannot call as the assignment does: its problem is the story, not its values.
      ...unexplainedNotes(
        verdicts,
        mistakes,
        { weighted_loss: lossNotes, compute_class_freqs: freqsNotes },
        (['weighted_loss', 'compute_class_freqs'] as const).filter((fn) => badSignature[fn] !== null),
        (fn, text) => (fn === 'weighted_loss' ? sayLoss(text) : sayFor(fn)(text)),
      ),
      ...tensorNotes(suite, run),
      // What each case said of a returned value's accepted form ((1,) tensors, lists), once a report.
      ...new Set(verdicts.flatMap(({ v }) => (v.notesOnForm ? v.notes : []))),
      // Its casts in the loss's framework (ops.cast for Keras 3's ops); the quoted error as raised.
      ...float32Note(verdicts, sayFor('weighted_loss')),
    ],
    cases,
    // Each story and fix in the learner's framework: torch.mean(L, dim=0) and "over dim 1" for
    // PyTorch code, not np.mean and "over axis 1" (the variant label is worded already). Only the
    // catalogue's words: the evidence may quote the learner's own code (`pos_weights = ...`, a file
    // named pos_weights[i].py). A loss on whole arrays is told pos_weights, not a loop's
    // pos_weights[i] (sites.ts inLossShape).
    // freqs-integer-division's aside on a mean that rounds integer labels down, only where the
    // frequencies take one (read sites without one: a `//`, an integer cast).
    mistakes: mistakes.map((m) => {
      const say = (text: string) => fixInFramework(inLossShape(m.id, text, wholeArrays), frameworkOf(m.id));
      const did = MISTAKES[m.id].did;
      const told = m.id === 'freqs-integer-division' && !integerMean ? withoutIntegerMean(say(did)) : say(did);
      return { ...m, message: m.message.replace(did, () => told), fix: MISTAKES[m.id].fn === 'weighted_loss' ? ownLog(say(m.fix)) : say(m.fix) };
    }),
    output: { stdout: run.stdout, stderr: run.stderr, truncated: run.outputTruncated },
    durationMs: round(run.ms),
  };
  if (ctx.learner !== undefined) report.learner = ctx.learner;
  return report;
}

/**
 * An unfinished exercise: a graded function that fails some case and still holds the template's
 * `None` placeholders gets one note naming their lines, whatever each case then says (a pair
 * holding None, a TypeError on NoneType).
 */
function placeholderNotes(sub: Submission, run: RunOutcome, verdicts: { c: Case; v: CaseVerdict }[]): string[] {
  if (!run.load.ok) return [];
  const out: string[] = [];
  for (const fn of ['compute_class_freqs', 'weighted_loss'] as const) {
    const name = PYTHON_NAME[fn];
    const all = run.load.functions[name]?.placeholders ?? [];
    if (all.length === 0 || verdicts.every(({ c, v }) => c.function !== fn || v.status === 'passed')) continue;
    const at = (spots: typeof all) => {
      const cell = spots[0]!.cell;
      return spots.every((p) => p.cell === cell)
        ? `${cell !== undefined ? `cell ${cell}, ` : ''}line${spots.length > 1 ? 's' : ''} ${spots.map((p) => p.line).join(', ')}`
        : spots.map((p) => `cell ${p.cell ?? '?'} line ${p.line}`).join(', ');
    };
    const marked = all.filter((p) => p.name === undefined);
    if (marked.length > 0) {
      out.push(
        `${name} still holds the exercise template's None placeholder${marked.length > 1 ? 's' : ''} (${sub.displayName}, ${at(marked)}): replace each None between "START CODE HERE" and "END CODE HERE" with your code.`,
      );
    }
    // `positive_frequencies = None  # TODO` in a file without the markers: the name is only ever None, and computed with.
    const unmarked = all.filter((p) => p.name !== undefined);
    if (unmarked.length > 0) {
      const names = [...new Set(unmarked.map((p) => p.name!))];
      const list = joinWords(names);
      out.push(
        `${name} still holds a None placeholder (${sub.displayName}, ${at(unmarked)}): ${list} ${names.length === 1 ? 'is' : 'are'} set to None and never to anything else, then computed with, which raises TypeError: replace ${unmarked.length === 1 ? 'that None' : 'each None'} with your code.`,
      );
    }
    // The exercise finished in a Raw cell, which Jupyter never runs (notebooks 30).
    const raw = run.load.functions[name]?.rawDef;
    if (raw) {
      const cells = [...new Set(all.map((p) => p.cell).filter((c) => c !== undefined))];
      const unfinished = cells.length > 0 ? ` in cell${cells.length > 1 ? 's' : ''} ${joinWords(cells.map(String))}` : '';
      out.push(
        `A complete def ${name} is in ${raw.kind === 'markdown' ? 'Markdown' : 'Raw'} cell ${raw.cell} (line ${raw.line}), which Jupyter shows as text and never runs: change that cell's type to Code (in Jupyter: Esc, then Y)${raw.fenced ? ', delete its ``` fence lines' : ''} and delete the unfinished def${unfinished}, then run the notebook, save and hand it in again.`,
      );
    }
  }
  return out;
}

/**
 * A loss built on a function that takes logits (`tf.nn.weighted_cross_entropy_with_logits`,
 * `F.binary_cross_entropy_with_logits`, `nn.BCEWithLogitsLoss`, `from_logits=True`), called on
 * y_pred itself (runner.logits_calls): it applies a sigmoid to predictions that are already
 * probabilities. Read from the source, with the line, when some loss case fails and no model has
 * named the sigmoid already: the functions also weight the terms their own way (pos_weight on
 * the positive term only), so the values rarely match the sigmoid model alone.
 */
function logitsMistake(sub: Submission, run: RunOutcome, verdicts: { c: Case; v: CaseVerdict }[], named: MistakeReport[], noEpsilon = false): MistakeReport | undefined {
  // A partial match of the sigmoid model (the call's own weighting fits some cases only) yields
  // to the call, which is certain and says where: the caller replaces it.
  if (!run.load.ok || named.some((m) => m.id === 'loss-sigmoid-on-probabilities' && m.confidence === 'full')) return undefined;
  const calls = run.load.functions.get_weighted_loss?.logits ?? [];
  const failed = verdicts.filter(({ c, v }) => c.function === 'weighted_loss' && v.status === 'failed').map(({ c }) => c.id);
  if (calls.length === 0 || failed.length === 0) return undefined;
  const first = calls[0]!;
  const evidence = noEpsilon
    ? `get_weighted_loss calls ${first.call} on y_pred (${sub.displayName}, ${lineSpot(first)}), which takes logits, scores before a sigmoid, and applies the sigmoid itself, with no epsilon: your losses are what a sigmoid on y_pred gives`
    : `get_weighted_loss calls ${first.call} on y_pred (${sub.displayName}, ${lineSpot(first)}), which takes logits, scores before a sigmoid, and applies the sigmoid itself; it also weights the two terms its own way`;
  const location: { line: number; cell?: number } = { line: first.line };
  if (first.cell !== undefined) location.cell = first.cell;
  return signatureReport('loss-sigmoid-on-probabilities', evidence, failed, location);
}

/**
 * A loss that never reads the values of the weights it is given (runner.unread_weights): it loops
 * over len(pos_weights) and multiplies by weights typed into the code, or by none. Told from the
 * source, with the line, when a loss case fails and no model explains the loss in full (leaving
 * the weights out altogether is modelled: loss-unweighted names it from the values).
 */
function unreadWeightsMistake(sub: Submission, run: RunOutcome, verdicts: { c: Case; v: CaseVerdict }[], named: MistakeReport[]): MistakeReport | undefined {
  if (!run.load.ok || named.some((m) => MISTAKES[m.id].fn === 'weighted_loss' && m.confidence === 'full')) return undefined;
  const unread = run.load.functions.get_weighted_loss?.unreadWeights;
  // Only a loss that computed something (a number, or numbers per class or example) is one that
  // leaves the weights out: one that returns None (the template's `loss = None`, a `pass` body)
  // computes no loss yet, and its case already says so (sweep 20).
  const computed = (v: CaseVerdict) => v.observation.kind === 'scalar' || v.reduced !== undefined || v.signatures.includes('loss-not-scalar');
  const failed = verdicts.filter(({ c, v }) => c.function === 'weighted_loss' && v.status === 'failed' && computed(v)).map(({ c }) => c.id);
  if (!unread || failed.length === 0) return undefined;
  const at = `${sub.displayName}, ${lineSpot(unread)}`;
  const names = unread.names.join(' and ');
  const evidence = `get_weighted_loss (${at}) never reads the values of ${names}${unread.names.length > 1 ? ', its parameters (at most their length)' : ', its parameter (at most its length)'}, so its loss is the same whatever ${unread.names.length > 1 ? 'weights' : names} it is given`;
  const location: { line: number; cell?: number } = { line: unread.line };
  if (unread.cell !== undefined) location.cell = unread.cell;
  return {
    id: 'loss-unweighted',
    message: `It looks like your loss does not use the weights it is given: ${evidence}.`,
    evidence,
    fix: `${MISTAKES['loss-unweighted'].fix} Use the parameters themselves, not weights written into the code.`,
    cases: failed,
    confidence: 'full',
    location,
  };
}

/**
 * A binary cross-entropy called with y_true and y_pred in the other framework's order (PyTorch's
 * binary_cross_entropy(input, target) takes the predictions first, Keras's
 * binary_crossentropy(y_true, y_pred) the labels first), told from the source when a loss case
 * fails and no model names loss-swapped-arguments already: PyTorch then takes the logs of the 0/1
 * labels (floored at -100), a value no model of the formula gives.
 */
function argumentOrderMistake(sub: Submission, run: RunOutcome, verdicts: { c: Case; v: CaseVerdict }[], named: MistakeReport[]): MistakeReport | undefined {
  if (!run.load.ok || named.some((m) => m.id === 'loss-swapped-arguments')) return undefined;
  const calls = run.load.functions.get_weighted_loss?.argumentOrder ?? [];
  const failed = verdicts.filter(({ c, v }) => c.function === 'weighted_loss' && v.status === 'failed').map(({ c }) => c.id);
  const first = calls[0];
  if (!first || failed.length === 0) return undefined;
  const at = `${sub.displayName}, ${lineSpot(first)}`;
  const [given, wanted, args, framework, other] =
    first.first === 'predictions'
      ? (['y_true', 'the predictions', '(y_pred, y_true)', "PyTorch's order", "Keras's binary_crossentropy takes y_true first"] as const)
      : (['y_pred', 'the labels', '(y_true, y_pred)', "Keras's order", "PyTorch's binary_cross_entropy takes the predictions first"] as const);
  const evidence = `get_weighted_loss calls ${first.call} with ${given} first (${at}), but it takes ${wanted} first, so the logs are taken of the labels and the predictions only weight them`;
  const location: { line: number; cell?: number } = { line: first.line };
  if (first.cell !== undefined) location.cell = first.cell;
  return {
    id: 'loss-swapped-arguments',
    message: `It looks like you pass the labels and the predictions to ${first.call} in the wrong order: ${evidence}.`,
    evidence,
    fix: `Swap the two arguments: ${first.call.replace(/ \(.*\)$/, '')}${args}, ${wanted} first (${framework}; ${other}).`,
    cases: failed,
    confidence: 'full',
    location,
  };
}

/**
 * A class loop over range(1, C + 1) raises IndexError at its last class on every case, as a loop
 * over a fixed class count above the case's does: loss-hardcoded-classes named from those errors
 * alone is, when the source reads that loop and no fixed count (runner.fix_sites' "shifted" loop
 * site, no "hardcoded" one), the class index off by one, told so (lines 35a: it was told as
 * hard-coded classes, whose fix did not fit). `mistakes` and `perCase` are changed in place.
 */
function shiftedLoopRetold(
  mistakes: MistakeReport[],
  perCase: Map<string, MistakeId[]>,
  run: RunOutcome,
  verdicts: readonly { c: Case; outcome: CallOutcome; v: { status: string } }[],
): void {
  const sites = run.load.ok ? run.load.functions.get_weighted_loss?.sites : undefined;
  // Or a column or weight read one class forward (y_true[:, i + 1], pos_weights[i + 1]): its last class's IndexError (lines 35d).
  const off = (s: Site) => (s.kind === 'shifted' && s.loop === true) || (s.forward === true && (s.kind === 'shifted' || (s.kind === 'weight' && s.index === 'shifted')));
  if (!sites?.some(off) || sites.some((s) => s.kind === 'hardcoded')) return;
  const at = mistakes.findIndex((m) => m.id === 'loss-hardcoded-classes');
  const m = mistakes[at];
  const raised = (id: string) => verdicts.some(({ c, outcome }) => c.id === id && outcome.status === 'error');
  if (!m || mistakes.some((x) => x.id === 'loss-class-index-off-by-one') || !m.cases.every(raised)) return;
  const [from, to] = [MISTAKES['loss-hardcoded-classes'], MISTAKES['loss-class-index-off-by-one']];
  // That loop raises at column C on every case, C = 14 too, where no fixed count of 2 to 14 does
  // (learners 36: the 14-class cases were left out, the mistake 'partial'): every failed loss case
  // that raised IndexError is its own, and with every failed loss case so, it is named in full.
  const indexError = (o: CallOutcome) => o.status === 'error' && o.error.type === 'IndexError';
  const failedLoss = verdicts.filter(({ c, v }) => c.function === 'weighted_loss' && v.status !== 'passed');
  const cases = failedLoss.filter(({ c, outcome }) => m.cases.includes(c.id) || indexError(outcome)).map(({ c }) => c.id);
  const full = m.confidence === 'full' || cases.length === failedLoss.length;
  let message = m.message.replace(from.did, () => to.did);
  if (full && m.confidence === 'partial') message = message.replace(/^Some of your results suggest that /, 'It looks like ');
  mistakes[at] = { ...m, id: to.id, message, fix: to.fix, cases, confidence: full ? 'full' : m.confidence };
  for (const [id, list] of perCase) perCase.set(id, list.map((x) => (x === from.id ? to.id : x)));
  for (const id of cases) if (!perCase.get(id)?.includes(to.id)) perCase.set(id, [...(perCase.get(id) ?? []), to.id]);
}

/**
 * When get_weighted_loss calls a function that takes logits on y_pred and the loss's mistakes are
 * exactly a sigmoid on the predictions and no epsilon, both are that call: they leave the
 * diagnosis (which is changed in place) and the call is named from the source. True when folded.
 */
function foldLogitsPair(diagnosis: { mistakes: MistakeReport[]; perCase: Map<string, MistakeId[]> }, run: RunOutcome): boolean {
  if (!run.load.ok || (run.load.functions.get_weighted_loss?.logits ?? []).length === 0) return false;
  const pair = new Set<MistakeId>(['loss-sigmoid-on-probabilities', 'loss-no-epsilon']);
  const loss = diagnosis.mistakes.filter((m) => MISTAKES[m.id].fn === 'weighted_loss').map((m) => m.id);
  if (loss.length !== pair.size || !loss.every((id) => pair.has(id))) return false;
  diagnosis.mistakes = diagnosis.mistakes.filter((m) => !pair.has(m.id));
  for (const [id, list] of diagnosis.perCase) diagnosis.perCase.set(id, list.filter((m) => !pair.has(m)));
  return true;
}

/**
 * The notebook's (or script's) own class weights, when they are the frequencies as they are
 * (`pos_weights = freq_pos`) instead of the course's inversion (`pos_weights = freq_neg`). The
 * runner evaluates the learner's expressions on WEIGHT_PROBE; the course's values are computed
 * here. No case scores this code (it reads the training data): the mistake is named, with the
 * lines, and the score is unchanged.
 */
function weightMistake(sub: Submission, run: RunOutcome): MistakeReport | undefined {
  if (!run.load.ok) return undefined;
  const last: Partial<Record<'pos' | 'neg', WeightAssignment>> = {};
  for (const w of run.load.weights) last[w.role] = w; // a later assignment replaces an earlier one
  const course = courseWeights(WEIGHT_PROBE);
  const same = (a: number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 1e-6); // float32 copies too
  const raw = (['pos', 'neg'] as const).flatMap((r) => {
    const w = last[r];
    return w && same(w.value, WEIGHT_PROBE[r]) && !same(w.value, course[r]) ? [w] : [];
  });
  if (raw.length === 0) return undefined;
  // One tuple assignment can set both weights: its line is quoted once. The runner sends the first
  // line of the assignment's source, which cannot end the code span or start a line of its own: a
  // forged record (red team 18's wrapped emit) sent "x`.\n\nStaff note: ..." there, a paragraph
  // of the grader's sentence. Text that does is not quoted; its place still is.
  const quotable = (text: string) => text.trim() !== '' && !/[`\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u.test(text);
  const quoted = [...new Set(raw.map((w) => (quotable(w.text) ? `\`${w.text}\` (${lineSpot(w)})` : `the assignment at ${lineSpot(w)}`)))];
  const evidence = `${quoted.join(' and ')} in ${sub.displayName}`;
  const location: { line: number; cell?: number } = { line: raw[0]!.line };
  if (raw[0]!.cell !== undefined) location.cell = raw[0]!.cell;
  const found = signatureReport('weights-not-inverted', evidence, [], location);
  if (raw.length === 2) return found;
  // One side only (a copy-paste: `pos_weights = freq_neg` right, `neg_weights = freq_neg` not):
  // the catalogue's sentence, about both, would send the learner to change the right line too.
  const [wrong, right] = raw[0]!.role === 'pos' ? (['pos', 'neg'] as const) : (['neg', 'pos'] as const);
  const side = { pos: 'positive', neg: 'negative' } as const;
  return {
    ...found,
    message: `It looks like you take ${wrong}_weights from the ${side[wrong]} frequencies without inverting them, so for that side the frequent label keeps its larger weight: ${evidence}.`,
    fix: `Set ${wrong}_weights = freq_${right} (${right}_weights is already right): each class's positive and negative examples then contribute equally to the loss.`,
  };
}

/**
 * A submission written for PyTorch (`torch.log(y_pred)`) or TensorFlow (`y_true.numpy()`) gets the
 * suite's numpy inputs, fails, and the runner runs the call again with that framework's tensors
 * (run_call_or_tensors): the report says which functions were graded that way, so nobody wonders
 * why the error went away.
 */
function tensorNotes(suite: Suite, run: RunOutcome): string[] {
  const fns = { torch: new Set<string>(), tensorflow: new Set<string>(), numpy: new Set<string>() };
  for (const c of suite.cases) {
    const o = run.calls[c.id];
    if (o?.status === 'ok' && o.framework) fns[o.framework].add(PYTHON_NAME[c.function]);
  }
  // compute_class_freqs written for numpy arrays under `framework: auto` (runner._freqs_or_arrays).
  const arrays = fns.numpy.size
    ? [`${[...fns.numpy].sort().join(' and ')} is written for numpy arrays (on this suite's tensors it raised an error), so its cases ran again with numpy arrays, as the course's data generator hands it the labels; the values are graded as usual.`]
    : [];
  const how = {
    torch: 'PyTorch tensors (on numpy arrays its torch calls or tensor methods raised an error)',
    tensorflow: "TensorFlow eager tensors (the code calls .numpy(), a tensor's method, on its inputs)",
    input: { torch: 'torch.from_numpy inputs', tensorflow: 'numpy inputs given that .numpy() method' },
  };
  return (['torch', 'tensorflow'] as const).flatMap((fw) => {
    const set = fns[fw];
    if (set.size === 0) return [];
    const names = [...set].sort().join(' and ');
    const many = set.size > 1;
    return [`${names} ${many ? 'need' : 'needs'} ${how[fw]}, so ${many ? 'their' : 'its'} cases ran again with ${how.input[fw]}; the values are graded as usual.`];
  }).concat(arrays);
}

/**
 * A loss that raised a dtype clash on the suite's float64 arrays or integer labels and ran again
 * with float32 y_true and y_pred (runner.run_call_as_keras): in the course, Keras passes it float32
 * tensors, where casting only one input (tf.cast(y_pred, tf.float32)) works. One note says which
 * cases ran that way, why, and how to make the loss work on any input dtype; no mark is lost for
 * it. A case whose re-run is wrong too is graded and diagnosed on the re-run as usual.
 */
export function float32Note(verdicts: { c: Case; outcome: CallOutcome }[], say: (text: string) => string = (text) => text): string[] {
  const rerun = verdicts.filter(({ outcome }) => float32Rerun(outcome));
  if (rerun.length === 0) return [];
  const first = float32Rerun(rerun[0]!.outcome)!;
  const ids = rerun.map(({ c }) => c.id);
  const which = joinSome(ids, 3);
  const inputs = [...new Set(rerun.flatMap(({ c }) => [...(c.dtype === 'float64' ? ['float64 inputs'] : []), ...(/int/.test(c.labelDtype) ? ['integer labels'] : [])]))];
  // Quoted in parentheses within the sentence: its own final period goes ("... != tf.float32.).").
  const said = (tfUserCode(first.message)?.said ?? first.message.split('\n').find((l) => l.trim()) ?? '').replace(/^\{\{function_node [^}]*\}\}\s*/, '').replace(/\s*\[Op:\w+\](?: name:.*)?$/, '').trim().replace(/\.$/, '');
  const error = `${first.type}${said ? ` (${said.length > 200 ? `${said.slice(0, 200)}…` : said})` : ''}`;
  const torch = /expected scalar type/.test(first.message);
  // Integer labels as given (tf.convert_to_tensor(y_true)) met float64 predictions: no float32 on
  // either side, so the code cast nothing to float32 to stop casting (frameworks 35).
  const sides = dtypeClash(first.message);
  const noFloat32 = sides !== null && sides.some((t) => /int|bool/.test(t)) && !sides.some((t) => t === 'float' || t === 'float32');
  const fix = noFloat32
    ? `${torch ? 'y_true = y_true.to(y_pred.dtype), and the weights as torch.as_tensor(pos_weights, dtype=y_pred.dtype)' : 'y_true = tf.cast(y_true, y_pred.dtype), and the weights as tf.cast(pos_weights, y_pred.dtype)'}, so integer labels meet the predictions as floats`
    : torch
    ? 'y_true = y_true.to(y_pred.dtype), and the weights as torch.as_tensor(pos_weights, dtype=y_pred.dtype), instead of casting one of them to torch.float32'
    : /must have the same dtype/.test(first.message)
      ? // TensorFlow's division (x / n): most often a count cast to tf.float32 to divide by.
        'y_true = tf.cast(y_true, y_pred.dtype), the weights as tf.cast(pos_weights, y_pred.dtype), and a count you divide by as tf.cast(tf.shape(y_true)[0], y_pred.dtype), instead of casting any of them to tf.float32'
      : 'y_true = tf.cast(y_true, y_pred.dtype), and the weights as tf.cast(pos_weights, y_pred.dtype), instead of casting one of them to tf.float32';
  const one = ids.length === 1;
  return [
    `Your loss mixes dtypes: on the suite's ${inputs.join(' and ') || 'inputs'} it raised ${error}. In the course it works, because Keras passes a loss y_true and y_pred as float32 tensors (it casts y_true to y_pred's dtype), so ${one ? `case ${which}` : `the ${ids.length} cases that raised it (${which})`} ran again with float32 y_true and y_pred and ${one ? 'is' : 'are'} graded on that run, against the reference for those inputs (or the same loss in float32 arithmetic): no points are lost for this. To make the loss work on inputs of any dtype, cast them to one: ${say(fix)}.`,
  ];
}

/** The one score formula: points of passed cases, rounded to 1e-6 so every format agrees. */
export const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The most values of a returned vector a report keeps (its message gives the shape). */
export const SHOWN_VALUES = 100;

function shown(v: number | string | { pos: number[]; neg: number[] }) {
  if (typeof v === 'number') return toJsonNumber(v);
  if (typeof v === 'string') return v;
  return { pos: v.pos.slice(0, SHOWN_VALUES).map(toJsonNumber), neg: v.neg.slice(0, SHOWN_VALUES).map(toJsonNumber) };
}

/**
 * Helper modules that sit next to the assignment in the course's workspace (its `util`, its test
 * files). They are not packages: "pip install util" would install something else entirely.
 */
const COURSE_HELPERS = new Set(['util', 'utils', 'public_tests', 'test_utils', 'test_case', 'w1_unittest', 'w2_unittest', 'w3_unittest', 'dlai_tools']);

function where(sub: Submission, e: { line?: number | undefined; cell?: number | undefined }): string {
  if (e.cell !== undefined) return `${sub.displayName}, cell ${e.cell}, line ${e.line}`;
  if (e.line !== undefined) {
    const mark = CELL_MARKS.get(sub)?.(e.line);
    return `${sub.displayName}:${e.line}${mark ? ` (${mark})` : ''}`;
  }
  return sub.displayName;
}

function loc(e: { line?: number | undefined; cell?: number | undefined }): Pick<Problem, 'line' | 'cell'> {
  const out: Pick<Problem, 'line' | 'cell'> = {};
  if (e.line !== undefined) out.line = e.line;
  if (e.cell !== undefined) out.cell = e.cell;
  return out;
}

/** The suite's cases as graded, in suite order: what the report-level notes read. */
type Graded = { c: Case; v: ReturnType<typeof gradeCase>; expected: Expected }[];

/**
 * A pattern no catalogued mistake explains: every failed loss case off by the same factor (at
 * least three of them). The formula is then right up to a constant, which is worth saying once
 * rather than leaving the learner to compare the ratios case by case.
 */
function constantFactorNote(verdicts: Graded, mistakes: MistakeReport[]): string[] {
  if (mistakes.some((m) => MISTAKES[m.id].fn === 'weighted_loss')) return [];
  const ratios: number[] = [];
  for (const { v, expected } of verdicts) {
    if (v.status !== 'failed' || expected.fn !== 'weighted_loss' || v.observation.kind !== 'scalar') continue;
    const r = v.observation.value / expected.loss;
    if (!Number.isFinite(r) || expected.loss === 0) return []; // a NaN, an infinity or a zero reference: no single factor
    ratios.push(r);
  }
  if (ratios.length < 3) return [];
  const k = ratios[0]!;
  if (Math.abs(k - 1) < 1e-9 || !ratios.every((r) => Math.abs(r - k) <= 1e-6 * Math.abs(k))) return [];
  return [
    `Every failed loss case is ${fmt(k)}× the expected value: your formula is right up to a constant factor. Look for a term counted twice, a division by a fixed number, or a weight applied twice.`,
  ];
}

/**
 * The sentences of unexplainedNotes that say what the code should be (the formula, epsilon's
 * default or place): each note's `fix` (FixedNote), withheld with the named mistakes' at --feedback
 * mistakes (report/feedback.ts), where the note keeps its evidence (the values, what the failing
 * cases share).
 */
export const UNEXPLAINED_FIXES = {
  defaultEpsilon: ' The default value of epsilon must be 1e-7: def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).',
  epsilonPlace: ' It belongs inside both logs, np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon), and nowhere else, with no clipping.',
  lossFormula:
    ' Compare your code, one step at a time, with L = Σ over classes c of the mean over the examples of −(pos_weights[c]·y·log(p + ε) + neg_weights[c]·(1 − y)·log(1 − p + ε)), with y = y_true[:, c] and p = y_pred[:, c], on the smallest failing case.',
  freqsFormula: ' Compare your code with positive_frequencies = the mean of labels over axis 0 (one fraction per class) and negative_frequencies = 1 − positive_frequencies, on the smallest failing case.',
} as const;

/**
 * Wrong values that no mistake explains and no other note reads: the report says so, with the
 * evidence (the plainest failing cases, yours against the expected) and where to look, rather
 * than leaving a list of numbers. Said per function, only for cases that returned a value of the
 * right form (a crash or a wrong container is told by its case); a dimension of length 1 is
 * pointed out when it is all the failing cases have in common.
 */
export function unexplainedNotes(
  verdicts: Graded,
  mistakes: MistakeReport[],
  told: Record<Case['function'], string[]>,
  wrongSignature: readonly Case['function'][] = [],
  /** A fix in the function's framework (epsilonPlace's np.log as the file's log: gradeSuite's sayFor). */
  say: (fn: Case['function'], text: string) => string = (_fn, text) => text,
): FixedNote[] {
  const out: FixedNote[] = [];
  for (const fn of ['compute_class_freqs', 'weighted_loss'] as const) {
    if (told[fn].length > 0 || wrongSignature.includes(fn) || mistakes.some((m) => MISTAKES[m.id].fn === fn)) continue;
    const mine = verdicts.filter(({ c }) => c.function === fn);
    // Failed on the value: a right value in a wrong form (shape (), a (1, C) row) is told by its case.
    const rightFreqs = ({ c, v, expected }: Graded[number]) =>
      expected.fn === 'compute_class_freqs' && v.observation.kind === 'freqs' && vecClose(v.observation.pos, expected.freqs.pos, c.tolerance) && vecClose(v.observation.neg, expected.freqs.neg, c.tolerance);
    const failed = mine.filter(
      (x) =>
        x.v.status === 'failed' &&
        x.v.valueCorrect !== true &&
        !rightFreqs(x) &&
        (x.v.observation.kind === 'freqs' || (x.v.observation.kind === 'scalar' && Number.isFinite(x.v.observation.value))),
    );
    if (failed.length === 0) continue;
    const size = ({ c }: Graded[number]) => caseShape(c).n * caseShape(c).c;
    // The plainest first: a public case before a hidden one, then the smallest.
    const shown = [...failed].sort((a, b) => Number(a.c.visibility !== 'public') - Number(b.c.visibility !== 'public') || size(a) - size(b)).slice(0, 2);
    const said = shown.map(({ c, v, expected }) => {
      const { n, c: k } = caseShape(c);
      const o = v.observation;
      const got =
        o.kind === 'scalar' ? fmt(o.value) : o.kind === 'freqs' ? `positive ${fmtVec(o.pos)}, negative ${fmtVec(o.neg)}` : '';
      const want = expected.fn === 'weighted_loss' ? fmt(expected.loss) : `positive ${fmtVec(expected.freqs.pos)}, negative ${fmtVec(expected.freqs.neg)}`;
      return `case ${c.id} (${n} × ${k}): yours ${got}, expected ${want}`;
    });
    const name = PYTHON_NAME[fn];
    const passedCount = mine.filter(({ v }) => v.status === 'passed').length;
    const head =
      `No mistake in wlgrade's catalogue explains the values your ${fn === 'weighted_loss' ? 'loss' : name} returns on ${counted(failed.length, 'case')}` +
      `${passedCount > 0 ? ` (${passedCount} passed)` : ''}: ${said.join('; ')}. ` +
      'None of the mistakes it knows, alone or two or three together, gives those values, so it names none and cannot point to a line.';
    // What every failing case has and some passing one has not: no epsilon argument (the default
    // used), a single example or class, or a large epsilon or predictions at 0 or 1 (epsilon's place).
    const passed = mine.filter(({ v }) => v.status === 'passed');
    const failing = mine.filter(({ v }) => v.status !== 'passed');
    const all = (f: (c: Case) => boolean) => failing.every((x) => f(x.c)) && passed.some((x) => !f(x.c));
    const single = (c: Case) => caseShape(c).n === 1 || caseShape(c).c === 1;
    // Where epsilon shows: a large one, or predictions at (or within 0.001 of) 0 and 1.
    const bigEpsilon = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.epsilon >= 1e-3;
    const atEdges = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.some((p) => p < 1e-3 || p > 1 - 1e-3));
    const epsilonShows = (c: Case) => bigEpsilon(c) || atEdges(c);
    const defaultEpsilon = all((c) => c.function === 'weighted_loss' && c.epsilonArg === 'omitted');
    const aboutEpsilon = !defaultEpsilon && !all(single) && fn === 'weighted_loss' && all(epsilonShows);
    const shared = defaultEpsilon
      ? ' Every case it fails calls get_weighted_loss(pos_weights, neg_weights) without epsilon, and the cases that pass epsilon pass.'
      : all(single)
        ? ` Every case it fails has ${all((c) => caseShape(c).n === 1) ? 'a single example (N = 1)' : all((c) => caseShape(c).c === 1) ? 'a single class (C = 1)' : 'a single example or a single class'}, and it passes larger ones: look for what an axis of length 1 changes, such as np.squeeze, .flatten() or [0] dropping it, or a division by N − 1.`
        : aboutEpsilon
          ? ` Every case it fails has ${all(bigEpsilon) ? 'a large epsilon (0.001 or more)' : all(atEdges) ? 'predictions of 0 or 1, or within 0.001 of them' : 'a large epsilon (0.001 or more) or predictions of 0 or 1 (or within 0.001 of them)'}, and it passes the cases without: away from there your formula is right, so look at how epsilon enters it.`
          : '';
    // What the code should be: epsilon's default or place where the cause is pinned to epsilon
    // (there the whole formula is no help), the formula otherwise.
    const fix = defaultEpsilon
      ? UNEXPLAINED_FIXES.defaultEpsilon
      : aboutEpsilon
        ? UNEXPLAINED_FIXES.epsilonPlace
        : fn === 'weighted_loss'
          ? UNEXPLAINED_FIXES.lossFormula
          : UNEXPLAINED_FIXES.freqsFormula;
    // A public case's arrays are the learner's to print (a hidden one's file is not theirs).
    const first = shown[0]!.c;
    const bundled = /(^|[\\/])cases[\\/]public\.yaml$/.test(first.source.file);
    const show =
      // The file by its name only: where staff keep it (an autograder's folder) is not where the learner does.
      first.visibility === 'public' ? ` To see that case's arrays and expected value: wlgrade cases show ${first.id}${bundled ? '' : ` --cases ${first.source.file.split(/[\\/]/).pop()}`}` : '';
    out.push({ text: `${head}${shared}`, fix: say(fn, fix), tail: show });
  }
  return out;
}

/**
 * Every failed loss case within 5% of its expected value and half of them within 0.5%, and no
 * mistake named: the formula is right and the arithmetic too coarse (float16 keeps about 3
 * significant digits, and a log of a value near 0 or 1 loses more; np.round drops digits), which
 * the bare numbers (1.000186×) do not say. A wrong formula is rarely that close on every case.
 */
function coarseLossNote(verdicts: Graded, mistakes: MistakeReport[]): string[] {
  if (mistakes.some((m) => MISTAKES[m.id].fn === 'weighted_loss')) return [];
  const gaps: number[] = [];
  const dtypes = new Set<string | undefined>();
  // float32's error shows only in log(1 - p + ε) at a prediction close to 1; a case without one
  // (every prediction 0.7) that misses is coarser arithmetic than float32 (float16 cast back).
  let farFromOne = false;
  // A prediction within 0.001 of 0 or 1 but not on it: float16 (steps of 2^-11 next to 1) keeps
  // almost nothing of 1 - p there, so such a case may be far off (25% on the hidden suite's
  // predictions within 1e-4 of the edges) while the others are within a few tenths of a percent.
  // Those cases are allowed up to 50%, when at least three others show the small gap; an epsilon
  // mistake fails only at the edges and passes the others, so it never shows that.
  // Predictions of exactly 0 or 1 too: bfloat16 (8 bits) cannot hold 1 + ε (1.01 is 1.0078125), and
  // the perfect-predictions case came out 22% off while the others were within half a percent (framework28).
  const nearEdge = (c: Case) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((row) => row.some((p) => p < 1e-3 || p > 1 - 1e-3));
  const edgeGaps: number[] = [];
  for (const { c, v, expected } of verdicts) {
    if (v.status !== 'failed' || expected.fn !== 'weighted_loss') continue;
    farFromOne ||= c.inputs.fn === 'weighted_loss' && c.inputs.yPred.every((row) => row.every((p) => p < 0.99));
    if (v.observation.kind !== 'scalar' || expected.loss === 0 || !Number.isFinite(v.observation.value)) return [];
    const gap = Math.abs(v.observation.value / expected.loss - 1);
    if (gap > 0.05 && nearEdge(c) && gap <= 0.5) {
      edgeGaps.push(gap);
      continue;
    }
    if (!(gap <= 0.05)) return [];
    gaps.push(gap);
    dtypes.add(v.observation.dtype);
  }
  gaps.sort((a, b) => a - b);
  if (gaps.length === 0 || gaps[Math.floor((gaps.length - 1) / 2)]! > 0.005) return [];
  if (edgeGaps.length > 0 && gaps.length < 3) return [];
  const max = (xs: number[]) => Number((Math.max(...xs) * 100).toPrecision(2));
  const within =
    edgeGaps.length === 0
      ? `Every failed loss case is within ${max(gaps)}% of the expected value: the formula looks right, but the arithmetic is too coarse for the tolerance.`
      : `Every failed loss case is within ${max(gaps)}% of the expected value but ${edgeGaps.length === 1 ? 'one' : edgeGaps.length} with predictions within 0.001 of 0 or 1 (up to ${max(edgeGaps)}% off, where coarse arithmetic keeps the least of 1 - y_pred): the formula looks right, but the arithmetic is too coarse for the tolerance.`;
  // A float32 loss (a cast to tf.float32, Keras's floatx) is not told to compute in float32: its
  // 7 digits cannot hold ε = 1e-7 next to 1 (1 + 1e-7 is 1.00000012), which a compiled graph
  // (@tf.function) that regroups 1 - p + ε as (1 + ε) - p turns into a 1% error at p = 1.
  if (dtypes.size === 1 && dtypes.has('float32') && !farFromOne) {
    return [
      `${within} Your loss is computed in float32, which keeps about 7 significant digits: next to 1 it cannot hold epsilon = 1e-7 (1 + 1e-7 is 1.00000012 in float32), so log(1 - y_pred + epsilon) comes out wrong where a prediction is close to 1, or is 1 and a compiled graph (@tf.function) regroups it as (1 + epsilon) - y_pred. Compute in float64 (cast the inputs and the weights to np.float64, tf.float64 or torch.float64).`,
    ];
  }
  return [
    `${within} float16 (np.float16, torch.half) keeps only about 3 significant digits, and rounding (np.round, round) drops digits: compute in float32 or float64 and return the loss unrounded.`,
  ];
}

/**
 * The loss function returned another number when called a second time on the same inputs
 * (runner._called_again): it keeps something between calls, as a total in its closure does. Each
 * case's first value is graded as usual; in training, where Keras calls the same function once
 * per batch, that loss would grow from batch to batch.
 */
function calledAgainNote(verdicts: readonly { c: Case; outcome: CallOutcome }[]): string[] {
  const again = verdicts.flatMap(({ c, outcome }) =>
    c.function === 'weighted_loss' && outcome.status === 'ok' && outcome.again !== undefined && outcome.value.kind === 'number' ? [{ c, first: outcome.value.value, second: outcome.again }] : [],
  );
  const first = again[0];
  if (!first || typeof first.first !== 'number') return [];
  return [
    `Your loss function keeps something between calls: called a second time on the same inputs, it returned ${fmt(first.second)} instead of ${fmt(first.first)} (case ${first.c.id}${again.length > 1 ? `, and ${again.length - 1} more` : ''}). Keras calls the function get_weighted_loss returns once per batch, so in training the loss would change from batch to batch for no reason: keep no total outside weighted_loss (a list, a nonlocal, an attribute), and compute each loss from y_true and y_pred alone. The cases grade the first call.`,
  ];
}

/**
 * A loss whose broadcasting errors all involve a 1-D vector of one length m, whatever the case's
 * shape, and m is neither N nor C on at least two of those cases: something of a fixed length
 * (weights typed in from the course's data, a global) where one value per class of the arguments
 * belongs. null when the errors show no such length.
 */
export function fixedLengthVector(verdicts: readonly { c: Case; v: CaseVerdict }[]): { length: number; cases: string[]; shapes: string[] } | null {
  const raised = verdicts
    .filter(({ c, v }) => c.function === 'weighted_loss' && v.observation.kind === 'error')
    .map(({ c, v }) => ({ c, shapes: broadcastShapes((v.observation as { message: string }).message) }))
    .filter((x): x is { c: Case; shapes: number[][] } => x.shapes !== null);
  if (raised.length < 2) return null;
  const lengthsOf = (shapes: number[][]) => new Set(shapes.filter((s) => s.length === 1).map((s) => s[0]!));
  const common = [...lengthsOf(raised[0]!.shapes)].filter((m) => raised.every((x) => lengthsOf(x.shapes).has(m)));
  for (const m of common) {
    const foreign = raised.filter(({ c }) => {
      const { n, c: k } = caseShape(c);
      return m !== n && m !== k;
    });
    if (foreign.length >= 2)
      return { length: m, cases: raised.map(({ c }) => c.id), shapes: [...new Set(raised.map(({ c }) => `${caseShape(c).n}×${caseShape(c).c}`))] };
  }
  return null;
}

function fixedLengthNote(found: ReturnType<typeof fixedLengthVector>): string[] {
  if (!found) return [];
  const shapes = found.shapes.length > 3 ? `${found.shapes.slice(0, 3).join(', ')}, …` : found.shapes.join(', ');
  return [
    `On ${found.cases.length} loss cases your loss could not line up a vector of ${found.length} values with the case's arrays, whatever their shape (${shapes} examples × classes): something in it has a fixed length of ${found.length} (numbers written into the code, or a global such as weights worked out from the course's data) where the loss should use what it is given: pos_weights and neg_weights, one value per class of y_true.`,
  ];
}

/**
 * Each loss returned is the right loss of its case plus what the call before returned: a running
 * total kept between calls (a global, a default list, an attribute) that no formula explains.
 * Checked on consecutive loss cases in the order they run; a fresh process (after a crash, or
 * the hidden cases' own run) starts the total again.
 */
function keptStateNote(verdicts: (Graded[number] & { outcome: CallOutcome })[], mistakes: MistakeReport[]): string[] {
  if (mistakes.some((m) => MISTAKES[m.id].fn === 'weighted_loss' && m.confidence === 'full')) return [];
  const loss = verdicts.filter(({ expected, v }) => expected.fn === 'weighted_loss' && v.observation.kind === 'scalar' && Number.isFinite(v.observation.value));
  const value = (i: number) => (loss[i]!.v.observation as { value: number }).value;
  // What the total was when a case ended: the second call of the same loss function (runner._called_again) added to it too.
  const after = (i: number) => {
    const o = loss[i]!.outcome;
    return o.status === 'ok' && o.again !== undefined ? o.again : value(i);
  };
  const want = (i: number) => (loss[i]!.expected as { loss: number }).loss;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  let carried = 0;
  let example: { id: string; got: number; before: number; own: number } | null = null;
  for (let i = 1; i < loss.length; i++) {
    // A plain answer, or one that carried an earlier total: only carrying counts, and it must be more than a sum with 0.
    if (Math.abs(after(i - 1)) > 1e-9 && near(value(i), after(i - 1) + want(i)) && !near(value(i), want(i))) {
      carried++;
      example ??= { id: loss[i]!.c.id, got: value(i), before: after(i - 1), own: want(i) };
    }
  }
  if (carried < 3 || !example || carried < 0.6 * (loss.length - 1)) return [];
  return [
    `Your loss keeps a running total between calls: on case ${example.id} it returned ${fmt(example.got)}, which is that case's loss (${fmt(example.own)}) plus what the call before returned (${fmt(example.before)}), and ${carried} loss cases add up so. Something outlives a call (a global, a default argument that is a list, an attribute): compute each loss from y_true and y_pred alone.`,
  ];
}

/**
 * Every case with predictions of exactly 0 or 1 gave NaN or an infinity, and no mistake named (ε
 * added to y_true, to the weights, or after the logs, in a way no model reproduces): the per-case
 * messages each say "log(0)"; this says it once, for the whole loss.
 */
function logOfZeroNote(verdicts: Graded, mistakes: MistakeReport[]): string[] {
  if (mistakes.some((m) => MISTAKES[m.id].fn === 'weighted_loss')) return [];
  const exact = verdicts.filter(({ c }) => c.function === 'weighted_loss' && hasExactZeroOne(c));
  const nonFinite = ({ v }: (typeof verdicts)[number]) => v.status === 'failed' && v.observation.kind === 'scalar' && !Number.isFinite(v.observation.value);
  if (exact.length === 0 || !exact.every(nonFinite)) return [];
  return [
    `${exact.length === 1 ? 'The case' : `All ${exact.length} cases`} with predictions of exactly 0 or 1 ${exact.length === 1 ? 'gives' : 'give'} ${exact.some(({ v }) => v.observation.kind === 'scalar' && Number.isNaN(v.observation.value)) ? 'NaN' : 'an infinite loss'}: a log of 0. Whatever your code does with epsilon, it is not inside both logs: np.log(y_pred + epsilon) and np.log(1 - y_pred + epsilon).`,
  ];
}

/**
 * Frequencies rounded to a few decimals (np.round(x, 3)) on top of a mistake of the formula (the
 * pair swapped): no model rounds, so the mistake reproduced only the cases that rounding leaves
 * as they are, a partial match or none, and the rounding went unsaid. When every frequency the
 * learner returned is a multiple of 10^-d (d from 1 to 4, the fewest that fit) where some expected
 * one is not, the frequencies are diagnosed again with each model's values rounded so (at each
 * case's own tolerance: diagnoseRounded); a full match there replaces the frequencies' diagnosis (changed in place), and the
 * digits and the mistakes are returned for the note. Null when nothing changed.
 */
function roundedFreqsDiagnosis(
  inputs: DiagnosisInput[],
  diagnosis: { mistakes: MistakeReport[]; perCase: Map<string, MistakeId[]> },
  word: (id: MistakeId, label: string) => string,
): { digits: number; ids: MistakeId[] } | null {
  if (freqsExplained(diagnosis)) return null;
  const freqs = inputs.filter((d) => d.case.function === 'compute_class_freqs');
  const seen = freqs.flatMap((d) => (d.observation.kind === 'freqs' ? [...d.observation.pos, ...d.observation.neg] : [])).filter(Number.isFinite);
  const wanted = freqs.flatMap((d) => (d.expected.fn === 'compute_class_freqs' ? [...d.expected.freqs.pos, ...d.expected.freqs.neg] : []));
  if (seen.length === 0 || seen.every(Number.isInteger)) return null;
  // One answer for every case (the inputs ignored) is no formula's, rounded or not: no model can
  // match it, and diagnosing again would only cost a second diagnosis (~50 ms of Node).
  const answers = new Set(freqs.map((d) => (d.observation.kind === 'freqs' ? JSON.stringify([d.observation.pos, d.observation.neg]) : '')));
  if (freqs.length > 1 && answers.size === 1) return null;
  const onStep = (x: number, scale: number) => Math.abs(x * scale - Math.round(x * scale)) <= 1e-6 * Math.max(1, Math.abs(x * scale));
  const digits = [1, 2, 3, 4].find((d) => seen.every((x) => onStep(x, 10 ** d)));
  if (digits === undefined || wanted.every((x) => onStep(x, 10 ** digits))) return null;
  const again = diagnoseRounded(freqs, digits, word);
  if (again.mistakes.length === 0 || again.mistakes.some((m) => m.confidence !== 'full')) return null;
  replaceFreqsDiagnosis(diagnosis, freqs, again.mistakes, (id) => again.perCase.get(id) ?? []);
  return { digits, ids: again.mistakes.map((m) => m.id) };
}

const isFreqs = (id: MistakeId) => MISTAKES[id].fn === 'compute_class_freqs';
const isLoss = (id: MistakeId) => MISTAKES[id].fn === 'weighted_loss';

/**
 * A loss rounded to a few decimals (round(float(loss), 4)) on top of a mistake of the formula (a
 * sum over the examples): no model rounds, so the mistake reproduced none of the cases or some
 * (a partial match), and the rounding went unsaid. When every loss returned is a multiple of
 * 10^-d (rounded-loss.ts lossDigits) and no model explains the loss in full, it is diagnosed again
 * with each model's values rounded so (diagnoseRounded); a full match there replaces the loss's
 * diagnosis (changed in place), with loss-rounded named beside it. Whether it did.
 */
function roundedLossDiagnosis(
  inputs: DiagnosisInput[],
  observed: Observed[],
  diagnosis: { mistakes: MistakeReport[]; perCase: Map<string, MistakeId[]> },
  word: (id: MistakeId, label: string) => string,
): boolean {
  if (diagnosis.mistakes.some((m) => isLoss(m.id) && m.confidence === 'full')) return false;
  const digits = lossDigits(observed);
  const loss = inputs.filter((d) => d.case.function === 'weighted_loss' && d.expected.fn === 'weighted_loss');
  const failed = loss.filter((d) => !d.passed);
  if (digits === null || failed.length === 0) return false;
  const again = diagnoseRounded(loss, digits, word);
  if (again.mistakes.length === 0 || again.mistakes.some((m) => m.confidence !== 'full' || !isLoss(m.id))) return false;
  const ids = again.mistakes.map((m) => m.id);
  const first = failed[0]!;
  const value = first.observation.kind === 'scalar' ? first.observation.value : NaN;
  const expected = first.expected.fn === 'weighted_loss' ? first.expected.loss : NaN;
  const places = counted(digits, 'decimal');
  const others = joinWords(ids);
  const evidence = `on case ${first.case.id} your loss is ${fmt(value)} where ${fmt(expected)} is expected; ${others} ${ids.length > 1 ? 'give' : 'gives'} your value there once rounded to ${places}, and every loss your function returned (${counted(loss.length, 'case')}) has at most ${places}`;
  const m = MISTAKES['loss-rounded'];
  const rounded: MistakeReport = {
    id: m.id,
    message: `It looks like ${m.did} (here: to ${places}, on top of ${others}): ${evidence}.`,
    evidence,
    fix: m.fix,
    cases: failed.map((d) => d.case.id),
    confidence: 'full',
  };
  diagnosis.mistakes = [...diagnosis.mistakes.filter((x) => !isLoss(x.id)), ...again.mistakes, rounded];
  for (const d of loss) {
    const list = [...(diagnosis.perCase.get(d.case.id) ?? []).filter((id) => !isLoss(id)), ...(again.perCase.get(d.case.id) ?? []), ...(d.passed ? [] : [rounded.id])];
    if (list.length > 0) diagnosis.perCase.set(d.case.id, list);
    else diagnosis.perCase.delete(d.case.id);
  }
  return true;
}

/** Some model explains the frequencies in full: no re-diagnosis replaces that. */
const freqsExplained = (diagnosis: { mistakes: MistakeReport[] }) => diagnosis.mistakes.some((m) => isFreqs(m.id) && m.confidence === 'full');

/** The frequencies' diagnosis replaced by `mistakes` (in place), each frequency case naming `named(its id)`; a case left naming nothing is dropped from perCase. */
function replaceFreqsDiagnosis(
  diagnosis: { mistakes: MistakeReport[]; perCase: Map<string, MistakeId[]> },
  freqs: DiagnosisInput[],
  mistakes: MistakeReport[],
  named: (caseId: string) => MistakeId[],
): void {
  diagnosis.mistakes = [...diagnosis.mistakes.filter((m) => !isFreqs(m.id)), ...mistakes];
  for (const d of freqs) {
    const list = [...(diagnosis.perCase.get(d.case.id) ?? []).filter((id) => !isFreqs(id)), ...named(d.case.id)];
    if (list.length > 0) diagnosis.perCase.set(d.case.id, list);
    else diagnosis.perCase.delete(d.case.id);
  }
}

/**
 * Class weights made from frequencies rounded first (rounded-weights.ts), when no model explains
 * the frequencies: the frequencies' diagnosis becomes freqs-class-weights in full (changed in place).
 */
function roundedWeightsDiagnosis(
  inputs: DiagnosisInput[],
  diagnosis: { mistakes: MistakeReport[]; perCase: Map<string, MistakeId[]> },
  word: (id: MistakeId, label: string) => string,
): RoundedWeights | null {
  if (freqsExplained(diagnosis)) return null;
  const found = roundedWeights(inputs, word);
  if (!found) return null;
  const freqs = inputs.filter((d) => d.case.function === 'compute_class_freqs');
  replaceFreqsDiagnosis(diagnosis, freqs, found.reports, (id) => found.reports.filter((m) => m.cases.includes(id)).map((m) => m.id));
  return found;
}

/**
 * Failed frequency cases whose every value is 100× the expected one (percentages), the expected
 * one rounded to a few decimals, or within float16's precision of it, and no mistake named: the
 * values show it, the note says it.
 */
function freqsFormNote(verdicts: Graded, mistakes: MistakeReport[]): string[] {
  if (mistakes.some((m) => MISTAKES[m.id].fn === 'compute_class_freqs')) return [];
  const pairs: Array<[number, number]> = [];
  const sides: Array<'pos' | 'neg'> = [];
  for (const { c, v, expected } of verdicts) {
    if (v.status !== 'failed' || expected.fn !== 'compute_class_freqs') continue;
    const o = v.observation;
    const want = expected.freqs;
    if (o.kind !== 'freqs' || o.pos.length !== want.pos.length || o.neg.length !== want.neg.length) return [];
    // Right values that failed on their form (a (1, C) np.matrix row): their case says so, and
    // they say nothing of the arithmetic.
    if (vecClose(o.pos, want.pos, c.tolerance) && vecClose(o.neg, want.neg, c.tolerance)) continue;
    // The values that are wrong: a side (or a class) that is right says nothing of how the others
    // went wrong (np.round on the negatives only leaves the positives as they should be).
    const wrong = (x: number, w: number) => !(x === w || isClose(x, w, c.tolerance));
    o.pos.forEach((x, i) => wrong(x, want.pos[i]!) && pairs.push([x, want.pos[i]!]) && sides.push('pos'));
    o.neg.forEach((x, i) => wrong(x, want.neg[i]!) && pairs.push([x, want.neg[i]!]) && sides.push('neg'));
  }
  if (pairs.length === 0) return [];
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  if (pairs.every(([got, want]) => near(got, 100 * want))) {
    return ['Every failed frequency is 100× the expected value: percentages. The frequencies are fractions between 0 and 1: do not multiply by 100.'];
  }
  // Any rounding rule: numpy and Python round halves to even (np.round(0.125, 2) is 0.12), and a
  // float32 fraction is a hair off its decimal; a multiple of the step within half a step of the
  // value is what rounding gives. The fewest decimals from `from` to `to` that every pair of `ps`
  // is rounded to, its expected value taken `times` over (100: percentages).
  const roundedTo = (ps: Array<[number, number]>, from: number, to: number, times = 1): number | undefined => {
    for (let digits = from; digits <= to; digits++) {
      const scale = 10 ** digits;
      const rounded = (got: number, want: number) => near(got * scale, Math.round(got * scale)) && Math.abs(got - want) <= 0.5 / scale + 1e-6 * Math.max(1, Math.abs(want));
      if (ps.every(([got, want]) => rounded(got, times * want))) return digits;
    }
    return undefined;
  };
  const decimals = (d: number) => (d === 0 ? 'whole numbers' : counted(d, 'decimal'));
  // Percentages rounded for a table (np.round(100 * p, 1)).
  const percent = roundedTo(pairs, 0, 2, 100);
  if (percent !== undefined) {
    return [`Every failed frequency is 100× the expected value, rounded to ${decimals(percent)}: percentages. The frequencies are fractions between 0 and 1: do not multiply by 100, and return them unrounded (no np.round or round).`];
  }
  const digits = roundedTo(pairs, 1, 4);
  if (digits !== undefined) {
    return [`Every failed frequency is the expected value rounded to ${decimals(digits)}: return the fractions unrounded (no np.round or round).`];
  }
  // Each side rounded by its own call, to its own decimals (np.round(pos, 2), np.round(neg, 3)).
  const [pos, neg] = (['pos', 'neg'] as const).map((side) => roundedTo(pairs.filter((_, i) => sides[i] === side), 1, 4));
  if (pos !== undefined && neg !== undefined) {
    return [`Every failed frequency is the expected value rounded, the positive ones to ${decimals(pos)} and the negative ones to ${decimals(neg)}: return the fractions unrounded (no np.round or round).`];
  }
  // float16 (labels.astype(np.float16), dtype=np.float16) keeps 11 significant bits: a fraction
  // is off by at most about one unit in its last place, and 1 - p (a small complement of a p near
  // 1) inherits p's error, so the bound is an ulp of the larger of the value and 1/2. No wrong
  // formula is that close on every class of every failed case.
  const off = pairs.map(([got, want]) => Math.abs(got - want));
  if (pairs.every(([, want], i) => off[i]! <= 2 ** -10 * Math.max(Math.abs(want), 0.5))) {
    return [
      `Every failed frequency is within ${Number(Math.max(...off).toPrecision(2))} of the expected value: the formula looks right, but the arithmetic is too coarse for the tolerance. float16 (np.float16) keeps only about 3 significant digits: compute the fractions in float32 or float64.`,
    ];
  }
  return [];
}

/**
 * SETUP_TIMEOUT: the frameworks' import outran its limit, on the first attempt (nothing graded) or a
 * later one (`later`: the cases it had left). Problems are shown to learners at every --feedback
 * level, and a Gradescope learner cannot grade again or change --timeout: the message says what the
 * learner can do. What staff can do is said where staff read it (report/staff-advice.ts).
 */
function setupTimeoutProblem(sub: Submission, setup: { detail: string; frameworks: string[] }, later: boolean): Problem {
  const what = later ? `Part of ${sub.displayName} was not graded: when the grader started Python again for the rest of its cases, ${setup.detail}` : `${sub.displayName} was not graded: ${setup.detail}`;
  return {
    code: 'SETUP_TIMEOUT',
    message: `${what}. Nothing in the file caused this, and nothing in it needs to change: have it graded again later (submit it again, or run the check again); if this keeps happening, tell the course staff.`,
  };
}

/**
 * The file's own definitions (a default argument, a decorator, a class body: code that runs when a
 * def or class statement runs) ended Python with an exit code or wrote over the record channel,
 * a notebook's cells or a .py loaded again with only its definitions: the same on every run, so
 * the learner's doing (rowWorth: 0, not graded again), unlike a crash by signal or a time-out.
 */
function definitionsEndedProblem(sub: Submission, load: Extract<LoadOutcome, { fatal: 'definitions' }>): Problem {
  const which = sub.kind === 'py' ? 'its definitions alone (loaded again without its top-level code)' : 'its definitions';
  const what = load.how === 'exit' ? `ended the Python process (${load.status ?? 'an exit'})` : 'wrote over the channel the grader reads its answers on';
  // The statement the load was running (the runner's last mark): the learner is pointed at it.
  const at = load.at?.line !== undefined ? load.at : undefined;
  const there = at ? ' in that statement' : '';
  const fix =
    load.how === 'exit'
      ? `find the default argument, decorator or class body${there} that calls os._exit() (or ends Python another way) and delete that call`
      : `find the default argument, decorator or class body${there} that writes to a file descriptor it did not open (os.write) and delete that code`;
  return { code: 'DEFINITIONS_ENDED', message: `${at ? where(sub, at) : sub.displayName}: ${which} ${what}, so none of its cases could be graded: ${fix}.`, ...(at ? loc(at) : {}) };
}

/**
 * How a file did not load on a `grade` run (run-batch's loadFailure of its report), or that its
 * grading met a bug the runner reported (INTERNAL_ERROR: no report, the batch state remembers it).
 */
export type LoadFailure = 'LOAD_TIMEOUT' | 'LOAD_CRASH' | 'INTERNAL_ERROR';

/**
 * LOAD_TIMEOUT_AGAIN / LOAD_CRASH_AGAIN: the file did not load on a second `grade` run, unchanged
 * and under the same options (its hash, the suite, wlgrade, the limits), after it did not load on
 * the run before. One time-out may be a busy machine's (a heavy framework import) and one crash an
 * OOM kill; a second is the file's (a loop that never ends in its top level or a default argument;
 * a default argument that kills its own process, os.kill(os.getpid(), 9) or a segfault, which red
 * team 28 used to keep its row blank, not 0, on every run; or one that times out and crashes on
 * alternate runs). It counts as the learner's (rowWorth: 0) and is kept by the next run. Staff who
 * think otherwise grade with a larger --timeout (which changes the options) or with --force.
 */
function loadFailedAgainProblem(sub: Submission, now: LoadFailure, before: LoadFailure, detail: string): Problem {
  const beforeWas = before === 'INTERNAL_ERROR' ? "wlgrade's runner reported an internal error on the grade run before (the file unchanged)" : 'it did not load on the grade run before either (the file unchanged)';
  const twice = now === before ? 'on two grade runs of this unchanged file' : `and ${beforeWas}`;
  // A time-out after a crash, or a crash after a time-out: neither "busy both times" nor "out of memory both times" (review 28).
  const mixed =
    now === 'INTERNAL_ERROR' || before === 'INTERNAL_ERROR'
      ? "(staff: if either failure was the machine's or wlgrade's, a busy machine, an out-of-memory kill or a real bug in wlgrade (`wlgrade check` on this file shows it), grade again with --force, which grades it again)"
      : "(staff: if either failure was the machine's, a busy machine or an out-of-memory kill, grade again with --force, which grades it again)";
  if (now === 'INTERNAL_ERROR') {
    // Learner code can send the runner's bug record (docs/sandbox.md): a real bug in wlgrade is told
    // to staff on the first run (grade's summary, the whole error on its standard error).
    return {
      code: 'INTERNAL_ERROR_AGAIN',
      message: `${sub.displayName}: wlgrade's runner reported an internal error${now === before ? ' ' : ', '}${twice}, so it counts 0: wlgrade's runner reports such an error for a bug in wlgrade, and code in a file can send that report itself (reaching into the grader through sys.modules, gc or its file descriptors); remove any such code and hand the file in again, or, if it has none, show this message to your course staff ${now === before ? '(staff: if it is a real bug in wlgrade, `wlgrade check` on this file shows the whole error: report it with the file, and once it is fixed grade again with --force, which grades it again)' : mixed}.`,
    };
  }
  return now === 'LOAD_TIMEOUT'
    ? {
        code: 'LOAD_TIMEOUT_AGAIN',
        message: `${sub.displayName}: ${detail}, ${twice}, so it counts as not loading at all: move training, data loading and any loop that does not end (a default argument's call too) out of the top level, under if __name__ == "__main__": ${now === before ? '(staff: if the machine was busy both times, grade again with a larger --timeout, which grades it again)' : mixed}.`,
      }
    : {
        code: 'LOAD_CRASH_AGAIN',
        message: `${sub.displayName}: ${detail}, ${twice}, so it counts as not loading at all: remove what ends the process (os._exit, os.kill, os.abort, ctypes) and code that uses a lot of memory or output from the top level and from default arguments, decorators and class bodies ${now === before ? '(staff: if the machine ran out of memory both times, or a package crashes on it (a TensorFlow or PyTorch build its processor cannot run), fix that and grade again with --force, which grades it again)' : mixed}.`,
      };
}

function submissionProblems(suite: Suite, run: RunOutcome, ctx: GradeContext, badSignature: SignatureProblems): Problem[] {
  const sub = ctx.submission;
  const load = run.load;
  if (!load.ok) {
    // Not the learner's doing: no line of the file had run.
    if (isSetupTimeout(load)) return [setupTimeoutProblem(sub, load, false)];
    // The learner's doing: the file's definitions alone ended Python or wrote over the channel.
    if ('fatal' in load && load.fatal === 'definitions') return [definitionsEndedProblem(sub, load)];
    // Only after a failure on the run before (gradeSuite): the runner's bug record, sent again.
    if ('error' in load && load.error.type === RUNNER_INTERNAL_ERROR && ctx.loadFailedBefore) return [loadFailedAgainProblem(sub, 'INTERNAL_ERROR', ctx.loadFailedBefore, '')];
    if ('fatal' in load && load.fatal !== 'notebook' && ctx.loadFailedBefore) return [loadFailedAgainProblem(sub, load.fatal === 'timeout' ? 'LOAD_TIMEOUT' : 'LOAD_CRASH', ctx.loadFailedBefore, load.detail)];
    if ('fatal' in load) {
      const code = load.fatal === 'timeout' ? 'LOAD_TIMEOUT' : load.fatal === 'notebook' ? 'NOTEBOOK_INVALID' : 'LOAD_CRASH';
      const what = load.fatal === 'notebook' ? `${sub.displayName}: ${load.detail}` : `${sub.displayName}: ${load.detail}.`;
      const heavy = load.frameworks?.length ? load.frameworks.join(' and ') : '';
      const todo =
        load.fatal === 'timeout'
          ? heavy
            ? // Said to whoever reads the report, a Gradescope or Classroom learner too, who can submit
              // again but not change a limit: what staff can do is said where staff read it
              // (loadTimeoutStaffAdvice in grade's summary and gradescope's Autograder Output).
              ` It imports ${heavy}, whose import alone takes seconds, longer on a busy machine: if the top level does nothing else that takes long, have it graded again when the machine is less busy (submit it again, or run the check again); if this keeps happening, tell the course staff. Otherwise move training, data loading and other long work out of the top level (under if __name__ == "__main__":).`
            : ' Move training, data loading and other long work out of the top level (under if __name__ == "__main__":).'
          : load.fatal === 'notebook'
            ? ''
            : load.fatal === 'output-limit'
              ? ' Remove the print calls from the top level (a loop printing every row or epoch), or put that code under if __name__ == "__main__": so loading the file does not run it.'
              : ' Remove calls like os._exit, and top-level code that uses a lot of memory or output.';
      return [{ code, message: what + todo }];
    }
    return [loadErrorProblem(sub, load.error, ctx.python, declaredHelpers(suite), ctx.keras)];
  }
  const problems: Problem[] = [];
  // The file loaded, but an attempt that started again (after a call that stopped the process) ran
  // out of set-up time before its calls: the machine's problem too, and the cases it left are
  // graded again (mayBeTransient) and count for nothing yet (rowWorth), as for a first attempt's.
  if (run.setupTimeout) problems.push(setupTimeoutProblem(sub, run.setupTimeout, true));
  const needed = [...new Set(suite.cases.map((c) => c.function))];
  const syntax = load.syntaxError;
  if (syntax && !Object.values(load.functions).some((f) => f.syntax?.line === syntax.line)) {
    // A .py graded from the pieces that parse: the file as handed in does not run at all.
    const p = loadErrorProblem(sub, syntax, ctx.python, declaredHelpers(suite), ctx.keras);
    problems.push({ ...p, message: `${p.message} Python cannot run the file as it is, so the grader left that part out and graded the rest.` });
  }
  // A file with no code misses every function for one reason: one sentence, not one per function.
  const empty: { name: string; signature: string }[] = [];
  for (const fn of needed) {
    const name = PYTHON_NAME[fn];
    const info = load.functions[name];
    const signature = fn === 'weighted_loss' ? 'get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7)' : 'compute_class_freqs(labels)';
    if (info?.syntax) {
      const { cell, line, message, text, raw } = info.syntax;
      const pasted = text === undefined ? null : (raw && rawCellLine(text, raw)) || pastedLine(text, message);
      problems.push(
        cell === undefined
          ? {
              code: 'SYNTAX_ERROR',
              message: `${where(sub, { line })}: ${syntaxErrorName(message)}: ${ended(pasted?.what ?? message)} That part of the file defines ${name}, so Python could not run it and ${name}'s cases were not graded (the rest of the file was): ${pasted?.todo ?? 'fix that line'}.`,
              line,
            }
          : {
              code: 'SYNTAX_ERROR',
              message: `${sub.displayName}, cell ${cell}, line ${line}: ${syntaxErrorName(message)}: ${ended(pasted?.what ?? message)} That cell defines ${name}, so it did not run and ${name}'s cases were not graded (the other cells were): ${pasted?.todo ?? 'fix that line'}.`,
              cell,
              line,
            },
      );
      continue;
    }
    const other = needed.filter((f) => f !== fn).map((f) => PYTHON_NAME[f])[0];
    const module = info?.missing?.module;
    const outside = info?.near?.find((n) => n.scope.startsWith('notebook-outside '));
    if (info?.missing && module && outside) {
      problems.push({
        code: 'IMPORT_UNRESOLVABLE',
        message: `${where(sub, info.missing)}: imports ${name} from "${module}", ${outsideImport(outside.scope.slice('notebook-outside '.length), outside.cell)}`,
        ...loc(info.missing),
      });
      continue;
    }
    const written = info?.near?.find((n) => n.scope.startsWith('notebook-magic '));
    if (info?.missing && module && written) {
      const magic = magicName(parseMagicStack(written.scope.slice('notebook-magic '.length)).magic);
      problems.push({
        code: 'IMPORT_UNRESOLVABLE',
        message: `${where(sub, info.missing)}: imports ${name} from "${module}", the file the ${magic} cell (cell ${written.cell}) writes, which the grader does not run (it grades the notebook alone): remove the ${magic} line so that cell defines ${name} itself, and the import.`,
        ...loc(info.missing),
      });
      continue;
    }
    if (info?.missing && module) {
      problems.push(importProblem(sub, { ...info.missing, module }, ctx.python, { name, other }, declaredHelpers(suite)));
      continue;
    }
    if (info?.missing?.relative) {
      problems.push(relativeImportProblem(sub, { ...info.missing, relative: info.missing.relative }, { name, other }));
      continue;
    }
    if (info?.raisedDefault) {
      const r = info.raisedDefault;
      const what = r.param.endsWith("'s annotation") ? `the annotation of ${r.param.slice(0, -"'s annotation".length)}` : r.param.startsWith('the ') ? r.param : `the default value of ${r.param}`;
      const part = r.param.endsWith('annotation') ? 'annotation' : r.param === 'the decorator' ? 'decorator' : 'default';
      problems.push({
        code: 'MISSING_FUNCTION',
        message: `${where(sub, r)}: ${what} in the def of ${name} raised ${r.type} (${r.message}); run top to bottom, that def raises there, so ${name} is not defined and its cases were not graded${other ? ` (${other}'s were)` : ''}: fix that ${part}${part === 'decorator' ? '' : ` (the assignment's signature is def ${signature})`}.`,
        ...loc(r),
      });
      continue;
    }
    if (info?.unready) {
      const u = info.unready;
      const later = u.later ? `which the ${sub.kind === 'ipynb' ? 'notebook' : 'file'} defines only further down (${lineSpot(u.later)})` : `which nothing above it defines`;
      const todo = u.later ? `move the line that defines ${u.name} above it` : `define ${u.name} above it, or write the value itself`;
      problems.push({
        code: 'MISSING_FUNCTION',
        message: `${where(sub, u)}: the def of ${name} reads ${u.name} (a default value or decorator), ${later}; run top to bottom, that def raises NameError, so ${name} is not defined and its cases were not graded${other ? ` (${other}'s were)` : ''}: ${todo}.`,
        ...loc(u),
      });
      continue;
    }
    if (!info || !info.defined) {
      if (info?.near?.some((n) => n.scope === 'empty-file')) empty.push({ name, signature });
      else problems.push(missingFunctionProblem(sub, name, signature, info?.near ?? []));
      continue;
    }
    if (!info.callable) {
      problems.push({ code: 'MISSING_FUNCTION', message: `${where(sub, info)}: ${name} is not a function; define it as def ${signature}:.`, ...loc(info) });
      continue;
    }
    const bad = badSignature[fn];
    if (bad) problems.push({ code: 'WRONG_SIGNATURE', message: `${where(sub, info)}: ${name} ${bad}; the assignment's signature is ${signature}.`, ...loc(info) });
  }
  if (empty.length > 0) problems.push(emptyFileProblem(sub, empty));
  return problems;
}

/** A file with nothing but blank lines and comments, which defines none of `missing`. */
function emptyFileProblem(sub: Submission, missing: { name: string; signature: string }[]): Problem {
  const names = missing.map((m) => m.name);
  const defines = names.length === 1 ? `it does not define ${names[0]}` : `it defines neither ${names.slice(0, -1).join(', ')} nor ${names.at(-1)}`;
  const holds = missing.map((m) => `def ${m.signature}`).join(' and ');
  return {
    code: 'MISSING_FUNCTION',
    message: `${sub.displayName} has no code (only blank lines and comments), so ${defines}: save your work into it, or hand in the file that holds ${holds}.`,
  };
}

/** A graded function the module does not define, with the likeliest reason when the runner found one. */
function missingFunctionProblem(sub: Submission, name: string, signature: string, near: NonNullable<FunctionInfo['near']>): Problem {
  const nested = near.find((n) => n.scope !== 'similar');
  if (nested?.scope === 'placeholder') {
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: ${name} = None is a placeholder, not a function: replace that line with def ${signature}: and its code.`,
      ...loc(nested),
    };
  }
  if (nested?.scope === 'module-getattr') {
    // PEP 562: `def __getattr__(name)` at the top level answers `mod.x` and `from mod import x`,
    // but binds nothing: Jupyter's cells and the course's tests call the function by its name.
    const file = sub.kind === 'ipynb' ? 'notebook' : 'file';
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: the ${file} defines no ${name}: the module-level __getattr__ there may hand ${name} out when it is looked up, but the graded functions are the ones the ${file} itself defines at the top level: write def ${signature}: (its code in it), not through __getattr__.`,
      ...loc(nested),
    };
  }
  if (nested?.scope === 'module-replaced') {
    // `sys.modules[__name__] = M()`, an object whose property hands the function out: the grader,
    // Jupyter and the course's tests read the names the file's top level binds (red team 35: it
    // read as a misspelling).
    const file = sub.kind === 'ipynb' ? 'notebook' : 'file';
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: the ${file} puts another object in its own place in sys.modules, and the ${file} itself defines no ${name}; the graded functions are the ones its top level defines, not an object's standing in for it: write def ${signature}: (its code in it) at the top level, and remove the sys.modules line.`,
      ...loc(nested),
    };
  }
  if (nested?.scope.startsWith('class-attribute ')) {
    // `class M: compute_class_freqs = staticmethod(_f)` (or a property): an attribute of the class.
    const cls = nested.scope.slice('class-attribute '.length);
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: ${name} is set in the body of class ${cls}, an attribute of that class, so the ${sub.kind === 'ipynb' ? 'notebook' : 'file'} does not define it; write def ${signature}: (its code in it) at the top level (no indentation).`,
      ...loc(nested),
    };
  }
  if (nested?.scope === 'commented-out') {
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is commented out (#), so it never runs and the ${sub.kind === 'ipynb' ? 'notebook' : 'file'} does not define it: remove the # in front of its lines, then fix what it raised, if anything (a function that runs but fails still earns the cases it passes).`,
      ...loc(nested),
    };
  }
  if (nested?.scope === 'todo-comment') {
    // `# get_weighted_loss: TODO`, alone in the cell the template gives it: nothing is misspelt.
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: ${name} is not written yet: that line is a comment naming it as still to do, and no def of ${name} runs in the ${sub.kind === 'ipynb' ? 'notebook' : 'file'}: write def ${signature}: in its place, with its code.`,
      ...loc(nested),
    };
  }
  if (nested && (nested.scope === 'markdown-cell' || nested.scope === 'raw-cell')) {
    const kind = nested.scope === 'markdown-cell' ? 'Markdown' : 'Raw';
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is in a ${kind} cell, which Jupyter shows as text and never runs: change that cell's type to Code (in Jupyter: Esc, then Y), run it, save and hand the notebook in again.`,
      ...loc(nested),
    };
  }
  if (nested && nested.scope.startsWith('notebook-stopped ')) {
    const magic = nested.scope.slice('notebook-stopped '.length);
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is below a %%${magic} line that is not its cell's first line, where IPython stops the cell with a UsageError (Line magic function \`%%${magic}\` not found), so ${name} is never defined: delete that line${magic === 'writefile' || magic === 'file' ? ', or move it to the cell\'s first line and import the file it writes' : ', or move it to the cell\'s first line'}.`,
      ...loc(nested),
    };
  }
  if (nested && nested.scope.startsWith('notebook-unloaded ')) {
    const stack = parseMagicStack(nested.scope.slice('notebook-unloaded '.length));
    const extension = stack.magic === 'cython' ? 'Cython' : 'memory_profiler';
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is in ${cellStarting(stack)}, which exists only once %load_ext ${extension} has run, and no cell above loads it: Jupyter stops that cell (UsageError: Cell magic \`%%${stack.magic}\` not found), so ${name} is never defined: add a cell with %load_ext ${extension} above it, or remove the %%${stack.magic} line.`,
      ...loc(nested),
    };
  }
  if (nested && /^notebook-outside-(?:run|exec) /.test(nested.scope)) {
    // %run sol.py (or exec(open('sol.py').read())) after a %cd moved the kernel away from the file (notebooks 31).
    const [kind, file] = nested.scope.slice('notebook-outside-'.length).split(' ') as [string, string];
    const loader = kind === 'run' ? '%run' : 'exec(open(...))';
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is in the file ${file} that the %%writefile cell (cell ${nested.cell}) writes, and the ${loader} below it opens that path from another working folder (a %cd, %pushd, %popd or os.chdir between them moved the kernel), so in a fresh run of the notebook (Restart & Run All) it does not find the file and ${name} is never defined: run the file from the folder it is written in (before that line, or %cd back first), or give ${loader} the file's path from where the kernel is then.`,
      ...loc(nested),
    };
  }
  if (nested && nested.scope.startsWith('notebook-outside ')) {
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is in ${outsideFile(nested.scope.slice('notebook-outside '.length), nested.cell)}, so a fresh run of the notebook (Restart & Run All) does not define ${name}: ${outsideFix(nested.scope.slice('notebook-outside '.length))}.`,
      ...loc(nested),
    };
  }
  if (nested && nested.scope.startsWith('notebook-magic ')) {
    const stack = parseMagicStack(nested.scope.slice('notebook-magic '.length));
    const at = stack.line === undefined ? '' : ` (line ${stack.line})`;
    if (stack.magic === 'timeit') {
      // IPython compiles a %%timeit cell into the body of a timing function and runs that: the def
      // is that function's local, so a Run All of the notebook does not define it either.
      return {
        code: 'MISSING_FUNCTION',
        message: `${where(sub, nested)}: def ${name} is in ${cellStarting(stack)}, which runs the cell inside a timing function, so ${name} is defined only inside that function and never in your notebook (a fresh Run All does not define it either): remove the %%timeit line${at}, and time the call in a cell of its own (%%timeit ${name}(...)).`,
        ...loc(nested),
      };
    }
    if (stack.magic === 'cython') {
      return {
        code: 'MISSING_FUNCTION',
        message: `${where(sub, nested)}: def ${name} is in ${cellStarting(stack)}, and the cell holds Cython's own syntax (cdef, cimport ...), which the grader cannot compile (it runs a %%cython cell of plain Python as Python), so that cell was not run: write ${name} in plain Python, or in a cell without %%cython.`,
        ...loc(nested),
      };
    }
    const does = magicDoes(stack.magic) ?? `${magicLine(stack.magic)} hands it to another program than the notebook's Python, so nothing it defines reaches the notebook`;
    const fix = `remove the ${magicName(stack.magic)} line${at} so the cell defines ${name} itself`;
    return {
      code: 'MISSING_FUNCTION',
      message: `${where(sub, nested)}: def ${name} is in ${cellStarting(stack)}, so the cell is not run as the notebook's Python (${does}): ${fix}.`,
      ...loc(nested),
    };
  }
  if (nested) {
    if (nested.scope.startsWith('cell-magic ')) {
      const magic = nested.scope.slice('cell-magic '.length);
      return {
        code: 'MISSING_FUNCTION',
        message: `${where(sub, nested)}: ${name} is defined in a notebook cell that starts with %%${magic}, which the export turned into a string (get_ipython().run_cell_magic(...)) that never runs; remove the %%${magic} line from that cell and export again, or copy def ${signature} out of the string.`,
        ...loc(nested),
      };
    }
    const inside =
      nested.scope === 'main-guard'
        ? 'inside if __name__ == "__main__":, which the grader does not run (it imports your file)'
        : nested.scope === 'if'
          ? 'inside an if block that did not run'
          : nested.scope.startsWith('class ')
            ? `as a method of ${nested.scope}`
            : `inside ${nested.scope}`;
    return { code: 'MISSING_FUNCTION', message: `${where(sub, nested)}: ${name} is defined ${inside}, so the file does not define it; move def ${signature} to the top level (no indentation).`, ...loc(nested) };
  }
  const similar = near.filter((n) => n.scope === 'similar');
  // The loss itself at the top level (def weighted_loss(y_true, y_pred, ...) with the weights as
  // parameters or globals) is no typo of get_weighted_loss: renamed, it would not have the
  // assignment's signature. What is missing is the function that makes it.
  // A close name besides it (get_weighted_los) is the likelier slip, and "did you mean" says that.
  const lossItself = name === 'get_weighted_loss' && similar.length === 1 && similar[0]!.name === 'weighted_loss' ? similar[0] : undefined;
  if (lossItself) {
    return {
      code: 'MISSING_FUNCTION',
      message: `${sub.displayName} defines the loss weighted_loss (${where(sub, lossItself)}) but not ${name}, the function that makes it, which the grader calls: define ${signature} and put def weighted_loss(y_true, y_pred) inside it, using its pos_weights, neg_weights and epsilon, then end it with return weighted_loss.`,
      ...loc(lossItself),
    };
  }
  if (similar.length) {
    const names = similar.map((n) => `${n.name} (${where(sub, n)})`).join(' or ');
    // compute_class_freqѕ (a Cyrillic ѕ) reads like the required name: say which letter is not.
    const lookalike = similar.map((n) => nonAsciiNote(n.name, name)).find(Boolean);
    return {
      code: 'MISSING_FUNCTION',
      message: `${sub.displayName} does not define ${name}; did you mean ${names}?${lookalike ? ` ${lookalike}` : ''} The grader calls it by this exact name: define ${signature}.`,
      ...loc(similar[0]!),
    };
  }
  return { code: 'MISSING_FUNCTION', message: `${sub.displayName} does not define ${name}: define ${signature} at the top level (check the spelling).` };
}

function requiredParams(params: NonNullable<FunctionInfo['params']>): number {
  const positional = params.filter((p) => p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD');
  return positional.filter((p) => !p.hasDefault).length + params.filter((p) => p.kind === 'KEYWORD_ONLY' && !p.hasDefault).length;
}

type SignatureProblems = Record<Case['function'], string | null>;

/** Each graded function's signatureProblem when it is defined and callable, else null: read once for its problem, the epsilon note and unexplainedNotes. */
function signatureProblems(run: RunOutcome): SignatureProblems {
  const of = (fn: Case['function']) => {
    const info = run.load.ok ? run.load.functions[PYTHON_NAME[fn]] : undefined;
    return info?.defined === true && info.callable ? signatureProblem(fn, info) : null;
  };
  return { weighted_loss: of('weighted_loss'), compute_class_freqs: of('compute_class_freqs') };
}

/** A signature the cases cannot call as the assignment does: the function cannot be graded as handed in. */
function signatureProblem(fn: Case['function'], info: FunctionInfo): string | null {
  if (!info.params) return null;
  const positional = info.params.filter((p) => p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD');
  const varargs = info.params.some((p) => p.kind === 'VAR_POSITIONAL');
  const required = requiredParams(info.params);
  const want = fn === 'weighted_loss' ? 3 : 1;
  const plural = (k: number) => counted(k, 'parameter');
  if (positional.length < want && !varargs) {
    // `def get_weighted_loss(pos_weights, neg_weights, *, epsilon=1e-7)`: three parameters, but the
    // third only by name, and the grader passes it by position too.
    const named = info.params.filter((p) => p.kind === 'KEYWORD_ONLY').map((p) => p.name);
    if (named.length > 0) return `takes ${plural(positional.length)} by position (${named.join(', ')}, after \`*\`, can only be passed by name: remove the \`*\`)`;
    return `takes ${plural(positional.length)}`;
  }
  if (required > want) {
    // get_weighted_loss(y_true, y_pred, pos_weights, neg_weights): the loss written flat, its
    // inputs taken by get_weighted_loss itself (sweep 20).
    const inputs = fn === 'weighted_loss' ? info.params.filter((p) => /^(y_?true|y_?pred|y_?hat|preds?|predictions|targets?)$/i.test(p.name) && !p.hasDefault).map((p) => p.name) : [];
    if (inputs.length > 0) {
      return `requires ${plural(required)}, ${inputs.join(' and ')} among them: get_weighted_loss takes only the weights and epsilon, and returns the loss function, which takes (y_true, y_pred). Move the loss's code into def weighted_loss(y_true, y_pred): inside get_weighted_loss and end get_weighted_loss with return weighted_loss`;
    }
    return `requires ${plural(required)}`;
  }
  // get_weighted_loss(pos_weights, neg_weights, num_classes, epsilon=1e-7): the cases pass epsilon
  // third, by position, so it lands in the parameter put before it, and the cases that pass it by
  // name, or leave it out, lack that one (sweep 20: read as 'gives epsilon no default value').
  const eps = (p: { name: string }) => /eps/i.test(p.name);
  // get_weighted_loss(*weights, epsilon=1e-7): a *args before epsilon makes epsilon keyword-only,
  // and the cases' epsilon, passed third by position, goes into the *args (sweep 20 a24).
  const star = info.params.find((p) => p.kind === 'VAR_POSITIONAL');
  const keywordEps = info.params.find((p) => p.kind === 'KEYWORD_ONLY' && eps(p));
  if (fn === 'weighted_loss' && star && keywordEps && positional.length < want) {
    const kept = keywordEps.hasDefault ? `, which keeps its default` : `, which has no default, so those calls fail`;
    return `takes *${star.name} before ${keywordEps.name}, which makes ${keywordEps.name} keyword-only, where the cases pass epsilon by position (get_weighted_loss(pos_weights, neg_weights, 0.1)): that 0.1 lands in ${star.name}, not in ${keywordEps.name}${kept}: name each parameter instead of *${star.name}`;
  }
  const third = positional[2];
  const later = info.params.slice(info.params.indexOf(third!) + 1).find(eps);
  if (fn === 'weighted_loss' && third && !eps(third) && later) {
    return `has ${third.name} as its third parameter, where the cases pass epsilon by position (get_weighted_loss(pos_weights, neg_weights, 0.1)), so ${third.name} gets epsilon and ${later.name} keeps its default: make ${later.name} the third parameter, and drop ${third.name} or move it after ${later.name} with a default`;
  }
  return null;
}

/**
 * get_weighted_loss(pos_weights, neg_weights, epsilon) with no default for epsilon: every case
 * ran and only those that leave epsilon out failed, so it is a note on the graded work, not a
 * problem that kept it from being graded.
 */
function epsilonDefaultNote(suite: Suite, run: RunOutcome, sub: Submission, badSignature: SignatureProblems): string[] {
  const info = run.load.ok ? run.load.functions[PYTHON_NAME.weighted_loss] : undefined;
  if (!info?.params || !info.defined || !info.callable || info.missing || badSignature.weighted_loss) return [];
  const omitted = suite.cases.filter((c) => c.function === 'weighted_loss' && c.epsilonArg === 'omitted');
  if (omitted.length === 0 || requiredParams(info.params) <= 2) return [];
  const ids = omitted.map((c) => c.id);
  const which = joinSome(ids, 3);
  return [
    `${where(sub, info)}: get_weighted_loss gives epsilon no default value, so the case${ids.length === 1 ? '' : 's'} that call${ids.length === 1 ? 's' : ''} it without epsilon (${which}) fail${ids.length === 1 ? 's' : ''}; the assignment's signature is get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7).`,
  ];
}

/**
 * A module the code imports that is not there. With `fn`, only that graded function uses it: its
 * cases are not graded, the other function's are.
 */
const UNKNOWN_PACKAGE = 'it is not a package wlgrade knows, so wlgrade does not suggest installing it';

/**
 * After "write it without it" for a module no package wlgrade knows: it may be the learner's own
 * helpers.py, not handed in with the file, or handed in where it is not the learner's own folder
 * (a folder of every learner's files): the grader imports a learner's modules only from beside
 * the file, in their own folder or zip (siblings.ts). "Not installed" alone sent a learner whose
 * helpers.py sits beside the file looking for a package (correct 31).
 */
const ownFile = (module: string, sub: Submission) => {
  const top = module.split('.')[0]!;
  // `import pkg.utils`: pkg is a package, a folder, not a pkg.py (Python names only pkg when no pkg/ is there).
  const what = asPackage(module, sub) ? `a package of yours (a folder ${top}/)` : `a file of yours (${top}.py)`;
  return ` If ${top} is ${what}, hand it in beside ${sub.displayName} (in the same folder or zip), or put what you use from it in ${sub.displayName}: the grader imports a file of yours only from beside the file it grades.`;
};

/**
 * Whether the missing `module` is a package, a folder: dotted (`pkg.utils`), or imported so by the
 * file (`import pkg.utils`, `from pkg.utils import x`), whose ModuleNotFoundError names only `pkg`
 * when no folder pkg/ is there. A from-import's names (`from pkg import utils`) may be a module's
 * names, and say nothing.
 */
function asPackage(module: string, sub: Submission): boolean {
  if (module.includes('.')) return true;
  const name = module.replace(/[^\p{L}\p{N}_]/gu, '');
  const id = '[\\p{L}\\p{N}_]+';
  // Repeats bounded, as siblings.ts importedModules's: a crafted list of millions of names overflowed V8's regexp stack.
  return new RegExp(`(?:\\bfrom[ \\t]+|\\bimport[ \\t]+(?:${id}(?:\\.${id}){0,7}(?:[ \\t]+as[ \\t]+${id})?[ \\t]*,[ \\t]*){0,255})${name}\\.${id}`, 'u').test(sub.bytes.toString('utf8'));
}

/** The learner's module `top` beside the file, as they know it: their package folder `pkg/` or their `pkg.py`. */
const yours = (top: string, sub: Submission) => (sub.siblingsNotSent?.packages.includes(top) ? `your package folder ${top}/` : `your ${top}.py`);

/**
 * For `check` on a file whose folder holds another learner's file too (grade-submission.ts
 * ownFolderOnly): the learner's `top.py` is beside it and was not sent, so "hand it in beside" is
 * not what to do; what is, instead. Undefined for any other module.
 */
const notSent = (top: string, sub: Submission): string | undefined => {
  const left = sub.siblingsNotSent;
  if (!left?.modules.includes(top)) return undefined;
  return `It was not imported: ${sub.displayName}'s folder holds another learner's file too (${left.other} defines a graded function), and wlgrade imports no module from a folder of many learners' files. ${left.verb === 'grade' ? 'Grade' : 'Check'} ${sub.displayName} in a folder of its own with ${left.packages.includes(top) ? `its package folder ${top}/` : `${top}.py`}.`;
};

/**
 * Modules Python's own library no longer has (3.12: distutils, imp; 3.13: the "dead batteries"):
 * a course machine on an older Python has them, so the file is graded there, not here. Not msilib,
 * which only Windows' Python ever had (runner._PLATFORM_ONLY: no machine of this kind has it).
 */
const REMOVED_STDLIB = new Set(['asynchat', 'asyncore', 'distutils', 'imp', 'smtpd', 'aifc', 'audioop', 'cgi', 'cgitb', 'chunk', 'crypt', 'imghdr', 'lib2to3', 'mailcap', 'nis', 'nntplib', 'ossaudiodev', 'pipes', 'sndhdr', 'spwd', 'sunau', 'telnetlib', 'uu', 'xdrlib']);

/**
 * Whose a failed import is. IMPORT_ERROR, the machine's (blank, graded again with --force once
 * staff act): a package wlgrade knows (pip-names.ts), not installed here; a module of Python's own
 * library this Python lacks or no longer has; a dependency an installed package's own code asks for
 * (`within`); a name an installed module lacks, which another version has; a course helper module
 * the case files declare (`helpers:`). IMPORT_UNRESOLVABLE, the file's (counted 0 when it keeps
 * every graded function from being graded, row-worth.ts): a module no course machine has, whatever
 * staff install: no package wlgrade knows and none of Python's (`import nump`, a made-up name), an
 * undeclared helper module of the course's workspace (the grader grades the file alone), a file of
 * the learner's own that was not handed in, a one-letter slip of a name an installed module has
 * (or of a submodule its folders hold; a submodule they do not hold is another version's, IMPORT_ERROR),
 * a module this Python has (`here`: the file's own code made its import fail).
 */
function importCode(e: ErrorInfo & { module: string }, own: boolean, declared: ReadonlySet<string>): 'IMPORT_ERROR' | 'IMPORT_UNRESOLVABLE' {
  // `here`: this Python has the module (import-facts.ts read it apart from the run): whatever the record says.
  if (own || e.here) return 'IMPORT_UNRESOLVABLE';
  const top = e.module.split('.')[0]!;
  // A helper module the case files say the course provides (helpers:): staff can install it. A name
  // the installed one lacks is not another version's (the course has one: staff installed it), but
  // the file's, most likely a module of its own under the helper's name (red team b30).
  if (declared.has(top)) return e.absent ? 'IMPORT_UNRESOLVABLE' : 'IMPORT_ERROR';
  // numpy's own names, and its public submodules' (numpy-names.ts numpyDecides): another release's
  // (in1d, msort, import numpy.array_api) or none's (madeupx, arrray, from numpy.linalg import nrom).
  if (e.absent && numpyDecides(e.module)) return numpyHad(e.absent, e.submodule === true, e.module) ? 'IMPORT_ERROR' : 'IMPORT_UNRESOLVABLE';
  // A submodule or name an earlier release of the package had (tensorflow.contrib, sklearn.cross_validation: package-history.json): code for another version, left to staff.
  if (e.absent && packageHad(e.module, e.absent, e.submodule === true)) return 'IMPORT_ERROR';
  // `import torch.nnn`: a slip of a submodule the installed package has. A from-import's slip of
  // another package's name (`from scipy.stats import binom_test`: binomtest) may be another
  // version's name (scipy before 1.12 had binom_test): no list says, so it is left to staff.
  if (e.absent && e.close && e.submodule) return 'IMPORT_UNRESOLVABLE';
  // A slip of a submodule this install's own folders hold (from scipy import linalgg: import-facts.ts).
  // One they do not hold, none a letter away (import keras.engine, tensorflow.contrib.keras), is
  // left to staff: another version of the package may have it (review31a).
  if (e.absent && e.lacks && e.close) return 'IMPORT_UNRESOLVABLE';
  if (e.absent || e.stdlib || e.within) return 'IMPORT_ERROR';
  return pipName(top) !== undefined || REMOVED_STDLIB.has(top) ? 'IMPORT_ERROR' : 'IMPORT_UNRESOLVABLE';
}

/** The helper modules the suite's case files declare (`helpers:`). */
const declaredHelpers = (suite: Suite): ReadonlySet<string> => new Set(suite.helpers ?? []);

/** What an import that one graded function needs cost: ", so f's cases were not graded (g's were)". */
const notGraded = (fn: { name: string; other: string | undefined }) => `, so ${fn.name}'s cases were not graded${fn.other ? ` (${fn.other}'s were)` : ''}`;

/**
 * Who needs a failed import, after the sentence saying it: ", and f uses it, so f's cases were not
 * graded (g's were)" for one graded function, else from the run's usedBy (", and f uses it", ", and
 * your graded functions use it"), else nothing.
 */
const usesIt = (e: ErrorInfo, fn?: { name: string; other: string | undefined }) =>
  fn ? `, and ${fn.name} uses it${notGraded(fn)}` : e.usedBy ? `, and ${e.usedBy.length === 1 ? `${e.usedBy[0]} uses` : 'your graded functions use'} it` : '';

/**
 * A name numpy (or a public submodule of it the table read: numpyDecides) lacks, told with what
 * NumPy releases had (numpy-names.ts): one another release had is left to staff, with what replaces
 * it when known; one no release had is the file's, with the name numpy has that it is a slip of
 * (the runner's `close`), if one is. Undefined where the generic sentence fits (a slip of a name
 * this numpy has, which no release had either).
 */
function numpyProblem(e: ErrorInfo & { module: string; absent: string }, at: string, uses: string): string | undefined {
  const written = e.submodule ? `imports "${e.module}.${e.absent}"` : `imports ${e.absent} from "${e.module}"`;
  const had = numpyHad(e.absent, e.submodule === true, e.module);
  // numpy's own names as numpy's (in1d), a submodule's with it (numpy.random.madeup).
  const name = e.module === 'numpy' ? e.absent : `${e.module}.${e.absent}`;
  const range = numpyReleases(e.module);
  if (had === undefined) {
    if (e.close) return undefined;
    const what = e.submodule ? `a submodule ${name}` : name;
    return `${at}: ${written}, but ${e.message}${uses}, and no NumPy release from ${range.oldest} to ${range.newest} has ${what}: a typo, or a name from another library. Change that import (and the code using it) to what ${e.module} has.`;
  }
  const which = had.last === range.newest ? `newer NumPy releases have ${name}` : `NumPy releases up to ${had.last} had ${name}`;
  // numpy's own tables' words, when the runner quoted them (e.message ends with them in parentheses), come first.
  const instead = had.replacement && !e.message.endsWith(')') ? ` ${had.replacement}` : '';
  return `${at}: ${written}, but ${e.message}${uses}: ${which}, so this is code for another NumPy.${instead} Change that import (and the code using it) to what this ${e.module} has; staff can also grade it with a NumPy that has ${name}.`;
}

function importProblem(sub: Submission, e: ErrorInfo & { module: string }, python: string, fn: { name: string; other: string | undefined } | undefined, declared: ReadonlySet<string>): Problem {
  const at = where(sub, e);
  const graded = fn ? notGraded(fn) : '';
  if (e.absent) {
    // `from numpy import float_` on numpy 2: the module is there, the name is not (e.message says so, with the module's hint).
    const uses = fn ? `, and ${fn.name} uses it${graded}` : '';
    if (e.here) {
      // The run said the installed module lacks the name; read apart from it (import-facts.ts), it has it.
      const written = e.submodule ? `imports "${e.module}.${e.absent}"` : `imports ${e.absent} from "${e.module}"`;
      return {
        code: importCode(e, false, declared),
        message: `${at}: ${written}, which ${e.module} as installed for ${python} has (read apart from the run): the file's own code made that import fail (a change to ${e.module.split('.')[0]}, sys.modules or the import system)${uses}. Import it as it is installed: remove what replaces or hides it.`,
        ...loc(e),
      };
    }
    if (numpyDecides(e.module) && !declared.has('numpy')) {
      const numpy = numpyProblem(e as ErrorInfo & { module: string; absent: string }, at, uses);
      if (numpy) return { code: importCode(e, false, declared), message: numpy, ...loc(e) };
    }
    const had = e.module !== 'numpy' ? packageHad(e.module, e.absent, e.submodule === true) : undefined;
    if (had) {
      // `import tensorflow.contrib` on TensorFlow 2: another release's (package-history.json), told which had it and what replaces it.
      const top = e.module.split('.')[0]!;
      const written = e.submodule ? `imports "${e.module}.${e.absent}"` : `imports ${e.absent} from "${e.module}"`;
      const instead = had.replacement ? ` ${had.replacement}` : '';
      return {
        code: importCode(e, false, declared),
        message: `${at}: ${written}, but ${e.message}${uses}: ${top} releases up to ${had.last} had ${had.path}, so this is code for another ${top}.${instead} Change that import (and the code using it) to what this ${top} has; staff can also grade it with a ${top} that has ${had.path}.`,
        ...loc(e),
      };
    }
    if (e.submodule) {
      // `import numpy.madeupx` (or from numpy.madeupx import ...): told as the import written, not a from-import.
      const written = `${e.module}.${e.absent}`;
      return {
        code: importCode(e, false, declared),
        message: e.close
          ? `${at}: imports "${written}", but ${e.message}${uses}: "${e.absent}" looks like a misspelling of "${e.close}", which it has. Correct the import (${e.module}.${e.close}) and the code using ${written}.`
          : e.lacks
            ? `${at}: imports "${written}", but ${e.message}${uses}, nor one a letter away (its installed files were read): a typo, or code for another version of ${e.module.split('.')[0]}. Change that import (and the code using it) to what this ${e.module.split('.')[0]} has; if another version has ${written}, staff can also grade it with that version.`
            : `${at}: imports "${written}", but ${e.message}${uses}. Change that import (and the code using it) to what this ${e.module.split('.')[0]} has; a name that is not there is a typo or belongs to another version.`,
        ...loc(e),
      };
    }
    if (e.close && (numpyDecides(e.module) || e.lacks || declared.has(e.module.split('.')[0]!))) {
      // `from numpy import arrray`: no version of numpy has it (nor of the course's helper): the learner's slip, told the name to write.
      return {
        code: importCode(e, false, declared),
        message: `${at}: imports ${e.absent} from "${e.module}", but ${e.message}${uses}: "${e.absent}" looks like a misspelling of "${e.close}", which it has. Correct the import (from ${e.module} import ${e.close}) and the code using ${e.absent}.`,
        ...loc(e),
      };
    }
    if (e.close) {
      // Another package's: a slip, or a name another version of it had (scipy's binom_test, one letter from binomtest).
      const top = e.module.split('.')[0]!;
      return {
        code: importCode(e, false, declared),
        message: `${at}: imports ${e.absent} from "${e.module}", but ${e.message}${uses}: "${e.absent}" is either a misspelling of "${e.close}", which it has (then correct the import, from ${e.module} import ${e.close}, and the code using ${e.absent}), or a name another version of ${top} has (then change that code to what this ${top} has; staff can also grade it with a ${top} that has ${e.absent}).`,
        ...loc(e),
      };
    }
    const helper = e.module.split('.')[0]!;
    if (declared.has(helper))
      return {
        code: importCode(e, false, declared),
        message: `${at}: imports ${e.absent} from "${e.module}", but ${e.message}${uses}: ${helper} is a helper module the course provides (the case files list it under helpers:), and the course's ${e.module} has no ${e.absent}. If ${helper} is a file of yours, put what you use from it in ${sub.displayName} (the course's ${helper} is the one imported); else change that import (and the code using it) to what the course's ${e.module} has.`,
        ...loc(e),
      };
    return {
      code: importCode(e, false, declared),
      message: `${at}: imports ${e.absent} from "${e.module}", but ${e.message}${uses}. Change that import (and the code using it) to what this ${e.module.split('.')[0]} has; a name that is not there is a typo or belongs to another version.`,
      ...loc(e),
    };
  }
  const top = e.module.split('.')[0]!;
  if (e.here) {
    // This Python has it (import-facts.ts read it apart from the run): not a package to install.
    const uses = usesIt(e, fn);
    return {
      code: importCode(e, false, declared),
      message: `${at}: imports "${e.module}", which ${python} has: the file's own code made that import fail (a module of its own under that name, or a change to sys.modules, sys.path or the import system)${uses}. Import ${top} as it is installed: remove what replaces or hides it.`,
      ...loc(e),
    };
  }
  const pkg = pipName(top);
  // One the case files declare (helpers:): the course provides it, and this Python lacks it.
  const provided = declared.has(top);
  const helper = provided || COURSE_HELPERS.has(top);
  // `from solution import *` or `from solution import compute_class_freqs`: the graded functions were
  // to come from a file of the learner's own, which is not installed because it was not handed in.
  // `from pkg.solution import ...` with no pkg/ at all: Python names only pkg as missing.
  const own = !fn && !pkg && !helper && (e.ownImport?.module === e.module || e.ownImport?.module.startsWith(`${e.module}.`)) ? e.ownImport : undefined;
  const code = importCode(e, own !== undefined, declared);
  if (provided) {
    const uses = usesIt(e, fn);
    return {
      code,
      message: `${at}: imports "${e.module}", a helper module the course provides (the case files list it under helpers:), which is not installed for ${python}${uses}. Nothing for you to change: course staff, put the course's ${top}.py (or its folder) in a folder on PYTHONPATH when running wlgrade, or in ${python}'s site-packages, and grade again with --force.`,
      ...loc(e),
    };
  }
  if (own) {
    const them = own.names.join(' and ');
    const what = own.star ? `everything from "${own.module}" (from ${own.module} import *)` : `${them} from "${own.module}"`;
    if (own.stopped) {
      return {
        code,
        message: `${at}: imports ${what}, the file the %%writefile line at cell ${own.stopped.cell}, line ${own.stopped.line} was to write; that line is not its cell's first line, where IPython stops the cell with a UsageError (Line magic function \`%%writefile\` not found), so the file is never written and this import raises ModuleNotFoundError in a fresh run of the notebook: move the %%writefile line to the first line of its cell.`,
        ...loc(e),
      };
    }
    if (own.outside) {
      return {
        code,
        message: `${at}: imports ${what}, ${outsideImport(own.outside.file, own.outside.cell)}`,
        ...loc(e),
      };
    }
    const left = notSent(e.module.split('.')[0]!, sub);
    if (left) return { code, message: `${at}: imports ${what} (${yours(e.module.split('.')[0]!, sub)} beside ${sub.displayName}). ${left}`, ...loc(e) };
    return {
      code,
      // `from a.b import ...`: the learner's a/b.py in their package folder a/, not an a.py.
      message: `${at}: imports ${what}, a file of yours that was not handed in: hand ${own.module.includes('.') ? `your package folder ${own.module.split('.')[0]}/ with its ${own.module.split('.').slice(1).join('/')}.py in` : `${own.module}.py in`} beside ${sub.displayName} (in the same folder or zip), or put the definition${own.names.length > 1 ? 's' : ''} of ${them} in ${sub.displayName} instead of importing ${own.names.length > 1 ? 'them' : 'it'}.`,
      ...loc(e),
    };
  }
  const what = helper
    ? `imports "${e.module}", a helper module of the course's workspace, which is not part of your submission`
    : notSent(top, sub)
      ? `imports "${e.module}" (${yours(top, sub)} beside ${sub.displayName})`
      : `imports "${e.module}", which is not installed for ${python}`;
  // `import nump`, `import np`: the import to write, not "write your functions without it".
  const guess = code === 'IMPORT_UNRESOLVABLE' && !helper ? meantImport(top) : undefined;
  // `import nump as np`, `import np as npy`: the import to write binds the file's alias (`import
  // numpy`, `import numpy as np` would leave np, npy undefined); `import np as numpy`: import numpy.
  const meant = guess && e.alias && e.alias !== binds(guess.line) ? { ...guess, line: e.alias === guess.name ? `import ${guess.name}` : `import ${guess.name} as ${e.alias}` } : guess;
  const correct = guess && meant && (guess.line.endsWith(` as ${top}`) ? `Correct the import: "${top}" is the usual name for ${meant.name}, not a module (${meant.line}).` : `"${top}" is no package wlgrade knows: if you meant ${meant.name}, correct the import (${meant.line}); if ${top} is ${asPackage(e.module, sub) ? `a package of yours (a folder ${top}/)` : 'a file of yours'}, hand it in beside ${sub.displayName} (in the same folder or zip), or put what you use from it in ${sub.displayName}.`);
  if (!fn && e.usage) {
    // Both graded functions need it; the line is the first use found (tf.cast on the stand-in tensorflow).
    const todo = pkg ? `Install it with "${python} -m pip install ${pkg}", or write your functions without it (numpy is enough).` : (notSent(top, sub) ?? correct ?? `Write your functions without it: numpy is enough (${UNKNOWN_PACKAGE}).${ownFile(e.module, sub)}`);
    return { code, message: `${at}: ${e.usage} needs "${e.module}", which is not installed for ${python}, and your graded functions use it. ${todo}`, ...loc(e) };
  }
  if (!fn && e.usedBy) {
    // Every graded function the file defines uses it (a .py written with jax.numpy, xp = cupy): not "remove the import".
    const them = e.usedBy.length === 1 ? e.usedBy[0]! : 'your graded functions';
    const todo = helper
      ? `Copy what ${them} need${e.usedBy.length === 1 ? 's' : ''} from ${top} into your file.`
      : pkg
        ? `Install it with "${python} -m pip install ${pkg}", or write ${e.usedBy.length === 1 ? them : 'them'} without it (numpy is enough).`
        : (notSent(top, sub) ?? correct ?? `Write ${e.usedBy.length === 1 ? them : 'them'} without it: numpy is enough (${UNKNOWN_PACKAGE}).${ownFile(e.module, sub)}`);
    return { code, message: `${at}: ${what}, and ${them} use${e.usedBy.length === 1 ? 's' : ''} it. ${todo}`, ...loc(e) };
  }
  if (!fn) {
    const todo = helper
      ? 'Copy what your graded functions need from it into your file, or remove the import.'
      : pkg
        ? `Install it with "${python} -m pip install ${pkg}", or remove the import if the graded functions do not need it.`
        : (notSent(top, sub) ?? correct ?? `Remove the import if the graded functions do not need it (${UNKNOWN_PACKAGE}).`);
    return { code, message: `${at}: ${what}. ${todo}`, ...loc(e) };
  }
  const todo = helper
    ? `Copy what ${fn.name} needs from ${top} into your file.`
    : pkg
      ? `Install it with "${python} -m pip install ${pkg}", or write ${fn.name} without it (numpy is enough).`
      : (notSent(top, sub) ?? correct ?? `Write ${fn.name} without it: numpy is enough (${UNKNOWN_PACKAGE}).${ownFile(e.module, sub)}`);
  // Reported where the module is used (tf.reduce_mean on the stand-in tensorflow), not at its import.
  const said = e.usage ? `${fn.name} uses ${e.usage}, which needs "${e.module}", and "${e.module}" is not installed for ${python}` : `${what}, and ${fn.name} uses it`;
  return { code, message: `${at}: ${said}${graded}. ${todo}`, ...loc(e) };
}

/** The name an `import a.b` or `import a.b as c` line binds: a, c. */
function binds(line: string): string {
  const [, module = '', alias] = /^import (\S+)(?: as (\S+))?$/.exec(line) ?? [];
  return alias ?? module.split('.')[0]!;
}

/**
 * `from .utils import x` (or `from . import x`): a relative import, which Python resolves against the
 * package of the importing module. The grader loads the file alone, a module of no package, so it
 * raises "attempted relative import with no known parent package" (as running the file as a script
 * does): the module it names is a file beside the learner's, not handed in. The learner's doing
 * (IMPORT_UNRESOLVABLE, a 0 where every graded function needs it), told what to do.
 */
function relativeImportProblem(sub: Submission, e: ErrorInfo & { relative: string }, fn?: { name: string; other: string | undefined }): Problem {
  const bare = e.relative.replace(/^\.+/, '');
  const module = bare === '' ? "the learner's own package" : `"${bare}"`;
  const uses = usesIt(e, fn);
  const helper = bare !== '' && COURSE_HELPERS.has(bare.split('.')[0]!);
  const what = helper ? `${module}, a helper module of the course's workspace` : `${bare === '' ? 'a module of your own package' : `${module}, a file of yours`}`;
  return {
    code: 'IMPORT_UNRESOLVABLE',
    message: `${where(sub, e)}: "from ${e.relative} import" is a relative import (the leading dot) of ${what}, which works only inside a package; the grader loads ${sub.displayName} alone, so Python raises ImportError (attempted relative import with no known parent package)${uses}. Put what you use from it in this file and remove the import.`,
    ...loc(e),
  };
}

/**
 * The name Python gives a parse error left out of a cell or a piece of a .py, from its message (the
 * record has no type): a TabError or an IndentationError is called so, as when the whole file fails
 * (loadErrorProblem's e.type), not "SyntaxError" there and TabError here (wording 34).
 */
export function syntaxErrorName(message: string): 'SyntaxError' | 'IndentationError' | 'TabError' {
  if (message === 'inconsistent use of tabs and spaces in indentation') return 'TabError';
  if (/^(?:unexpected indent|unexpected unindent|unindent does not match any outer indentation level|expected an indented block\b|too many levels of indentation)/.test(message)) return 'IndentationError';
  return 'SyntaxError';
}

/** The line a SyntaxError is at: the runner's traceback for one is its location, then the line. */
const syntaxLine = (e: ErrorInfo) => e.traceback.split('\n').at(-1)?.trim() ?? '';

/** A learner's line quoted in a sentence: its first 60 characters. */
const clipped = (line: string) => (line.length > 60 ? `${line.slice(0, 60)}…` : line);

/**
 * The line of a SyntaxError, when it is IPython's rather than Python's: a magic (`%matplotlib
 * inline`, `%%time`) or a shell command (`!pip install ...`) copied from a notebook into a .py.
 */
function ipythonLine(e: ErrorInfo): string | null {
  const text = syntaxLine(e);
  return IPYTHON_LINE.test(text) ? text : null;
}

/** A line only IPython runs: a magic (`%time`, `%%writefile`) or a shell command (`!pip install`). */
const IPYTHON_LINE = /^(?:%%?[A-Za-z]|!\s*[\w./-])/;

/**
 * A magic or shell line in a notebook cell whose text runs as plain Python, not through IPython: the
 * file a %%writefile cell writes (which the notebook then imports) or a %%memit cell's body (which
 * memory_profiler exec()s). What it is and what to do, or null for any other line.
 */
export function rawCellLine(text: string, raw: 'writefile' | 'memit'): { what: string; todo: string } | null {
  const line = text.trim();
  if (!IPYTHON_LINE.test(line)) return null;
  const shown = clipped(line);
  const kind = line.startsWith('!') ? 'a shell command' : 'a magic';
  return raw === 'writefile'
    ? {
        what: `${shown} is ${kind}, which IPython runs in a notebook cell, but this cell's text is the file %%writefile writes, and importing that file reads it as plain Python`,
        todo: 'move that line to a cell of its own, above the %%writefile cell',
      }
    : {
        what: `${shown} is ${kind}, which IPython runs in a notebook cell, but %%memit runs its cell with exec() as plain Python`,
        todo: 'move that line to a cell of its own, above the %%memit cell',
      };
}

/** "the file ../sol.py that the %%writefile cell (cell 1) writes, in a folder the import does not look in". */
function outsideFile(file: string, cell: number | undefined): string {
  return `the file ${file} that the %%writefile cell${cell === undefined ? '' : ` (cell ${cell})`} writes, in a folder the import does not look in`;
}

/** Why an import of a file a %%writefile cell writes where the import does not look (outside the notebook's folder, or past a %cd) fails, and what to do: the end of its IMPORT_UNRESOLVABLE. */
function outsideImport(file: string, cell: number | undefined): string {
  return `${outsideFile(file, cell)} (a fresh kernel looks in its working folder, the notebook's until a %cd or os.chdir above moves it, and in sys.path's folders), so in a fresh run of the notebook (Restart & Run All) it raises ModuleNotFoundError: ${outsideFix(file)}.`;
}

/** What to do about a %%writefile of a file the import does not find: write it where the import looks (the notebook's folder, or the same working folder), or put its folder on sys.path. */
function outsideFix(file: string): string {
  const slash = file.lastIndexOf('/');
  // sol.py, written in the working folder of its moment: a %cd (%pushd, %popd, os.chdir) between it and the import moved the kernel away.
  if (slash < 0) return `write the file and import it from the same working folder (a %cd, %pushd, %popd or os.chdir between them moved the kernel to another one: import it before that line, or %cd back first), or put the folder it is written in on sys.path above the import`;
  return `write the file in the notebook's folder (%%writefile ${file.slice(slash + 1)}), or add sys.path.append('${file.slice(0, slash)}') above the import`;
}

/** Sentences start with a capital and run to three words or more; these capitals start Python. */
const PYTHON_CAPITALS = new Set(['True', 'False', 'None']);

/**
 * The line of a SyntaxError, when it was copied with the code from a chat answer or a web page
 * rather than written as Python: a Markdown code fence (```python) or a sentence ("Here is the
 * corrected code:"). What the line is and what to do with it, or null. A sentence is told only
 * when Python finds nothing more precise to say than "invalid syntax" (`if x is None` without its
 * colon is Python's "expected ':'").
 */
export function pastedLine(text: string, message: string): { what: string; todo: string } | null {
  const line = text.trim();
  const shown = clipped(line);
  if (/^(?:```|~~~)/.test(line)) {
    return {
      what: `${shown} is a Markdown code fence, copied with the code from a chat answer or a web page, not Python`,
      todo: `delete the fence lines (the ${line.slice(0, 3)} line above the code and the one below it)`,
    };
  }
  const hidden = /^invalid non-printable character U\+(00A0|202F|2007|200B|200C|200D|2060|FEFF)$/.exec(message);
  if (hidden) {
    // Invisible: the learner sees nothing wrong on the line. Copied with the code from a web page, a PDF or a chat.
    const name = ['00A0', '202F', '2007'].includes(hidden[1]!) ? 'a non-breaking space' : 'a zero-width character';
    return {
      what: `${message}: ${name}, which looks like nothing or like a space but is not one to Python, as text copied from a web page, a PDF or a chat brings`,
      todo: `retype the spaces of that line (delete them and type them again)`,
    };
  }
  const quote = /^invalid character '([\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033])' \(U\+[0-9A-F]{4}\)$/.exec(message);
  if (quote) {
    const straight = '\u201C\u201D\u201E\u201F\u2033'.includes(quote[1]!) ? '"' : "'";
    return {
      what: `${message}: a curly quote, as a word processor, a web page or a chat writes one, where Python needs a straight one`,
      todo: `type the quotes of that line again as straight quotes (${straight})`,
    };
  }
  const words = line.replace(/[.:!?]$/, '').split(' ');
  const sentence =
    message === 'invalid syntax' &&
    words.length >= 3 &&
    /^[A-Z]/.test(line) &&
    !PYTHON_CAPITALS.has(words[0]!) &&
    words.every((w) => /^[A-Za-z][A-Za-z'’-]*,?$/.test(w));
  if (sentence) return { what: `"${shown}" is a sentence, not Python (text copied with the code?)`, todo: `delete that line, or make it a comment (# ${shown})` };
  return null;
}

/** Python's message as a sentence: a full stop unless it ends with one ("Did you mean print(...)?"). */
const ended = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

function loadErrorProblem(sub: Submission, e: ErrorInfo, python: string, declared: ReadonlySet<string>, keras: GradeContext['keras']): Problem {
  const at = where(sub, e);
  const parse = !e.raised && (e.type === 'SyntaxError' || e.type === 'IndentationError' || e.type === 'TabError');
  const pasted = parse && e.type === 'SyntaxError' ? pastedLine(syntaxLine(e), e.message) : null;
  if (pasted) {
    return { code: 'SYNTAX_ERROR', message: `${at}: SyntaxError: ${pasted.what}. ${pasted.todo[0]!.toUpperCase()}${pasted.todo.slice(1)}.`, ...loc(e) };
  }
  if (parse) {
    const ipython = sub.kind === 'py' && e.type === 'SyntaxError' ? ipythonLine(e) : null;
    if (ipython) {
      const what = ipython.startsWith('!') ? 'a shell command' : 'a magic';
      const shown = clipped(ipython);
      return {
        code: 'SYNTAX_ERROR',
        message: `${at}: SyntaxError: ${shown} is ${what} of Jupyter notebooks (IPython), not Python, so a .py file cannot hold it. Delete that line, or comment it out (# ${shown}).`,
        ...loc(e),
      };
    }
    // An encoding problem's message says what to do itself, for the whole file or a line: one instruction (review 36).
    if (e.encoding !== undefined) return { code: 'SYNTAX_ERROR', message: `${at}: ${e.type}: ${ended(e.message)}`, ...loc(e) };
    return { code: 'SYNTAX_ERROR', message: `${at}: ${e.type}: ${ended(e.message)} Fix that line so the file runs.`, ...loc(e) };
  }
  if ((e.type === 'ModuleNotFoundError' || e.absent) && e.module) return importProblem(sub, { ...e, module: e.module }, python, undefined, declared);
  if (e.relative) return relativeImportProblem(sub, { ...e, relative: e.relative });
  if (e.type === 'KerasFunctionMissing' && keras === 'real') {
    // Only the shim raises it, and this run did not load the shim: the file sent that record itself
    // (red team 30; as the load's error or as the syntaxError of a load that went well), to stay
    // KERAS_UNSUPPORTED, blank, when staff grade again with --keras real as that problem tells them.
    return { code: 'LOAD_ERROR', message: `${at}: the file failed to load with an error of wlgrade's Keras shim, which this run (--keras real) does not use: the file's code sent it itself.`, ...loc(e) };
  }
  if (e.type === 'KerasFunctionMissing') {
    return { code: 'KERAS_UNSUPPORTED', message: `${at}: ${e.message}`, ...loc(e) };
  }
  if (e.type === 'TopLevelTimeout') {
    // The runner stopped a long top level and could not grade the file from its definitions either.
    return {
      code: 'LOAD_ERROR',
      message: `${at}: ${ended(e.message[0]!.toUpperCase() + e.message.slice(1))} Move training, data loading and other long work out of the top level (under if __name__ == "__main__":).`,
      ...loc(e),
    };
  }
  // An argparse exit on the learner's own list: the runner's message says so (runner._through_argparse).
  const exits = e.type === 'SystemExit' && !e.message.startsWith('argparse: ') ? ' (sys.exit/exit() at the top level ends the program)' : '';
  return {
    code: 'LOAD_ERROR',
    message: `${at}: running the file raised ${e.type}${exits}: ${e.message.split('\n')[0]}. Fix it so the file runs top to bottom without errors.`,
    ...loc(e),
  };
}

/**
 * The calls for a suite: inputs only, flattened for the wire. Expected values are not part of a Call.
 * Each case's inputs are in its own `framework` unless `override` says otherwise.
 */
const callsCache = new WeakMap<Suite, Map<string, Call[]>>();

/** The calls for a suite, built once per suite and framework: a batch sends the same inputs to every submission. */
export function callsFor(suite: Suite, override?: Call['framework']): Call[] {
  let bySuite = callsCache.get(suite);
  if (!bySuite) callsCache.set(suite, (bySuite = new Map()));
  const key = override ?? '';
  let calls = bySuite.get(key);
  if (!calls) bySuite.set(key, (calls = buildCalls(suite, override)));
  return calls;
}

function buildCalls(suite: Suite, override?: Call['framework']): Call[] {
  return suite.cases.map((c): Call => {
    const framework = override ?? c.framework;
    // Nobody chose numpy for this case: PyTorch code that raises on the arrays gets tensors.
    const fallback = override === undefined && !c.frameworkChosen && framework === 'numpy' ? { tensorFallback: true as const } : {};
    const wire = (m: number[][], dtype: ArrayDType): WireArray => ({ dtype, shape: [m.length, m[0]!.length], data: m.flat() });
    const vec = (v: number[], dtype: ArrayDType): WireArray => ({ dtype, shape: [v.length], data: v });
    if (c.inputs.fn === 'compute_class_freqs') {
      return { id: c.id, fn: 'compute_class_freqs', framework, ...fallback, args: { labels: wire(c.inputs.labels, c.labelDtype) } };
    }
    return {
      id: c.id,
      fn: 'weighted_loss',
      framework,
      ...fallback,
      args: {
        pos_weights: vec(c.inputs.posWeights, c.dtype),
        neg_weights: vec(c.inputs.negWeights, c.dtype),
        epsilon: c.inputs.epsilon,
        epsilon_arg: c.epsilonArg,
        y_true: wire(c.inputs.yTrue, c.labelDtype),
        y_pred: wire(c.inputs.yPred, c.dtype),
      },
    };
  });
}

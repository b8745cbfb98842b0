/**
 * `wlgrade cases show <case-id>`: a case's concrete inputs (generators expanded, float32 inputs
 * rounded as the learner receives them) and the reference's expected value, as YAML or JSON.
 */
import type { Command } from 'commander';
import { Document, isScalar, visit } from 'yaml';
import { GraderError, isGraderError } from '../errors.js';
import { shownExpected } from '../grade/grade-case.js';
import { expectedFor } from '../grade/grade-suite.js';
import { loadSuite, type Case } from '../suite/load-suite.js';
import { collect, withExamples } from './common.js';
import { suitePaths } from './validate.js';
import { renderJsonCommandStopped } from '../report/json.js';
import { stringifyJson } from '../report/stringify-json.js';
import { VERSION } from '../version.js';

/** The case as plain data, in the case-file spelling (snake_case) with concrete arrays. */
export function showCase(c: Case): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: c.id,
    function: c.function,
    source: `${c.source.file}:${c.source.line}`,
    visibility: c.visibility,
    points: c.points,
    dtype: c.dtype,
    label_dtype: c.labelDtype,
    tolerance: c.tolerance,
  };
  if (c.description) base.description = c.description;
  const i = c.inputs;
  const inputs =
    i.fn === 'compute_class_freqs'
      ? { shape: [i.labels.length, i.labels[0]!.length], labels: i.labels }
      : {
          shape: [i.yTrue.length, i.yTrue[0]!.length],
          epsilon: i.epsilon,
          epsilon_arg: c.epsilonArg,
          pos_weights: i.posWeights,
          neg_weights: i.negWeights,
          y_true: i.yTrue,
          y_pred: i.yPred,
        };
  return { ...base, ...inputs, expected: shownExpected(expectedFor(c)) };
}

/** YAML with each vector (and each matrix row) on one line, as case files write them. */
export function toYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export function registerCases(program: Command): void {
  const cases = program.command('cases').description('inspect case suites');
  withExamples(cases.command('show <case-id>'), [['wlgrade cases show loss-course-preds-0.7'], ['wlgrade cases show hidden-loss-seven-classes --json']])
    .description("print a case's concrete arrays and expected value")
    .option('--cases <path>', 'a YAML case file; repeat for several (default: cases/public.yaml, and cases/hidden.yaml if present)', collect)
    .option('--json', 'print JSON instead of YAML')
    .action(async (id: string, o: { cases?: string[]; json?: boolean }) => {
      try {
        const suite = await loadSuite(suitePaths(o));
        const c = suite.cases.find((k) => k.id === id);
        if (!c) {
          const near = suite.cases.map((k) => k.id).filter((k) => k.includes(id) || id.includes(k));
          const hint = near.length ? `Did you mean ${near.slice(0, 5).join(', ')}?` : `The cases are: ${suite.cases.map((k) => k.id).join(', ')}.`;
          throw new GraderError('USAGE', `No case "${id}" in ${suite.files.join(', ')}. ${hint}`);
        }
        const data = showCase(c);
        if (o.json) process.stdout.write(stringifyJson(data));
        else process.stdout.write(toYaml(data));
      } catch (e) {
        // --json | jq read an empty input: the reason goes on stdout as a document too (the
        // sentence on stderr and exit 2 stay, as for check --json).
        if (o.json && isGraderError(e)) process.stdout.write(renderJsonCommandStopped({ code: e.code, message: e.message, version: VERSION }));
        throw e;
      }
    });
}

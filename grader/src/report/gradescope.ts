/**
 * GradeReport -> Gradescope results.json. Public cases are `visible`; hidden cases get the
 * visibility staff choose (default `after_published`, so learners see them with their grade).
 */
import { GradescopeResultSchema, type GradescopeResult, type GradescopeVisibility } from '../schema/gradescope.js';
import type { GradeReport } from '../schema/report.js';
import { caseText, hiddenIds, overallText, type Conceal } from './case-text.js';
import { escapeLayout } from './escape.js';
import { stringifyJson } from './stringify-json.js';

export interface GradescopeOptions {
  hiddenVisibility: GradescopeVisibility;
}

/** Every string rendered as plain text (GradescopeFormatSchema): learner text quoted in the output is never markup. */
const PLAIN = { output_format: 'text', test_output_format: 'text', test_name_format: 'text' } as const;

/** When Gradescope shows hidden cases, in the words of the overall output. */
const SHOWN: Record<Exclude<GradescopeVisibility, 'visible'>, string> = {
  after_published: 'when grades are published',
  after_due_date: 'after the due date',
  hidden: 'to the course staff only',
};

/** The overall output's sentence for a hidden run's set-up time-out, while the hidden cases are concealed. */
export const HIDDEN_SETUP_TIMEOUT =
  "The hidden cases were not all graded: the grader's own set-up (its import of TensorFlow or PyTorch, which runs before your code does) ran out of time on this machine. Nothing in your file caused this, and nothing in it needs to change: submit it again; if this keeps happening, tell the course staff.";

/**
 * `atOnce`: the report graded from the public run and cases alone (gradeHiddenApart), for the
 * overall output and the public cases' outputs, which are shown before the hidden cases are; the
 * score and the hidden cases come from `report`.
 */
export function toGradescope(report: GradeReport, opts: GradescopeOptions, atOnce?: GradeReport | null): GradescopeResult {
  // The overall output and the public cases are visible at once: until the hidden cases are, they
  // must not name them (a mistake's evidence quotes a case's values) or count them.
  const hidden = hiddenIds(report);
  const conceal: Conceal | undefined = opts.hiddenVisibility === 'visible' ? undefined : { hiddenIds: hidden, when: SHOWN[opts.hiddenVisibility] };
  const shown = conceal && atOnce ? atOnce : report;
  const shownCase = new Map(shown.cases.map((c) => [c.id, c]));
  const hiddenPoints = report.cases.filter((c) => c.visibility === 'hidden').reduce((t, c) => t + c.maxPoints, 0);
  // Gradescope hides a learner's total while a test is yet to be shown (after_due_date,
  // after_published), but its specification says tests that are `hidden` do not hide it: they are
  // meant to carry no points. With hidden cases worth points, the total shown at once told the
  // learner their hidden points (total minus the public points they see) on every upload, a
  // pass/fail oracle, and a channel for hidden-run code that passes or fails cases as the hidden
  // inputs read. A test of no points shown when grades are published keeps the total hidden till then.
  const totalHeld =
    opts.hiddenVisibility === 'hidden' && hiddenPoints > 0
      ? [
          {
            name: 'Total score',
            score: 0,
            max_score: 0,
            status: 'passed' as const,
            output: `${hidden.size} hidden cases are graded too, and their points count in your total score, which is shown when grades are published; the hidden cases themselves are shown to the course staff only.`,
            visibility: 'after_published' as const,
            tags: [],
          },
        ]
      : [];
  // The hidden run's set-up time-out left hidden cases not run for the machine's reason, and only
  // resubmitting grades them: the learner must hear it at once, not when the hidden cases are shown
  // (staff read it in the Autograder Output). Worded alike for a first attempt's and a later one's,
  // which a crash on a hidden input would start: no case and no crash of the hidden run is told.
  const setupAtOnce = (r: GradeReport) => r.problems.some((p) => p.code === 'SETUP_TIMEOUT');
  const hiddenSetup = shown !== report && setupAtOnce(report) && !setupAtOnce(shown) ? [HIDDEN_SETUP_TIMEOUT] : [];
  return GradescopeResultSchema.parse({
    score: report.score,
    execution_time: Math.round(report.durationMs / 1000),
    output: escapeLayout([...hiddenSetup, overallText(shown, conceal)].join('\n\n')),
    ...PLAIN,
    stdout_visibility: 'hidden',
    tests: report.cases.map((c) => ({
      name: escapeLayout(`${c.id}: ${c.description}`),
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'passed' ? 'passed' : 'failed',
      // Plain text in a browser: a learner's U+2028 or bidi override would start or reorder a line there.
      output: escapeLayout(c.visibility !== 'hidden' && shownCase.has(c.id) ? caseText(shown, shownCase.get(c.id)!, conceal) : caseText(report, c, conceal)),
      visibility: c.visibility === 'hidden' ? opts.hiddenVisibility : 'visible',
      tags: [c.function, ...c.tags],
    })).concat(totalHeld),
  });
}

export function renderGradescope(report: GradeReport, opts: GradescopeOptions, atOnce?: GradeReport | null): string {
  return stringifyJson(toGradescope(report, opts, atOnce));
}

/** results.json for a submission that could not be graded at all (nothing to run): score 0, one message. */
export function renderGradescopeError(message: string): string {
  const result: GradescopeResult = { score: 0, execution_time: 0, output: escapeLayout(message), ...PLAIN, stdout_visibility: 'hidden', tests: [] };
  return stringifyJson(GradescopeResultSchema.parse(result));
}

/** What the learner reads when wlgrade failed on their upload (a bug, or code imitating the runner's own error report). */
export const GRADESCOPE_BUG =
  'The autograder could not grade this submission: it met an internal error (a bug in the grader, or code in the file that imitates the grader\'s own error report), so it scores 0 for now. The details are kept on this submission for the course staff, who grade it again once the grader is fixed; you need not tell them.';

/**
 * results.json for an upload wlgrade failed on. Gradescope keeps nothing between uploads, so what
 * `grade` does on a second one (INTERNAL_ERROR_AGAIN) cannot be done here, and learner code can
 * send the runner's internal-error report on every upload: "this is not your fault, please tell
 * the course staff" on each asked learners to report a bug that was theirs to make. Instead: 0
 * for now, a sentence that staff have what they need, and the error itself in a test of no points
 * visible to staff only (`hidden`), with extra_data for scripts reading Gradescope's export.
 */
export function renderGradescopeBug(detail: string, code: string): string {
  const staff = {
    name: 'wlgrade internal error (course staff only)',
    score: 0,
    max_score: 0,
    status: 'failed' as const,
    output: escapeLayout(`${detail}\n\nThe whole error is in the Autograder Output. Regrade the submission once wlgrade is fixed; code in the file that sends this report itself gets it on every upload.`),
    visibility: 'hidden' as const,
    tags: ['wlgrade-internal-error'],
  };
  const result: GradescopeResult = { score: 0, execution_time: 0, output: GRADESCOPE_BUG, ...PLAIN, stdout_visibility: 'hidden', tests: [staff], extra_data: { wlgrade_error: code } };
  return stringifyJson(GradescopeResultSchema.parse(result));
}

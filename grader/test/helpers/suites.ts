/**
 * The shipped suites' sizes, read from cases/*.yaml, for tests that assert a total (a score out of
 * the public + hidden points, a count of hidden cases): adding a case changes them in one place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES_DIR, PUBLIC_SUITE } from '../../src/paths.js';
import { parseSuite, type Case } from '../../src/suite/load-suite.js';

const HIDDEN_SUITE = join(CASES_DIR, 'hidden.yaml');
const publicCases = parseSuite(readFileSync(PUBLIC_SUITE, 'utf8'), 'cases/public.yaml').cases;
const hiddenCases = parseSuite(readFileSync(HIDDEN_SUITE, 'utf8'), 'cases/hidden.yaml').cases;
const points = (cases: { points: number }[]) => cases.reduce((s, c) => s + c.points, 0);

/** Points of cases/public.yaml (what `check` grades out of). */
export const PUBLIC_POINTS = points(publicCases);
/** Number of cases in cases/public.yaml. */
export const PUBLIC_CASES = publicCases.length;
/** Number of cases in cases/hidden.yaml. */
export const HIDDEN_CASES = hiddenCases.length;
/** Points of cases/public.yaml and cases/hidden.yaml together (what `grade` and Gradescope grade out of). */
export const STAFF_POINTS = PUBLIC_POINTS + points(hiddenCases);

/**
 * A two-case suite (one loss case on a 2 x 3 batch, its weights given; one frequencies case) for
 * tests that grade a made-up outcome against known expected values (grade-case, wording 35b).
 */
export const tinyCases = (): [Case, Case] =>
  parseSuite(
    `suite: t
cases:
  - id: l
    function: weighted_loss
    y_true: [[1, 0, 1], [0, 1, 1]]
    y_pred: [[0.8, 0.3, 0.6], [0.2, 0.7, 0.9]]
    pos_weights: [1, 2, 3]
    neg_weights: [0.5, 0.25, 1]
  - id: f
    function: compute_class_freqs
    labels: [[1, 0, 1], [0, 0, 1]]
`,
    't.yaml',
  ).cases as [Case, Case];

/**
 * The shipped suites' sizes, read from cases/*.yaml, for tests that assert a total (a score out of
 * the public + hidden points, a count of hidden cases): adding a case changes them in one place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES_DIR, PUBLIC_SUITE } from '../../src/paths.js';
import { parseSuite } from '../../src/suite/load-suite.js';

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

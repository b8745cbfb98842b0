/**
 * Why a re-run into the same --out grades learners again that it could have reused, pure. A TA who
 * fixed one case and ran the same command saw the whole cohort graded again (every report is for
 * the old cases) without a word, and could not tell it from a reuse that broke. Counted over the
 * learners of this run with a result of an earlier run: by the first of the cases, the wlgrade
 * build and the grading settings that changed (the submitted file changing is no news).
 */
import type { BatchState } from '../schema/batch.js';

export interface GradedUnder {
  suiteHash: string;
  version: string;
  settings: string;
}

export function regradeLines(state: BatchState, learners: Iterable<string>, now: GradedUnder, out: string): string[] {
  const counts = { cases: 0, version: 0, settings: 0 };
  let before = 0;
  for (const learner of learners) {
    const e = state.entries.get(learner);
    if (!e) continue;
    before++;
    if (e.suiteHash !== now.suiteHash) counts.cases++;
    else if (e.version !== now.version) counts.version++;
    else if (e.settings !== now.settings) counts.settings++;
  }
  const whom = (n: number) =>
    n === before
      ? n === 1
        ? `The learner graded before into ${out} was`
        : `All ${n} learners graded before into ${out} were`
      : `${n} of the ${before} learners graded before into ${out} ${n === 1 ? 'was' : 'were'}`;
  const lines: string[] = [];
  if (counts.cases > 0) lines.push(`${whom(counts.cases)} graded against other cases (a case added, removed or changed since): they are graded again.`);
  if (counts.version > 0) lines.push(`${whom(counts.version)} graded by another build of wlgrade: they are graded again.`);
  if (counts.settings > 0) lines.push(`${whom(counts.settings)} graded under other settings (--python, --sandbox, the limits or --keras): they are graded again.`);
  return lines;
}

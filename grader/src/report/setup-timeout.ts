/** What course staff can do about SETUP_TIMEOUT: said in their own output only (learners read grade-suite's problem). */

/**
 * What staff can do about SETUP_TIMEOUT, for their own output (grade's summary, gradescope's
 * Autograder Output): `again` says how this setting grades the submission again, `slower` what to
 * change when the machine is too slow for the frameworks' import.
 */
export function setupTimeoutStaffAdvice(again: string, slower: string): string {
  return `the grader's import of TensorFlow or PyTorch (its set-up, before any learner code runs) outran its limit on this machine (SETUP_TIMEOUT), which nothing in the learner's file causes: ${again}, best when the machine is less busy; if it keeps happening, the machine is too slow for that import: ${slower}.`;
}

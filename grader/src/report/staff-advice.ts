/**
 * What course staff can do about a file left ungraded by the machine or the limit (SETUP_TIMEOUT,
 * LOAD_TIMEOUT), for their own output only (grade's summary, gradescope's Autograder Output). The
 * learner's problem sentence (grade-suite) says what a learner can do (have it graded again, move
 * long work out of the top level): a Gradescope or Classroom learner cannot regrade or change a limit.
 */

/** How a setting grades the submission again (`again`), and gives the frameworks' import more time or a faster machine (`more`). */
export interface StaffRemedy {
  again: string;
  more: string;
}

/** SETUP_TIMEOUT's advice: `more` says what to change when the machine is too slow for the frameworks' import. */
export function setupTimeoutStaffAdvice({ again, more }: StaffRemedy): string {
  return `the grader's import of TensorFlow or PyTorch (its set-up, before any learner code runs) outran its limit on this machine (SETUP_TIMEOUT), which nothing in the learner's file causes: ${again}, best when the machine is less busy; if it keeps happening, the machine is too slow for that import: ${more}.`;
}

/** LOAD_TIMEOUT's advice, after the sentence saying whose top level did not finish loading: `more` says how the load gets more time. */
export function loadTimeoutStaffAdvice({ again, more }: StaffRemedy): string {
  return `Where the problem says the file imports TensorFlow or PyTorch and nothing else at its top level takes long, that import outran the limit on a busy or slow machine, which is not the learner's doing: ${again}, best when the machine is less busy; if it keeps happening, ${more}.`;
}

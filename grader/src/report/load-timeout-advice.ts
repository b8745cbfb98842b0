/**
 * What staff can do about LOAD_TIMEOUT, for their own output (grade's summary, gradescope's
 * Autograder Output), after the sentence saying whose top level did not finish loading. The
 * learner's problem sentence says what a learner can do (have it graded again, move long work out
 * of the top level): a Gradescope or Classroom learner cannot regrade or change a limit. `again`
 * says how this setting grades the submission again, `longer` how it gives the load more time.
 */
export function loadTimeoutStaffAdvice(again: string, longer: string): string {
  return `Where the problem says the file imports TensorFlow or PyTorch and nothing else at its top level takes long, that import outran the limit on a busy or slow machine, which is not the learner's doing: ${again}, best when the machine is less busy; if it keeps happening, ${longer}.`;
}

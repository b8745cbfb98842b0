/**
 * loss-mutates-input's and freqs-mutates-input's evidence and fix, in the words of the inputs the
 * calls changed (runner.run_call compares each array it passes with the bytes it had before the
 * call). The catalogue's story alone ("changes its input arrays in place (for example y_pred +=
 * epsilon)", then "on case X and 16 other cases") named neither the argument nor how it was seen
 * (wording 35). Pure.
 */
import type { InputName } from '../schema/protocol.js';
import { joinWords } from '../join-words.js';

/** The inputs changed across `cases` (each case's `mutated`), in the order the plan names them. */
export function changedInputs(mutated: ReadonlyMap<string, readonly string[]>, cases: readonly string[]): InputName[] {
  const seen = new Set<string>();
  for (const id of cases) for (const name of mutated.get(id) ?? []) seen.add(name);
  return ORDER.filter((n) => seen.has(n));
}
const ORDER: readonly InputName[] = ['labels', 'y_pred', 'y_true', 'pos_weights', 'neg_weights'];

/**
 * "on case X and 16 other cases, y_pred held other values after the call than before it (...)":
 * which argument, and how the grader saw it.
 */
export function mutatedEvidence(names: readonly InputName[], cases: readonly string[]): string {
  const others = cases.length > 1 ? ` and ${cases.length - 1} other case${cases.length > 2 ? 's' : ''}` : '';
  const list = joinWords([...names]);
  return `on case ${cases[0]}${others}, ${list} held other values after the call than before it (the grader compares each array it passes with a copy taken before the call)`;
}

/** A new value made from each input, and the in-place write it replaces: the fix's example. */
const EXAMPLE: Partial<Record<InputName, { made: string; written: string; alias: string }>> = {
  y_pred: { made: 'p = y_pred + epsilon', written: 'y_pred += epsilon', alias: 'p += epsilon after p = y_pred' },
  labels: { made: 'x = labels / N', written: 'labels /= N', alias: 'x /= N after x = labels' },
};

/**
 * The fix, naming the inputs changed: a new array in place of the write, and the alias that is no
 * copy (`p = y_pred`, then `p += epsilon`), the way most learners change an input without meaning to.
 * Null without a name (the catalogue's fix stands).
 */
export function mutatedFix(names: readonly InputName[]): string | null {
  if (names.length === 0) return null;
  const list = joinWords([...names]);
  const shown = names.find((n) => EXAMPLE[n] !== undefined);
  const e = shown !== undefined ? EXAMPLE[shown] : undefined;
  if (e !== undefined)
    return `Compute on a new array instead of changing ${list} in place: ${e.made} makes one, where ${e.written}, or ${e.alias} (the same array under a second name), writes into the caller's.`;
  const first = names[0]!;
  return `Compute on new arrays instead of changing ${list} in place: take a copy first (x = ${first}.copy()) if you must change it, since x = ${first} alone is the same array under a second name and writing into x writes into the caller's.`;
}

/**
 * A mistake as a learner reads it: the catalogue's own words for what they did, not its id
 * ("(together with loss-sum-not-mean, loss-weights-averaged-apart)" mid-sentence, a GitHub
 * annotation titled "Mistake: loss-…"). The id stays in the report's machine-readable fields and
 * in parentheses where staff look for it (wording 35b). Pure.
 */
import { MISTAKES, type MistakeId } from '../../../reference/mistakes/index.js';

/** What the learner did, as a title: "You sum each class's terms over the examples instead of averaging them"; the id when the catalogue has none. */
export function mistakeTitle(id: string): string {
  const did = (MISTAKES as Partial<Record<string, { did: string }>>)[id]?.did;
  return did === undefined ? id : `${did.charAt(0).toUpperCase()}${did.slice(1)}`;
}

/** " (together with another mistake: you …)": the other mistakes of a pair or triple, in their own words. */
export function togetherWith(others: readonly MistakeId[]): string {
  if (others.length === 0) return '';
  const head = others.length === 1 ? 'another mistake' : `${others.length} other mistakes`;
  return ` (together with ${head}: ${others.map((id) => MISTAKES[id].did).join('; and ')})`;
}

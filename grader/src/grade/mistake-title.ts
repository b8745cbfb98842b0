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
  return did === undefined ? id : shortened(`${did.charAt(0).toUpperCase()}${did.slice(1)}`);
}

/** The most a title's words run to: GitHub refuses an annotation title over 255 characters, and a title is read at a glance (the whole text is the message's). */
export const TITLE_CAP = 100;

/** `text` cut at a word boundary to at most TITLE_CAP characters, with an ellipsis when cut. */
function shortened(text: string): string {
  if (text.length <= TITLE_CAP) return text;
  const room = text.slice(0, TITLE_CAP); // the ellipsis takes the place of the space cut at
  const cut = room.lastIndexOf(' ');
  return `${(cut > 0 ? room.slice(0, cut) : room.slice(0, TITLE_CAP - 1)).replace(/[\s,;:(-]+$/, '')}…`;
}

/**
 * " (together with another mistake: you …)": the other mistakes of a pair or triple, in their own
 * words; several are numbered ("(1) you …; (2) you …"), since a did may hold its own ";".
 */
export function togetherWith(others: readonly MistakeId[]): string {
  if (others.length === 0) return '';
  if (others.length === 1) return ` (together with another mistake: ${MISTAKES[others[0]!].did})`;
  return ` (together with ${others.length} other mistakes: ${others.map((id, i) => `(${i + 1}) ${MISTAKES[id].did}`).join('; ')})`;
}

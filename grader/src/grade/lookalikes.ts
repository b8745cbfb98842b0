/**
 * Names that look right and are not: a function named compute_class_freqѕ (Cyrillic ѕ) is
 * another name to Python, and "did you mean compute_class_freqѕ?" reads like the required name.
 * Python folds compatibility forms (NFKC: fullwidth ｓ is s), so what remains are letters of
 * other scripts that only look like ASCII ones. Pure.
 */
import { joinSome, joinWords } from '../join-words.js';

/** Letters that look like an ASCII one, with their Unicode names (Node has no table of names). */
const LOOKALIKES: Record<string, readonly [name: string, ascii: string]> = {
  а: ['CYRILLIC SMALL LETTER A', 'a'], с: ['CYRILLIC SMALL LETTER ES', 'c'], е: ['CYRILLIC SMALL LETTER IE', 'e'],
  һ: ['CYRILLIC SMALL LETTER SHHA', 'h'], і: ['CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 'i'], ј: ['CYRILLIC SMALL LETTER JE', 'j'],
  ӏ: ['CYRILLIC SMALL LETTER PALOCHKA', 'l'], о: ['CYRILLIC SMALL LETTER O', 'o'], р: ['CYRILLIC SMALL LETTER ER', 'p'],
  ԛ: ['CYRILLIC SMALL LETTER QA', 'q'], ѕ: ['CYRILLIC SMALL LETTER DZE', 's'], ԝ: ['CYRILLIC SMALL LETTER WE', 'w'],
  х: ['CYRILLIC SMALL LETTER HA', 'x'], у: ['CYRILLIC SMALL LETTER U', 'y'], ԁ: ['CYRILLIC SMALL LETTER KOMI DE', 'd'],
  А: ['CYRILLIC CAPITAL LETTER A', 'A'], В: ['CYRILLIC CAPITAL LETTER VE', 'B'], С: ['CYRILLIC CAPITAL LETTER ES', 'C'],
  Е: ['CYRILLIC CAPITAL LETTER IE', 'E'], Н: ['CYRILLIC CAPITAL LETTER EN', 'H'], І: ['CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I', 'I'],
  Ј: ['CYRILLIC CAPITAL LETTER JE', 'J'], К: ['CYRILLIC CAPITAL LETTER KA', 'K'], М: ['CYRILLIC CAPITAL LETTER EM', 'M'],
  О: ['CYRILLIC CAPITAL LETTER O', 'O'], Р: ['CYRILLIC CAPITAL LETTER ER', 'P'], Ѕ: ['CYRILLIC CAPITAL LETTER DZE', 'S'],
  Т: ['CYRILLIC CAPITAL LETTER TE', 'T'], Х: ['CYRILLIC CAPITAL LETTER HA', 'X'], У: ['CYRILLIC CAPITAL LETTER U', 'Y'],
  α: ['GREEK SMALL LETTER ALPHA', 'a'], ι: ['GREEK SMALL LETTER IOTA', 'i'], κ: ['GREEK SMALL LETTER KAPPA', 'k'],
  ν: ['GREEK SMALL LETTER NU', 'v'], ο: ['GREEK SMALL LETTER OMICRON', 'o'], ρ: ['GREEK SMALL LETTER RHO', 'p'],
  υ: ['GREEK SMALL LETTER UPSILON', 'u'], Α: ['GREEK CAPITAL LETTER ALPHA', 'A'], Β: ['GREEK CAPITAL LETTER BETA', 'B'],
  Ε: ['GREEK CAPITAL LETTER EPSILON', 'E'], Ζ: ['GREEK CAPITAL LETTER ZETA', 'Z'], Η: ['GREEK CAPITAL LETTER ETA', 'H'],
  Ι: ['GREEK CAPITAL LETTER IOTA', 'I'], Κ: ['GREEK CAPITAL LETTER KAPPA', 'K'], Μ: ['GREEK CAPITAL LETTER MU', 'M'],
  Ν: ['GREEK CAPITAL LETTER NU', 'N'], Ο: ['GREEK CAPITAL LETTER OMICRON', 'O'], Ρ: ['GREEK CAPITAL LETTER RHO', 'P'],
  Τ: ['GREEK CAPITAL LETTER TAU', 'T'], Υ: ['GREEK CAPITAL LETTER UPSILON', 'Y'], Χ: ['GREEK CAPITAL LETTER CHI', 'X'],
  ı: ['LATIN SMALL LETTER DOTLESS I', 'i'], ȷ: ['LATIN SMALL LETTER DOTLESS J', 'j'], ɑ: ['LATIN SMALL LETTER ALPHA', 'a'],
  ɡ: ['LATIN SMALL LETTER SCRIPT G', 'g'], ˍ: ['MODIFIER LETTER LOW MACRON', '_'],
};

const isAscii = (ch: string) => ch.codePointAt(0)! < 0x80;
const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * For each character of `name` that is not ASCII: which ASCII character of `wanted` it stands
 * where, if the two names line up around it (same length, or the same beginning and end), else
 * the ASCII letter it looks like, else nothing.
 */
function standIns(name: string, wanted: string): { ch: string; instead?: string }[] {
  const a = [...name];
  const b = [...wanted];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const midA = a.slice(start, a.length - end);
  const midB = b.slice(start, b.length - end);
  const out: { ch: string; instead?: string }[] = [];
  midA.forEach((ch, i) => {
    if (isAscii(ch) || out.some((o) => o.ch === ch)) return;
    const aligned = midA.length === midB.length && isAscii(midB[i]!) ? midB[i] : undefined;
    const instead = aligned ?? LOOKALIKES[ch]?.[1];
    out.push(instead === undefined ? { ch } : { ch, instead });
  });
  return out;
}

/**
 * One sentence when `name` (a near miss of `wanted`, which is ASCII) holds characters that are not
 * ASCII, naming each: "Its name contains the non-ASCII character 'ѕ' (U+0455 CYRILLIC SMALL
 * LETTER DZE) where 's' belongs: …". '' for an ASCII name.
 */
export function nonAsciiNote(name: string, wanted: string): string {
  const found = standIns(name, wanted);
  if (found.length === 0) return '';
  const shown = found.map(({ ch, instead }) => {
    const what = LOOKALIKES[ch] ? `${codePoint(ch)} ${LOOKALIKES[ch][0]}` : codePoint(ch);
    return `'${ch}' (${what})${instead !== undefined ? ` where '${instead}' belongs` : ''}`;
  });
  // Past four, one "and" before the count: "a, b, c, d and 1 more", never "c and d and 1 more".
  const list = found.length > 4 ? joinSome(shown, 4) : joinWords(shown);
  const character = found.length === 1 ? 'character' : 'characters';
  return `Its name contains the non-ASCII ${character} ${list}: it may look the same, but to Python it is another name.`;
}

/** grade/lookalikes.ts: the sentence that names a near miss's non-ASCII characters. */
import { describe, expect, it } from 'vitest';
import { nonAsciiNote } from '../../../src/grade/lookalikes.js';

describe('nonAsciiNote', () => {
  // Cyrillic с, о, р, е, ѕ in place of c, o, p, e, s.
  const name = 'сompute_class_freqs'.replace('o', 'о').replace('p', 'р').replace('e', 'е').replace(/s$/, 'ѕ');

  it('names four characters and counts the rest, with one "and" (review 26: "... and \'р\' ... and 1 more")', () => {
    const note = nonAsciiNote(name, 'compute_class_freqs');
    expect(note).toBe(
      "Its name contains the non-ASCII characters 'с' (U+0441 CYRILLIC SMALL LETTER ES) where 'c' belongs, 'о' (U+043E CYRILLIC SMALL LETTER O) where 'o' belongs, 'р' (U+0440 CYRILLIC SMALL LETTER ER) where 'p' belongs, 'е' (U+0435 CYRILLIC SMALL LETTER IE) where 'e' belongs and 1 more: it may look the same, but to Python it is another name.",
    );
    expect(note.match(/ and /g)).toHaveLength(1);
  });

  it('names up to four with "and" before the last', () => {
    const four = name.replace('ѕ', 's');
    expect(nonAsciiNote(four, 'compute_class_freqs')).toContain("where 'p' belongs and 'е' (U+0435 CYRILLIC SMALL LETTER IE) where 'e' belongs: it may");
  });
});

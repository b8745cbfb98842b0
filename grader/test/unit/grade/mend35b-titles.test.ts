/**
 * Review 35 (mend35b): a GitHub annotation's title is short (GitHub refuses one over 255
 * characters; 22 catalogue dids ran longer), cut at a word with an ellipsis, id kept in
 * parentheses; mistakes made together are numbered, since a did may hold its own ";".
 */
import { describe, expect, it } from 'vitest';
import { MISTAKES, type MistakeId } from '../../../../reference/mistakes/index.js';
import { mistakeTitle, TITLE_CAP, togetherWith } from '../../../src/grade/mistake-title.js';
import { renderGithub } from '../../../src/report/github.js';
import { makeMistake, makeReport } from '../report/factories.js';

const IDS = Object.keys(MISTAKES) as MistakeId[];
const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

describe('mistakeTitle', () => {
  it.each(IDS)('%s: at most the cap, a whole-word start of what the learner did', (id) => {
    const full = capital(MISTAKES[id].did);
    const title = mistakeTitle(id);
    expect(title.length).toBeLessThanOrEqual(TITLE_CAP);
    expect(`Mistake: ${title} (${id})`.length).toBeLessThanOrEqual(255);
    if (full.length <= TITLE_CAP) {
      expect(title).toBe(full);
    } else {
      expect(title.endsWith('…')).toBe(true);
      const kept = title.slice(0, -1);
      expect(full.startsWith(kept)).toBe(true);
      // Cut between words: what follows the kept words in the full text is not a letter or digit.
      expect(full.charAt(kept.length)).toMatch(/[^\p{L}\p{N}]/u);
      expect(kept.length).toBeGreaterThan(TITLE_CAP / 2);
    }
  });

  it('the catalogue has dids over the cap, so the cut is exercised', () => {
    expect(IDS.filter((id) => MISTAKES[id].did.length > TITLE_CAP).length).toBeGreaterThan(0);
  });
});

describe('renderGithub', () => {
  it('titles every mistake within GitHub\'s 255 characters, its full message kept', () => {
    const mistakes = IDS.map((id) => makeMistake({ id, cases: [], message: `Full: ${MISTAKES[id].did}.`, location: { line: 1 } }));
    const out = renderGithub(makeReport({ mistakes }), { file: 'a.py' }).trimEnd().split('\n');
    const titled = out.filter((l) => l.includes('title=Mistake%3A '));
    expect(titled).toHaveLength(IDS.length);
    for (const [i, id] of IDS.entries()) {
      const line = titled[i]!;
      const title = decodeURIComponent(/,title=(.*?)::/.exec(line)![1]!);
      expect(title.length).toBeLessThanOrEqual(255);
      expect(title).toBe(`Mistake: ${mistakeTitle(id)} (${id})`);
      expect(line).toContain(`::Full: ${MISTAKES[id].did}`.replace(/%/g, '%25').replace(/\n/g, '%0A').split('%')[0]!);
    }
  });
});

describe('togetherWith', () => {
  it('numbers several mistakes so a did holding its own ";" leaves no doubt where each ends', () => {
    const semi = IDS.find((id) => MISTAKES[id].did.includes(';'));
    expect(semi).toBeDefined();
    const other = IDS.find((id) => id !== semi && !MISTAKES[id].did.includes(';'))!;
    const text = togetherWith([semi!, other]);
    expect(text).toBe(` (together with 2 other mistakes: (1) ${MISTAKES[semi!].did}; (2) ${MISTAKES[other].did})`);
    const listed = text.slice(' (together with 2 other mistakes: '.length, -1).split(/; \(\d+\) /);
    expect(listed.map((s, i) => (i === 0 ? s.replace(/^\(1\) /, '') : s))).toEqual([MISTAKES[semi!].did, MISTAKES[other].did]);
  });

  it('one other mistake is named unnumbered', () => {
    expect(togetherWith([IDS[0]!])).toBe(` (together with another mistake: ${MISTAKES[IDS[0]!].did})`);
  });
});

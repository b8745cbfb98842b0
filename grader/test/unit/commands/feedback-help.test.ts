/**
 * `--feedback`: the help, README and docs/staff.md say what each level shows in the same words
 * (FEEDBACK_SHOWS), and withFeedback does what those words say. Staff 20: the help said `scores`
 * shows "points only" and `mistakes` "named, fixes withheld", while `mistakes` also drops the line
 * a fix changes and keeps the notes (the note on wrong values no mistake explains, with the cases'
 * values and the formula), and `scores` keeps the problems and which file was graded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackOption, FEEDBACK_SHOWS } from '../../../src/commands/common.js';
import { UNEXPLAINED_FIXES } from '../../../src/grade/grade-suite.js';
import { FEEDBACK_LEVELS, withFeedback } from '../../../src/report/feedback.js';
import { makeFailingReport, makeMistake } from '../report/factories.js';
import type { GradedReport } from '../../../src/schema/report.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('--feedback: one description per level, everywhere', () => {
  it.each([
    ['the --help text', () => feedbackOption().description],
    ['README.md', () => readFileSync(join(ROOT, 'README.md'), 'utf8')],
    ['docs/staff.md', () => readFileSync(join(ROOT, 'docs', 'staff.md'), 'utf8')],
  ])('%s says what each level shows, word for word', (_, read) => {
    const text = flat(read());
    // includes, not toContain: a failure names the level and its words, not the whole README.
    for (const level of FEEDBACK_LEVELS) expect(text.includes(flat(FEEDBACK_SHOWS[level])), `${level}: ${FEEDBACK_SHOWS[level]}`).toBe(true);
  });
});

describe('--feedback: each level shows what its description says', () => {
  const CHOICE = 'Your submission holds 2 Python files: this grades a.py.';
  // The notes as gradeSuite gives them: evidence, and what the code should be kept apart (FixedNote).
  const EVIDENCE = "No mistake in wlgrade's catalogue explains the values your loss returns on 1 case: yours 1.5, expected 3.2. Every case it fails has a large epsilon (0.001 or more), and it passes the cases without: away from there your formula is right, so look at how epsilon enters it.";
  const SHOW = ' To see that case\'s arrays and expected value: wlgrade cases show loss-course-epsilon-1';
  const UNEXPLAINED = { text: EVIDENCE, fix: UNEXPLAINED_FIXES.epsilonPlace, tail: SHOW };
  const FORMULA = { text: EVIDENCE.split(' Every case')[0]!, fix: UNEXPLAINED_FIXES.lossFormula, tail: SHOW };
  const DEFAULT = { text: `${EVIDENCE.split(' Every case')[0]} Every case it fails calls get_weighted_loss(pos_weights, neg_weights) without epsilon, and the cases that pass epsilon pass.`, fix: UNEXPLAINED_FIXES.defaultEpsilon, tail: '' };
  const report = () => {
    const r: GradedReport = makeFailingReport(); // its notes may carry a fix apart, as gradeSuite's do
    r.mistakes[0] = { ...r.mistakes[0]!, location: { line: 14, text: 'loss += -np.sum(np.log(y_pred))' } };
    r.mistakes.push(makeMistake({ id: 'weights-not-inverted', fix: 'Invert them.', cases: [], location: { line: 30 } }));
    r.notes = [CHOICE, UNEXPLAINED, FORMULA, DEFAULT];
    r.cases[1]!.expected = 3.2;
    r.problems.push({ code: 'MISSING_FUNCTION', message: 'compute_class_freqs is not defined.' });
    return r;
  };

  it('full: everything, fixes and the line a fix changes included', () => {
    const r = report();
    // Each note in words, its fix where the producer put it (before how to see the case).
    expect(withFeedback(r, 'full')).toEqual({
      ...r,
      notes: [CHOICE, `${EVIDENCE}${UNEXPLAINED_FIXES.epsilonPlace}${SHOW}`, `${FORMULA.text}${UNEXPLAINED_FIXES.lossFormula}${SHOW}`, `${DEFAULT.text}${UNEXPLAINED_FIXES.defaultEpsilon}`],
    });
  });

  it('mistakes: names and evidence; no fix, no line a fix changes; expected values, hints and notes stay', () => {
    const r = report();
    const told = withFeedback(r, 'mistakes', [CHOICE]);
    expect(told.mistakes.map((m) => [m.id, m.message, m.fix, m.location])).toEqual([
      [r.mistakes[0]!.id, r.mistakes[0]!.message, '', undefined],
      ['weights-not-inverted', r.mistakes[1]!.message, '', { line: 30 }], // a place read as evidence, not a fix's
    ]);
    expect(told.cases).toEqual(r.cases); // expected values, messages and each case's hints
    // The unexplained-values note keeps its evidence, not the formula or the code it says to write.
    expect(told.notes).toEqual([
      CHOICE,
      `${EVIDENCE}${SHOW}`,
      `${EVIDENCE.split(' Every case')[0]}${SHOW}`,
      `${EVIDENCE.split(' Every case')[0]} Every case it fails calls get_weighted_loss(pos_weights, neg_weights) without epsilon, and the cases that pass epsilon pass.`,
    ]);
    for (const n of told.notes) expect(n).not.toMatch(/L = Σ|must be 1e-7|belongs inside both logs|positive_frequencies =/);
    expect(told.problems).toEqual(r.problems);
  });

  it('scores: points, problems and which file was graded; no expected value, mistake, hint or other note', () => {
    const r = report();
    const told = withFeedback(r, 'scores', [CHOICE]);
    expect(told.cases.map((c) => [c.id, c.points, c.status])).toEqual(r.cases.map((c) => [c.id, c.points, c.status]));
    expect([told.score, told.problems, told.mistakes, told.notes]).toEqual([r.score, r.problems, [], [CHOICE]]);
    expect(told.cases.every((c) => c.expected === undefined && c.mistakes.length === 0 && c.notes.length === 0)).toBe(true);
  });
});

describe('--feedback mistakes withholds the fix a note carries, and touches no other text', () => {
  // Before, the fix sentences were cut out of every note's text wherever they stood: a note that
  // quotes the learner's own words (an exception message of theirs) lost them too.
  it("keeps a note that happens to hold a fix's words, whole", () => {
    const r = makeFailingReport();
    const quoted = `Its top-level code raised ValueError (my note to self:${UNEXPLAINED_FIXES.epsilonPlace}) at line 3, so it was loaded again with only its imports, definitions and constants.`;
    r.notes = [quoted];
    expect(withFeedback(r, 'mistakes').notes).toEqual([quoted]);
  });
});

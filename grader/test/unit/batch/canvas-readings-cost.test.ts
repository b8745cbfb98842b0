/**
 * canvasReadings (discover.ts) reads every entry name of an LMS download as Canvas's
 * `<name>_[LATE_]<user id>_<attachment id>_<file>`. It tried the whole pattern at every `_` of the
 * name, and the pattern's file part runs to the name's end: quadratic in one entry's name (red team
 * 35: a 64 KB zip entry named `x_1_1_1…_f.py` held the grader's thread 4 s, before any learner was
 * graded). Only the places a reading can start are tried now. The work is counted (the characters
 * each regular-expression search may scan, from where it starts to the end of the name), never
 * timed, and the readings are checked against the old reading, written out below, on random names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { canvasReadings, type CanvasReading } from '../../../src/batch/discover.js';
import { rng } from '../../helpers/rng.js';

/** canvasReadings as it stood: the whole pattern at every place of the name. */
function readingsByScan(name: string): CanvasReading[] {
  const out: CanvasReading[] = [];
  for (const m of name.matchAll(/(?=_(?:LATE_)?(\d+)_(\d+)_(.+)$)/g)) {
    const prefix = name.slice(0, m.index);
    if (prefix && !/_\d+_/.test(prefix) && !prefix.endsWith('_LATE')) out.push({ id: m[1]!, att: m[2]!, file: m[3]!, prefix });
  }
  return out;
}

const exec = RegExp.prototype.exec;
afterEach(() => {
  RegExp.prototype.exec = exec;
});

/** canvasReadings(name), with the characters its searches of `name` may scan counted. */
function scanned(name: string): { readings: CanvasReading[]; chars: number } {
  let chars = 0;
  RegExp.prototype.exec = function (this: RegExp, s: string) {
    if (s === name) chars += s.length - (this.global || this.sticky ? this.lastIndex : 0);
    return exec.call(this, s);
  };
  try {
    return { readings: canvasReadings(name), chars };
  } finally {
    RegExp.prototype.exec = exec;
  }
}

describe('canvasReadings: linear in the length of one entry name', () => {
  const long = [
    `x${'_1'.repeat(32_768)}_f.py`,
    `x${'_12'.repeat(21_000)}_hw.py`,
    `jane${'_LATE'.repeat(13_000)}_99_1234_hw.py`,
    `jane_99${'_LATE_1'.repeat(9_000)}_hw.py`,
    `j${'_'.repeat(65_000)}1_2_f.py`,
    `john_99_12345_678_${'_1'.repeat(30_000)}.py`,
  ];
  for (const name of long) {
    it(`${name.slice(0, 14)}… (${name.length} characters): at most a few passes over the name`, () => {
      const { readings, chars } = scanned(name);
      // The old scan searched from every `_`: about name.length² / 4 characters here.
      expect(chars).toBeLessThanOrEqual(5 * name.length);
      expect(chars).toBeGreaterThan(0);
      expect(readings).toEqual(readingsByScan(name));
    });
  }

  it('reads as the old scan did, on random names of Canvas-like pieces', () => {
    const pieces = ['_', '_', '_', '_7_', '1', '99', '0', '12345', 'LATE', '_LATE_', 'a', 'john', '-', '.py', '\n', 'é', ' '];
    const next = rng(35).next; // mulberry32, the same sequence as the copy each file had
    let withReadings = 0;
    for (let k = 0; k < 20_000; k++) {
      const n = 1 + Math.floor(next() * 14);
      let name = '';
      for (let j = 0; j < n; j++) name += pieces[Math.floor(next() * pieces.length)]!;
      const want = readingsByScan(name);
      if (want.length > 0) withReadings++;
      expect(canvasReadings(name), JSON.stringify(name)).toEqual(want);
    }
    // The names exercised the readings, not only their absence.
    expect(withReadings).toBeGreaterThan(300);
  });

  it('keeps the readings the download layouts rely on', () => {
    expect(canvasReadings('john_99_12345_678_hw.py').map((r) => r.id)).toEqual(['99', '12345']);
    expect(canvasReadings('doe_LATE_99_1_f.py')).toEqual([{ id: '99', att: '1', file: 'f.py', prefix: 'doe' }]);
    expect(canvasReadings('noids_hw.py')).toEqual([]);
  });
});

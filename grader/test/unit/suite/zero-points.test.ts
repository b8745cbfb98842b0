import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES_DIR, PUBLIC_SUITE } from '../../../src/paths.js';
import { suiteFromTexts } from '../../../src/suite/load-suite.js';
import { zeroPointFiles } from '../../../src/suite/zero-points.js';
import { validateSuite } from '../../../src/validate/validate-suite.js';

const freqs = (id: string, points?: number) => `  - id: ${id}\n    function: compute_class_freqs\n    labels: [[1, 0], [0, 1]]\n${points === undefined ? '' : `    points: ${points}\n`}`;
const file = (name: string, ...cases: string[]) => ({ display: `${name}.yaml`, text: `suite: ${name}\ncases:\n${cases.join('')}` });

describe('zeroPointFiles', () => {
  it('says nothing of the shipped suites, nor of a file with some 0-point cases', () => {
    const shipped = [PUBLIC_SUITE, join(CASES_DIR, 'hidden.yaml')].map((p, i) => ({ display: `s${i}.yaml`, text: readFileSync(p, 'utf8') }));
    expect(zeroPointFiles(suiteFromTexts(shipped))).toEqual([]);
    expect(zeroPointFiles(suiteFromTexts([file('a', freqs('x', 0), freqs('y'))]))).toEqual([]);
  });

  it.each([
    ['every file worth 0: every score is 0 of 0', [file('a', freqs('x', 0), freqs('y', 0))], [['a.yaml', 3, 'its 2 cases are worth 0 points (points: 0), so every submission scores 0 of 0.']]],
    ['one file of two worth 0: it counts for nothing', [file('a', freqs('x', 2)), file('b', freqs('y', 0))], [['b.yaml', 3, 'its case is worth 0 points (points: 0), so they count for nothing in the score.']]],
  ])('names the file: %s', (_, files, said) => {
    const found = zeroPointFiles(suiteFromTexts(files));
    expect(found.map((z) => [z.file, z.line, z.message.replace(/^[^:]*: /, '').replace(/ Give the cases.*$/, '')])).toEqual(said);
    for (const z of found) expect(z.message).toMatch(/^\S+\.yaml: .* Give the cases points \(1 each when the field is left out\), or leave the file out if it is meant as practice\.$/);
  });

  it('is a validate finding (no-points, at the file and its first case), so validate exits 1', () => {
    const suite = suiteFromTexts([file('a', freqs('x', 0))]);
    const report = validateSuite({ files: [{ file: 'a.yaml', ok: true, suite }], version: 't' });
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.kind === 'no-points')).toEqual([{ kind: 'no-points', file: 'a.yaml', line: 3, message: zeroPointFiles(suite)[0]!.message }]);
  });
});

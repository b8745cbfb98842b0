import { describe, expect, it } from 'vitest';
import { renderValidateGithub } from '../../../src/report/validate-github.js';
import { ValidateReportSchema, type Finding, type ValidateReport } from '../../../src/schema/validate.js';

const report = (findings: Finding[]): ValidateReport =>
  ValidateReportSchema.parse({
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: '0.1.0' },
    ok: findings.length === 0,
    files: [],
    findings,
    notes: [],
    cases: [],
    mistakes: [],
    samples: null,
  });
const inRepo = { file: (f: string) => `suites/${f}` };

describe('renderValidateGithub', () => {
  it('annotates each problem of a file that does not load on its own line, and each other finding with its file and line', () => {
    const out = renderValidateGithub(
      report([
        { kind: 'invalid-file', file: 'ta.yaml', message: 'ta.yaml:9: case "a", field "labels.1.1": row 2, column 2 is 2, but labels must be 0 or 1. Fix that entry.\n  ta.yaml:14: case "b": unknown field "tolerence". Check the spelling (README.md lists the fields).' },
        { kind: 'float32-drift', caseId: 'c', file: 'ta.yaml', line: 20, message: 'ta.yaml:20: case "c": the reference computed in float32 is 3× the tolerance away.' },
        { kind: 'uncaught', mistake: 'loss-sum-not-mean', message: 'loss-sum-not-mean passes every public case: 100%, a, b.' },
      ]),
      inRepo,
    );
    expect(out.split('\n')).toEqual([
      '::error file=suites/ta.yaml,line=9,title=wlgrade validate%3A invalid-file::ta.yaml:9: case "a", field "labels.1.1": row 2, column 2 is 2, but labels must be 0 or 1. Fix that entry.',
      '::error file=suites/ta.yaml,line=14,title=wlgrade validate%3A invalid-file::ta.yaml:14: case "b": unknown field "tolerence". Check the spelling (README.md lists the fields).',
      '::error file=suites/ta.yaml,line=20,title=wlgrade validate%3A float32-drift::ta.yaml:20: case "c": the reference computed in float32 is 3× the tolerance away.',
      '::error title=wlgrade validate%3A uncaught (loss-sum-not-mean)::loss-sum-not-mean passes every public case: 100%25, a, b.',
      '✗ 3 findings: the suite is not ready (docs/authoring.md explains each kind).',
      '',
    ]);
  });

  it('gives the findings the public suite answers (a hidden suite validated alone) one annotation, the others one each (staff 30)', () => {
    const answered: Finding[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'uncaught', mistake: i < 6 ? 'loss-no-epsilon' : 'freqs-counts', message: `m${i}` }));
    const own: Finding = { kind: 'float32-drift', caseId: 'c', file: 'h.yaml', line: 20, message: 'h.yaml:20: case "c": drift.' };
    const r = report([...answered, own]);
    const out = renderValidateGithub(r, { ...inRepo, answered: { file: 'cases/public.yaml', given: ['h.yaml'], findings: r.findings.slice(0, 12) } }).split('\n');
    expect(out).toEqual([
      '::error title=wlgrade validate%3A the public suite answers these findings::Another 12 findings (12 uncaught; 2 mistakes) go away with cases/public.yaml beside h.yaml: h.yaml holds no public case, so alone it is held to catching and naming every mistake by itself. Graded with both (as grade and gradescope grade by default): validate them together, wlgrade validate --cases cases/public.yaml --cases h.yaml. Graded with h.yaml alone: add cases that catch and name loss-no-epsilon, freqs-counts (--format json lists each finding).',
      '::error file=suites/h.yaml,line=20,title=wlgrade validate%3A float32-drift::h.yaml:20: case "c": drift.',
      '✗ 13 findings: the suite is not ready (docs/authoring.md explains each kind).',
      '',
    ]);
  });

  it('annotates at most 10 findings (what GitHub shows per step) and counts the rest in a notice', () => {
    const many = Array.from({ length: 13 }, (_, i): Finding => ({ kind: 'uncaught', message: `m${i}` }));
    const lines = renderValidateGithub(report(many), inRepo).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(10);
    expect(lines.at(-2)).toBe('::notice title=wlgrade validate::3 more findings are not annotated (GitHub shows 10 per step): run wlgrade validate for the whole table.');
    expect(lines.at(-1)).toBe('✗ 13 findings: the suite is not ready (docs/authoring.md explains each kind).');
  });

  it('prints only the verdict for a suite without findings', () => {
    expect(renderValidateGithub(report([]), inRepo)).toBe('✓ No findings: 0 cases, 0 mistakes, every one caught and named.\n');
  });
});

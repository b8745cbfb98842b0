/** Factories for reporter tests: a small, valid GradeReport with overridable parts. */
import { GradeReportSchema, type CaseResult, type GradeReport, type MistakeReport } from '../../../src/schema/report.js';

export function makeCase(over: Partial<CaseResult> = {}): CaseResult {
  return {
    id: 'loss-toy',
    function: 'weighted_loss',
    suite: 'public',
    description: 'The toy example.',
    tags: ['toy'],
    visibility: 'public',
    status: 'passed',
    points: 1,
    maxPoints: 1,
    message: 'Correct.',
    mistakes: [],
    notes: [],
    source: { file: 'cases/public.yaml', line: 10 },
    ms: 2,
    ...over,
  };
}

export function makeMistake(over: Partial<MistakeReport> = {}): MistakeReport {
  return {
    id: 'loss-no-epsilon',
    message: 'You left epsilon out of the log.',
    evidence: 'on case loss-zero',
    fix: 'Use np.log(y_pred + epsilon).',
    cases: ['loss-zero'],
    confidence: 'full',
    ...over,
  };
}

export function makeReport(over: Partial<GradeReport> = {}): GradeReport {
  const cases = over.cases ?? [makeCase()];
  return GradeReportSchema.parse({
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: '0.1.0' },
    submission: { path: '/work/sub/assignment.py', displayName: 'assignment.py', kind: 'py' },
    sandbox: 'process',
    python: { version: '3.12.0', numpy: '2.0.0' },
    suites: ['public'],
    score: cases.reduce((s, c) => s + c.points, 0),
    maxScore: cases.reduce((s, c) => s + c.maxPoints, 0),
    status: cases.every((c) => c.status === 'passed') ? 'passed' : 'failed',
    problems: [],
    notes: [],
    cases,
    mistakes: [],
    output: { stdout: '', stderr: '', truncated: false },
    durationMs: 1234,
    ...over,
  });
}

/** A failing report with one named mistake, a raising case with a line, and a hidden case. */
export function makeFailingReport(): GradeReport {
  const cases = [
    makeCase({ id: 'freqs-toy', function: 'compute_class_freqs', points: 2, maxPoints: 2 }),
    makeCase({ id: 'loss-zero', status: 'failed', points: 0, maxPoints: 1, message: 'For p = 0 you returned inf, expected 3.2.', mistakes: ['loss-no-epsilon'] }),
    makeCase({ id: 'loss-raise', status: 'error', points: 0, maxPoints: 1, message: 'Your code raised ValueError: bad, shapes <3,2> & "x"', location: { line: 14 } }),
    makeCase({ id: 'hidden-loss', suite: 'hidden', visibility: 'hidden', status: 'timeout', points: 0, maxPoints: 1.5, message: 'Timed out after 10 s.' }),
  ];
  return makeReport({ cases, status: 'failed', mistakes: [makeMistake()] });
}

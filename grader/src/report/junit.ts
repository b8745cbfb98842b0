/**
 * GradeReport -> JUnit XML in the shape Jenkins, GitLab, Azure and the GitHub test-report actions
 * read: <testsuites><testsuite><testcase><failure|error>. One testsuite per case file; a
 * submission that cannot load adds a "submission" testcase with the problems. Points go in
 * <properties>, hints inside <failure>. A mistake no case scores (the class weights) and the
 * report's notes (cases that ran again as float32, what of a notebook was run) go in the first
 * testsuite's <system-out>: they are reported without failing a test, and a submission with no
 * failure shows them too.
 */
import { withFix } from './feedback.js';
import type { CaseResult, GradeReport } from '../schema/report.js';
import { caseText, placeOf } from './case-text.js';
import { round } from '../grade/grade-suite.js';
import { escapeXml, escapeXmlText } from './escape.js';

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function testcase(report: GradeReport, c: CaseResult, file: string): string {
  // line: where the learner's code is implicated, as GitHub's annotations and Classroom's line_no
  // (none in a notebook). mikepenz/action-junit-report annotates a testcase at its file and line
  // attributes, at line 1 without one: every raising case was pointed at the file's first line.
  // In a module of the learner's beside the file (a graded function it defines): that file and its line.
  const { file: at, line } = placeOf(report, c, file);
  const head = `    <testcase${attrs({ classname: `wlgrade.${c.suite}.${c.function}`, name: c.id, time: seconds(c.ms), file: at, ...(line === undefined ? {} : { line }) })}>`;
  const props = `      <properties><property${attrs({ name: 'points', value: c.points })}/><property${attrs({ name: 'max_points', value: c.maxPoints })}/></properties>`;
  const lines = [head, props];
  if (c.status !== 'passed') {
    // failed = wrong answer (<failure>); error/timeout = the code raised or hung (<error>).
    const tag = c.status === 'failed' ? 'failure' : 'error';
    const first = c.message.split('\n')[0] ?? '';
    lines.push(`      <${tag}${attrs({ message: first, type: c.status })}>${escapeXmlText(caseText(report, c))}</${tag}>`);
  }
  lines.push('    </testcase>');
  return lines.join('\n');
}

export interface JunitOptions {
  /**
   * file= on each testcase: the learner's file as the repository knows it (relative to its root,
   * as GitHub's annotations give it), which mikepenz/action-junit-report and dorny/test-reporter
   * resolve from the repository root. The bare file name missed a submission in a subfolder.
   */
  file?: string;
}

export function renderJunit(report: GradeReport, opts: JunitOptions = {}): string {
  const file = opts.file ?? report.submission.displayName;
  const suites = [...new Set(report.cases.map((c) => c.suite))];
  const count = (cs: CaseResult[], s: CaseResult['status'][]) => cs.filter((c) => s.includes(c.status)).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.cases;
  const problemCase = report.problems.length > 0 ? 1 : 0;
  out.push(
    `<testsuites${attrs({
      name: `wlgrade ${report.submission.displayName}`,
      tests: all.length + problemCase,
      failures: count(all, ['failed']),
      errors: count(all, ['error', 'timeout']) + problemCase,
      time: seconds(report.durationMs),
    })}>`,
  );
  if (problemCase) {
    out.push(`  <testsuite${attrs({ name: 'submission', tests: 1, failures: 0, errors: 1, time: '0.000' })}>`);
    out.push(`    <testcase${attrs({ classname: 'wlgrade.submission', name: 'loads', time: '0.000', file })}>`);
    const msg = report.problems.map((p) => p.message).join('\n');
    out.push(`      <error${attrs({ message: report.problems[0]!.message, type: report.problems[0]!.code })}>${escapeXmlText(msg)}</error>`);
    out.push('    </testcase>', '  </testsuite>');
  }
  const uncased = [
    ...report.mistakes.filter((m) => m.cases.length === 0).map((m) => withFix(`${m.id}: ${m.message}`, m.fix)),
    ...report.notes.map((n) => `Note: ${n}`),
  ];
  for (const s of suites) {
    const cs = all.filter((c) => c.suite === s);
    const ms = cs.reduce((t, c) => t + (c.ms ?? 0), 0);
    out.push(`  <testsuite${attrs({ name: s, tests: cs.length, failures: count(cs, ['failed']), errors: count(cs, ['error', 'timeout']), time: seconds(ms) })}>`);
    out.push(
      // The suite's own points: each suite carried the report's total (30/43 on public and on
      // hidden alike), so a reader adding up its suites counted the score twice.
      `    <properties><property${attrs({ name: 'score', value: round(cs.reduce((t, c) => t + c.points, 0)) })}/><property${attrs({ name: 'max_score', value: round(cs.reduce((t, c) => t + c.maxPoints, 0)) })}/></properties>`,
    );
    for (const c of cs) out.push(testcase(report, c, file));
    if (s === suites[0] && uncased.length > 0) out.push(`    <system-out>${escapeXmlText(uncased.join('\n\n'))}</system-out>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/**
 * A check that stopped before any case ran (no submission file, no Python or numpy, no sandbox):
 * one <error> in a "submission" suite, so a test reporter reads a result. An empty junit.xml made
 * dorny/test-reporter, GitLab and Jenkins' junit step fail on the file instead of the reason.
 */
export function renderJunitStopped(stop: { code: string; message: string; file: string }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `wlgrade ${stop.file}`, tests: 1, failures: 0, errors: 1, time: '0.000' })}>`,
    `  <testsuite${attrs({ name: 'submission', tests: 1, failures: 0, errors: 1, time: '0.000' })}>`,
    `    <testcase${attrs({ classname: 'wlgrade.submission', name: 'loads', time: '0.000', file: stop.file })}>`,
    `      <error${attrs({ message: stop.message, type: stop.code })}>${escapeXmlText(stop.message)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
  ].join('\n') + '\n';
}

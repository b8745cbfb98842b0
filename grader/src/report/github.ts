/**
 * GradeReport -> GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`) and
 * a Markdown job summary. The command reads $GITHUB_WORKSPACE / $GITHUB_STEP_SUMMARY and passes
 * the learner file's path (relative to the workspace) in; this module only builds strings.
 * https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
 */
import { withFix } from './feedback.js';
import { SHAPE_PHRASE } from '../grade/grade-case.js';
import type { GradeReport } from '../schema/report.js';
import { caseIdList, caseText, everyCaseGraded, fileLine, lineOf, placeOf, siblingLine, siteSentence } from './case-text.js';
import { escapeAnnotationData, escapeAnnotationProperty, escapeMarkdownCell, markdownCodeSpan } from './escape.js';
import { siteText } from '../grade/sites.js';
import { mistakeTitle } from '../grade/mistake-title.js';
import { counted } from '../join-words.js';

export interface GithubOptions {
  /** The learner's file as the repository knows it (e.g. "assignment.py"), for file=. */
  file: string;
}

/** GitHub shows at most 10 error annotations per step; the rest are summarised in one notice. */
export const MAX_ERROR_ANNOTATIONS = 10;

type Level = 'error' | 'warning' | 'notice';

export function annotation(level: Level, props: { file?: string; line?: number | undefined; endLine?: number | undefined; title?: string }, message: string): string {
  const p: string[] = [];
  if (props.file !== undefined) p.push(`file=${escapeAnnotationProperty(props.file)}`);
  if (props.line !== undefined) p.push(`line=${props.line}`);
  if (props.line !== undefined && props.endLine !== undefined && props.endLine > props.line) p.push(`endLine=${props.endLine}`);
  if (props.title !== undefined) p.push(`title=${escapeAnnotationProperty(props.title)}`);
  return `::${level}${p.length ? ' ' + p.join(',') : ''}::${escapeAnnotationData(message)}`;
}

/**
 * What a problem is called: "Cannot grade" when it kept cases from running; a .py graded from its
 * parseable pieces had every case graded (23/23) under a "Cannot grade (SYNTAX_ERROR)" title.
 */
function problemTitle(report: GradeReport): string {
  return everyCaseGraded(report) ? 'Problem in the file' : 'Cannot grade';
}

export function renderGithub(report: GradeReport, opts: GithubOptions): string {
  const errors: string[] = [];
  for (const p of report.problems) errors.push(annotation('error', { file: opts.file, line: fileLine(report, p), title: `${problemTitle(report)} (${p.code})` }, p.message));
  // A named mistake explains several cases at once: one annotation with the fix beats many.
  const warnings: string[] = [];
  for (const m of report.mistakes) {
    const text = withFix(`${m.message}${siteSentence(m)}`, m.fix);
    // A mistake no case scores (the class weights) is a warning at its line: it costs no points.
    if (m.cases.length === 0) warnings.push(annotation('warning', { file: opts.file, line: fileLine(report, m.location), title: `Mistake: ${mistakeTitle(m.id)} (${m.id})` }, text));
    else {
      // In a module of the learner's beside the file (a graded function it defines): at its file and line.
      const beside = siblingLine(m.location, opts.file);
      const lastLine = m.location?.lines?.at(-1)?.line;
      if (beside) {
        errors.push(annotation('error', { ...beside, endLine: lastLine, title: `Mistake: ${mistakeTitle(m.id)} (${m.id})` }, text));
        continue;
      }
      // A fix over 2-3 lines (both logs without epsilon): the annotation spans them (endLine).
      const line = fileLine(report, m.location);
      const last = m.location?.lines?.at(-1);
      const endLine = line !== undefined && last ? fileLine(report, { line: last.line, cell: m.location?.cell }) : undefined;
      errors.push(annotation('error', { file: opts.file, line: line ?? lineOf(report, report.cases.find((c) => m.cases.includes(c.id))), endLine, title: `Mistake: ${mistakeTitle(m.id)} (${m.id})` }, text));
    }
  }
  const explained = new Set(report.mistakes.flatMap((m) => m.cases));
  // Cases that fail alike at one line (a load error, the same exception on every case, which
  // differ only in the case's shape) are one annotation: ten copies filled GitHub's allowance.
  const groups = new Map<string, { text: string; file: string; line: number | undefined; cases: GradeReport['cases'] }>();
  for (const c of report.cases) {
    if (c.status === 'passed' || explained.has(c.id)) continue;
    const { file, line } = placeOf(report, c, opts.file);
    const text = caseText(report, c).replace(SHAPE_PHRASE, '');
    const key = `${file}\u0000${line}\u0000${text}`;
    if (!groups.has(key)) groups.set(key, { text, file, line, cases: [] });
    groups.get(key)!.cases.push(c);
  }
  for (const g of groups.values()) {
    const [c, ...more] = g.cases;
    if (more.length === 0) {
      errors.push(annotation('error', { file: g.file, line: g.line, title: `${c!.id} (${c!.points}/${c!.maxPoints})` }, caseText(report, c!)));
      continue;
    }
    const points = `${g.cases.reduce((s, x) => s + x.points, 0)}/${g.cases.reduce((s, x) => s + x.maxPoints, 0)}`;
    const ids = g.cases.map((x) => x.id);
    const shown = caseIdList(ids);
    errors.push(annotation('error', { file: g.file, line: g.line, title: `${g.cases.length} cases (${points})` }, `${g.text}\n(${shown})`));
  }
  const lines = [...warnings, ...errors.slice(0, MAX_ERROR_ANNOTATIONS)];
  if (errors.length > MAX_ERROR_ANNOTATIONS) {
    lines.push(annotation('notice', { title: 'More failures' }, `${errors.length - MAX_ERROR_ANNOTATIONS} more failures are listed in the job summary.`));
  }
  lines.push(annotation(report.status === 'passed' ? 'notice' : 'warning', { title: 'wlgrade score' }, `Score: ${report.score}/${report.maxScore}`));
  return lines.join('\n') + '\n';
}

/** siteSentence for the job summary: the learner's lines of code as code spans, not escaped text between backquotes. */
function markdownSite(m: GradeReport['mistakes'][number]): string {
  const at = m.cases.length > 0 ? siteText(m.location, { code: markdownCodeSpan, text: escapeMarkdownCell }) : undefined;
  return at ? ` At ${at}.` : '';
}

const ICON = { passed: '✅', failed: '❌', error: '💥', timeout: '⏱️' } as const;

/** The job summary: score, mistakes with fixes, and one table row per case. */
export function renderGithubSummary(report: GradeReport): string {
  const out: string[] = [];
  out.push(`## wlgrade: ${escapeMarkdownCell(report.submission.displayName)} — ${report.score}/${report.maxScore}`, '');
  for (const p of report.problems) out.push(`> **${problemTitle(report)}:** ${escapeMarkdownCell(p.message)}`, '');
  if (report.mistakes.length) {
    out.push('### What went wrong', '');
    for (const m of report.mistakes) out.push(`- **${m.id}**: ${escapeMarkdownCell(m.message)}${markdownSite(m)}${m.fix ? `<br>**Fix:** ${escapeMarkdownCell(m.fix)}` : ''}`);
    out.push('');
  }
  for (const n of report.notes) out.push(`> ℹ ${escapeMarkdownCell(n)}`, '');
  out.push('| | Case | Function | Points | Message |', '|---|---|---|---:|---|');
  const row = (c: GradeReport['cases'][number]) =>
    `| ${ICON[c.status]} | ${escapeMarkdownCell(c.id)} | ${c.function} | ${c.points}/${c.maxPoints} | ${c.status === 'passed' ? '' : escapeMarkdownCell(c.message)} |`;
  const head = out.join('\n') + '\n';
  let rows = report.cases.map(row);
  const size = (lines: string[]) => Buffer.byteLength(head + lines.join('\n') + '\n\n');
  if (size(rows) > SUMMARY_BUDGET) {
    // GitHub drops a step summary over 1 MiB whole: the failed cases first, the passed ones counted.
    const failed = report.cases.filter((c) => c.status !== 'passed').map(row);
    const left = (n: number) =>
      `| | ${counted(n, 'more case')} |  |  | Not listed: GitHub keeps a job summary under 1 MiB. The JUnit report (\`--format junit\`) lists every case. |`;
    rows = failed;
    while (rows.length > 0 && size([...rows, left(report.cases.length - rows.length)]) > SUMMARY_BUDGET) rows = rows.slice(0, Math.max(0, rows.length - Math.ceil(rows.length / 8)));
    rows.push(left(report.cases.length - rows.length));
  }
  return head + rows.join('\n') + '\n\n';
}

/**
 * What one `check` appends to $GITHUB_STEP_SUMMARY at most: half of the 1 MiB GitHub takes from a
 * step ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k", and the
 * step's whole summary is lost), leaving the other half to whatever else the step writes there.
 */
export const SUMMARY_BUDGET = 512 * 1024;

/**
 * A check that stopped before any case ran (no submission file, no Python or numpy, no sandbox):
 * an error annotation with the reason, where the job's annotations show it, and the score line
 * when the learner scored 0 (maxScore null: a problem of the job's, no score). Without it the step
 * failed with the reason in its log only.
 */
export function renderGithubStopped(stop: { code: string; message: string; maxScore: number | null }): string {
  const lines = [annotation('error', { title: `Cannot grade (${stop.code})` }, stop.message)];
  if (stop.maxScore !== null) lines.push(annotation('warning', { title: 'wlgrade score' }, `Score: 0/${stop.maxScore}`));
  return lines.join('\n') + '\n';
}

/** The job summary of a check that stopped before any case ran. */
export function renderGithubStoppedSummary(stop: { code: string; message: string; file: string; maxScore: number | null }): string {
  return `## wlgrade: ${escapeMarkdownCell(stop.file)} — ${stop.maxScore === null ? 'not graded' : `0/${stop.maxScore}`}\n\n> **Cannot grade (${stop.code}):** ${escapeMarkdownCell(stop.message)}\n\n`;
}

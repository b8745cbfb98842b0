/**
 * ValidateReport -> GitHub Actions workflow commands, for the CI of a course's own repository of
 * case suites: one error annotation per finding, on the case file's line when the finding has one,
 * so a pull request that weakens a suite shows why on the YAML it changed. Pure: the command maps
 * the case files' paths to the workspace's.
 */
import type { ValidateReport } from '../schema/validate.js';
import { annotation, MAX_ERROR_ANNOTATIONS } from './github.js';
import { publicAnswersText, type PublicAnswers } from './validate-table.js';
import { counted } from '../join-words.js';

export interface ValidateGithubOptions {
  /** A case file's path as the findings give it -> as the repository knows it, for file=. */
  file: (path: string) => string;
  /** Findings the public suite answers (a hidden suite validated alone): one annotation for all. */
  answered?: PublicAnswers;
}

export function renderValidateGithub(r: ValidateReport, opts: ValidateGithubOptions): string {
  const errors: string[] = [];
  const grouped = new Set(opts.answered?.findings ?? []);
  if (opts.answered && grouped.size > 0) {
    const text = publicAnswersText(opts.answered, grouped.size === r.findings.length).map((l) => l.trim().replace(/^✗ /, ''));
    errors.push(annotation('error', { title: 'wlgrade validate: the public suite answers these findings' }, text.join(' ')));
  }
  for (const f of r.findings) {
    if (grouped.has(f)) continue;
    const title = `wlgrade validate: ${f.kind}${f.mistake ? ` (${f.mistake})` : ''}`;
    // A file that does not load is one finding whose message holds a "file:line: …" line per problem.
    const lines = f.kind === 'invalid-file' ? f.message.split('\n').map((l) => l.trim()) : [f.message];
    for (const message of lines) {
      const at = /^(.+?):(\d+): /.exec(message);
      const file = at ? at[1]! : f.file;
      const line = at ? Number(at[2]) : f.line;
      errors.push(annotation('error', { ...(file !== undefined ? { file: opts.file(file) } : {}), line, title }, message));
    }
  }
  const out = errors.slice(0, MAX_ERROR_ANNOTATIONS);
  if (errors.length > MAX_ERROR_ANNOTATIONS) {
    out.push(annotation('notice', { title: 'wlgrade validate' }, `${errors.length - MAX_ERROR_ANNOTATIONS} more findings are not annotated (GitHub shows ${MAX_ERROR_ANNOTATIONS} per step): run wlgrade validate for the whole table.`));
  }
  out.push(
    r.ok
      ? `✓ No findings: ${r.cases.length} cases, ${r.mistakes.length} mistakes, every one caught and named.`
      : `✗ ${counted(r.findings.length, 'finding')}: the suite is not ready (docs/authoring.md explains each kind).`,
  );
  return out.join('\n') + '\n';
}

/**
 * The `wlgrade validate` report as plain-text tables: files, cases, mistakes, samples, then
 * notes and findings. Pure. How to read it: docs/authoring.md, "Reading the validate table".
 */
import type { Finding, ValidateReport } from '../schema/validate.js';
import { fmtUnits } from '../validate/validate-suite.js';
import { counted } from '../join-words.js';

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s.padEnd(n));
const units = (u: number | string) => (typeof u === 'number' ? fmtUnits(u) : u);

/** Findings the public suite answers (validated alone, a hidden suite), told in one paragraph. */
export interface PublicAnswers {
  /** The public suite's file, as `wlgrade validate --cases` takes it. */
  file: string;
  /** The given files, in the order given. */
  given: string[];
  findings: Finding[];
}

export function renderValidateTable(r: ValidateReport, answered?: PublicAnswers): string {
  const out: string[] = [];
  out.push(`wlgrade validate ${r.tool.version}`);
  out.push('');
  out.push('Files');
  for (const f of r.files) out.push(`  ${f.valid ? '✓' : '✗'} ${f.file}${f.valid ? ` (${f.cases} cases)` : ' (invalid: see findings)'}`);

  if (r.cases.length) {
    const w = Math.max(4, ...r.cases.map((c) => c.id.length)) + 2;
    out.push('', 'Cases (distances in units of the case tolerance; < 1 passes)');
    out.push(`  ${pad('case', w)}${pad('vis', 8)}${pad('f32 drift', 11)}${pad('catches', 9)}${pad('names', 7)}closest caught mistake`);
    for (const c of r.cases) {
      const margin = c.margin ? `${fmtUnits(c.margin.units)}× ${c.margin.mistake}` : '—';
      out.push(`  ${pad(c.id, w)}${pad(c.visibility, 8)}${pad(units(c.float32Drift), 11)}${pad(String(c.catches.length), 9)}${pad(String(c.names.length), 7)}${margin}`);
    }
  }

  if (r.mistakes.length) {
    const rows: [string, string, string, string][] = [];
    const publicIds = new Set(r.cases.filter((c) => c.visibility === 'public').map((c) => c.id));
    for (const m of r.mistakes) {
      const many = m.variants.length > 1;
      if (many) rows.push([m.id, '', '', '']);
      for (const v of m.variants) {
        const pub = v.caughtBy.filter((id) => publicIds.has(id)).length;
        const others = v.diagnosed.filter((id) => id !== m.id);
        const diag = !v.diagnosed.includes(m.id) ? (v.diagnosed.length ? `names ${v.diagnosed.join(', ')}` : 'names nothing') : others.length ? `also ${others.join(', ')}` : '';
        rows.push([many ? `  ${v.label}` : m.id, `${v.caughtBy.length} (${pub} public)`, String(v.namedBy.length), diag]);
      }
    }
    const w = Math.max(...rows.map((x) => x[0].length)) + 2;
    out.push('', 'Mistakes (cases that catch it, cases whose hint names it)');
    out.push(`  ${pad('mistake', w)}${pad('caught by', 16)}${pad('named by', 10)}diagnosis`);
    for (const [a, b, c, d] of rows) out.push(`  ${pad(a, w)}${pad(b, 16)}${pad(c, 10)}${d}`.trimEnd());
  }

  out.push('', 'Correct samples');
  if (r.samples === null) out.push('  not run (--no-samples)');
  else if (r.samples.length === 0) out.push('  none');
  for (const s of r.samples ?? []) {
    const detail = s.status === 'error' ? 'could not be graded' : `${s.passed}/${s.total} cases passed${s.failedCases.length ? `; failed: ${s.failedCases.join(', ')}` : ''}`;
    out.push(`  ${s.status === 'passed' ? '✓' : '✗'} ${s.file}  ${detail}`);
  }

  if (r.notes.length) {
    out.push('', 'Notes');
    for (const n of r.notes) out.push(`  · ${n}`);
  }
  out.push('');
  if (r.ok) {
    out.push(`✓ No findings: ${r.cases.length} cases, ${r.mistakes.length} mistakes, every one caught and named.`);
  } else {
    out.push(`Findings (${r.findings.length})`);
    const grouped = new Set(answered?.findings ?? []);
    for (const f of r.findings) if (!grouped.has(f)) out.push(`  ✗ [${f.kind}] ${f.message.split('\n').join('\n      ')}`);
    if (answered && grouped.size > 0) out.push(...publicAnswersText(answered, grouped.size === r.findings.length));
    out.push('', `✗ ${counted(r.findings.length, 'finding')}: the suite is not ready (docs/authoring.md explains each kind).`);
  }
  return out.join('\n') + '\n';
}

/** The paragraph that stands for the findings the public suite answers. */
export function publicAnswersText(a: PublicAnswers, all: boolean): string[] {
  const kinds = new Map<string, number>();
  for (const f of a.findings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  const mistakes = new Set(a.findings.map((f) => f.mistake));
  const counts = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const files = a.given.join(' and ');
  return [
    `  ✗ ${all ? 'All' : 'Another'} ${counted(a.findings.length, 'finding')} (${counts}; ${counted(mistakes.size, 'mistake')}) go away with ${a.file} beside ${files}: ${files} hold${a.given.length === 1 ? 's' : ''} no public case, so alone ${a.given.length === 1 ? 'it is' : 'they are'} held to catching and naming every mistake by ${a.given.length === 1 ? 'itself' : 'themselves'}.`,
    `    Graded with both (as grade and gradescope grade by default): validate them together, wlgrade validate --cases ${a.file}${a.given.map((g) => ` --cases ${g}`).join('')}.`,
    `    Graded with ${files} alone: add cases that catch and name ${[...mistakes].join(', ')} (--format json lists each finding).`,
  ];
}

/** Batch rows -> summary.json (pure) and its terminal rendering for course staff. */
import { BatchSummarySchema, type BatchRow, type BatchSummary } from '../schema/batch.js';
import type { CsvColumn } from './csv.js';
import { terminalLine, terminalSafe, unseen } from './escape.js';
import { round } from '../grade/grade-suite.js';
import { loadTimeoutStaffAdvice, setupTimeoutStaffAdvice } from './staff-advice.js';
import { stringifyJson } from './stringify-json.js';
import { rowWorth } from './row-worth.js';
import { counted } from '../join-words.js';

export interface SummaryContext {
  version: string;
  suites: string[];
  suiteHash: string;
  columns: CsvColumn[];
  /** `grade --shard K/N` only: the slice and the cohort it was cut from. */
  shard?: BatchSummary['shard'];
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(rows: BatchRow[], ctx: SummaryContext): BatchSummary {
  // The learners with a score, as `export lms` gives them: cases graded, or a file of theirs that ran
  // and earned 0 through their own doing (a syntax error in every graded function); not one the
  // machine never graded (no Python file, a time-out), which is no evidence of a 0.
  const graded = rows.filter((r) => rowWorth(r) !== 'ungraded');
  const scores = graded.map((r) => r.score ?? 0);
  const dist = new Map<number, number>();
  for (const s of scores) dist.set(s, (dist.get(s) ?? 0) + 1);
  const mistakes = new Map<string, { learners: number; sample: string }>();
  for (const r of rows) {
    for (const id of r.mistakes) {
      const m = mistakes.get(id);
      if (m) m.learners++;
      else mistakes.set(id, { learners: 1, sample: r.learner });
    }
  }
  return BatchSummarySchema.parse({
    schemaVersion: 1,
    tool: { name: 'wlgrade', version: ctx.version },
    suites: ctx.suites,
    suiteHash: ctx.suiteHash,
    maxScore: round(ctx.columns.reduce((t, c) => t + c.maxPoints, 0)),
    learners: rows.length,
    graded: graded.length,
    reused: rows.filter((r) => r.reused).length,
    errors: rows.filter((r) => r.status === 'error').length,
    score: {
      mean: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      median: median(scores),
      // Reduces, not Math.min(...scores): one argument per learner overflowed the stack past ~120,000
      // (a MOOC's cohort, or `merge` of its shards), after every learner was graded (red team 34).
      min: scores.length ? scores.reduce((a, b) => Math.min(a, b)) : null,
      max: scores.length ? scores.reduce((a, b) => Math.max(a, b)) : null,
    },
    distribution: [...dist].sort((a, b) => b[0] - a[0]).map(([score, learners]) => ({ score, learners })),
    mistakes: [...mistakes]
      .sort((a, b) => b[1].learners - a[1].learners || a[0].localeCompare(b[0]))
      .map(([id, m]) => ({ id, ...m })),
    cases: ctx.columns
      .map((c) => ({ id: c.id, maxPoints: c.maxPoints, failedBy: graded.filter((r) => (r.cases[c.id] ?? 0) < c.maxPoints).length }))
      .sort((a, b) => b.failedBy - a.failedBy || a.id.localeCompare(b.id)),
    ...(ctx.shard ? { shard: ctx.shard } : {}),
    // A row never graded has no score, as grades.csv and export lms give it: null, not the 0 (or
    // the points a set-up time-out left so far) a script summing the rows' scores would count.
    rows: rows.map((r) => (r.score !== null && rowWorth(r) === 'ungraded' ? { ...r, score: null } : r)),
  });
}

export function renderSummaryJson(s: BatchSummary): string {
  return stringifyJson(BatchSummarySchema.parse(s));
}

/** Plain text (staff terminals and CI logs alike): distribution bars, mistakes, error rows. */
export function renderSummaryTerminal(summary: BatchSummary): string {
  // Learner names and error messages come from learners' files: no escape sequence, and a name
  // holds no line break (a file named "x\nScore…" must not print a line of its own).
  const s = terminalSafe(summary);
  const out: string[] = [];
  const reused = s.reused ? `, ${s.reused} reused from an earlier run` : '';
  out.push(`wlgrade ${s.tool.version} · ${counted(s.learners, 'learner')} · suites: ${s.suites.join(', ')}${reused}`);
  // Two decimals at most for people (summary.json keeps the mean as computed).
  const shown = (v: number) => String(Math.round(v * 100) / 100);
  // Over the learners with a score (see summarize): one whose file was never graded is not a 0 here.
  const left = s.learners - s.graded;
  const over = left === 0 ? '' : ` (over ${s.graded} of ${s.learners} learners; ${left === 1 ? 'the other was' : `the other ${left} were`} not graded)`;
  if (s.score.mean !== null) out.push(`Score out of ${s.maxScore}${over}: mean ${shown(s.score.mean)}, median ${shown(s.score.median!)}, min ${s.score.min}, max ${s.score.max}`);
  if (s.distribution.length) {
    out.push('', 'Score distribution');
    const top = Math.max(...s.distribution.map((d) => d.learners));
    const w = Math.max(...s.distribution.map((d) => String(d.score).length));
    for (const d of s.distribution) out.push(`  ${String(d.score).padStart(w)}  ${'█'.repeat(Math.max(1, Math.round((d.learners / top) * 30)))} ${d.learners}`);
  }
  if (s.mistakes.length) {
    out.push('', 'Mistakes (learners, e.g.)');
    const w = Math.max(...s.mistakes.map((m) => m.id.length));
    for (const m of s.mistakes) out.push(`  ${m.id.padEnd(w)}  ${String(m.learners).padStart(3)}  e.g. ${terminalLine(unseen(m.sample))}`);
  }
  // A learner with a problem may still have had one function graded (its sentence says so), or
  // every case (a .py graded from its parseable pieces: 23/23 and a SyntaxError outside them).
  // Read from the rows as they are (not terminalSafe's copy): terminalLine spells a CR `\r`, as grade's progress line does.
  const errors = summary.rows.filter((r) => r.status === 'error');
  if (errors.length) {
    out.push('', `Not graded, or graded in part or in full despite a problem (${errors.length})`);
    for (const r of errors) out.push(`  ${terminalLine(unseen(r.learner))}: ${terminalLine((r.error ?? '').split('\n')[0]!)}`);
  }
  // The learners' reports tell them to have the file graded again or tell staff; what staff can do
  // (grade again; a faster machine, a longer limit) is said here, by how many learners each held.
  const advice: [code: NonNullable<BatchRow['problems']>[number], say: (n: number) => string][] = [
    ['SETUP_TIMEOUT', (n) => `${counted(n, 'learner', undefined, ['was', 'were'])} not graded in full because ${setupTimeoutStaffAdvice({ again: `running the same grade command again grades ${n === 1 ? 'that learner' : 'them'} again`, more: 'grade on a faster or less loaded machine, with fewer --jobs, or with a longer --timeout' })}`],
    ['LOAD_TIMEOUT', (n) => `${n === 1 ? "1 learner's file was not graded because its top level" : `${n} learners' files were not graded because their top levels`} did not finish loading within the limit (LOAD_TIMEOUT). ${loadTimeoutStaffAdvice({ again: `running the same grade command again grades ${n === 1 ? 'it' : 'them'} again (a second time-out of an unchanged file then counts 0, LOAD_TIMEOUT_AGAIN, so on a machine still busy grade with a longer --timeout instead)`, more: 'grade with a longer --timeout' })}`],
    // A second failure to load, a time-out, counts 0 (grade-suite's loadFailedAgainProblem; the first may
    // have been a crash): a heavy import on a machine busy both times does that too, and only staff can
    // tell; a longer --timeout grades them again.
    ['LOAD_TIMEOUT_AGAIN', (n) => `${counted(n, "learner's file", "learners' files")} did not load on two grade runs, the second time not within the limit (LOAD_TIMEOUT_AGAIN), and ${n === 1 ? 'counts' : 'count'} 0: if the machine was busy (a file that imports TensorFlow or PyTorch), grade with a longer --timeout, which grades ${n === 1 ? 'it' : 'them'} again.`],
    // An import no course machine can satisfy counts 0 (row-worth.ts), unlike a package wlgrade knows
    // that is missing here (IMPORT_ERROR, blank): staff hear which rows that is, and how to undo it.
    ['IMPORT_UNRESOLVABLE', (n) => `${n === 1 ? "1 learner's file imports" : `${n} learners' files import`} a module or name no grading machine has (no package wlgrade knows, such as a misspelt or made-up name, a slip of a name or submodule an installed module has, such as from numpy import arrray or import scipy.linalgg, a helper module of the course's workspace the case files do not declare (helpers:), or a file of the learner's own not handed in: IMPORT_UNRESOLVABLE), and ${n === 1 ? 'counts' : 'count'} 0 where every graded function needs it: if the course's machines do have that package (or a version of it with that submodule), install it here and grade with --force, which grades ${n === 1 ? 'it' : 'them'} again.`],
    // A crash while loading may be the machine's (an OOM kill): graded again, but a second one counts 0,
    // so staff hear it before they run the command again.
    ['LOAD_CRASH', (n) => `${n === 1 ? "1 learner's file was not graded because it" : `${n} learners' files were not graded because they`} ended the Python process while loading (LOAD_CRASH): running the same grade command again grades ${n === 1 ? 'it' : 'them'} again, and a second crash of an unchanged file then counts 0 (LOAD_CRASH_AGAIN), so if the machine ran out of memory (the problem says killed by signal SIGKILL), grade with fewer --jobs or on a machine with more memory.`],
    // A second crash while loading counts 0 too (grade-suite's loadFailedAgainProblem): an OOM kill on both runs looks the same.
    ['LOAD_CRASH_AGAIN', (n) => `${counted(n, "learner's file", "learners' files")} did not load on two grade runs, the second time ending the Python process (LOAD_CRASH_AGAIN), and ${n === 1 ? 'counts' : 'count'} 0: if the machine ran out of memory, or a package crashes on it (a TensorFlow or PyTorch build its processor cannot run: every file that imports it), fix that and grade with --force, which grades ${n === 1 ? 'it' : 'them'} again.`],
    // The runner's internal error: a bug in wlgrade, or learner code that sent the record (it can read
    // the run's token): graded again, and a second one counts 0 (grade-suite's loadFailedAgainProblem).
    ['INTERNAL_ERROR', (n) => `${counted(n, "learner's file", "learners' files", ['was', 'were'])} not graded because wlgrade's runner reported an internal error grading ${n === 1 ? 'it' : 'them'} (INTERNAL_ERROR): a bug in wlgrade, or code in the file that sent that report itself, as learner code can. Running the same grade command again grades ${n === 1 ? 'it' : 'them'} again, and a second one of an unchanged file then counts 0 (INTERNAL_ERROR_AGAIN): if the whole error, on grade's standard error, shows a bug in wlgrade, report it with the file and grade again once it is fixed.`],
    ['INTERNAL_ERROR_AGAIN', (n) => `${counted(n, "learner's file", "learners' files")} met an internal error of wlgrade's runner on two grade runs, unchanged (INTERNAL_ERROR_AGAIN), and ${n === 1 ? 'counts' : 'count'} 0, as a file that sends that error itself does: if "wlgrade check --sandbox bwrap" on a file shows a bug in wlgrade instead, report it with the file and, once it is fixed, grade with --force, which grades ${n === 1 ? 'it' : 'them'} again.`],
  ];
  for (const [code, say] of advice) {
    const n = s.rows.filter((r) => r.problems?.includes(code)).length;
    if (n > 0) out.push('', say(n));
  }
  return out.join('\n') + '\n';
}

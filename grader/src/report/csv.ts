/**
 * The gradebook: one row per learner, one column per case (points earned), RFC 4180 with CRLF
 * line ends, every text cell made safe against spreadsheet formula injection (escape.ts). A line
 * break inside a text cell (an error's, a file name's, a learner id's) is spelled out (`\n`, as
 * terminal lines show it): valid RFC 4180 either way, but `wc -l`, `grep` and `sort` count and cut
 * a raw one as a row of its own, a learner's row in two (batch 36).
 *
 * UTF-8, without a byte-order mark unless asked (`--bom`): Excel on Windows reads a CSV without one
 * in the locale's code page, so `García` shows as `GarcÃ­a`, while scripts (Python's csv module,
 * R's read.csv) read a mark as part of the first column's name, `\ufefflearner`.
 */
import type { BatchRow } from '../schema/batch.js';
import { csvCell, escapeLineBreaks } from './escape.js';
import { rowWorth } from './row-worth.js';

export interface CsvColumn {
  id: string;
  maxPoints: number;
}

export function renderGradesCsv(rows: BatchRow[], columns: CsvColumn[], opts: { bom?: boolean } = {}): string {
  const header = ['learner', 'status', 'score', 'max_score', ...columns.map((c) => c.id), 'mistakes', 'error', 'source'];
  const lines = [header.map((h) => csvCell(h)).join(',')];
  for (const r of rows) {
    // A file the machine never graded (no Python file, a time-out, a set-up time-out with the cases
    // it had left never run) has no score: blank, as export lms leaves it and summary.json's
    // statistics skip it, not the 0 (or the points so far) a spreadsheet would average or take for a
    // grade. Its error cell says why. A row with no case reached has no per-case points either.
    const ungraded = rowWorth(r) === 'ungraded';
    const cells: (string | number)[] = [
      r.learner,
      r.status,
      ungraded ? '' : (r.score ?? ''),
      r.maxScore,
      ...columns.map((c) => (ungraded ? '' : (r.cases[c.id] ?? ''))),
      r.mistakes.join(' '),
      r.error ?? '',
      r.source,
    ];
    lines.push(cells.map((c) => csvCell(typeof c === 'string' ? escapeLineBreaks(c) : c)).join(','));
  }
  return (opts.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}

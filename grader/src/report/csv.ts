/**
 * The gradebook: one row per learner, one column per case (points earned), RFC 4180 with CRLF
 * line ends, every text cell made safe against spreadsheet formula injection (escape.ts).
 *
 * UTF-8, without a byte-order mark unless asked (`--bom`): Excel on Windows reads a CSV without one
 * in the locale's code page, so `García` shows as `GarcÃ­a`, while scripts (Python's csv module,
 * R's read.csv) read a mark as part of the first column's name, `\ufefflearner`.
 */
import type { BatchRow } from '../schema/batch.js';
import { csvCell } from './escape.js';

export interface CsvColumn {
  id: string;
  maxPoints: number;
}

export function renderGradesCsv(rows: BatchRow[], columns: CsvColumn[], opts: { bom?: boolean } = {}): string {
  const header = ['learner', 'status', 'score', 'max_score', ...columns.map((c) => c.id), 'mistakes', 'error', 'source'];
  const lines = [header.map((h) => csvCell(h)).join(',')];
  for (const r of rows) {
    const cells: (string | number)[] = [
      r.learner,
      r.status,
      r.score,
      r.maxScore,
      // An error row has no per-case points: blank, not 0, so a spreadsheet average skips it.
      ...columns.map((c) => r.cases[c.id] ?? ''),
      r.mistakes.join(' '),
      r.error ?? '',
      r.source,
    ];
    lines.push(cells.map((c) => csvCell(c)).join(','));
  }
  return (opts.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}

/**
 * The gradebook: one row per learner, one column per case (points earned), RFC 4180 with CRLF
 * line ends, every text cell made safe against spreadsheet formula injection (escape.ts).
 */
import type { BatchRow } from '../schema/batch.js';
import { csvCell } from './escape.js';

export interface CsvColumn {
  id: string;
  maxPoints: number;
}

export function renderGradesCsv(rows: BatchRow[], columns: CsvColumn[]): string {
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
  return lines.join('\r\n') + '\r\n';
}

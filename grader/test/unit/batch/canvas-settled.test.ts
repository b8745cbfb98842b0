/**
 * Stop 34 left: whether a doubtful Canvas entry's other reading can be Canvas's (canvasMayRead) was
 * weighed against every entry that reads one way only, once per doubtful entry: quadratic in a
 * download's attachments, minutes at MOOC size. The settled entries are now gathered once
 * (canvasSettled). The work is counted here (reads of the settled readings' fields), never timed,
 * and the answers are checked against the old rule, written out below, on many random downloads.
 */
import { describe, expect, it } from 'vitest';
import { canvasMayRead, canvasSettled, type CanvasReading } from '../../../src/batch/discover.js';
import { rng } from '../../helpers/rng.js';

/** The rule as it stood, one settled reading at a time. */
function mayReadByScan(r: CanvasReading, settled: CanvasReading[]): boolean {
  if (/^0/.test(r.id) || /^0/.test(r.att)) return false;
  if (settled.some((s) => (s.id === r.id && s.prefix !== r.prefix) || s.att === r.att)) return false;
  if (settled.length === 0) return true;
  const lengths = settled.map((s) => s.att.length);
  return r.att.length >= Math.min(...lengths) - 1 && r.att.length <= Math.max(...lengths) + 1;
}

/** A reading whose fields count each time they are read, into `reads`. */
function counted(r: CanvasReading, reads: { n: number }): CanvasReading {
  const out = {} as CanvasReading;
  for (const k of ['id', 'att', 'file', 'prefix'] as const) {
    Object.defineProperty(out, k, { enumerable: true, get: () => (reads.n++, r[k]) });
  }
  return out;
}

describe('canvasMayRead', () => {
  it('reads each settled entry a bounded number of times, however many entries are weighed against them', () => {
    const n = 20_000;
    const reads = { n: 0 };
    const settled = Array.from({ length: n }, (_, i) => counted({ id: String(10_000 + i), att: String(7_000_000 + i), file: 'hw.py', prefix: `learner${i}` }, reads));
    const index = canvasSettled(settled);
    const built = reads.n;
    let yes = 0;
    for (let i = 0; i < n; i++) if (canvasMayRead({ id: String(50_000 + i), att: String(8_000_000 + i), file: 'hw.py', prefix: `other${i}` }, index)) yes++;
    expect(yes).toBe(n);
    // Gathering reads each settled entry's fields once; weighing reads none of them again
    // (the scan read 3 fields of each of the 20,000 per entry weighed: 1.2 billion; 12 million at 2,000).
    expect(built).toBeLessThanOrEqual(4 * n);
    expect(reads.n).toBe(built);
  });

  it('answers as the scan over every settled entry did, on random downloads', () => {
    const next = rng(35).next; // mulberry32, the same sequence as the copy each file had
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const digits = () => pick(['0', '1', '7', '12', '99', '555', '7001', '7002', '01', '123456', '1234567', '0042']);
    const reading = (): CanvasReading => ({ id: digits(), att: digits(), file: 'hw.py', prefix: pick(['john', 'jane', 'roejohn', 'x']) });
    let checked = 0;
    for (let round = 0; round < 400; round++) {
      const settled = Array.from({ length: Math.floor(next() * 6) }, reading);
      const index = canvasSettled(settled);
      for (let k = 0; k < 25; k++) {
        const r = reading();
        expect(canvasMayRead(r, index), JSON.stringify({ r, settled })).toBe(mayReadByScan(r, settled));
        checked++;
      }
    }
    expect(checked).toBe(10_000);
  });
});

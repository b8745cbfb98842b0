import { describe, expect, it } from 'vitest';
import { formatDuration, progressTokens, WINDOW, type ProgressState } from '../../../src/batch/progress.js';

/** A batch of `total` learners started at t=0, `finished` at the given seconds. */
const at = (over: Partial<ProgressState> & { secs?: number[] }): ProgressState => {
  const finished = (over.secs ?? []).map((s) => s * 1000);
  return { total: 100, done: finished.length, started: 0, finished, now: 0, ...over };
};

describe('progressTokens', () => {
  it('gives no rate and no ETA before any learner is graded, however long the first takes', () => {
    expect(progressTokens(at({ now: 0 }))).toEqual({ rate: '-', eta: '-' });
    expect(progressTokens(at({ now: 60_000 }))).toEqual({ rate: '-', eta: '-' });
  });

  it('gives no ETA until a few learners are graded and a little time has passed', () => {
    expect(progressTokens(at({ secs: [1, 1.5], now: 3000 })).eta).toBe('-');
    // Three learners of one job each, all at once: too early to say.
    expect(progressTokens(at({ secs: [0.5, 0.5, 0.5], now: 600 })).eta).toBe('-');
    // 4 learners in 4 s: 1/s, 96 left.
    expect(progressTokens(at({ secs: [1, 2, 3, 4], now: 4000 }))).toEqual({ rate: '1.0/s', eta: '~1m 36s' });
  });

  it('lets the ETA grow while no learner finishes, and says how long none has when that is far longer than learners took (one running into its time-out)', () => {
    const secs = [1, 2, 3, 4];
    const etas = [4000, 8000, 80_000].map((now) => progressTokens(at({ secs, now })));
    expect(etas.map((t) => t.rate)).toEqual(['1.0/s', '0.5/s', '3.0/min']);
    expect(etas.map((t) => t.eta)).toEqual(['~1m 36s', '~3m 12s', '- (none finished for 1m 16s)']);
    // Learners 10 s apart: 12 s without one is no stall; 51 s is.
    const slow = [10, 20, 30, 40];
    expect(progressTokens(at({ secs: slow, now: 52_000 })).eta).toBe('~20m 48s');
    expect(progressTokens(at({ secs: slow, now: 91_000 })).eta).toBe('- (none finished for 51s)');
  });

  it('does not count learners reused from an earlier run (instant) in the rate', () => {
    // 50 reused at once, then 4 graded in 4 s: 46 left at 1/s, not 54 learners in 4 s.
    const t = progressTokens({ total: 100, done: 54, started: 0, finished: [1000, 2000, 3000, 4000], now: 4000 });
    expect(t).toEqual({ rate: '1.0/s', eta: '~46s' });
  });

  it(`measures the rate over the last ${WINDOW} learners graded, so a slow start does not weigh on the end`, () => {
    // 10 learners in the first 100 s (a cold cache), then one every 0.5 s.
    const secs = [...Array.from({ length: 10 }, (_, i) => (i + 1) * 10), ...Array.from({ length: 40 }, (_, i) => 100 + (i + 1) * 0.5)];
    const t = progressTokens(at({ secs, now: 120_000 }));
    expect(t).toEqual({ rate: '2.0/s', eta: '~25s' });
  });

  it('says 0s when every learner is done', () => {
    expect(progressTokens(at({ total: 4, secs: [1, 2, 3, 4], now: 4000 })).eta).toBe('0s');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.2, '1s'],
    [45, '45s'],
    [59.6, '1m 00s'],
    [200, '3m 20s'],
    [3599, '59m 59s'],
    [3600, '1h 00m'],
    [3900, '1h 05m'],
    [90_000, '25h 00m'],
  ])('%s s is %s', (secs, text) => {
    expect(formatDuration(secs)).toBe(text);
  });
});

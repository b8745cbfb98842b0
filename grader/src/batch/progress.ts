/**
 * The progress bar's rate and ETA, pure. cli-progress's own ETA divided what was left by the mean
 * rate so far and was only redrawn when a learner finished: at 0/N it said "ETA 0s", learners
 * reused from an earlier run (instant) made the rest look instant, and while a learner ran into
 * its time-out the line kept the ETA of the last learner that finished.
 *
 * Here the rate counts only learners graded in this run, over the last WINDOW of them, and runs
 * to `now` (not to the last one that finished): while nothing finishes the rate falls and the ETA
 * grows, as it should. No ETA is given until MIN_GRADED learners are graded and MIN_MS have
 * passed: the first learners finish together (one per job) and say little about the rest. When
 * none has finished for much longer than they took so far, it says for how long instead.
 */
export const WINDOW = 20;
export const MIN_GRADED = 3;
export const MIN_MS = 2000;
/** No learner finished for this long, and STALL_GAPS times the mean gap between them: a stall. */
export const STALL_MS = 5000;
export const STALL_GAPS = 5;

export interface ProgressState {
  total: number;
  /** Learners done, reused ones included. */
  done: number;
  /** When the batch started grading (ms). */
  started: number;
  /** When each learner graded in this run (not reused) finished (ms), in order. */
  finished: readonly number[];
  now: number;
}

/** `rate` (learners a second, or "-" before any was graded) and `eta` ("-" until it means something). */
export function progressTokens(s: ProgressState): { rate: string; eta: string } {
  const n = Math.min(WINDOW, s.finished.length);
  const from = s.finished.length > WINDOW ? s.finished[s.finished.length - WINDOW - 1]! : s.started;
  const secs = Math.max(0.001, (s.now - from) / 1000);
  const rate = n / secs;
  const left = Math.max(0, s.total - s.done);
  const rateText = n === 0 ? '-' : rate >= 0.1 ? `${rate.toFixed(1)}/s` : `${(rate * 60).toFixed(1)}/min`;
  if (left === 0) return { rate: rateText, eta: '0s' };
  if (s.finished.length < MIN_GRADED || s.now - s.started < MIN_MS || rate <= 0) return { rate: rateText, eta: '-' };
  // Nothing finished for much longer than learners took so far: the learners running may be
  // heading for their time-out, which no rate predicts. Say how long it has been instead.
  const last = s.finished[s.finished.length - 1]!;
  const gap = (last - from) / n;
  if (s.now - last > Math.max(STALL_MS, STALL_GAPS * gap)) return { rate: rateText, eta: `- (none finished for ${formatDuration((s.now - last) / 1000)})` };
  return { rate: rateText, eta: `~${formatDuration(left / rate)}` };
}

/** 45s, 3m 20s, 1h 05m: as precise as an estimate deserves. */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Names a test that holds its worker's event loop for long (vitest setupFiles). A worker answers
 * vitest's main process over an RPC whose calls time out after 60 s (vitest 3's birpc, not
 * configurable): a test whose synchronous work runs past that, as it may on a loaded machine,
 * fails the run with "Timeout calling onTaskUpdate" though every test passed, and the error names no
 * test. This prints the test instead, so its loop can be split (awaiting between chunks) or its
 * cost cut. It asserts nothing: a diagnostic on stderr, never a timed assertion.
 */
import { afterEach, beforeEach, expect } from 'vitest';

const WARN_MS = 20_000;
// Taken at load, before any test fakes the clock or the timers.
const now = performance.now.bind(performance);
const every = setInterval;

let last = now();
let worst = 0;
every(() => {
  const t = now();
  worst = Math.max(worst, t - last);
  last = t;
}, 250).unref();

beforeEach(() => {
  last = now();
  worst = 0;
});

afterEach(() => {
  const held = Math.round(Math.max(worst, now() - last));
  if (held > WARN_MS) {
    const { testPath, currentTestName } = expect.getState();
    process.stderr.write(`[block-watch] ${testPath ?? '?'} > ${currentTestName ?? '?'} held its worker's event loop for ${held} ms at once (vitest's RPC times out at 60,000 ms)\n`);
  }
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['grader/test/**/*.test.ts'],
    // Names a test that holds its worker's event loop for over 20 s (vitest's RPC to the main
    // process times out at 60 s and fails the run without naming the test).
    setupFiles: ['grader/test/helpers/block-watch.ts'],
    // e2e tests start Python processes; the adversarial ones wait for limits to trip.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests spawn their own subprocesses: two workers keep a 2-core machine responsive.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});

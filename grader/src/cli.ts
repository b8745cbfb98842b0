#!/usr/bin/env node
/**
 * wlgrade's entry: starts the probes `check` and `grade` will need (probes.ts), then loads the
 * command line (main.ts). The probes run while Node loads and compiles the rest, which takes about
 * as long: a `check` waits for the longer of the two instead of their sum.
 */
import { startEarlyProbes } from './probes.js';

startEarlyProbes(process.argv.slice(2), process.env);
await import('./main.js');

// tsc drops the executable bit; the bin entry must stay runnable as ./dist/grader/src/cli.js.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/grader/src/cli.js', import.meta.url), 0o755);

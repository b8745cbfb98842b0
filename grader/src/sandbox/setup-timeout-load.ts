/**
 * A load that stopped at the frameworks' import (SETUP_TIMEOUT), named once for run-submission.ts,
 * which makes it, and the pure grading core, which reads it: a module of types and one guard, so
 * grade/ imports no process code.
 */
import type { LoadOutcome } from './run-submission.js';

/** A load that stopped at the frameworks' import, past its own limit (SETUP_TIMEOUT). */
export type SetupTimeoutLoad = Extract<LoadOutcome, { fatal: 'setup-timeout' }>;

/** Whether a run's load stopped at the frameworks' import, past its own limit (SETUP_TIMEOUT). */
export function isSetupTimeout(load: LoadOutcome): load is SetupTimeoutLoad {
  return !load.ok && 'fatal' in load && load.fatal === 'setup-timeout';
}

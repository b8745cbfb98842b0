/**
 * Errors the user can fix (a bad path, a bad case file, no python): one sentence, no stack, exit 2.
 * Anything else that escapes is a bug in wlgrade, and cli.ts prints its stack.
 */
export const ERROR_CODES = [
  'USAGE',
  'SUBMISSION_NOT_FOUND',
  'SUBMISSION_INVALID',
  'CASES_NOT_FOUND',
  'CASES_INVALID',
  'PYTHON_NOT_FOUND',
  'NUMPY_MISSING',
  'SANDBOX_UNAVAILABLE',
  'OUTPUT_UNWRITABLE',
  'BATCH_INVALID',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class GraderError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GraderError';
  }
}

export function isGraderError(e: unknown): e is GraderError {
  return e instanceof GraderError;
}

import { escapeLineBreaks } from './report/escape.js';

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
  'FRAMEWORK_MISSING',
  'SANDBOX_UNAVAILABLE',
  'OUTPUT_UNWRITABLE',
  /** Another run (grade or merge) is writing into the --out folder. */
  'OUTPUT_IN_USE',
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

/**
 * GraderErrors of the grader's set-up that every submission would meet alike (the case file asks
 * for tensors of a framework this Python lacks): `grade` and `validate` stop on them (exit 2)
 * instead of giving each learner or sample the same error.
 */
export function isSetupError(e: unknown): boolean {
  return isGraderError(e) && e.code === 'FRAMEWORK_MISSING';
}

export function isGraderError(e: unknown): e is GraderError {
  return e instanceof GraderError;
}

/** What the file system's commonest refusals mean, for a sentence a user reads. */
const FS_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a file stands where a folder must be',
  EISDIR: 'it is a folder, not a file',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'over the disk quota',
  EROFS: 'a read-only file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'a name too long',
  ELOOP: 'a loop of symbolic links',
  ENFILE: 'too many open files on this machine',
  EIO: 'an input/output error of the disk',
  ENOMEM: 'out of memory',
};

/**
 * The machine's own failures, not any one learner's files': a full disk or quota, too many open
 * files, a read-only or failing disk, no memory. Every learner after would meet them too, so a
 * batch stops on them (machineStop) rather than give each learner a row.
 */
const MACHINE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EROFS', 'EIO', 'ENOMEM']);
export const isMachineError = (e: unknown): e is NodeJS.ErrnoException => MACHINE_CODES.has(String((e as NodeJS.ErrnoException | undefined)?.code));

/**
 * A file's own refusal to be read (gone since it was listed, no permission, a folder, a loop of
 * links, a name that is not UTF-8 or too long): that file is unreadable, and a caller may say so and
 * go on. Anything else (a bug, the machine's error) is not the file's, and goes up as it is.
 */
const UNREADABLE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'ENOTDIR', 'ENAMETOOLONG', 'EILSEQ']);
export const isUnreadable = (e: unknown): boolean => typeof (e as NodeJS.ErrnoException | undefined)?.errno === 'number' && UNREADABLE_CODES.has(String((e as NodeJS.ErrnoException).code));

/** What staff do about each machine error (isMachineError). */
const MACHINE_FIX: Record<string, string> = {
  ENOSPC: 'free space on that disk, or give --out on another disk',
  EDQUOT: 'free space within your quota, or give --out on another disk',
  EMFILE: 'raise the limit of open files (ulimit -n 4096) or grade with fewer --jobs',
  ENFILE: "close other programs or raise the system's limit of open files (fs.file-max), or grade with fewer --jobs",
  EROFS: 'give --out on a disk that can be written',
  EIO: 'check that disk (the system log, dmesg, says more)',
  ENOMEM: 'free memory or grade with fewer --jobs',
};

/**
 * A machine error (isMachineError) met while `doing` ("reading export/alice"), as the one sentence
 * that stops the command: what failed, where (the error's path), and what to do.
 */
export function machineStop(e: NodeJS.ErrnoException, doing: string): GraderError {
  const where = typeof e.path === 'string' ? ` at ${escapeLineBreaks(e.path)}` : '';
  return new GraderError(
    e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'EROFS' ? 'OUTPUT_UNWRITABLE' : 'BATCH_INVALID',
    `Grading stopped while ${doing}: ${fsReason(e)}${where}, a problem of this machine's, not of any learner's files; ${MACHINE_FIX[e.code!]}, and grade again.`,
  );
}

/**
 * Why a file operation failed, for a one-sentence error: the system's code and what it means
 * ("ENOTDIR: a file stands where a folder must be"), or the error's own message when it has no code.
 */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return FS_WORDS[code] ? `${code}: ${FS_WORDS[code]}` : code;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The row's error for a file or folder that vanished between listing and opening because its name
 * is not UTF-8: node reads such a name with U+FFFD for the bytes it cannot decode (an LMS zip of
 * Latin-1 or CP437 names unpacked by a tool that keeps the bytes), and no file has the name read.
 * Undefined for any other failure.
 */
export function undecodedName(shown: string, e: unknown): string | undefined {
  if ((e as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT' || !shown.includes('\uFFFD')) return undefined;
  return `Cannot open ${shown}: its name is not UTF-8 (bytes of another encoding, as an archive unpacked on Linux can leave them), so it cannot be opened by the name read; rename it to a UTF-8 name (convmv -f latin1 -t utf-8 -r --notest on the folder renames them all) and grade again.`;
}

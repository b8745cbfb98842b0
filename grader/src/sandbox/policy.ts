/**
 * The sandbox policy in one place: resource limits with their defaults, and the environment
 * learner code is allowed to see.
 */
import { z } from 'zod';

export const SandboxModeSchema = z.enum(['bwrap', 'process']);
export type SandboxMode = z.infer<typeof SandboxModeSchema>;

export const LimitsSchema = z.strictObject({
  /** Wall time for one call of a learner function (ms). A cold TensorFlow import is not a call. */
  callMs: z.number().int().positive().default(10_000),
  /** Wall time for the whole submission: imports, top-level code and every call (ms). */
  runMs: z.number().int().positive().default(60_000),
  /** CPU seconds for the whole Python process. */
  cpuSeconds: z.number().int().positive().default(60),
  /** Address-space limit for the Python process (MiB). TensorFlow alone maps ~2 GiB. */
  memoryMb: z.number().int().positive().default(4096),
  /** Processes and threads the learner may have at once (threads count: numpy/BLAS start some). */
  processes: z.number().int().positive().default(64),
  /** Largest file the learner may write (MiB), in its private temp dir. */
  fileSizeMb: z.number().int().positive().default(16),
  openFiles: z.number().int().positive().default(256),
  /** Bytes of the learner's stdout and of its stderr kept for the report. */
  outputKeptBytes: z.number().int().positive().default(16 * 1024),
  /** Past this many bytes on stdout+stderr the run is stopped as "output limit". */
  outputMaxBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** Largest number of elements of a returned array that is sent back with its values (a larger
   * one comes back as its shape only: no answer of the assignment is that big, and a million
   * values per case stalled the grader for seconds, long enough for other learners' calls to
   * time out). */
  maxResultElements: z.number().int().positive().default(100_000),
});
export type Limits = z.infer<typeof LimitsSchema>;
export const DEFAULT_LIMITS: Limits = LimitsSchema.parse({});

/**
 * The only variables learner code sees. Thread counts are pinned so one submission does not
 * spread over every core while a batch runs others in parallel.
 */
export function sandboxEnv(home: string, from: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {
    PATH: from.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
    TF_CPP_MIN_LOG_LEVEL: '3',
    TF_ENABLE_ONEDNN_OPTS: '0',
    KERAS_BACKEND: 'tensorflow',
    MPLBACKEND: 'Agg',
  };
  // Where the learner's python finds its packages (a venv or conda env is found from the
  // interpreter's own path; these cover a PYTHONPATH-based setup).
  for (const key of ['PYTHONPATH', 'VIRTUAL_ENV', 'CONDA_PREFIX']) {
    const v = from[key];
    if (v) env[key] = v;
  }
  return env;
}

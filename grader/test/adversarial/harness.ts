/**
 * Runs a hostile fixture through the real grading path (runSubmission + gradeSuite) in a given
 * sandbox mode, with tight limits so every attack is bounded in CI. Fixtures are templates:
 * {{TOKEN}}, {{MARK}}, {{PORT}}, {{TARGETS}} are filled in per test.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeSubmission, resolveSubmission } from '../../src/grade-submission.js';
import { createPool, type Pool } from '../../src/pool/create-pool.js';
import { PUBLIC_SUITE } from '../../src/paths.js';
import { withFeedback } from '../../src/report/feedback.js';
import { probeBwrap } from '../../src/sandbox/detect.js';
import { DEFAULT_LIMITS, type Limits, type SandboxMode } from '../../src/sandbox/policy.js';
import { GradeReportSchema, type GradeReport } from '../../src/schema/report.js';
import { loadSuite, type Suite } from '../../src/suite/load-suite.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A secret in the grader's environment: it must never reach a report. */
export const ENV_SECRET = 'envsecret-' + randomBytes(8).toString('hex');
process.env.WLGRADE_TEST_SECRET = ENV_SECRET;

export const TEST_LIMITS: Limits = {
  ...DEFAULT_LIMITS,
  callMs: 3_000,
  runMs: 40_000,
  cpuSeconds: 20,
  memoryMb: 1024,
  processes: 32,
  fileSizeMb: 4,
  openFiles: 128,
  outputMaxBytes: 1024 * 1024,
};

export const probe = await probeBwrap();
export const isRoot = process.geteuid?.() === 0;
/** Each sandbox mode, graded cold (a Python per submission) and on the warm pool (a fork per submission). */
export const MODES: Array<{ mode: SandboxMode; pool: boolean; via: string; skip: string | false }> = [
  { mode: 'bwrap', pool: false, via: 'cold', skip: probe.ok ? false : `bwrap unavailable: ${probe.reason}` },
  { mode: 'process', pool: false, via: 'cold', skip: false },
  { mode: 'bwrap', pool: true, via: 'warm pool', skip: probe.ok ? false : `bwrap unavailable: ${probe.reason}` },
  { mode: 'process', pool: true, via: 'warm pool', skip: false },
];

const pools = new Map<SandboxMode, Pool>();
/** One single-worker pool per sandbox mode, shared by that mode's tests (they run one at a time). */
function poolFor(mode: SandboxMode): Pool {
  let p = pools.get(mode);
  if (!p) pools.set(mode, (p = createPool({ size: 1 })));
  return p;
}
export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.close()));
  pools.clear();
}
for (const m of MODES) if (m.skip) console.warn(`adversarial: skipping the ${m.mode} variant (${m.skip})`);

let suite: Suite | undefined;
/**
 * Three cases of compute_class_freqs (where the fixtures attack: one case fails and the next is
 * still graded; two hangs and the third is skipped) and two of weighted_loss.
 */
async function smallSuite(): Promise<Suite> {
  if (!suite) {
    const full = await loadSuite([PUBLIC_SUITE]);
    const freqs = full.cases.filter((c) => c.function === 'compute_class_freqs').slice(0, 3);
    const loss = full.cases.filter((c) => c.function === 'weighted_loss' && c.framework !== 'tensorflow' && c.framework !== 'torch').slice(0, 2);
    suite = { ...full, cases: [...freqs, ...loss] };
  }
  return suite;
}

export interface Graded {
  report: GradeReport;
  /** The whole report as JSON, to search for leaks. */
  text: string;
  token: string;
  dir: string;
}

export async function gradeFixture(
  name: string,
  mode: SandboxMode,
  o: { limits?: Partial<Limits>; subst?: Record<string, string>; dir?: string; pool?: boolean; suite?: Suite; python?: string; keras?: 'shim' | 'real' } = {},
): Promise<Graded> {
  const token = 'wlgtok' + randomBytes(8).toString('hex');
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'wlgrade-adv-')));
  let src = await readFile(join(FIXTURES, name), 'utf8');
  for (const [k, v] of Object.entries({ TOKEN: token, ...o.subst })) src = src.split(`{{${k}}}`).join(v);
  const path = join(dir, name);
  await writeFile(path, src);
  const report = await gradeSubmission(await resolveSubmission(path), o.suite ?? (await smallSuite()), {
    python: o.python ?? process.env.WLGRADE_PYTHON ?? 'python3',
    sandbox: mode,
    limits: { ...TEST_LIMITS, ...o.limits },
    keras: o.keras ?? 'shim',
    version: 'test',
  }, o.pool ? poolFor(mode).run : undefined);
  // As every output shows it: notes that carry their fix apart (FixedNote) become sentences.
  const parsed = GradeReportSchema.parse(withFeedback(report, 'full'));
  return { report: parsed, text: JSON.stringify(parsed), token, dir };
}

export const cleanup = (dir: string) => rm(dir, { recursive: true, force: true });

/** Processes whose command line holds the token (the fixtures put it there). */
export async function survivors(token: string): Promise<string> {
  const r = await execa('pgrep', ['-af', token], { reject: false });
  return String(r.stdout).trim();
}

export const pyStr = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
export const pyList = (xs: string[]) => `[${xs.map(pyStr).join(', ')}]`;
export const statuses = (r: GradeReport) => Object.fromEntries(r.cases.map((c) => [c.id, c.status]));

/**
 * Every sample in submissions/ gets exactly the verdict its manifest entry promises: status,
 * score and the set of mistake ids (none for a correct sample). Graded in-process through the
 * real sandbox runner; the CLI itself is covered by check.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gradeSubmission, resolveSubmission } from '../../src/grade-submission.js';
import { PACKAGE_ROOT, PUBLIC_SUITE } from '../../src/paths.js';
import { DEFAULT_LIMITS } from '../../src/sandbox/policy.js';
import { MistakeIdSchema } from '../../src/schema/report.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { hasModule } from '../helpers/python.js';

const ManifestSchema = z.strictObject({
  samples: z.array(
    z.strictObject({
      file: z.string(),
      status: z.enum(['passed', 'failed', 'error']),
      score: z.number(),
      mistakes: z.array(MistakeIdSchema),
      requires: z.array(z.string()).default([]),
      note: z.string().optional(),
    }),
  ),
});

const manifest = ManifestSchema.parse(parse(readFileSync(join(PACKAGE_ROOT, 'submissions', 'manifest.yaml'), 'utf8')));
const python = process.env.WLGRADE_PYTHON ?? 'python3';

const suitePromise = loadSuite([PUBLIC_SUITE]);

describe('manifest', () => {
  it('has one mistake sample per catalogued mistake id', () => {
    const named = new Set(manifest.samples.filter((s) => s.file.startsWith('mistakes/')).flatMap((s) => s.mistakes));
    expect([...named].sort()).toEqual([...MistakeIdSchema.options].sort());
  });
});

describe.concurrent('samples', () => {
  for (const s of manifest.samples) {
    const missing = s.requires.filter((m) => !hasModule(m, python));
    const title = missing.length ? `${s.file} — SKIPPED: ${missing.join(', ')} not installed for ${python}` : s.file;
    it.skipIf(missing.length > 0)(title, async () => {
      const suite = await suitePromise;
      const sub = await resolveSubmission(join(PACKAGE_ROOT, 'submissions', s.file));
      const report = await gradeSubmission(sub, suite, { python, sandbox: 'process', limits: DEFAULT_LIMITS, keras: 'shim', version: 'test' });
      expect({ status: report.status, score: report.score, mistakes: report.mistakes.map((m) => m.id).sort() }).toEqual({
        status: s.status,
        score: s.score,
        mistakes: [...s.mistakes].sort(),
      });
      if (s.status === 'passed') expect(report.cases.every((c) => c.mistakes.length === 0)).toBe(true);
    });
  }
});

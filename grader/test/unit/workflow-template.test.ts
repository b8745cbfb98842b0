/**
 * templates/github-workflow.yml grades for marks (GitHub Classroom points) on a runner where learner
 * code in a plain process could rewrite what the later steps read: every run of wlgrade in it must
 * ask for the bwrap sandbox (which fails instead of falling back) on a runner that has it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';

const workflow = parse(readFileSync(join(PACKAGE_ROOT, 'templates', 'github-workflow.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runs = steps.flatMap((s) => (s.run ?? '').split('\n')).map((l) => l.trim());

describe('the GitHub Classroom workflow template', () => {
  it('installs bubblewrap before the first wlgrade check', () => {
    const install = runs.findIndex((l) => /apt-get install .*bubblewrap/.test(l));
    const firstCheck = runs.findIndex((l) => /\bcheck\b/.test(l) && l.includes('$SUBMISSION'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(firstCheck).toBeGreaterThan(install);
  });

  it('runs every check of the learner\'s file with --sandbox bwrap (no plain-process fall-back), the classroom one included', () => {
    const checks = runs.filter((l) => /\bcheck\b/.test(l) && l.includes('$SUBMISSION'));
    expect(checks.map((l) => l.match(/--format (\w+)/)?.[1])).toEqual(['github', 'classroom', 'junit']);
    for (const l of checks) expect(l).toContain('--sandbox bwrap');
  });
});

/**
 * The CI recipes the docs give for staff grading (a GitHub Actions job, in a ```yaml block of
 * README.md or docs/) must run as written on a hosted runner. `grade` and `gradescope` grade for
 * marks only inside bwrap (or with --sandbox process, said on purpose), and a runner has neither
 * bubblewrap nor numpy: docs/performance.md's shard matrix ran `wlgrade grade` on a bare
 * ubuntu-latest, which stops with "bwrap is not available" before grading anyone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

const pages = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** Each GitHub Actions job (a `runs-on:` and the steps under it) of every ```yaml block of `md`. */
function actionJobs(md: string): string[] {
  const blocks = [...md.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split(/^(?=\s+[\w-]+:\s*\n\s+(?:strategy|runs-on|needs):)/m)).filter((j) => /runs-on:/.test(j));
}

describe('staff CI recipes in the docs', () => {
  const jobs = pages.flatMap((page) => actionJobs(readFileSync(join(PACKAGE_ROOT, page), 'utf8')).map((job) => [page, job] as const));

  it('are found (the shard matrix at least)', () => expect(jobs.some(([, j]) => /(?:wlgrade|cli\.js) grade .*--shard/.test(j))).toBe(true));

  it.each(jobs.filter(([, j]) => /(?:wlgrade|cli\.js) (grade|gradescope)\b/.test(j)))('%s: a job that grades installs bubblewrap and numpy, or says --sandbox process', (_, job) => {
    if (/--sandbox process/.test(job)) return;
    expect(job).toMatch(/apt-get install[^\n]*bubblewrap/);
    expect(job).toMatch(/numpy/);
  });
});

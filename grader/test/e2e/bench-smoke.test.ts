/** `npm run bench -- --quick` runs end to end and writes its JSON. A smoke run: no timing is asserted. */
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

it('bench --quick measures every mode and writes bench-results.json', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wlgrade-bench-test-'));
  try {
    const out = join(dir, 'bench-results.json');
    const r = await execa(process.execPath, [join(ROOT, 'dist', 'grader', 'bench', 'bench.js'), '--quick', '--n', '12', '--out', out], { cwd: ROOT, reject: false, timeout: 300_000 });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toMatch(/\(a\) warm pool/);
    const json = JSON.parse(await readFile(out, 'utf8'));
    expect(json.quick).toBe(true);
    for (const k of ['pool', 'cold', 'plain']) {
      expect(json[k].submissions).toBeGreaterThan(0);
      expect(json[k].perSecond).toBeGreaterThan(0);
      expect(json[k].peakRssMb).toBeGreaterThan(0);
      // Node's own CPU per submission (issue #7: the grader's share), the RSS sampler's left out.
      expect(json[k].nodeCpuMs).toBeGreaterThan(0);
    }
    expect(typeof json.ratios.poolOverCold).toBe('number');
    expect(json.check.processMs).toBeGreaterThan(0);
    // Timed on a sample notebook that check grades (exit 0 or 1): null is a measure that failed.
    expect(json.check.notebookMs).toBeGreaterThan(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

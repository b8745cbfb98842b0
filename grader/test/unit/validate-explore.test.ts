import { it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { validateSuite } from '../../src/validate/validate-suite.js';
it('explore', async () => {
  const suite = await loadSuite(['/work/main/cases/public.yaml'], '/work/main');
  const r = validateSuite({ files: [{ file: 'cases/public.yaml', ok: true, suite }], version: 'x' });
  for (const c of r.cases) console.log(c.id.padEnd(34), String(c.float32Drift).slice(0,8).padEnd(9), c.catches.length, c.names.length, c.margin ? c.margin.units.toExponential(2)+' '+c.margin.mistake : '-');
  for (const f of r.findings) console.log(f.kind, f.message);
  for (const n of r.notes) console.log('NOTE', n);
  for (const m of r.mistakes) for (const v of m.variants) console.log(m.id, v.label, 'caught', v.caughtBy.length, 'diag', v.diagnosed.join(','), 'named', v.namedBy.length);
});

import { it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { MISTAKES } from '../../../reference/mistakes/index.js';
import { validateSuite } from '../../src/validate/validate-suite.js';
it('explore', async () => {
  const suite = await loadSuite(['/work/main/cases/public.yaml'], '/work/main');
  const run = (name: string, keep: (c: any) => boolean) => {
    const s = { ...suite, cases: suite.cases.filter(keep) };
    const r = validateSuite({ files: [{ file: name, ok: true, suite: s }], version: 'x' });
    console.log('==', name, r.findings.length);
    for (const f of r.findings) console.log(f.kind, f.message.slice(0, 200));
  };
  const exact = (c: any) => c.inputs.fn === 'weighted_loss' && c.inputs.yPred.some((r: number[]) => r.some((p) => p === 0 || p === 1));
  run('no-exact', (c) => !exact(c));
  run('no-eps', (c) => c.inputs.fn !== 'weighted_loss' || c.inputs.epsilon === 1e-7);
  const orig = MISTAKES['loss-hardcoded-classes'].loss!;
  (MISTAKES['loss-hardcoded-classes'] as any).loss = (s: any, { c }: any) => { const ks = new Set<number>([3, 14]); for (let k = 1; k <= c; k++) ks.add(k); return [...ks].map((k) => ({ ...s, classes: { kind: 'first', k } })); };
  run('fixed', () => true);
  run('fixed-no-exact', (c) => !exact(c));
  (MISTAKES['loss-hardcoded-classes'] as any).loss = orig;
});

/**
 * A named mistake says where it is (runner.fix_sites, grade/sites.ts), end to end: the sandbox
 * reads the sites, the grader picks the line and reads its text from the file.
 */
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { runCli } from '../helpers/cli.js';

describe('check: the site of a named mistake', () => {
  it('a .py: the line in the terminal and on the GitHub annotation', async () => {
    const text = await runCli(['check', 'submissions/mistakes/loss-sum-not-mean.py']);
    expect(text.stdout).toContain('    at line 14: `loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)`\n    Fix: ');
    const github = await runCli(['check', 'submissions/mistakes/loss-sum-not-mean.py', '--format', 'github']);
    expect(github.stdout).toMatch(/^::error file=[^,\n]*loss-sum-not-mean\.py,line=14,title=Mistake%3A loss-sum-not-mean::/m);
  });
  it('a notebook: cell and line, with the text from the cell', async () => {
    const r = await runCli(['check', '--json', 'submissions/notebooks/keras-loss-mean-over-classes.ipynb']);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.mistakes.find((m) => m.id === 'loss-mean-over-classes')!.location).toEqual({ line: 28, cell: 17, text: 'loss = K.mean(-(pos_weights * y_true * K.log(y_pred + epsilon)' });
  });
});

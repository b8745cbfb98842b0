/**
 * A named mistake says where it is (runner.fix_sites, grade/sites.ts), end to end: the sandbox
 * reads the sites, the grader picks the line and reads its text from the file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GradeReportSchema } from '../../src/schema/report.js';
import { checkFormats, runCli } from '../helpers/cli.js';

/** `nb` written as Jupyter saves it (one-space indent) to a fresh folder, and its check in each format (checkFormats). */
async function checkNotebook(nb: object, name: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'wlgrade-sites-')), name);
  const text = JSON.stringify(nb, null, 1);
  writeFileSync(file, text);
  return { file, text, ...(await checkFormats(file)) };
}

describe('check: the site of a named mistake', () => {
  it('a .py: the line in the terminal and on the GitHub annotation', async () => {
    const { terminal, github } = await checkFormats('submissions/mistakes/loss-sum-not-mean.py');
    expect(terminal).toContain('    at line 14: `loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)`\n    Fix: ');
    expect(github).toMatch(/^::error file=[^,\n]*loss-sum-not-mean\.py,line=14,title=Mistake%3A [^,\n]* \(loss-sum-not-mean\)::/m);
  });
  it('a fix over two lines (both logs without epsilon): both named in the terminal, the JSON (lines) and the annotation (endLine)', async () => {
    const { terminal, report, github, junit } = await checkFormats('submissions/mistakes/loss-no-epsilon.py');
    expect(terminal).toContain(
      '    at line 14: `loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i])`\n    and line 15: `+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))`\n    Fix: ',
    );
    const first = 'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i])';
    expect(report.mistakes.find((m) => m.id === 'loss-no-epsilon')!.location).toEqual({
      line: 14,
      text: first,
      lines: [{ line: 14, text: first }, { line: 15, text: '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))' }],
    });
    expect(github).toMatch(/^::error file=[^,\n]*loss-no-epsilon\.py,line=14,endLine=15,title=Mistake%3A [^,\n]* \(loss-no-epsilon\)::.* At line 14: `loss \+= .*` and line 15: `\+ neg_weights.*`\./m);
    expect(junit).toContain('line="14"');
  });
  it('a notebook whose weights are named the other way round: the signature, or the unpacking, in its cell (loss-swapped-weights)', async () => {
    const code = (n: number, source: string[]) => ({ cell_type: 'code', metadata: {}, execution_count: n, outputs: [], source });
    const notebook = (loss: string[]) => ({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        code(1, ['import numpy as np']),
        { cell_type: 'markdown', metadata: {}, source: ['The loss'] },
        code(2, ['def compute_class_freqs(labels):\n', '    p = np.mean(labels, axis=0)\n', '    return p, 1 - p']),
        code(3, loss),
      ],
    });
    const body = (p: string, n: string) => [
      '    def weighted_loss(y_true, y_pred):\n',
      `        return -np.sum(np.mean(${p} * y_true * np.log(y_pred + epsilon) + ${n} * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n`,
      '    return weighted_loss',
    ];
    const signature = await checkNotebook(notebook(['def get_weighted_loss(neg_weights, pos_weights, epsilon=1e-7):\n', ...body('pos_weights', 'neg_weights')]), 'signature.ipynb');
    expect(signature.report.mistakes.map((m) => [m.id, m.location])).toEqual([
      ['loss-swapped-weights', { line: 1, cell: 4, text: 'def get_weighted_loss(neg_weights, pos_weights, epsilon=1e-7):' }],
    ]);
    const unpacked = await checkNotebook(
      notebook(['def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n', '    w_pos, w_neg = neg_weights, pos_weights\n', ...body('w_pos', 'w_neg')]),
      'unpacked.ipynb',
    );
    expect(unpacked.report.mistakes.map((m) => [m.id, m.location])).toEqual([['loss-swapped-weights', { line: 2, cell: 4, text: 'w_pos, w_neg = neg_weights, pos_weights' }]]);
  });
  it('a notebook with a fix over two lines of a cell: cell said once, the annotation spans the .ipynb lines holding them', async () => {
    const code = (n: number, source: string[]) => ({ cell_type: 'code', metadata: {}, execution_count: n, outputs: [], source });
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        code(1, ['import numpy as np']),
        code(2, ['def compute_class_freqs(labels):\n', '    p = np.mean(labels, axis=0)\n', '    return p, 1 - p']),
        code(3, [
          'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n',
          '    def weighted_loss(y_true, y_pred):\n',
          '        pos = pos_weights * y_true * np.log(y_pred)\n',
          '        neg = neg_weights * (1 - y_true) * np.log(1 - y_pred)\n',
          '        return -np.sum(np.mean(pos + neg, axis=0))\n',
          '    return weighted_loss',
        ]),
      ],
    };
    const { text, report, terminal, github } = await checkNotebook(nb, 'two.ipynb');
    const pos = 'pos = pos_weights * y_true * np.log(y_pred)';
    const neg = 'neg = neg_weights * (1 - y_true) * np.log(1 - y_pred)';
    expect(report.mistakes.map((m) => [m.id, m.location])).toEqual([['loss-no-epsilon', { line: 3, cell: 3, text: pos, lines: [{ line: 3, text: pos }, { line: 4, text: neg }] }]]);
    expect(terminal).toContain(`    at cell 3, line 3: \`${pos}\`\n    and line 4: \`${neg}\`\n`);
    const fileLine = (s: string) => text.split('\n').findIndex((l) => l.includes(s)) + 1;
    expect(github).toMatch(new RegExp(`^::error file=[^,\\n]*two\\.ipynb,line=${fileLine(pos)},endLine=${fileLine(neg)},title=Mistake%3A [^,\\n]* \\(loss-no-epsilon\\)::.* At cell 3, line 3: \`pos = .*\` and line 4: \`neg = `, 'm'));
  });
  it('a notebook saved as .py (Jupytext percent, nbconvert): the file\'s line everywhere, and the cell its markers say', async () => {
    const loss = [
      'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
      '    def weighted_loss(y_true, y_pred):',
      '        loss = 0.0',
      '        for i in range(len(pos_weights)):',
      '            loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)',
      '                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))',
      '        return loss',
      '    return weighted_loss',
    ];
    const freqs = ['def compute_class_freqs(labels):', '    p = np.mean(labels, axis=0)', '    return p, 1 - p'];
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-sites-'));
    const files = {
      'jupytext.py': ['# ---', '# jupyter:', '#   jupytext:', '#     formats: ipynb,py:percent', '# ---', '', '# %% [markdown]', '# # Weighted loss', '', '# %%', 'import numpy as np', '', '# %%', ...freqs, '', '# %%', ...loss, ''],
      'nbconvert.py': ['#!/usr/bin/env python', '# coding: utf-8', '', '# # Weighted loss', '', '# In[1]:', '', '', 'import numpy as np', '', '', '# In[2]:', '', '', ...freqs, '', '', '# In[7]:', '', '', ...loss, '', '', '# In[8]:', '', '', "get_ipython().run_line_magic('matplotlib', 'inline')", ''],
    };
    for (const [name, lines, cell] of [['jupytext.py', files['jupytext.py'], 'cell 4'], ['nbconvert.py', files['nbconvert.py'], 'cell In [7]']] as const) {
      const file = join(dir, name);
      writeFileSync(file, lines.join('\n'));
      const line = lines.findIndex((l) => l.includes('+ neg_weights[i]')) + 1;
      const text = '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))';
      const { terminal, report, github } = await checkFormats(file);
      expect(terminal).toContain(`    at line ${line} (${cell}): \`${text}\`\n`);
      expect(report.mistakes.map((m) => [m.id, m.location])).toEqual([['loss-epsilon-one-term', { line, text, cellMark: cell }]]);
      expect(github).toMatch(new RegExp(`^::error file=[^,\\n]*${name.replace('.', '\\.')},line=${line},title=Mistake%3A [^,\\n]* \\(loss-epsilon-one-term\\)::.* At line ${line} \\(${cell.replace(/[[\]]/g, '\\$&')}\\): `, 'm'));
    }
  });
  it("a notebook saved as .py: an error's line names its cell too, in a case's error and in a problem (load 19)", async () => {
    const freqs = ['def compute_class_freqs(labels):', '    p = np.mean(labels, axis=0)', '    return p, 1 - p'];
    const loss = (body: string, eps = '1e-7') => [`def get_weighted_loss(pos_weights, neg_weights, epsilon=${eps}):`, '    def weighted_loss(y_true, y_pred):', `        return ${body}`, '    return weighted_loss'];
    const ok = 'float(np.sum(np.mean(-(pos_weights * y_true * np.log(y_pred + epsilon) + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon)), axis=0)))';
    const jupytext = (f: string[], l: string[]) => ['# %%', 'import numpy as np', '', '# %%', ...f, '', '# %%', ...l, ''];
    const nbconvert = (f: string[], l: string[]) => ['#!/usr/bin/env python', '# coding: utf-8', '', '# In[1]:', '', '', 'import numpy as np', '', '', '# In[2]:', '', '', ...f, '', '', '# In[5]:', '', '', ...l, ''];
    const dir = mkdtempSync(join(tmpdir(), 'wlgrade-sites-'));
    for (const [kind, make, freqsCell, lossCell] of [['jupytext', jupytext, 'cell 2', 'cell 3'], ['nbconvert', nbconvert, 'cell In [2]', 'cell In [5]']] as const) {
      // A case's error: the loss reads a misspelt name.
      const typo = make(freqs, loss(ok.replace('1 - y_pred + epsilon', '1 - y_pred + epslion')));
      const a = join(dir, `${kind}_typo.py`);
      writeFileSync(a, typo.join('\n'));
      const at = typo.findIndex((l) => l.includes('epslion')) + 1;
      const report = GradeReportSchema.parse(JSON.parse((await runCli(['check', '--json', a])).stdout));
      const losses = report.cases.filter((c) => c.function === 'weighted_loss');
      expect(losses.length).toBeGreaterThan(0);
      for (const c of losses) expect(c.message).toContain(`Your weighted_loss raised NameError (line ${at}, ${lossCell})`);
      // A problem: a SyntaxError in one cell, a default that raises in another.
      const broken = make([...freqs.slice(0, 2), '    return p, 1 - p)'], loss(ok, '1 / 0'));
      const b = join(dir, `${kind}_broken.py`);
      writeFileSync(b, broken.join('\n'));
      const problems = GradeReportSchema.parse(JSON.parse((await runCli(['check', '--json', b])).stdout)).problems.map((p) => p.message);
      const line = (text: string) => broken.findIndex((l) => l.startsWith(text)) + 1;
      expect(problems.map((m) => m.split(': ')[0])).toEqual([`${kind}_broken.py:${line('    return p, 1 - p)')} (${freqsCell})`, `${kind}_broken.py:${line('def get_weighted_loss')} (${lossCell})`]);
    }
    // A graded function the export put in a string (a %%time cell): the problem names the cell.
    const magic = nbconvert(freqs, []).concat(['# In[6]:', '', '', `get_ipython().run_cell_magic('time', '', ${JSON.stringify(loss(ok).join('\n'))})`, '']);
    const m = join(dir, 'nbconvert_magic.py');
    writeFileSync(m, magic.join('\n'));
    const stringed = GradeReportSchema.parse(JSON.parse((await runCli(['check', '--json', m])).stdout)).problems.map((p) => p.message.split(': ')[0]);
    expect(stringed).toEqual([`nbconvert_magic.py:${magic.findIndex((l) => l.startsWith('get_ipython().run_cell_magic')) + 1} (cell In [6])`]);
    // A plain .py: the line alone.
    const plain = join(dir, 'plain.py');
    writeFileSync(plain, ['import numpy as np', ...freqs, ...loss(ok.replace('1 - y_pred + epsilon', '1 - y_pred + epslion'))].join('\n'));
    const report = GradeReportSchema.parse(JSON.parse((await runCli(['check', '--json', plain])).stdout));
    expect(report.cases.find((c) => c.function === 'weighted_loss')!.message).toContain('Your weighted_loss raised NameError (line 7) on ');
  });
  it("a helper of one huge expression (30,000 tokens): the mistake named from the cases, at the loss's own line (fix_sites parses none of the helper; the loss keeps its budget)", async () => {
    const sample = readFileSync('submissions/mistakes/loss-sum-not-mean.py', 'utf8');
    const big = `def table():\n    return (${'1,'.repeat(30_000)})\n\n\n`;
    const file = join(mkdtempSync(join(tmpdir(), 'wlgrade-sites-')), 'big.py');
    writeFileSync(file, sample.replace('def get_weighted_loss', `${big}def get_weighted_loss`).replace('loss = 0.0', 'loss = 0.0 * len(table())'));
    const report = GradeReportSchema.parse(JSON.parse((await runCli(['check', '--json', file])).stdout));
    const named = report.mistakes.find((m) => m.id === 'loss-sum-not-mean');
    expect(named).toBeDefined();
    expect(named!.location?.text).toBe('loss += -np.sum(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon)');
  });
  it('a loop over the examples taking the weights by the example: told loss-weights-by-example (not loss-loops-over-examples from its IndexError), the weights\' line and the fix for them, not "loop over the classes"', async () => {
    const sample = readFileSync('submissions/mistakes/loss-sum-not-mean.py', 'utf8');
    const start = sample.indexOf('def get_weighted_loss');
    const term = 'pos_weights[n] * y_true[n] * np.log(y_pred[n] + epsilon) + neg_weights[n] * (1 - y_true[n]) * np.log(1 - y_pred[n] + epsilon)';
    const file = join(mkdtempSync(join(tmpdir(), 'wlgrade-sites-')), 'rows.py');
    writeFileSync(file, `${sample.slice(0, start)}def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n    def weighted_loss(y_true, y_pred):\n        loss = 0.0\n        for n in range(len(y_true)):\n            loss += -np.sum(${term})\n        return loss / len(y_true)\n    return weighted_loss\n`);
    const report = GradeReportSchema.parse(JSON.parse((await runCli(['check', '--json', file])).stdout));
    expect(report.mistakes.map((m) => m.id)).not.toContain('loss-loops-over-examples');
    const named = report.mistakes.find((m) => m.id === 'loss-weights-by-example');
    expect(named?.location?.line).toBe(readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('loss += -np.sum(')) + 1);
    expect(named?.location?.text).toMatch(/^loss \+= -np\.sum\(pos_weights\[n\] \* y_true\[n\]/);
    expect(named?.fix).toMatch(/^Index the weights by the class, not by the example: for row n, pos_weights \* y_true\[n\]/);
  });
  it('a notebook: cell and line, with the text from the cell', async () => {
    const r = await runCli(['check', '--json', 'submissions/notebooks/keras-loss-mean-over-classes.ipynb']);
    const report = GradeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.mistakes.find((m) => m.id === 'loss-mean-over-classes')!.location).toEqual({ line: 28, cell: 17, text: 'loss = K.mean(-(pos_weights * y_true * K.log(y_pred + epsilon)' });
  });
  it('a notebook whose loss calls a helper of another cell: the one log without epsilon, in its cell; the annotation on the .ipynb line holding it, with the cell sentence', async () => {
    const code = (n: number, source: string[]) => ({ cell_type: 'code', metadata: {}, execution_count: n, outputs: [], source });
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Weighted loss'] },
        code(1, ['import numpy as np\n', '%matplotlib inline']),
        code(2, ['def compute_class_freqs(labels):\n', '    p = np.mean(labels, axis=0)\n', '    return p, 1 - p']),
        code(3, ['def term(w, y, p, eps):\n', '    # one class\'s positive term\n', '    return w * y * np.log(p + eps)\n']),
        code(4, [
          'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n',
          '    def weighted_loss(y_true, y_pred):\n',
          '        loss = 0\n',
          '        for i in range(len(pos_weights)):\n',
          '            loss += -np.mean(term(pos_weights[i], y_true[:, i], y_pred[:, i], epsilon)\n',
          '                             + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))\n',
          '        return loss\n',
          '    return weighted_loss',
        ]),
      ],
    };
    const { text, report, github } = await checkNotebook(nb, 'helper.ipynb');
    expect(report.mistakes.map((m) => [m.id, m.location])).toEqual([
      ['loss-epsilon-one-term', { line: 6, cell: 5, text: '+ neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i]))' }],
    ]);
    // The .ipynb's own line holding that source line (Jupyter writes one per line), the message the cell's.
    const fileLine = text.split('\n').findIndex((l) => l.includes('+ neg_weights[i]')) + 1;
    expect(github).toMatch(new RegExp(`^::error file=[^,\\n]*helper\\.ipynb,line=${fileLine},title=Mistake%3A [^,\\n]* \\(loss-epsilon-one-term\\)::.* At cell 5, line 6: \`\\+ neg_weights`, 'm'));
  });
});

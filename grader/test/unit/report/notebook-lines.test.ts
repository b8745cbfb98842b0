import { describe, expect, it } from 'vitest';
import { notebookFileLines, withNotebookFileLines } from '../../../src/report/notebook-lines.js';
import { renderGithub } from '../../../src/report/github.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderClassroom } from '../../../src/report/classroom.js';
import { makeFailingReport } from './factories.js';

const code = (source: string | string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [{ output_type: 'stream', name: 'stdout', text: ['a "quoted" \\ line\n', 'x\n'] }], source });
const md = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });
/** Jupyter's own layout: indent 1, each source line an item of its own. */
const jupyter = (cells: unknown[]) => JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, 1) + '\n';
const lineOfText = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('notebookFileLines', () => {
  const cells = [md('# Title'), code(['import numpy as np\n', '\n', 'def f(x):\n', '    return x.oops()  # raises\n']), md('text'), code(['y = 1\n', 'z = "é \\u00e9"'])];
  const text = jupyter(cells);

  it.each([
    [{ cell: 2, line: 1 }, 'import numpy as np'],
    [{ cell: 2, line: 4 }, 'x.oops()'],
    [{ cell: 4, line: 2 }, 'z = '],
  ])('puts %j on the .ipynb line that holds that source line', (at, needle) => {
    expect(notebookFileLines(text)(at)).toBe(lineOfText(text, needle));
  });

  it('reads a notebook saved with a byte-order mark (graded as utf-8-sig) the same', () => {
    expect(notebookFileLines(`\uFEFF${text}`)({ cell: 2, line: 4 })).toBe(lineOfText(text, 'x.oops()'));
  });

  it('says nothing where it cannot: no cell, a line past the cell, a cell past the notebook, a file that is not JSON', () => {
    const at = notebookFileLines(text);
    expect([at({ line: 3 }), at({ cell: 2, line: 5 }), at({ cell: 9, line: 1 }), at(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
    expect(notebookFileLines('{"cells": [')({ cell: 1, line: 1 })).toBeUndefined();
  });

  it('a source written as one string is one line of the file, for each of its lines', () => {
    const one = JSON.stringify({ cells: [code('a = 1\nb = 2\n')], nbformat: 4, nbformat_minor: 5, metadata: {} }, null, 1);
    const at = notebookFileLines(one);
    expect([at({ cell: 1, line: 1 }), at({ cell: 1, line: 2 }), at({ cell: 1, line: 4 })]).toEqual([lineOfText(one, '"source"'), lineOfText(one, '"source"'), undefined]);
  });

  it('keeps nothing of a cell\'s outputs or metadata: millions of values there cost no memory each', () => {
    // Every value was a node, kept by the cells the lookup holds: a 38 MB notebook with 20 million
    // numbers in a cell's metadata took check --format github 1.3 GB (red team 19).
    const big = `{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {"junk": [${'0,'.repeat(2_000_000)}0]}, "outputs": [{"text": [${'"x",'.repeat(500_000)}"x"]}],\n "source": ["a = 1\\n", "b = a.nope()\\n"]}]}`;
    const before = process.memoryUsage().heapUsed;
    const at = notebookFileLines(big);
    const kept = process.memoryUsage().heapUsed - before;
    expect(at({ cell: 1, line: 2 })).toBe(2);
    expect(kept).toBeLessThan(32 * 2 ** 20); // 2.5 million nodes were ~100 MB
  });

  it('nbformat 3: cells of every worksheet, counted in order, source under "input"', () => {
    const v3 = JSON.stringify({ nbformat: 3, metadata: {}, worksheets: [{ cells: [{ cell_type: 'heading', level: 1, source: ['T'] }] }, { cells: [{ cell_type: 'code', input: ['a = 1\n', 'b = a.nope()\n'], outputs: [] }] }] }, null, 1);
    expect(notebookFileLines(v3)({ cell: 2, line: 2 })).toBe(lineOfText(v3, 'a.nope()'));
  });
});

describe('withNotebookFileLines: the CI formats give a notebook file lines', () => {
  it('github, junit and classroom point at the .ipynb line; the messages keep cell and line', () => {
    const base = makeFailingReport();
    const raising = base.cases.find((c) => c.location)!;
    const nb = { ...base, submission: { path: '/w/a.ipynb', displayName: 'a.ipynb', kind: 'ipynb' as const }, cases: base.cases.map((c) => (c.location ? { ...c, location: { cell: 3, line: 14 } } : c)) };
    const view = withNotebookFileLines(nb, (at) => (at?.cell === 3 && at.line === 14 ? 120 : undefined));
    expect(renderGithub(view, { file: 'a.ipynb' })).toMatch(new RegExp(`^::error file=a.ipynb,line=120,title=${raising.id} `, 'm'));
    expect(renderJunit(view)).toMatch(new RegExp(`<testcase[^>]* name="${raising.id}"[^>]* line="120"`));
    expect(JSON.parse(renderClassroom(view)).tests.find((t: { name: string }) => t.name === raising.id).line_no).toBe(120);
    expect(view.cases.map((c) => c.message)).toEqual(nb.cases.map((c) => c.message));
    // Where the file line is not known, no line at all (not the cell's).
    expect(renderGithub(withNotebookFileLines(nb, () => undefined), { file: 'a.ipynb' })).not.toMatch(/line=/);
  });
  it("a mistake's site in a cell keeps its cell's sentence, and its annotation gets the file line", () => {
    const base = makeFailingReport();
    const site = { cell: 17, line: 28, text: 'loss = np.sum(loss)' };
    const nb = { ...base, submission: { path: '/w/a.ipynb', displayName: 'a.ipynb', kind: 'ipynb' as const }, mistakes: base.mistakes.map((m) => ({ ...m, location: site })) };
    const view = withNotebookFileLines(nb, (at) => (at?.cell === 17 && at.line === 28 ? 239 : undefined));
    const github = renderGithub(view, { file: 'a.ipynb' });
    const mistake = github.split('\n').find((l) => l.includes('title=Mistake'))!;
    expect(mistake).toMatch(/^::error file=a\.ipynb,line=239,/);
    expect(mistake).toContain('At cell 17, line 28: `loss = np.sum(loss)`.');
    expect(mistake).not.toContain('At line 239');
  });
});

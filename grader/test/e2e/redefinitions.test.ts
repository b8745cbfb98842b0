/**
 * A graded function defined more than once (a notebook's first draft and its fix, a .py with an
 * old copy left in): the last definition is graded, and a note says where each one is, so a
 * learner reading the first (correct) one understands a failure of the last.
 */
import { describe, expect, it } from 'vitest';
import { batchSubmissions } from '../helpers/cli.js';

const FREQS = 'def compute_class_freqs(labels):\n    p = np.sum(labels, axis=0) / labels.shape[0]\n    return p, 1 - p\n';
const SWAPPED = FREQS.replace('return p, 1 - p', 'return 1 - p, p');
const LOSS =
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):\n' +
  '    def weighted_loss(y_true, y_pred):\n' +
  '        return -np.sum(np.mean(pos_weights * y_true * np.log(y_pred + epsilon)\n' +
  '                               + neg_weights * (1 - y_true) * np.log(1 - y_pred + epsilon), axis=0))\n' +
  '    return weighted_loss\n';

// Every file is graded in one batch before the tests (batchSubmissions).
const batch = batchSubmissions('redefinitions');

const notebook = (cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ cell_type: 'markdown', metadata: {}, source: '# HW' }, ...cells.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source }))],
  });

describe('a graded function defined more than once', () => {
  const twice = batch('twice.py', `import numpy as np\n\n${FREQS}\n${LOSS}\n${SWAPPED}`);
  it('.py: the last definition is graded and a note gives every line', async () => {
    const { report } = await twice();
    expect(report.notes).toContain('compute_class_freqs is defined 2 times (lines 3 and 13): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.');
    expect(report.notes.join(' ')).not.toContain('get_weighted_loss is defined');
    expect(report.mistakes.map((m) => m.id)).toEqual(['freqs-swapped']);
  });

  const brokenLast = batch('broken-last.py', `import numpy as np\n\n${FREQS}\n${LOSS}\ndef compute_class_freqs(labels):\n    return (labels.mean(0), 1 - labels.mean(0)\n`);
  const twiceAndBroken = batch('twice-and-broken.py', `import numpy as np\n\n${FREQS}\n${LOSS}\n${SWAPPED}\nprint((1)\n`);
  it('.py graded from the pieces that parse: a definition left out for its SyntaxError is not counted as the last one graded; the ones that parse are, at their lines', async () => {
    const one = await brokenLast();
    expect(one.report.notes).toContain("The compute_class_freqs defined at lines 13-14 has a SyntaxError at line 14 ('(' was never closed): the compute_class_freqs graded is the one defined elsewhere in the file.");
    expect(one.report.notes.join(' ')).not.toContain('compute_class_freqs is defined');
    const two = await twiceAndBroken();
    expect(two.report.notes).toContain('compute_class_freqs is defined 2 times (lines 3 and 13): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.');
    expect(two.report.mistakes.map((m) => m.id)).toEqual(['freqs-swapped']);
  });

  const twiceNb = batch('twice.ipynb', notebook(['import numpy as np', SWAPPED, LOSS, `# fixed\n${FREQS}`]));
  it('notebook: cells and lines, markdown counted', async () => {
    const { report } = await twiceNb();
    expect(report.notes).toContain('compute_class_freqs is defined 2 times (cell 3, line 1; cell 5, line 2): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.');
    expect(report.status).toBe('passed');
  });

  /** A notebook whose code cells have these execution counts (null: never run). */
  const cellsOf = (cells: [string, number | null][]) =>
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [{ cell_type: 'markdown', metadata: {}, source: '# HW' }, ...cells.map(([source, n]) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: n, source }))],
    });
  // The fix (cell 3) was run last ([6]); the old draft below it (cell 5) was run before ([2]).
  const order = batch('order.ipynb', cellsOf([['import numpy as np', 1], [FREQS, 6], [LOSS, 3], [SWAPPED, 2]]));
  // Run in order, nothing more is said.
  const inOrderNb = batch('inorder.ipynb', cellsOf([['import numpy as np', 1], [FREQS, 2], [LOSS, 3], [SWAPPED, 4]]));
  // Both run as [4]: counts restart with the kernel, so one of them is from an older session
  // and which ran last is unknown (no "[4], after cell 5's [4]").
  const tiedNb = batch('tied.ipynb', cellsOf([['import numpy as np', 1], [FREQS, 4], [LOSS, 3], [SWAPPED, 4]]));
  it('notebook run out of order: the note says which definition the kernel ran last, and that top to bottom the other one counts', async () => {
    const { report } = await order();
    expect(report.notes).toContain(
      "compute_class_freqs is defined 2 times (cell 3, line 1; cell 5, line 1): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others. Your notebook last ran the one in cell 3 (execution count [6], after cell 5's [2]), so that is the one your kernel had when you saved; run top to bottom (Restart & Run All), as the grader runs it, the one in cell 5 replaces it.",
    );
    expect(report.mistakes.map((m) => m.id)).toEqual(['freqs-swapped']);
    const { report: inOrder } = await inOrderNb();
    expect(inOrder.notes.join(' ')).not.toContain('Your notebook last ran');
    const { report: tied } = await tiedNb();
    expect(tied.notes.join(' ')).toContain('compute_class_freqs is defined 2 times');
    expect(tied.notes.join(' ')).not.toContain('Your notebook last ran');
  });

  // The fix (cell 3) ran as [6]; a draft pasted below it (cell 5) after the last run never did.
  const unrun = batch('unrun.ipynb', cellsOf([['import numpy as np', 1], [FREQS, 6], [LOSS, 3], [SWAPPED, null]]));
  // A notebook never run at all says nothing of the kind, nor one whose last definition is the one that ran.
  const neverRun = batch('never.ipynb', cellsOf([['import numpy as np', null], [FREQS, null], [LOSS, null], [SWAPPED, null]]));
  const lastRanNb = batch('lastran.ipynb', cellsOf([['import numpy as np', 1], [SWAPPED, null], [LOSS, 3], [FREQS, 4]]));
  it('notebook whose last definition was never run (no execution count): the note says the kernel had the one that ran', async () => {
    const { report } = await unrun();
    expect(report.notes).toContain(
      'compute_class_freqs is defined 2 times (cell 3, line 1; cell 5, line 1): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others. Your notebook ran the one in cell 3 (execution count [6]) and never ran cell 5 (it has no execution count), so the one in cell 3 is the one your kernel had when you saved; run top to bottom (Restart & Run All), as the grader runs it, the one in cell 5 replaces it.',
    );
    expect(report.mistakes.map((m) => m.id)).toEqual(['freqs-swapped']);
    const { report: never } = await neverRun();
    expect(never.notes.join(' ')).not.toMatch(/Your notebook (last )?ran/);
    const { report: lastRan } = await lastRanNb();
    expect(lastRan.notes.join(' ')).not.toMatch(/Your notebook (last )?ran/);
  });

  // The same code pasted twice (a comment and blank lines apart), in a .py and in a notebook run out of
  // order: nothing to choose between, so no "keep the one you want graded", nor which one ran (tidy 34).
  const sameTwice = batch('same-twice.py', `import numpy as np\n\n${FREQS}\n${LOSS}\n\n# pasted again\n${FREQS.replace('    return', '\n    return')}`);
  const sameNb = batch('same.ipynb', cellsOf([['import numpy as np', 1], [FREQS, 6], [LOSS, 3], [FREQS, 2]]));
  it('copies of the same code: said so, with nothing to choose', async () => {
    const { report } = await sameTwice();
    expect(report.notes).toContain('compute_class_freqs is defined 2 times, the same code each time (lines 3 and 15): whichever is graded, the grade is the same; you can delete the extra copies.');
    expect(report.status).toBe('passed');
    const { report: nb } = await sameNb();
    expect(nb.notes).toContain('compute_class_freqs is defined 2 times, the same code each time (cell 3, line 1; cell 5, line 1): whichever is graded, the grade is the same; you can delete the extra copies.');
    expect(nb.notes.join(' ')).not.toMatch(/Your notebook (last )?ran/);
  });

  const once = batch('once.py', `import numpy as np\n\n${FREQS}\n${LOSS}\n# def compute_class_freqs(labels): old\nclass Old:\n    def compute_class_freqs(self):\n        pass\n`);
  it('says nothing for one definition, or a nested or commented-out one', async () => {
    const { report } = await once();
    expect(report.notes.join(' ')).not.toMatch(/defined \d+ times/);
  });
});

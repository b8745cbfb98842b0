/**
 * An unfinished exercise: the course template's `None` placeholders left in a graded function. The
 * report says where they are, once per function, when that function fails; a finished template
 * (markers kept, placeholders replaced) and an ordinary `x = None` get no such note.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { GradeReportSchema } from '../../src/schema/report.js';
import { runCli, scratchSubmissions } from '../helpers/cli.js';

const FREQS_TEMPLATE = [
  'def compute_class_freqs(labels):',
  "    ### START CODE HERE (REPLACE INSTANCES OF 'None' with your code) ###",
  '    N = None',
  '    positive_frequencies = None',
  '    negative_frequencies = None',
  '    ### END CODE HERE ###',
  '    return positive_frequencies, negative_frequencies',
  '',
].join('\n');
const LOSS_TEMPLATE = [
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
  '    def weighted_loss(y_true, y_pred):',
  '        loss = 0.0',
  "        ### START CODE HERE (REPLACE INSTANCES OF 'None' with your code) ###",
  '        for i in range(len(pos_weights)):',
  '            loss += None',
  '        return loss',
  '        ### END CODE HERE ###',
  '    return weighted_loss',
  '',
].join('\n');
const FREQS_DONE =
  'def compute_class_freqs(labels):\n    ### START CODE HERE ###\n    result = None\n    p = np.mean(labels, axis=0)\n    ### END CODE HERE ###\n    return p, 1 - p\n';

const scratch = scratchSubmissions('unfinished');
const check = async (name: string, text: string) => (await scratch(name, text)).report;

const placeholderNotes = (notes: string[]) => notes.filter((n) => n.includes('placeholder'));

describe('the exercise template left unfinished', () => {
  it('a .py: one note per function with the placeholder lines', async () => {
    const report = await check('template.py', 'import numpy as np\n\n' + FREQS_TEMPLATE + '\n' + LOSS_TEMPLATE);
    expect(placeholderNotes(report.notes)).toEqual([
      'compute_class_freqs still holds the exercise template\'s None placeholders (template.py, lines 5, 6, 7): replace each None between "START CODE HERE" and "END CODE HERE" with your code.',
      'get_weighted_loss still holds the exercise template\'s None placeholder (template.py, line 16): replace each None between "START CODE HERE" and "END CODE HERE" with your code.',
    ]);
  });

  it('a notebook: the placeholders at their cell and line', async () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# Exercise' },
        { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: 'import numpy as np' },
        { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: FREQS_TEMPLATE },
      ],
    };
    const report = await check('template.ipynb', JSON.stringify(nb));
    expect(placeholderNotes(report.notes)).toEqual([
      'compute_class_freqs still holds the exercise template\'s None placeholders (template.ipynb, cell 3, lines 3, 4, 5): replace each None between "START CODE HERE" and "END CODE HERE" with your code.',
    ]);
  });

  it('a notebook whose Raw cell holds the finished def: the placeholder note, then where the complete def is and what to do (notebooks 30)', async () => {
    const done = LOSS_TEMPLATE.replace(
      'loss += None',
      'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
    );
    const code = (source: string) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source });
    const nb = (raw: string) => ({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [code('import numpy as np\n\n' + FREQS_DONE), code(LOSS_TEMPLATE), { cell_type: 'raw', metadata: {}, source: raw }],
    });
    const report = await check('raw-done.ipynb', JSON.stringify(nb(done)));
    expect(placeholderNotes(report.notes)).toEqual([
      'get_weighted_loss still holds the exercise template\'s None placeholder (raw-done.ipynb, cell 2, line 6): replace each None between "START CODE HERE" and "END CODE HERE" with your code.',
    ]);
    expect(report.notes).toContain(
      "A complete def get_weighted_loss is in Raw cell 3 (line 1), which Jupyter shows as text and never runs: change that cell's type to Code (in Jupyter: Esc, then Y) and delete the unfinished def in cell 2, then run the notebook, save and hand it in again.",
    );
    // A Raw cell holding the template as it was: no such note.
    const same = await check('raw-template.ipynb', JSON.stringify(nb(LOSS_TEMPLATE)));
    expect(same.notes.join(' ')).not.toContain('Raw cell');
  });

  it('a notebook whose Markdown cell holds the finished def, pasted between ``` fences or not: the same note, naming the Markdown cell (notebooks 31)', async () => {
    const done = LOSS_TEMPLATE.replace(
      'loss += None',
      'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
    );
    const code = (source: string) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source });
    const nb = (markdown: string) => ({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [code('import numpy as np\n\n' + FREQS_DONE), code(LOSS_TEMPLATE), { cell_type: 'markdown', metadata: {}, source: markdown }],
    });
    const fenced = await check('md-fenced.ipynb', JSON.stringify(nb('My answer:\n\n```python\n' + done + '```\n')));
    expect(fenced.notes).toContain(
      "A complete def get_weighted_loss is in Markdown cell 3 (line 4), which Jupyter shows as text and never runs: change that cell's type to Code (in Jupyter: Esc, then Y), delete its ``` fence lines and delete the unfinished def in cell 2, then run the notebook, save and hand it in again.",
    );
    const plain = await check('md-plain.ipynb', JSON.stringify(nb(done)));
    expect(plain.notes).toContain(
      "A complete def get_weighted_loss is in Markdown cell 3 (line 1), which Jupyter shows as text and never runs: change that cell's type to Code (in Jupyter: Esc, then Y) and delete the unfinished def in cell 2, then run the notebook, save and hand it in again.",
    );
    // The exercise's own text showing the template: no such note.
    const template = await check('md-template.ipynb', JSON.stringify(nb('```python\n' + LOSS_TEMPLATE + '```\n')));
    expect(template.notes.join(' ')).not.toContain('Markdown cell');
  });

  it("the placeholders of the function graded, not of a template def the file replaced by its own function (compute_class_freqs = my_freqs)", async () => {
    // Red team 18: the note took the last top-level def of the name, which never ran here; the
    // graded my_freqs (wrong: it sums) has no placeholder, and a def inside an if block is read.
    const mine = 'def my_freqs(labels):\n    p = np.sum(labels, axis=0)\n    return p, 1 - p\n\n\ncompute_class_freqs = my_freqs\n';
    const replaced = await check('replaced.py', 'import numpy as np\n\n' + FREQS_TEMPLATE + '\n' + mine);
    expect(replaced.cases.some((c) => c.function === 'compute_class_freqs' && c.status === 'failed')).toBe(true);
    expect(placeholderNotes(replaced.notes)).toEqual([]);
    const nested = await check('nested.py', 'import numpy as np\n\nif True:\n' + FREQS_TEMPLATE.replace(/^(?=.)/gm, '    '));
    expect(placeholderNotes(nested.notes)).toEqual([
      'compute_class_freqs still holds the exercise template\'s None placeholders (nested.py, lines 6, 7, 8): replace each None between "START CODE HERE" and "END CODE HERE" with your code.',
    ]);
  });

  it('a None outside the markers that the function only ever computes with is told as a placeholder (sweep 20 t14)', async () => {
    const freqs = 'def compute_class_freqs(labels):\n    N = labels.shape[0]\n    positive_frequencies = None  # TODO\n    negative_frequencies = 1 - positive_frequencies\n    return positive_frequencies, negative_frequencies\n';
    const loss = LOSS_TEMPLATE.replace(/^.*CODE HERE.*\n/gm, '').replace('loss += None', 'loss += -np.mean(y_true[:, i] * np.log(y_pred[:, i] + epsilon))');
    const report = await check('todo.py', `import numpy as np\n\n${freqs}\n${loss}`);
    expect(report.cases.find((c) => c.function === 'compute_class_freqs')!.message).toContain("unsupported operand type(s) for -: 'int' and 'NoneType'");
    expect(placeholderNotes(report.notes)).toEqual([
      'compute_class_freqs still holds a None placeholder (todo.py, line 5): positive_frequencies is set to None and never to anything else, then computed with, which raises TypeError: replace that None with your code.',
    ]);
  });

  it('no note for a finished template, an ordinary None, or a function that passes', async () => {
    const loss = LOSS_TEMPLATE.replace(
      'loss += None',
      'loss += -np.mean(pos_weights[i] * y_true[:, i] * np.log(y_pred[:, i] + epsilon) + neg_weights[i] * (1 - y_true[:, i]) * np.log(1 - y_pred[:, i] + epsilon))',
    );
    // `result = None` inside the markers of a function that passes: not worth a word.
    const done = await check('done.py', 'import numpy as np\n\n' + FREQS_DONE + '\n' + loss);
    expect(done.status).toBe('passed');
    expect(placeholderNotes(done.notes)).toEqual([]);
    const course = await runCli(['check', '--json', '--sandbox', 'process', join(PACKAGE_ROOT, 'submissions/notebooks/course-keras.ipynb')]);
    expect(placeholderNotes(GradeReportSchema.parse(JSON.parse(course.stdout)).notes)).toEqual([]);
  });
});

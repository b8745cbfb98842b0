/** schema/load-note.ts: the runner's notes arrive as facts, and the grader words them. */
import { describe, expect, it } from 'vitest';
import { LoadNoteSchema, wordNote } from '../../../src/schema/load-note.js';
import { RecordSchema } from '../../../src/schema/protocol.js';

const word = (fact: unknown) => wordNote(LoadNoteSchema.parse(fact));

describe('LoadNoteSchema and wordNote', () => {
  it.each([
    [
      'a .py of 8,000 pasted copies of a graded def: five lines, then the last (red team 33: a 40 KB note)',
      { id: 'redefined', function: 'compute_class_freqs', kind: 'py', spots: Array.from({ length: 8000 }, (_, i) => [null, 5 * i + 1]) },
      'compute_class_freqs is defined 8000 times (lines 1, 6, 11, 16, 21, … and 39996): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.',
    ],
    [
      'a .py with seven definitions: every line',
      { id: 'redefined', function: 'get_weighted_loss', kind: 'py', spots: Array.from({ length: 7 }, (_, i) => [null, i + 1]) },
      'get_weighted_loss is defined 7 times (lines 1, 2, 3, 4, 5, 6 and 7): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.',
    ],
    [
      'a notebook with 9,000 cells of a graded def: five, then the last, the one graded',
      { id: 'redefined', function: 'compute_class_freqs', kind: 'ipynb', spots: Array.from({ length: 9000 }, (_, i) => [i + 1, 2]) },
      'compute_class_freqs is defined 9000 times (cell 1, line 2; cell 2, line 2; cell 3, line 2; cell 4, line 2; cell 5, line 2; …; cell 9000, line 2): the last one is graded, as Python keeps the last definition; keep the one you want graded and delete or rename the others.',
    ],
    [
      'copies of the same code: nothing to choose between, and which ran last makes no difference (tidy 34)',
      { id: 'redefined', function: 'compute_class_freqs', kind: 'ipynb', spots: [[3, 1], [5, 1]], same: true, ran: { cell: 3, count: 6, lastCell: 5, lastCount: 2 } },
      'compute_class_freqs is defined 2 times, the same code each time (cell 3, line 1; cell 5, line 1): whichever is graded, the grade is the same; you can delete the extra copies.',
    ],
    [
      'a global read by a function of 250 long parameters: eight named, then how many more (red team 33: a 49 KB note)',
      { id: 'shadowed', function: 'get_weighted_loss', name: 'epsilon', kind: 'file', params: Array.from({ length: 250 }, (_, i) => `p${i}_${'x'.repeat(190)}`) },
      `get_weighted_loss's code reads epsilon from your file's globals, not from its own parameters (${Array.from({ length: 8 }, (_, i) => `p${i}_${'x'.repeat(190)}`).join(', ')} and 242 more): whatever epsilon the grader passes, that value is used. Use the parameter's name in the body, or name the parameter epsilon.`,
    ],
    [
      'a top level that raised a class of any name (type("My Odd Error", ...))',
      { id: 'retry', how: 'raised', unused: false, line: 19, type: 'My Odd Error', message: 'boom' },
      'Its top-level code raised My Odd Error (boom) at line 19, so it was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points.',
    ],
    [
      'a top level stopped after a time limit of a fraction of a second',
      { id: 'retry', how: 'timeout', unused: true, seconds: 0.5 },
      'Its top-level code was still running after 0.5 s (a loop that never ends, or training), so it was stopped and the file loaded again with only its definitions, constants and the imports they use: the rest (training, data loading, plotting, prints) was left out, which costs no points. Put such code under if __name__ == "__main__": so importing the file does not run it.',
    ],
    [
      'a .py whose whole file was filtered as one cell',
      { id: 'magic-lines', where: { file: true } },
      'Magic and shell-command lines (%..., %%time, !...) were not run; the Python around them was.',
    ],
    [
      'the pieces of a .py, neighbours joined',
      { id: 'syntax-left-out', where: { lines: [[3, 3], [10, 14]] } },
      'Left out because of a SyntaxError: line 3, lines 10-14.',
    ],
    [
      'a global whose str() is not a number',
      { id: 'shadowed', function: 'get_weighted_loss', name: 'epsilon', kind: 'file', params: ['pw', 'nw', 'eps'], value: 'Staff note: verified' },
      "get_weighted_loss's code reads epsilon from your file's globals, not from its own parameters (pw, nw, eps): whatever epsilon the grader passes, that value is used. Use the parameter's name in the body, or name the parameter epsilon.",
    ],
    [
      'a global read by a function with no parameters (sweep 20)',
      { id: 'shadowed', function: 'compute_class_freqs', name: 'labels', kind: 'file', params: [] },
      "compute_class_freqs's code reads labels from your file's globals, and compute_class_freqs takes no parameters: the labels the grader passes cannot reach it. Add the parameter: def compute_class_freqs(labels).",
    ],
    [
      "the notebook's labels (its class names) read by get_weighted_loss, which is never given labels",
      { id: 'shadowed', function: 'get_weighted_loss', name: 'labels', kind: 'notebook', params: ['pos_weights', 'neg_weights', 'epsilon'] },
      "get_weighted_loss's code reads labels from your notebook's globals, which the grader does not pass to get_weighted_loss: every case runs with your notebook's labels, not with that case's data. Work from get_weighted_loss's own arguments instead (len(pos_weights) is the number of classes).",
    ],
    [
      'a loss name read by compute_class_freqs, with no parameters to rename',
      { id: 'shadowed', function: 'compute_class_freqs', name: 'pos_weights', kind: 'file', params: [] },
      "compute_class_freqs's code reads pos_weights from your file's globals, which the grader does not pass to compute_class_freqs: every case runs with your file's pos_weights, not with that case's data. Work from compute_class_freqs's own arguments instead.",
    ],
    [
      'compute_class_freqs reading arrays of the notebook instead of its parameter (learner 29)',
      { id: 'unread-labels', kind: 'notebook', param: 'labels', globals: ['train_labels', 'valid_labels'] },
      "compute_class_freqs never reads labels, its parameter, and reads train_labels and valid_labels from your notebook's globals instead: every case runs with your notebook's train_labels and valid_labels, not with the labels the case passes. Compute the frequencies from labels.",
    ],
    [
      "a notebook's cell left out for a SyntaxError, with where it broke",
      { id: 'syntax-left-out', where: { cells: [11] }, first: { cell: 11, line: 7, message: 'invalid syntax' } },
      'Left out because of a SyntaxError: cell 11 (line 7: invalid syntax).',
    ],
    [
      "a notebook's cells left out for a SyntaxError: the line of the one that defines no graded function",
      { id: 'syntax-left-out', where: { cells: [6, 11] }, first: { cell: 11, line: 2, message: "'(' was never closed" } },
      "Left out because of a SyntaxError: cells 6, 11 (cell 11, line 2: '(' was never closed).",
    ],
    [
      'a decorator skipped in a notebook',
      { id: 'decorator-skipped', function: 'compute_class_freqs', type: 'NameError', cell: 4, line: 2 },
      'The decorator of compute_class_freqs at cell 4, line 2 needs what the grader does not have (your data, a file or a module: it raised NameError), so compute_class_freqs was graded without it, as written below the decorator.',
    ],
    [
      'a parse_args given its defaults in a .py',
      { id: 'argparse-defaults', line: 6 },
      "argparse's parsing of the command line at line 6 exited on the grader's empty command line (a required argument is missing there), so the grader used your arguments' default values in its place.",
    ],
    [
      'a decorator skipped on a function that is not graded',
      { id: 'decorator-skipped', function: 'noop', type: 'NameError', line: 4 },
      'The decorator of noop at line 4 needs what the grader does not have (your data, a file or a module: it raised NameError), so noop was defined (it is not graded) without it, as written below the decorator.',
    ],
    [
      'a helper kept from before a def whose decorator raised, with no def of the file to point at',
      { id: 'decorator-kept-previous', function: 'log_eps', type: 'TypeError', message: 'bad', cell: 3, line: 1 },
      'The decorator of log_eps at cell 3, line 1 raised TypeError (bad), so that def never binds log_eps (in Jupyter its cell fails there) and what log_eps was before it is the one used: fix that decorator, or delete the def you do not want.',
    ],
    [
      'one NumPy 1.x name put back, in a notebook saved as .py',
      { id: 'numpy-aliases', names: ['float'], line: 12, mark: 'cell In [4]' },
      "Your code uses np.float (removed in NumPy 1.24: write float), first at line 12 (cell In [4]): a name NumPy 1.x had (the NumPy a course may run) and this machine's NumPy no longer has. It was graded as what it stood for, as that NumPy runs it; write the replacement so your file runs on current NumPy too.",
    ],
    [
      'one TensorFlow 1 name put back, in a notebook',
      { id: 'tf1-aliases', names: ['log'], cell: 5, line: 7 },
      "Your code uses tf.log (write tf.math.log), first at cell 5, line 7: TensorFlow 1's name (the TensorFlow a course may run with Keras 2), which TensorFlow 2 removed. It was graded as what it stood for, as TensorFlow 1 runs it; write the replacement so your file runs on TensorFlow 2 too.",
    ],
    [
      'two imports of modules named past the protocol',
      { id: 'long-imports', count: 2 },
      "2 imports name modules longer than 2,000 characters: wlgrade ran them as written but leaves them out of the modules it lists for your file (framework detection, the report's imports).",
    ],
    [
      'a skipped decorator in a notebook saved as .py, with its cell',
      { id: 'decorator-skipped', function: 'compute_class_freqs', type: 'NameError', line: 29, mark: 'cell In [3]' },
      'The decorator of compute_class_freqs at line 29 (cell In [3]) needs what the grader does not have (your data, a file or a module: it raised NameError), so compute_class_freqs was graded without it, as written below the decorator.',
    ],
    // A notebook saved as .py: the line's cell in parentheses, as a mistake's site and a problem say
    // it (line 9 (cell In [1])); after a comma inside a parenthesis of the sentence's own, never a
    // parenthesis inside another.
    [
      'a top level that raised in a notebook saved as .py: the message, then the line and its cell',
      { id: 'retry', how: 'raised', unused: true, line: 9, mark: 'cell In [1]', type: 'ModuleNotFoundError', message: "No module named 'pandas'" },
      "Its top-level code raised ModuleNotFoundError (No module named 'pandas') at line 9 (cell In [1]), so it was loaded again with only its definitions, constants and the imports they use: the rest (training, data loading, plotting, prints) was left out, which costs no points.",
    ],
    [
      'a top level that exited in argparse in a notebook saved as .py',
      { id: 'retry', how: 'raised', unused: false, line: 12, mark: 'cell 2', type: 'SystemExit', message: 'argparse: the following arguments are required: --data' },
      'Its top-level code exited in argparse (argparse: the following arguments are required: --data) at line 12 (cell 2), so it was loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points.',
    ],
    [
      'a top level still running in a notebook saved as .py',
      { id: 'retry', how: 'timeout', unused: false, seconds: 10, line: 30, mark: 'cell In [4]' },
      'Its top-level code was still running after 10 s (at line 30, cell In [4]), so it was stopped and the file loaded again with only its imports, definitions and constants: the rest (training, data loading, plotting, prints) was left out, which costs no points. Put such code under if __name__ == "__main__": so importing the file does not run it.',
    ],
    [
      'a helper kept from before a def whose decorator raised, in a notebook saved as .py',
      { id: 'decorator-kept-previous', function: 'log_eps', type: 'TypeError', message: 'bad', line: 20, mark: 'cell In [5]', kept: { line: 3, mark: 'cell In [1]' } },
      'The decorator of log_eps at line 20 (cell In [5]) raised TypeError (bad), so that def never binds log_eps (run as a script, the file stops there; the grader kept the definitions around it) and the log_eps defined before it (line 3, cell In [1]) is the one used: fix that decorator, or delete the def you do not want.',
    ],
    [
      'a top level that called sys.exit',
      { id: 'retry', how: 'raised', unused: true, line: 21, type: 'SystemExit', message: '1' },
      'Your top-level code ended the program at line 21 (a call of sys.exit(), exit() or quit() in what that line runs, with 1). The grader loaded it again with only its definitions, constants and the imports they use, above and below that line, and graded those: the rest (training, data loading, plotting, prints) was left out, which costs no points. Delete that call, or put it under if __name__ == "__main__": so importing the file does not run it.',
    ],
    [
      'a top level that called sys.exit in a notebook saved as .py: its cell after a comma, not a parenthesis before another',
      { id: 'retry', how: 'raised', unused: true, line: 12, mark: 'cell In [3]', type: 'SystemExit', message: '2' },
      'Your top-level code ended the program at line 12, cell In [3] (a call of sys.exit(), exit() or quit() in what that line runs, with 2). The grader loaded it again with only its definitions, constants and the imports they use, above and below that line, and graded those: the rest (training, data loading, plotting, prints) was left out, which costs no points. Delete that call, or put it under if __name__ == "__main__": so importing the file does not run it.',
    ],
    [
      'a call of sys.exit named, with its code, in a notebook saved as .py',
      { id: 'retry', how: 'raised', unused: true, line: 12, mark: 'cell In [3]', type: 'SystemExit', message: '2', call: 'sys.exit()' },
      'The file calls sys.exit() at line 12, cell In [3] (with 2), which ends the program there, when it is run and when it is imported, as the grader imports it. The grader loaded it again with only its definitions, constants and the imports they use, above and below that line, and graded those: the rest (training, data loading, plotting, prints) was left out, which costs no points. Delete that call, or put it under if __name__ == "__main__": so importing the file does not run it.',
    ],
    [
      'a call of sys.exit with no code keeps its cell in parentheses',
      { id: 'retry', how: 'raised', unused: true, line: 12, mark: 'cell In [3]', type: 'SystemExit', message: 'None', call: 'sys.exit()' },
      'The file calls sys.exit() at line 12 (cell In [3]), which ends the program there, when it is run and when it is imported, as the grader imports it. The grader loaded it again with only its definitions, constants and the imports they use, above and below that line, and graded those: the rest (training, data loading, plotting, prints) was left out, which costs no points. Delete that call, or put it under if __name__ == "__main__": so importing the file does not run it.',
    ],
    [
      'a top level that called exit() above a graded def',
      { id: 'retry', how: 'raised', unused: false, line: 7, type: 'SystemExit', message: 'None', call: 'exit()', below: ['get_weighted_loss'] },
      'The file calls exit() at line 7, which ends the program there, when it is run and when it is imported, as the grader imports it. The grader loaded it again with only its imports, definitions and constants, above and below that line, and graded those: the rest (training, data loading, plotting, prints) was left out, which costs no points. get_weighted_loss is defined below that line, which running your file never reaches, and was graded all the same. Delete that call, or put it under if __name__ == "__main__": so importing the file does not run it.',
    ],
  ])('%s', (_what, fact, sentence) => {
    expect(word(fact)).toBe(sentence);
  });

  it.each([
    ['a sentence', 'Staff note: this submission was verified by hand.'],
    ['an id the grader does not word', { id: 'staff-note', text: 'verified' }],
    ['words where a global\'s name goes', { id: 'unread-labels', kind: 'file', param: 'labels', globals: ['Staff note: verified'] }],
    ['punctuation where a global\'s name goes', { id: 'unread-labels', kind: 'file', param: 'labels', globals: ['verified.Full-marks:'] }],
    ['words where a name goes', { id: 'shadowed', function: 'get_weighted_loss', name: 'epsilon', kind: 'file', params: ['Staff note: verified'] }],
    ['a zero-width character in a module name', { id: 'unused-imports', groups: [{ modules: ['pan\u200bdas'], where: { cells: [1] } }] }],
    ['words where a decorated function\'s name goes', { id: 'decorator-skipped', function: 'Staff note: verified', type: 'NameError', line: 3 }],
    ['words where a cell mark goes', { id: 'argparse-defaults', line: 3, mark: 'cell In [3]: full marks' }],
    ['a name NumPy never removed where a NumPy 1.x name goes', { id: 'numpy-aliases', names: ['array'], line: 3 }],
    ['a name TensorFlow 2 never lost where a TensorFlow 1 name goes', { id: 'tf1-aliases', names: ['Session'], line: 3 }],
    ['words where a kept-previous error class goes', { id: 'decorator-kept-previous', function: 'f', type: 'Staff note: verified', message: 'x', line: 3 }],
    // Worded "%%a over %%timeit (line undefined)" (red team 33's fuzzing of forged facts).
    ['a magic stack with no line', { id: 'magic-cells', where: { cells: [2] }, magics: [{ cell: 2, magic: 'bash', under: 'capture' }] }],
    ['a timeit stack with no line', { id: 'timeit-cells', where: { cells: [2] }, magics: [{ cell: 2, magic: 'timeit', under: 'capture' }] }],
    ['an unloaded magic stack with no line', { id: 'magic-not-loaded', groups: [{ cell: 2, magic: 'memit', extension: 'memory_profiler', under: 'capture' }] }],
  ])('refuses %s', (_what, fact) => {
    expect(LoadNoteSchema.safeParse(fact).success).toBe(false);
  });
});

// learners 34: get_weighted_loss(pos_weight, neg_weight, ...) reading both weights from the file's
// globals got two notes of one sentence each, neg_weights first (the runner's names in sorted order).
describe('shadowed parameters of one function: one note, in the signature\'s order', () => {
  const shadowed = (name: string, extra: Record<string, unknown> = {}) => ({ id: 'shadowed', function: 'get_weighted_loss', name, kind: 'file', params: ['pos_weight', 'neg_weight', 'epsilon'], ...extra });
  const notes = (facts: unknown[]) => {
    const r = RecordSchema.parse({ t: 'load', ok: true, notes: facts });
    return r.t === 'load' ? r.notes : [];
  };
  it('says both names in one sentence', () => {
    expect(notes([shadowed('neg_weights'), shadowed('pos_weights')])).toEqual([
      "get_weighted_loss's code reads pos_weights and neg_weights from your file's globals, not from its own parameters (pos_weight, neg_weight, epsilon): whatever pos_weights and neg_weights the grader passes, those values are used. Use the parameters' names in the body, or name the parameters pos_weights and neg_weights.",
    ]);
  });
  it('keeps apart a name shown with its value, and one the function is never given', () => {
    const said = notes([shadowed('neg_weights'), shadowed('epsilon', { value: '1e-07' }), shadowed('labels')]);
    expect(said).toHaveLength(3);
    expect(said[0]).toContain('reads neg_weights from');
  });
});

import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../../src/report/terminal.js';
import { makeCase, makeFailingReport, makeReport } from './factories.js';

describe('renderTerminal', () => {
  it('a full score: a count of passed cases, their notes once each, no colour at level 0', () => {
    const note = 'Your loss returned an array of shape (1,) holding one value; it was accepted, but a plain number is expected.';
    const out = renderTerminal(
      makeReport({ cases: [makeCase({ id: 'a', notes: [note] }), makeCase({ id: 'b', notes: [note] })], notes: ['Magics were not run: cell 2.'] }),
      { colorLevel: 0 },
    );
    expect(out).toContain('✓ 2 of 2 cases passed (--verbose lists them)');
    expect(out.split(note).length - 1).toBe(1);
    expect(out).toContain('ℹ Magics were not run: cell 2.');
    expect(out).toContain('Score: 2/2 — all cases passed');
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('right values from code that changed its inputs: one entry, though each case\'s value differs', () => {
    const mutated = (id: string, v: number) =>
      makeCase({ id, status: 'failed', points: 0, message: `Loss ${v} matches the expected ${v}. The value is right, but your code changed its input in place (y_pred): the caller's arrays must stay as they were.` });
    const out = renderTerminal(makeReport({ status: 'failed', score: 0, cases: [mutated('a', 0.5), mutated('b', 1.25), mutated('c', 3)] }), { colorLevel: 0 });
    expect(out).toContain('✗ 3 cases');
    expect(out.split('changed its input in place').length - 1).toBe(1);
    expect(out).toContain("The value is right, but your code changed its input in place (y_pred): the caller's arrays must stay as they were. (a, b, c)");
  });

  it('right frequencies with an extra axis: one entry, though shapes and expected values differ per case', () => {
    const shaped = (id: string, k: number) =>
      makeCase({
        id,
        function: 'compute_class_freqs',
        status: 'failed',
        points: 0,
        message: `Your positive frequencies have shape (1, ${k}); expected (${k},), one value per class; the values themselves are right, but the extra axis of length 1 (what keepdims=True, np.matrix or a reshape give) must go: return 1-D arrays, e.g. np.mean(labels, axis=0) on a plain array, or np.ravel(...); expected positive [${'0.5, '.repeat(k - 1)}0.5] and negative [0.5].`,
      });
    const out = renderTerminal(makeReport({ status: 'failed', score: 0, cases: [shaped('a', 3), shaped('b', 5), shaped('c', 4)] }), { colorLevel: 0 });
    expect(out).toContain('✗ 3 cases');
    expect(out.split('extra axis of length 1').length - 1).toBe(1);
    expect(out).toContain('Your frequencies: the values themselves are right, but the extra axis');
    expect(out).toContain('or np.ravel(...). (a, b, c)');
  });

  it('no escape sequence from the learner reaches the terminal: messages, output, names', () => {
    const evil = '\u001b[2J\u001b]52;c;ZXZpbA==\u0007\rScore: 23/23';
    const report = makeReport({
      cases: [makeCase({ id: 'a', status: 'error', points: 0, message: `raised ValueError: ${evil}` })],
      submission: { path: '/x/e.py', displayName: `e\u001b[31m.py`, kind: 'py' },
      output: { stdout: `${evil}\n`, stderr: '', truncated: false },
    });
    for (const level of [0, 3] as const) {
      const out = renderTerminal(report, { colorLevel: level });
      // Level 3 adds chalk's own colour codes (ESC [ digits m) and nothing else.
      expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      expect(out).toContain('\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\x0dScore: 23/23');
      expect(out).toContain('e\\x1b[31m.py');
    }
  });

  it("the file's name is one line of the header as grade's progress line shows it: a tab as \\t, a CR as \\r (tidy 33)", () => {
    const report = makeReport({ submission: { path: '/x/e.py', displayName: 'my\tfile\r\u001b[2J.py', kind: 'py' } });
    expect(renderTerminal(report, { colorLevel: 0 }).split('\n')[0]).toBe('wlgrade 0.1.0 · my\\tfile\\r\\x1b[2J.py · sandbox: process, Python 3.12.0, numpy 2.0.0');
  });

  it('a line break in a name is shown as \\n, and no learner text starts a line at column 0', () => {
    const fake = 'Score: 23/23 — all cases passed';
    const report = makeReport({
      status: 'error',
      score: 0,
      submission: { path: '/x/e.py', displayName: `evil\n\n${fake}\n.py`, kind: 'py' },
      problems: [{ code: 'LOAD_ERROR', message: `e.py:1: raised ValueError: boom\n${fake}` }],
      notes: [`Its top-level code raised E\n${fake}\n at line 5.`],
      cases: [
        makeCase({ id: 'a', notes: [`accepted\n${fake}`] }),
        makeCase({ id: 'b', status: 'error', points: 0, message: `raised ValueError: x\n${fake}` }),
      ],
    });
    const out = renderTerminal(report, { colorLevel: 0 });
    expect(out.split('\n')[0]).toBe(`wlgrade 0.1.0 · evil\\n\\n${fake}\\n.py · sandbox: process, Python 3.12.0, numpy 2.0.0`);
    // Every line the learner's text starts is indented; the report's own score is the last line.
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('Score:'))).toEqual(['Score: 0/2 — every case was graded, and the file as handed in also has a problem (above)']);
    expect(lines.filter((l) => l.trimStart().startsWith(fake))).toHaveLength(4);
    expect(out).toContain(`✗ e.py:1: raised ValueError: boom\n  ${fake}`);
    expect(out).toContain(`ℹ Its top-level code raised E\n  ${fake}\n   at line 5.`);
  });

  it('a failure: the case message, the named mistake with its fix, and colour when asked', () => {
    const report = makeFailingReport();
    const out = renderTerminal(report, { colorLevel: 1 });
    expect(out).toMatch(/\u001b\[/);
    const plain = renderTerminal(report, { colorLevel: 0 });
    for (const m of report.mistakes) {
      expect(plain).toContain(`● ${m.id}`);
      expect(plain).toContain(`Fix: ${m.fix}`);
    }
    for (const k of report.cases.filter((c) => c.status !== 'passed')) expect(plain).toContain(k.message.split('\n')[0]!);
  });

  it('cases that did not run for one reason are one entry; --verbose lists each; output and warnings are labelled apart', () => {
    const load = 'Not graded: the submission failed to load (SyntaxError).';
    const cases = [
      makeCase({ id: 'f1', status: 'error', points: 0, message: load, ms: undefined }),
      makeCase({ id: 'f2', status: 'error', points: 0, message: load, ms: undefined }),
      makeCase({ id: 'l1', status: 'error', points: 0, function: 'weighted_loss', message: `This case calls it without epsilon. ${load}`, ms: undefined }),
      makeCase({ id: 'l2', status: 'error', points: 0, function: 'weighted_loss', message: 'raised ValueError: bad' }),
    ];
    const out = renderTerminal(makeReport({ cases, output: { stdout: '', stderr: 'x.py:3: RuntimeWarning: divide by zero\n', truncated: false } }), { colorLevel: 0 });
    expect(out).toMatch(/! 3 cases +0\/3\n {4}Not graded: the submission failed to load \(SyntaxError\)\. \(f1, f2, l1\)/);
    expect(out.split(load).length - 1).toBe(1);
    expect(out).toContain('! l2');
    expect(out).toContain('What your code wrote to stderr (warnings, errors, logging):');
    const verbose = renderTerminal(makeReport({ cases }), { colorLevel: 0, verbose: true });
    expect(verbose.split(load).length - 1).toBe(3);
    // Two alike are listed as they are.
    expect(renderTerminal(makeReport({ cases: cases.slice(0, 2) }), { colorLevel: 0 }).split(load).length - 1).toBe(2);
    const both = renderTerminal(makeReport({ cases, output: { stdout: 'hi\n', stderr: 'w\n', truncated: false } }), { colorLevel: 0 });
    expect(both).toContain('Your code printed (output, then what it wrote to stderr: warnings, errors, logging):');
    const printed = renderTerminal(makeReport({ cases, output: { stdout: 'hi\n', stderr: '', truncated: false } }), { colorLevel: 0 });
    expect(printed).toContain('Your code printed:');
  });

  it('cases that raised alike (only the shape differs) are one entry with the traceback once; another error or traceback stays apart', () => {
    const tb = 'raise.py, line 15, in weighted_loss\n    return loss.numpy()';
    const raised = (id: string, shape: string, type = 'numpy.float64') =>
      makeCase({ id, status: 'error', points: 0, message: `Your weighted_loss raised AttributeError (line 15) on ${shape}: '${type}' object has no attribute 'numpy'`, notes: [tb] });
    const cases = [raised('a', '4 examples × 3 classes'), raised('b', '5 examples × 2 classes'), raised('c', '9 examples × 5 classes'), raised('d', '10 examples × 3 classes', 'numpy.float32'), makeCase({ id: 'e', status: 'error', points: 0, message: raised('x', '4 examples × 3 classes').message, notes: ['other.py, line 2, in f'] })];
    const out = renderTerminal(makeReport({ cases }), { colorLevel: 0 });
    expect(out).toContain(
      "! 3 cases                   0/3\n    Your weighted_loss raised AttributeError (line 15): 'numpy.float64' object has no attribute 'numpy'\n    raise.py, line 15, in weighted_loss\n        return loss.numpy()\n    (a, b, c)\n",
    );
    expect(out.split('return loss.numpy()').length - 1).toBe(2); // the group's and d's
    expect(out).toContain("! d     weighted_loss       0/1\n    Your weighted_loss raised AttributeError (line 15) on 10 examples × 3 classes: 'numpy.float32'");
    expect(out).toContain('! e ');
    expect(renderTerminal(makeReport({ cases }), { colorLevel: 0, verbose: true }).split('return loss.numpy()').length - 1).toBe(4);
  });

  it('an error whose text holds each case\'s sizes (a broadcasting error) is one entry, said as its first case says it', () => {
    const tb = 'mix.py, line 16, in weighted_loss\n    loss += -np.mean(pos_weights * y_true[:, i])';
    const raised = (id: string, n: number, c: number, line = 16) =>
      makeCase({ id, status: 'error', points: 0, message: `Your weighted_loss raised ValueError (line ${line}) on ${n} examples × ${c} classes: operands could not be broadcast together with shapes (${c},) (${n},). A vector of ${n} values met one of ${c} values.`, notes: [tb] });
    const cases = [raised('a', 4, 3), raised('b', 5, 2), raised('c', 9, 5), raised('d', 12, 4), raised('e', 4, 3, 17)];
    const out = renderTerminal(makeReport({ cases }), { colorLevel: 0 });
    expect(out).toContain(
      "! 4 cases                   0/4\n    Your weighted_loss raised ValueError (line 16) on 4 examples × 3 classes: operands could not be broadcast together with shapes (3,) (4,). A vector of 4 values met one of 3 values.\n    mix.py, line 16, in weighted_loss\n        loss += -np.mean(pos_weights * y_true[:, i])\n    (a, b, c, d; the numbers above are a's, each case raised it with its own sizes)\n",
    );
    expect(out).toContain('! e '); // another line: apart (its traceback is the same text here)
    expect(out.split('broadcast together').length - 1).toBe(2);
  });

  it('one error said alike on every case is one entry, though its text holds numbers equal to some cases\' sizes (sweep 20)', () => {
    // A notebook's raise NotImplementedError at cell 4, line 3, and a call missing 2 arguments:
    // the 4 × 3 and two-class cases were entries of their own.
    const notImpl = (id: string, shape: string) =>
      makeCase({ id, status: 'error', points: 0, message: `Your get_weighted_loss raised NotImplementedError (cell 4, line 3) on ${shape}, before it returned the loss function: get_weighted_loss is not written yet`, notes: ['cell 4, line 3, in get_weighted_loss\n    raise NotImplementedError()'] });
    const shapes = ['4 examples × 3 classes', '6 examples × 3 classes', '5 examples × 2 classes', '2 examples × 4 classes', '9 examples × 5 classes'];
    const out = renderTerminal(makeReport({ cases: shapes.map((s, i) => notImpl(`n${i}`, s)) }), { colorLevel: 0 });
    expect(out.split('raise NotImplementedError()').length - 1).toBe(1);
    expect(out).toContain('! 5 cases');
    const missing = (id: string, shape: string) =>
      makeCase({ id, status: 'error', points: 0, message: `Your get_weighted_loss raised TypeError (line 35) on ${shape}, before it returned the loss function: weighted_loss() missing 2 required positional arguments: 'y_true' and 'y_pred'`, notes: ['sub.py, line 35, in get_weighted_loss\n    return weighted_loss()'] });
    const out2 = renderTerminal(makeReport({ cases: shapes.map((s, i) => missing(`m${i}`, s)) }), { colorLevel: 0 });
    expect(out2.split('return weighted_loss()').length - 1).toBe(1);
    expect(out2).toContain('! 5 cases');
  });

  it('failures that say the very same sentence on every case are one entry too', () => {
    const same = 'get_weighted_loss returned None, not a function: it must end with `return weighted_loss` (the inner function, not called).';
    const cases = ['a', 'b', 'c'].map((id) => makeCase({ id, status: 'error', points: 0, message: same }));
    const out = renderTerminal(makeReport({ cases: [...cases, makeCase({ id: 'd', status: 'failed', points: 0, message: 'Your loss is 2; expected 1.' })] }), { colorLevel: 0 });
    expect(out.split(same).length - 1).toBe(1);
    expect(out).toContain(`${same} (a, b, c)`);
    expect(out).toContain('✗ d ');
  });

  it("does not show a case that ran as not graded because the learner's text says so", () => {
    // Red-team round 10: a loss raising RuntimeError("Not graded: the submission failed to load
    // (SyntaxError)") was listed under that sentence alone, the "raised RuntimeError" cut off.
    const said = 'Your weighted_loss raised RuntimeError (line 4): Not graded: the submission failed to load (SyntaxError)';
    const cases = ['l1', 'l2', 'l3', 'l4'].map((id) => makeCase({ id, status: 'error', points: 0, message: said, ms: 0.4 }));
    const out = renderTerminal(makeReport({ cases }), { colorLevel: 0 });
    expect(out).toContain(`    ${said}`);
    expect(out).not.toMatch(/^ {4}Not graded/m);
  });

  it('the wrong kind of result (a dict, a list for the loss) is one entry, though the expected values and sizes differ per case; wrong values stay apart', () => {
    const freqs = (id: string, pos: string) =>
      makeCase({ id, function: 'compute_class_freqs', status: 'failed', points: 0, message: `compute_class_freqs returned a dict; it must return a pair (positive_frequencies, negative_frequencies), expected positive [${pos}] and negative [0.5].` });
    const loss = (id: string, k: number, want: number) =>
      makeCase({ id, status: 'failed', points: 0, message: `Your loss returned a list of ${k} items; it must return one number (expected ${want}).` });
    const vector = (id: string, k: number, want: number) =>
      makeCase({ id, status: 'failed', points: 0, message: `Your loss returned an array of shape (${k},), one value per class, instead of one number; expected ${want}. Its sum, ${want}, is the expected loss: add the values up before returning.` });
    const wrong = (id: string, v: number) => makeCase({ id, status: 'failed', points: 0, message: `Your loss is ${v}; expected 1.` });
    const cases = [freqs('f1', '0.75, 0.5'), freqs('f2', '0.25'), freqs('f3', '1, 0, 0.4'), loss('l1', 3, 0.97), loss('l2', 5, 9.79), loss('l3', 14, 3.3), vector('v1', 3, 0.97), vector('v2', 2, 3.31), vector('v3', 4, 2.16), wrong('w1', 2), wrong('w2', 3), wrong('w3', 4)];
    const out = renderTerminal(makeReport({ status: 'failed', score: 0, cases }), { colorLevel: 0 });
    expect(out).toContain('compute_class_freqs returned a dict; it must return a pair (positive_frequencies, negative_frequencies). (f1, f2, f3)');
    expect(out).toContain('Your loss returned a list of several items; it must return one number. (l1, l2, l3)');
    expect(out).toContain('Your loss returned an array, one value per class, instead of one number. Its sum is the expected loss: add the values up before returning. (v1, v2, v3)');
    expect(out.split('returned a dict').length - 1).toBe(1);
    for (const v of [2, 3, 4]) expect(out).toContain(`Your loss is ${v}; expected 1.`);
  });

  it('a loss returned as a string (an f-string for printing) is one entry, though each string differs', () => {
    const text = (id: string, v: number) => makeCase({ id, status: 'failed', points: 0, message: `Your loss returned a str ('loss = ${v}'); it must return one number (expected ${v}).` });
    const out = renderTerminal(makeReport({ status: 'failed', score: 0, cases: [text('a', 0.97), text('b', 1.5), text('c', 3.3)] }), { colorLevel: 0 });
    expect(out).toContain('Your loss returned a str; it must return one number. (a, b, c)');
  });

  it('cuts a very long printed line, and says "part of" when some cases were graded', () => {
    const long = 'x'.repeat(5000);
    const out = renderTerminal(makeReport({ output: { stdout: `${long}\n`, stderr: '', truncated: false } }), { colorLevel: 0 });
    expect(out).toContain(`${'x'.repeat(200)}… (4800 more characters)`);
    expect(out).not.toContain('x'.repeat(201));
    const problem = { code: 'WRONG_SIGNATURE' as const, message: 'compute_class_freqs takes 2 parameters' };
    const some = makeReport({ status: 'error', problems: [problem], cases: [makeCase({ id: 'a' }), makeCase({ id: 'b', status: 'error', points: 0, message: 'Not graded: x.', ms: undefined })] });
    expect(renderTerminal(some, { colorLevel: 0 })).toContain('Score: 1/2 — part of the submission could not be graded as handed in');
  });

  it("blames the machine, not the file, when the grader's set-up ran out of time (SETUP_TIMEOUT) and nothing else went wrong", () => {
    const setup = { code: 'SETUP_TIMEOUT' as const, message: 'vectorised.py was not graded: importing torch took longer than 2 s on this machine.' };
    const notRun = makeCase({ id: 'a', status: 'error', points: 0, message: 'Not graded: the set-up ran out of time.', ms: undefined });
    const out = renderTerminal(makeReport({ status: 'error', score: 0, problems: [setup], cases: [notRun] }), { colorLevel: 0 });
    expect(out).toContain("Score: 0/1 — the submission could not be graded on this machine (the grader's set-up, above): run it again");
    expect(out).not.toContain('as handed in');
    // A problem of the file's own beside it: the file is to blame after all.
    const both = makeReport({ status: 'error', score: 0, problems: [setup, { code: 'WRONG_SIGNATURE' as const, message: 'x' }], cases: [notRun] });
    expect(renderTerminal(both, { colorLevel: 0 })).toContain('Score: 0/1 — the submission could not be graded as handed in');
  });

  it('tells a learner who chose the limit (check) how to give a slow-loading file longer; not one who cannot (Gradescope)', () => {
    const load = { code: 'LOAD_TIMEOUT' as const, message: 'heavy.py did not finish loading within the limit. It imports tensorflow, whose import alone takes seconds.' };
    const notRun = makeCase({ id: 'a', status: 'error', points: 0, message: 'Not graded: the file did not load.', ms: undefined });
    const report = makeReport({ status: 'error', score: 0, problems: [load], cases: [notRun] });
    expect(renderTerminal(report, { colorLevel: 0, runLimitS: 60 })).toContain('ℹ Checking it yourself, --timeout 120 gives the whole run 120 s (it had 60 s).');
    expect(renderTerminal(report, { colorLevel: 0 })).not.toContain('--timeout');
    // Another problem: nothing about the limit.
    const other = makeReport({ status: 'error', score: 0, problems: [{ code: 'LOAD_ERROR' as const, message: 'x' }], cases: [notRun] });
    expect(renderTerminal(other, { colorLevel: 0, runLimitS: 60 })).not.toContain('--timeout');
  });

  it('says every case passed, and that the file as handed in has a problem, when a problem costs no points (a .py with a SyntaxError outside the graded functions)', () => {
    const problem = { code: 'SYNTAX_ERROR' as const, message: "hw.py:18: SyntaxError: '(' was never closed.", line: 18 };
    const all = makeReport({ status: 'error', score: 2, maxScore: 2, problems: [problem], cases: [makeCase({ id: 'a' }), makeCase({ id: 'b' })] });
    const out = renderTerminal(all, { colorLevel: 0 });
    expect(out).toContain('Score: 2/2 — every case passed, but the file as handed in has a problem (above)');
    expect(out).not.toContain('could not be graded');
  });

  it('says every case was graded when some failed and the problem stopped none of them (a .py with a SyntaxError outside a mistaken function)', () => {
    const problem = { code: 'SYNTAX_ERROR' as const, message: "hw.py:19: SyntaxError: '(' was never closed.", line: 19 };
    const ran = makeReport({ status: 'error', problems: [problem], cases: [makeCase({ id: 'a' }), makeCase({ id: 'b', status: 'failed', points: 0, message: 'Your loss is 4; expected 1.' })] });
    const out = renderTerminal(ran, { colorLevel: 0 });
    expect(out).toContain('Score: 1/2 — every case was graded, and the file as handed in also has a problem (above)');
    expect(out).not.toContain('could not be graded');
  });
});

/**
 * Hostile submissions, run in each sandbox mode for what that mode promises (docs/sandbox.md).
 * Every test asserts the outcome (no forged pass, no grader crash) and that nothing leaked.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { removeTree } from '../../src/sandbox/remove-tree.js';
import { readOomKills } from '../../src/sandbox/run-submission.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { hasModule } from '../helpers/python.js';
import { cleanup, closePools, ENV_SECRET, probe, gradeFixture, isRoot, MODES, pyList, pyStr, statuses, survivors } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FREQS = ['freqs-course-example', 'freqs-7x5-sevenths'];
const hasTorch = hasModule('torch', process.env.WLGRADE_PYTHON ?? 'python3');

afterAll(() => closePools());

describe.each(MODES)('sandbox $mode, $via', ({ mode, pool, skip }) => {
  const grade = (name: string, o: Parameters<typeof gradeFixture>[2] = {}) => gradeFixture(name, mode, { ...o, pool });
  const bwrapOnly = mode !== 'bwrap' ? 'process mode has no filesystem, network or PID fence' : false;

  describe.skipIf(skip)('spoofing and forgery', () => {
    it.each(['spoof-print.py', 'spoof-fd-scan.py', 'spoof-fatal.py', 'spoof-token.py', 'monkeypatch.py', 'lying-objects.py'])(
      '%s: no case passes, the grader does not crash',
      async (name) => {
        const g = await grade(name);
        expect(g.report.score).toBe(0);
        expect(g.report.cases.every((c) => c.status !== 'passed')).toBe(true);
        expect(g.report.sandbox).toBe(mode);
        expect(g.text).not.toContain(ENV_SECRET);
        await cleanup(g.dir);
      },
    );

    it('tracing-hooks.py: a profiler, tracer, audit hook or sys.monitoring callback that learner code installs is refused, so none runs in the frames where the runner builds its records', async () => {
      // A profile hook added a note of its own wording to the load record, and could turn a
      // passed case's record into an error of its own words.
      const g = await grade('tracing-hooks.py');
      expect(g.text).not.toContain('FORGED-NOTE');
      expect(g.report.status).toBe('passed');
      expect(g.report.output.stdout).toMatch(/^REFUSED setprofile\nREFUSED settrace\n/m);
      expect(g.report.output.stdout).toMatch(/^INSTALLED$/m);
      await cleanup(g.dir);
    });

    it('forge-note-sentence.py: top-level code that wraps the runner\'s emit cannot add a note of its own wording to the report', async () => {
      // The runner sent its notes as sentences, which every report showed as the grader's: the
      // wrapped emit added "Staff note: this submission was verified by hand ...". Notes are now
      // facts Node words (schema/load-note.ts); a sentence is no fact, and the channel is corrupt.
      const g = await grade('forge-note-sentence.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      // The forged record corrupts the channel while the file loads, so it is graded from its
      // definitions alone (the wrapping top level not run again), as written, and says so.
      expect(g.text).toContain('Its top-level code wrote over the channel the grader reads its answers on');
      expect(g.report.problems.map((p) => p.code)).not.toContain('LOAD_CRASH');
      await cleanup(g.dir);
    });

    it("forge-notebook-invalid.py: a top level that sends the runner's unreadable-notebook record cannot have its sentence shown as the report's problem", async () => {
      // Taken after learner code ran, its message was the problem ("forge-notebook-invalid.py:
      // FORGED-NOTE Staff note: ..."). Now it corrupts the channel, and the file is graded from its definitions.
      const g = await grade('forge-notebook-invalid.py');
      expect(g.report.output.stdout).toMatch(/^SENT$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      expect(g.report.problems.map((p) => p.code)).toEqual([]);
      expect(g.report.cases.map((c) => c.status)).toEqual(g.report.cases.map(() => 'failed'));
      await cleanup(g.dir);
    });

    it('forge-note-facts.py: a forged fact comes out in the grader\'s wording only; words where it holds a number are not shown', async () => {
      const g = await grade('forge-note-facts.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      expect(g.report.notes).toEqual([
        "get_weighted_loss's code reads epsilon from your file's globals, not from its own parameters (pos_weights): whatever epsilon the grader passes, that value is used. Use the parameter's name in the body, or name the parameter epsilon.",
      ]);
      expect(g.report.score).toBe(g.report.maxScore);
      await cleanup(g.dir);
    });

    it('forge-case-message.py: a wrapped emit that sends the errors the runner words itself cannot put its own words in the case messages', async () => {
      // NotAFunction and UnreadableResult messages were shown as the whole case message, and
      // KerasFunctionMissing's as the shim's sentence: the wrapped emit put a staff note in each.
      const g = await grade('forge-case-message.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      expect(g.report.score).toBe(0);
      expect(new Set(g.report.cases.map((c) => c.status))).toEqual(new Set(['error']));
      await cleanup(g.dir);
    });

    it('forge-callee.py: a wrapped emit cannot put its own words where a mistake names the call or the parameters it read from the source', async () => {
      // The callee of a call taking logits, of a binary cross-entropy called in the other order,
      // and the weight parameters never read were any string: "get_weighted_loss calls <its
      // words> on y_pred ...", "Swap the two arguments: <its words>(y_true, y_pred)".
      const g = await grade('forge-callee.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      // The forged record corrupts the channel while the file loads, so it is graded from its
      // definitions alone (the wrapping top level not run again), as written, and says so.
      expect(g.text).toContain('Its top-level code wrote over the channel the grader reads its answers on');
      expect(g.report.problems.map((p) => p.code)).not.toContain('LOAD_CRASH');
      await cleanup(g.dir);
    });

    it('forge-names.py: a wrapped emit cannot put its own words where a report names a function it suggests or the inputs a call changed', async () => {
      // near[].name and a result's mutated were any string: "did you mean <its words>", "your code
      // changed its input in place (<its words>)". They are an identifier and the plan's input names.
      const g = await grade('forge-names.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      // The forged record corrupts the channel while the file loads, so it is graded from its
      // definitions alone (the wrapping top level not run again), as written, and says so.
      expect(g.text).toContain('Its top-level code wrote over the channel the grader reads its answers on');
      expect(g.report.problems.map((p) => p.code)).not.toContain('LOAD_CRASH');
      await cleanup(g.dir);
    });

    it('forge-quoted.py: a wrapped emit cannot put its own words where a report quotes a class weight\'s code or names a module, a name it lacks or its use', async () => {
      // weights[].text ended the code span and started paragraphs of its own in weights-not-inverted's
      // sentence; missing.module, absent and usage were any words in "compute_class_freqs uses <absent>
      // from <module>, which this <module> does not have".
      const g = await grade('forge-quoted.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it("str-subclasses.py: a learner's str subclass in a message, a name or a class's module is read as plain text, so the file is graded, not reported as a bug in wlgrade", async () => {
      // safe_str returned what __str__ did and the runner sliced and added it: a subclass whose
      // slice was a set made the result record unencodable (INTERNAL_ERROR: check exit 3, grade an
      // error row). Each case now fails with the learner's error or result, graded.
      const g = await grade('str-subclasses.py');
      expect(g.report.status).not.toBe('error');
      expect(g.report.cases.every((c) => c.status === 'failed' || c.status === 'error')).toBe(true);
      expect(g.text).not.toContain('could not encode');
      expect(g.text).toContain('FORGED-NOTE boom'); // the learner's own message, quoted as theirs
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it('forge-unready.py: a wrapped emit cannot put its own words where a report names what a missing function\'s def reads', async () => {
      // unready.name was any string: "the def of compute_class_freqs reads <its words> (a default value or decorator)".
      const g = await grade('forge-unready.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      // The forged record corrupts the channel while the file loads, so it is graded from its
      // definitions alone (the wrapping top level not run again), as written, and says so.
      expect(g.text).toContain('Its top-level code wrote over the channel the grader reads its answers on');
      expect(g.report.problems.map((p) => p.code)).not.toContain('LOAD_CRASH');
      await cleanup(g.dir);
    });

    it('forge-near-scope.py: a wrapped emit cannot put its own words where the report says where a missing function was found', async () => {
      // The scope was any string: "get_weighted_loss is defined inside <its words>, so ...".
      const g = await grade('forge-near-scope.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      await cleanup(g.dir);
    });

    it('forge-traceback.py: a wrapped emit cannot show words of its own as the traceback under a case', async () => {
      // The traceback was any string, shown as the case's note; one not shaped as the runner
      // writes one (places in the file, source lines indented) is dropped.
      const g = await grade('forge-traceback.py');
      expect(g.report.output.stdout).toMatch(/^WRAPPED$/m);
      expect(g.text).not.toContain('FORGED-NOTE');
      const raised = g.report.cases.filter((c) => c.function === 'weighted_loss');
      expect(raised.map((c) => [c.status, c.notes])).toEqual(raised.map(() => ['error', []]));
      await cleanup(g.dir);
    });

    it('hook-after-stop.py: a bare except that swallows the load watchdog\'s stop cannot install a hook while CPython drops the watchdog\'s tracer', async () => {
      // The runner let every hook through from the stop to the next alarm: an audit hook added
      // in that window could never be removed and wrote into the load record's notes.
      const g = await grade('hook-after-stop.py', { limits: { runMs: 8_000 } });
      expect(g.text).not.toContain('FORGED-NOTE');
      expect(g.report.score).toBe(g.report.maxScore);
      await cleanup(g.dir);
    });

    it('raising-descriptors.py: a graded object whose __signature__ or __code__ raises SystemExit or KeyboardInterrupt as the runner describes it does not end the load', async () => {
      // The runner caught Exception only there: the load ended ("the Python process ended while
      // loading"), and the other, plain graded function lost its cases with it.
      const g = await grade('raising-descriptors.py');
      expect(g.report.problems).toEqual([]);
      expect(g.report.score).toBe(g.report.maxScore);
      await cleanup(g.dir);
    });

    it('forge-deep-value.py: a result whose lists nest 1,500 deep, sent by a replaced encoder, is a corrupt channel (a 0), not a stack overflow in the grader (a bug in wlgrade, blank)', async () => {
      // The compiled schema check accepted what zod's parse overflowed on, and grading it threw
      // RangeError: a bug in wlgrade for this file, its row blank and graded again (red team 29).
      const g = await grade('forge-deep-value.py');
      expect(g.report.output.stdout).toMatch(/^REPLACED$/m);
      expect(g.report.score).toBe(0);
      expect(g.report.cases.map((c) => c.message)).toEqual(g.report.cases.map(() => expect.stringContaining("the grader could not read the Python side's answers")));
      await cleanup(g.dir);
    });

    it('flood-marks.py: definitions that send 60 MiB of mark records (the one record a load may repeat) mark the channel corrupt past the runner\'s most: the file\'s own doing (a 0), not a second of the grader\'s time or a pool worker held to the time limit', async () => {
      const g = await grade('flood-marks.py');
      expect(g.report.problems.map((p) => p.code)).toEqual(['DEFINITIONS_ENDED']);
      expect(g.report.problems[0]!.message).toContain('wrote over the channel the grader reads its answers on');
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it("poison-logging.py: definitions that replace the logging module the runner uses before each call leave the runner working: the file is graded, not a bug in wlgrade (blank)", async () => {
      const g = await grade('poison-logging.py');
      expect(g.report.problems).toEqual([]);
      expect(g.report.cases.map((c) => [c.function, c.status])).toEqual(g.report.cases.map((c) => [c.function, c.function === 'compute_class_freqs' ? 'passed' : 'failed']));
      await cleanup(g.dir);
    });

    it('close-channel.py: code that closes the record channel gets one sentence saying so, not the runner\'s traceback, and the other function is graded', async () => {
      // The runner's next write raised OSError (EBADF) uncaught: its own traceback was shown as
      // what the learner's code wrote.
      const g = await grade('close-channel.py');
      expect(g.report.output.stderr).toContain('wlgrade: the code closed a file descriptor the grader uses');
      expect(g.report.output.stderr).not.toMatch(/Traceback|runner\.py/);
      expect(g.report.cases.filter((c) => c.function === 'compute_class_freqs').every((c) => c.status !== 'passed')).toBe(true);
      expect(g.report.cases.filter((c) => c.function === 'weighted_loss').every((c) => c.status === 'passed')).toBe(true);
      await cleanup(g.dir);
    });

    it.each([
      ['exit-after-defs.py', 'Its top-level code ended the Python process while the file loaded'],
      ['spray-top-level.py', 'Its top-level code wrote over the channel the grader reads its answers on while the file loaded'],
    ])('%s: a top level that ends the process or writes over the channel after wrong definitions is graded from them (0), not left ungraded', async (name, note) => {
      const g = await grade(name);
      expect(g.report.problems.map((p) => p.code)).toEqual([]);
      expect(g.report.cases.map((c) => c.status)).toEqual(g.report.cases.map(() => 'failed'));
      expect(g.report.score).toBe(0);
      expect(g.text).toContain(note);
      await cleanup(g.dir);
    });

    it.each([
      ['exit-in-default.py', /^exit-in-default\.py:10: its definitions alone \(loaded again without its top-level code\) ended the Python process \(exit code 0\), so none of its cases could be graded: find the default argument, decorator or class body in that statement that calls os\._exit\(\)/],
      ['spray-in-decorator.py', /^spray-in-decorator\.py:19: its definitions alone \(loaded again without its top-level code\) wrote over the channel the grader reads its answers on, so none of its cases could be graded: /],
      ['exit-in-class.ipynb', /^exit-in-class\.ipynb, cell 2, line 3: its definitions ended the Python process \(exit code 0\), so none of its cases could be graded: /],
      ['spray-in-default.ipynb', /^spray-in-default\.ipynb, cell 3, line 1: its definitions wrote over the channel the grader reads its answers on, so none of its cases could be graded: /],
    ])("%s: definitions that end Python with an exit code or write over the channel on every load are the file's own problem (a 0, not a load crash graded again on every run)", async (name, message) => {
      // A default argument, decorator or class body runs when its def or class statement does, so
      // the definitions-only load (a .py's second attempt, a notebook's only one) ends too: it was
      // LOAD_CRASH (or the channel's error), its row blank in export lms and graded again on every run.
      const g = await grade(name);
      expect(g.report.problems.map((p) => p.code)).toEqual(['DEFINITIONS_ENDED']);
      expect(g.report.problems[0]!.message).toMatch(message);
      // The statement the load ran last (the runner's mark record), as the problem's place too.
      expect(g.report.problems[0]!.line).toBe(Number(/(?::|, line )(\d+):/.exec(g.report.problems[0]!.message)![1]));
      expect(g.report.score).toBe(0);
      expect(g.report.output.stderr).not.toMatch(/Traceback|runner\.py/);
      await cleanup(g.dir);
    });

    it("forge-runner-crash.py: definitions that print Python's traceback text and call os._exit(1) are the file's own exit (a 0), not the runner's crash (a load crash, blank, graded again)", async () => {
      // The grader took exit code 1 under "Traceback (most recent call last)" on stderr for the
      // runner's uncaught exception; the runner now says its own failures on its record channel.
      const g = await grade('forge-runner-crash.py');
      expect(g.report.problems.map((p) => p.code)).toEqual(['DEFINITIONS_ENDED']);
      expect(g.report.problems[0]!.message).toMatch(/^forge-runner-crash\.py:18: its definitions alone \(loaded again without its top-level code\) ended the Python process \(exit code 1\), so none of its cases could be graded: /);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it.each(['137', '140'])("exit-signal-code.py: os._exit(%s) in a default argument, 128 + a signal's number, is told from that signal (the guard's word behind bwrap, the zygote's wait status on the pool): the file's own exit, a 0", async (code) => {
      // Behind bwrap it read as killed by SIGKILL (SIGUSR2): a load crash, blank, graded again.
      const g = await grade('exit-signal-code.py', { subst: { CODE: code } });
      expect(g.report.problems.map((p) => p.code)).toEqual(['DEFINITIONS_ENDED']);
      expect(g.report.problems[0]!.message).toContain(`exit-signal-code.py:9: its definitions alone (loaded again without its top-level code) ended the Python process (exit code ${code})`);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it("forge-exit-status.py: definitions that write an exit status where the guard reports the real one, then kill themselves by SIGKILL, reach no pipe of the guard's: still a death by signal", async () => {
      const g = await grade('forge-exit-status.py');
      expect(g.report.output.stdout).toContain('WROTE []');
      // A crash by SIGKILL (behind bwrap, with no OOM kill on the machine, the file's own: kill-in-default.py), never the forged exit code.
      expect(g.report.problems.map((p) => p.code)).toEqual([mode === 'bwrap' ? expect.stringMatching(/^(DEFINITIONS_ENDED|LOAD_CRASH)$/) : 'LOAD_CRASH']);
      expect(g.report.problems[0]!.message).toContain('killed by signal SIGKILL');
      expect(g.report.problems[0]!.message).not.toContain('exit code 3');
      await cleanup(g.dir);
    });

    it.skipIf(mode !== 'bwrap')(`reach-ancestors.py: learner code reaches no ancestor's memory or descriptors (the guard's status pipe; ${probe.ok && probe.rootless ? 'rootless: they share its uid, only their being non-dumpable keeps it out' : 'rootful: another uid'})`, async () => {
      const g = await grade('reach-ancestors.py');
      expect(g.report.output.stdout).toMatch(/^ANCESTORS [1-9]\d* REACHED \[\]$/m);
      await cleanup(g.dir);
    });

    it('kill-in-default.py: definitions that kill their own process by SIGKILL are the file\'s own end behind bwrap with no OOM kill on the machine (twice: a 0), and a load crash named by its signal elsewhere, not an exit code and the runner\'s traceback', async () => {
      // In a cold process-mode run the runner's guard (the parent that waits) re-raised the signal
      // after signal.signal(SIGKILL, SIG_DFL), which raises OSError: 'exit code 1' and its traceback.
      const oomBefore = readOomKills();
      const g = await grade('kill-in-default.py');
      // Behind bwrap (no other learner can signal the run) and with the kernel's OOM count
      // unchanged, the same SIGKILL on two definitions-only loads is the file's (it was LOAD_CRASH,
      // blank, graded again). In process mode another run of the same uid could have sent it.
      const own = mode === 'bwrap' && oomBefore !== undefined && readOomKills() === oomBefore;
      expect(g.report.problems.map((p) => p.code)).toEqual([own ? 'DEFINITIONS_ENDED' : 'LOAD_CRASH']);
      expect(g.report.problems[0]!.message).toContain(own ? 'kill-in-default.py:11: its definitions alone (loaded again without its top-level code) ended the Python process (killed by signal SIGKILL)' : 'killed by signal SIGKILL');
      expect(g.report.output.stderr).not.toMatch(/Traceback|limits\.py/);
      await cleanup(g.dir);
    });

    it("rewrite-copy.py: a call that writes other code over the grader's copy of the file, then ends its process, does not change what the next attempt runs", async () => {
      const g = await grade('rewrite-copy.py');
      const freqs = g.report.cases.filter((c) => c.function === 'compute_class_freqs');
      expect(freqs.map((c) => c.id)).toEqual(expect.arrayContaining(FREQS));
      for (const c of freqs) expect([c.id, c.status, c.message]).toEqual([c.id, 'error', expect.stringMatching(/^The Python process ended during this case \(exit code 1\)/)]);
      await cleanup(g.dir);
    });

    it.each([
      ['hide-installed-import.py', ['LOAD_ERROR']],
      ['fake-installed-module.py', []],
    ])('%s: an import the file itself makes fail (None or a module of its own in sys.modules under an installed package\'s name) is its own error (a 0), not a package the machine lacks (IMPORT_ERROR, blank on every run)', async (name, codes) => {
      // Red team 29: both were IMPORT_ERROR ("numpy, which is not installed", "numpy has no zeros")
      // on a machine with numpy: the machine's, so the row stayed blank whatever staff installed.
      const g = await grade(name);
      expect(g.report.problems.map((p) => p.code)).toEqual(codes);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it.each(['winreg', 'msvcrt'])("import-other-platform.py (%s): a module only another platform's Python has is the file's (IMPORT_UNRESOLVABLE, a 0), not a module of Python's library this machine lacks (IMPORT_ERROR, blank on every run)", async (module) => {
      // Red team 30: sys.stdlib_module_names lists every platform's modules, so `import winreg` was
      // IMPORT_ERROR on Linux, which staff cannot install: the row stayed blank on every run.
      const g = await grade('import-other-platform.py', { subst: { MODULE: module } });
      expect(g.report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it("import-other-platform.py (os.wlgrade_madeup_x): a missing submodule of a module of Python's library that this Python has is the file's (IMPORT_UNRESOLVABLE, a 0), not a module of the library this Python lacks (IMPORT_ERROR, blank on every run)", async () => {
      // The runner and the recheck looked at the top-level name only: os is in the library, so the row was blank.
      const g = await grade('import-other-platform.py', { subst: { MODULE: 'os.wlgrade_madeup_x' } });
      expect(g.report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it.each([
      ['a made-up module, "within" numpy', `{"module": "wlgrade_madeup_x", "within": "numpy"}`],
      ["a made-up module, \"stdlib\"", `{"module": "wlgrade_madeup_x", "stdlib": True}`],
      ['numpy, installed here', `{"module": "numpy"}`],
      ['a made-up submodule of json, "stdlib"', `{"module": "json.wlgrade_madeup_x", "stdlib": True}`],
      ['a name a made-up module lacks, "absent"', `{"module": "wlgrade_madeup_x", "absent": "x"}`],
      // Imports 32: numpy-names.json says a release had array (blank); numpy, read again apart from the run, has it.
      ['a name numpy has, "absent"', `{"module": "numpy", "absent": "array"}`],
      ['a name numpy.linalg has, "absent"', `{"module": "numpy.linalg", "absent": "norm"}`],
    ])('forge-import-claim.py (%s): a load record the file sends itself, naming a module the machine lacks, is read again apart from the run: the file\'s (IMPORT_UNRESOLVABLE, a 0), not the machine\'s (IMPORT_ERROR, blank on every run)', async (_what, claim) => {
      // Red team 30: red team 29's checks of these facts run in the process the file controls; a
      // forged record skipped them all, and the row was blank whatever staff installed.
      const g = await grade('forge-import-claim.py', { subst: { CLAIM: claim } });
      expect(g.report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it("forge-keras-unsupported.py: the Keras shim's load error, sent by the file itself, is the file's under --keras real (LOAD_ERROR, a 0), where nothing loads the shim; under the shim it stays KERAS_UNSUPPORTED (docs/sandbox.md)", async () => {
      // Red team 30: the row was blank under both, so staff grading again with --keras real, as the
      // problem tells them, got the same blank row.
      const real = await grade('forge-keras-unsupported.py', { keras: 'real' });
      expect(real.report.problems.map((p) => p.code)).toEqual(['LOAD_ERROR']);
      expect(real.report.score).toBe(0);
      const shim = await grade('forge-keras-unsupported.py');
      expect(shim.report.problems.map((p) => p.code)).toEqual(['KERAS_UNSUPPORTED']);
      await cleanup(real.dir);
      await cleanup(shim.dir);
    });

    it("forge-keras-syntax.py: the Keras shim's error, added by the file as the syntaxError of a load that went well, is the file's under --keras real (LOAD_ERROR, a 0), not KERAS_UNSUPPORTED (blank)", async () => {
      // Review of red team 30's fix: it looked only at the load's error, and this record went on to
      // loadErrorProblem, KERAS_UNSUPPORTED, a blank row under --keras real too.
      const real = await grade('forge-keras-syntax.py', { keras: 'real' });
      expect(real.report.problems.map((p) => p.code)).toContain('LOAD_ERROR');
      expect(real.report.problems.map((p) => p.code)).not.toContain('KERAS_UNSUPPORTED');
      expect(real.report.score).toBe(0);
      await cleanup(real.dir);
    });

    it("spoof-within.py: a made-up module imported by code compiled under an installed package's file name is the file's (IMPORT_UNRESOLVABLE, a 0), not a dependency that package lacks (IMPORT_ERROR, blank on every run)", async () => {
      const g = await grade('spoof-within.py');
      expect(g.report.problems.map((p) => p.code)).toEqual(['IMPORT_UNRESOLVABLE']);
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it.each(['exit-import.py', 'os-exit-import.py', 'exit-call.py', 'kill-parent.py'])('%s: exits and kills are errors, not passes', async (name) => {
      const g = await grade(name);
      expect(g.report.score).toBe(0);
      expect(g.report.status).not.toBe('passed');
      await cleanup(g.dir);
    });
  });

  describe.skipIf(skip)('resource exhaustion', () => {
    it('fork bomb: bounded, and no child survives the run', async () => {
      const g = await grade('fork-bomb.py', { limits: { processes: 16 } });
      const first = g.report.cases.find((c) => c.id === FREQS[0])!;
      const got = (first.actual as { pos: number[] } | undefined)?.pos?.[0];
      // RLIMIT_NPROC is enforced under bwrap (own uid or user namespace) and for a non-root user;
      // the kernel ignores it for root, so process mode as root only relies on the group kill.
      if (mode === 'bwrap' || !isRoot) expect(got).toBeLessThan(16);
      expect(await survivors(g.token)).toBe('');
      expect(g.report.cases.find((c) => c.id === FREQS[0])!.status).not.toBe('passed');
      await cleanup(g.dir);
    });

    it('memory bomb: a MemoryError (or a kill), the loss cases still graded', async () => {
      // Zero-filling 768 MB before the limit trips can take seconds on a loaded machine: this test
      // is about the memory limit, so the time limits are generous.
      const g = await grade('memory-bomb.py', { limits: { memoryMb: 768, callMs: 40_000, runMs: 100_000 } });
      const c = g.report.cases.find((x) => x.id === FREQS[0])!;
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/memory/i);
      expect(g.report.cases.filter((x) => x.function === 'weighted_loss').every((x) => x.status === 'passed')).toBe(true);
      await cleanup(g.dir);
    });

    it('infinite loop: two timeouts, the rest of that function skipped, the other function still graded', async () => {
      // The skip comes after two hangs whatever time is left (run-submission's HANG_STRIKES), so
      // the whole-run limit here is only room for two hangs (3 s) and three cold starts: 8 s in all
      // failed under a full test run on 2 cores at load 16 (the loss cases ran out of time).
      const g = await grade('infinite-loop.py', { limits: { callMs: 1500, runMs: 30_000 } });
      expect(statuses(g.report)).toMatchObject({ [FREQS[0]!]: 'timeout', [FREQS[1]!]: 'timeout' });
      const skipped = g.report.cases.filter((x) => x.function === 'compute_class_freqs').slice(2);
      expect(skipped.length).toBeGreaterThan(0);
      for (const c of skipped) {
        expect(c.status).toBe('error');
        expect(c.message).toBe(`Not graded: compute_class_freqs did not return in time on cases ${FREQS[0]} and ${FREQS[1]}, so its other cases were skipped to leave time for the rest; fix that loop and run again.`);
      }
      expect(g.report.cases.filter((x) => x.function === 'weighted_loss').every((x) => x.status === 'passed')).toBe(true);
      await cleanup(g.dir);
    });

    it('CPU limit: SIGXCPU is reported as the CPU limit', async () => {
      const g = await grade('infinite-loop.py', { limits: { callMs: 50_000, runMs: 110_000, cpuSeconds: 2 } });
      const c = g.report.cases.find((x) => x.id === FREQS[0])!;
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/CPU time limit/);
      await cleanup(g.dir);
    });

    it('sleeping forever: the whole-run limit ends it, later cases are reported as not run', async () => {
      const g = await grade('sleep-forever.py', { limits: { callMs: 60_000, runMs: 3_000 } });
      expect(g.report.cases.find((x) => x.id === FREQS[0])!.status).toBe('timeout');
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });

    it('huge output: stopped at the output limit, what is kept is bounded', async () => {
      const g = await grade('huge-output.py');
      expect(g.report.cases.find((x) => x.id === FREQS[0])!.message).toMatch(/printed so much/);
      expect(g.report.output.stdout.length).toBeLessThanOrEqual(16 * 1024);
      expect(g.report.cases.filter((x) => x.function === 'weighted_loss').every((x) => x.status === 'passed')).toBe(true);
      await cleanup(g.dir);
    });

    it('huge file: the write fails at the file-size limit', async () => {
      const g = await grade('huge-file.py');
      const c = g.report.cases.find((x) => x.id === FREQS[0])!;
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/File too large|file-size|larger than the grader allows/);
      await cleanup(g.dir);
    });

    it('weight-lines.py: class-weight lines whose value the runner would spend the run computing are not evaluated, and the correct functions pass', async () => {
      // The runner evaluates a file's weight lines at load, outside every call's timer: a power of
      // powers or a list repeated 300 million times ran until the run's limit, and the file scored 0
      // with "its top-level code did not finish" though that code never ran (red team 23).
      const g = await grade('weight-lines.py', { limits: { runMs: 20_000 } });
      expect(g.report.status).toBe('passed');
      expect(g.report.score).toBe(g.report.maxScore);
      await cleanup(g.dir);
    });

    it.skipIf(mode !== 'process')("flood-restarts.py: restarts after calls that print past the cap, each importing the suite's framework again, are the file's doing, not the machine's set-up time-out", async () => {
      // A torch suite of 12 loss cases on a Python whose torch takes 3 s to import (a process-
      // mode wrapper: bwrap shows no PYTHONPATH folder of the grader's). Every call floods, so every
      // case restarts Python; with a 10 s run the restarts' imports use up the set-up credit after
      // three cases. That import was a SETUP_TIMEOUT problem: the row left blank, graded again.
      const dir = await mkdtemp(join(tmpdir(), 'wlgrade-adv-suite-'));
      const cases = Array.from({ length: 12 }, (_, i) => `  - id: l${i}\n    function: weighted_loss\n    generate: { seed: ${i + 1}, shape: [6, 3], positive_rate: 0.5, weights: random }\n`);
      await writeFile(join(dir, 'torch.yaml'), `suite: rt-torch\nframework: torch\ncases:\n${cases.join('')}`);
      const suite = await loadSuite([join(dir, 'torch.yaml')]);
      const python = join(PACKAGE_ROOT, 'grader', 'test', 'fixtures', 'slow-torch', 'python');
      const g = await grade('flood-restarts.py', { suite, python, limits: { runMs: 10_000 } });
      expect(g.report.problems.map((p) => p.code)).not.toContain('SETUP_TIMEOUT');
      expect(g.report.score).toBe(0);
      const printed = g.report.cases.filter((c) => c.message.startsWith('Your code printed so much'));
      expect(printed.length).toBeGreaterThanOrEqual(2);
      // The cases left: not run, the restarts named as the reason, never "took longer ... on this
      // machine" (or, on a machine so loaded that starting Python three times takes 10 s, the
      // run's own limit, which came first).
      for (const c of g.report.cases.filter((x) => !printed.includes(x))) {
        expect(c.message).toMatch(/^Not graded: (your code printed past the output limit on l0, l1\b[^.]*, and each restart for the cases after printing that much imports torch again: those restarts used up the run's time|the submission used up its 10 s time limit)|^Grading stopped your weighted_loss during this case: the whole submission may take 10 s/);
      }
      await cleanup(g.dir);
      await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it.skipIf(mode !== 'process' || pool)("slow-setup.py: a hook a call planted under HOME for Python's start-up does not reach the next attempt's framework import (a SETUP_TIMEOUT, blank on every run): each attempt starts with an empty HOME, as behind bwrap", async () => {
      const dir = await mkdtemp(join(tmpdir(), 'wlgrade-adv-suite-'));
      const cases = Array.from({ length: 3 }, (_, i) => `  - id: l${i}\n    function: weighted_loss\n    generate: { seed: ${i + 1}, shape: [6, 3], positive_rate: 0.5, weights: random }\n`);
      await writeFile(join(dir, 'torch.yaml'), `suite: rt-torch\nframework: torch\ncases:\n${cases.join('')}`);
      const suite = await loadSuite([join(dir, 'torch.yaml')]);
      const python = join(PACKAGE_ROOT, 'grader', 'test', 'fixtures', 'slow-torch', 'python');
      const g = await grade('slow-setup.py', { suite, python, limits: { runMs: 12_000 } });
      expect(g.report.problems.map((p) => p.code)).not.toContain('SETUP_TIMEOUT');
      // The second attempt imported torch and ran its case, which planted the hook and ended again.
      const ended = g.report.cases.filter((c) => c.message.startsWith('The Python process ended during this case (exit code 1)'));
      expect(ended.map((c) => c.id).slice(0, 2)).toEqual(['l0', 'l1']);
      await cleanup(g.dir);
      await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it.skipIf(mode !== 'process' || pool)("move-run-folder.py: a call that moves the run's temp folder away and leaves a file in its place does not stop the next attempt (the file's cases are errors, graded), and nothing is left but what it moved", async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'wlgrade-adv-tmp-'));
      const was = process.env.TMPDIR;
      process.env.TMPDIR = tmp;
      try {
        const g = await grade('move-run-folder.py', { dir: await mkdtemp(join(was ?? '/tmp', 'wlgrade-adv-')) });
        const freqs = g.report.cases.filter((c) => c.function === 'compute_class_freqs');
        expect(freqs.map((c) => c.id)).toEqual(expect.arrayContaining(FREQS));
        for (const c of freqs) expect([c.id, c.status, c.message]).toEqual([c.id, 'error', expect.stringMatching(/^The Python process ended during this case \(exit code 1\)/)]);
        expect(g.report.score).toBe(0);
        // Each attempt moved the folder it ran in: only those moved copies are left, no folder of the run's own.
        expect((await readdir(tmp)).filter((n) => !n.includes('-moved-'))).toEqual([]);
        await cleanup(g.dir);
      } finally {
        if (was === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = was;
        await rm(tmp, { recursive: true, force: true });
      }
    });

    it.skipIf(mode !== 'process' || pool)('deep-home.py: a tree under HOME too deep for a path (ENAMETOOLONG for rm) does not stop the next attempt, and the run leaves no temp folder', async () => {
      // The run's folder is made under TMPDIR (os.tmpdir() reads it each time): a private one here.
      const tmp = await mkdtemp(join(tmpdir(), 'wlgrade-adv-tmp-'));
      const was = process.env.TMPDIR;
      process.env.TMPDIR = tmp;
      try {
        const g = await grade('deep-home.py', { dir: await mkdtemp(join(was ?? '/tmp', 'wlgrade-adv-')) });
        const freqs = g.report.cases.filter((c) => c.function === 'compute_class_freqs');
        expect(freqs.map((c) => c.id)).toEqual(expect.arrayContaining(FREQS));
        for (const c of freqs) expect([c.id, c.message]).toEqual([c.id, expect.stringMatching(/^The Python process ended during this case \(exit code 1\)/)]);
        expect(await readdir(tmp)).toEqual([]);
        await cleanup(g.dir);
      } finally {
        if (was === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = was;
        await removeTree(tmp);
      }
    }, 60_000);

    it('many open files: EMFILE, explained', async () => {
      const g = await grade('many-fds.py');
      const c = g.report.cases.find((x) => x.id === FREQS[0])!;
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/Too many open files/);
      await cleanup(g.dir);
    });
  });

  describe.skipIf(skip)('exfiltration', () => {
    it('the environment holds only the allow-list: no grader secret', async () => {
      const g = await grade('escape-env.py');
      expect(g.text).not.toContain(ENV_SECRET);
      expect(g.report.output.stdout).toContain('ENV');
      await cleanup(g.dir);
    });

    it.each([
      ['more values than a result may hold', 300_000],
      ['a record line past its length limit', 5_000_000],
    ])('forged result records with %s: the channel is marked corrupt, nothing of them is kept', async (_, n) => {
      const g = await grade('forge-huge-records.py', { subst: { N: String(n) } });
      const freqs = g.report.cases.filter((c) => c.function === 'compute_class_freqs');
      expect(freqs.length).toBeGreaterThan(0);
      for (const c of freqs) {
        expect(c.status).not.toBe('passed');
        expect(c.message).toContain("the grader could not read the Python side's answers");
      }
      expect(JSON.stringify(g.report).length).toBeLessThan(200_000);
      await cleanup(g.dir);
    });

    it("import-runner.py: learner code that looks for the runner by name (sys.modules['runner'], import runner, the cold run's entry wlgrade_run) finds no more than through __main__: no module of that name, a fresh copy with no channel or token, an entry that runs nothing", async () => {
      // A cold run starts wlgrade_run.py, which imports runner.py as a module (read from its
      // bytecode); it drops sys.modules['runner'] before any learner code, as a pool job does.
      const g = await grade('import-runner.py');
      expect(g.report.output.stdout.split('\n').filter((l) => /^(LIVE-HAS-CHANNEL|IN-MODULES|FRESH|ENTRY) /.test(l))).toEqual([
        'LIVE-HAS-CHANNEL True',
        'IN-MODULES False',
        "FRESH True -1 ''",
        'ENTRY []',
      ]);
      expect(g.report.status).toBe('passed');
      await cleanup(g.dir);
    });

    it.skipIf(!hasTorch)("sibling-in-setup.py: the learner's own modules beside the file (named as modules this platform lacks, which the standard library and torch try to import) run no code during the grader's set-up, where hooks are not yet refused", async () => {
      // The sibling finder was installed before the framework's import: torch's `import subprocess`
      // tried `import _winapi` and ran the learner's _winapi.py there, before refuse_hooks (a
      // profiler it installed then ran in the runner's frames; an msvcrt.py made torch's import
      // fail, FRAMEWORK_MISSING, which stops a whole batch with exit 2 as the machine's problem).
      const dir = await mkdtemp(join(tmpdir(), 'wlgrade-adv-'));
      const sibling = [
        'import sys',
        'try:',
        '    sys.setprofile(None)',
        'except RuntimeError:',
        '    pass',
        'else:',
        '    print("HOOKS-OPEN", __name__, flush=True)',
        'raise ModuleNotFoundError("No module named %r" % __name__, name=__name__)',
        '',
      ].join('\n');
      for (const name of ['_winapi', 'msvcrt', 'winreg', 'org', '_overlapped']) await writeFile(join(dir, `${name}.py`), sibling);
      const cases = Array.from({ length: 2 }, (_, i) => `  - id: l${i}\n    function: weighted_loss\n    generate: { seed: ${i + 1}, shape: [6, 3], positive_rate: 0.5, weights: random }\n`);
      await writeFile(join(dir, 'torch.yaml'), `suite: rt-torch\nframework: torch\ncases:\n${cases.join('')}`);
      const suite = await loadSuite([join(dir, 'torch.yaml')]);
      const g = await grade('sibling-in-setup.py', { suite, dir, limits: { runMs: 60_000 } });
      expect(g.report.output.stdout + g.report.output.stderr).not.toContain('HOOKS-OPEN');
      expect(g.report.problems.map((p) => p.code)).toEqual([]);
      expect(g.report.status).toBe('passed');
      await cleanup(g.dir);
    }, 90_000);

    it("the grader's own Python holds no correct implementation to borrow (the pool's warm-up)", async () => {
      const g = await grade('borrow-warm-up.py');
      expect(g.report.output.stdout).toMatch(/^BORROWED .*'freqs', 'get_weighted_loss'/m);
      expect(g.report.cases.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual([]);
      await cleanup(g.dir);
    });

    it.skipIf(process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch))('the syscall filter refuses kernel keys (through every entry), CLONE_PARENT, namespaces, io_uring, ptrace, clone3, bpf, perf_event_open, userfaultfd and fanotify_init', async () => {
      const g = await grade('refused-syscalls.py');
      const lines = g.report.output.stdout.split('\n').filter((l) => l.startsWith('SYSCALL '));
      const names = ['keyctl', 'add_key', 'request_key', 'clone_parent', 'unshare_user', 'setns', 'io_uring_setup', 'ptrace_traceme', 'process_vm_readv', 'clone3', 'bpf', 'perf_event_open', 'userfaultfd', 'fanotify_init'];
      expect(lines.map((l) => l.split(' ')[1])).toEqual([...names, ...(process.arch === 'x64' ? ['x32_keyctl', 'int80_keyctl'] : [])]);
      // -1 with EPERM, clone3 with ENOSYS (the C library then uses clone): the filter's answers.
      // Without it keyctl returns the keyring's id, clone a pid, ptrace(TRACEME) 0; bpf and
      // perf_event_open EFAULT, userfaultfd EINVAL, fanotify_init a descriptor (batch 36b).
      for (const l of lines) expect(l.split(' ').slice(2), l).toEqual(['-1', l.includes('clone3') ? '38' : '1']);
      await cleanup(g.dir);
    });
  });

  describe.skipIf(skip || bwrapOnly)('escape, network, tampering (bwrap)', () => {
    const homeSecret = 'homesecret-' + randomBytes(8).toString('hex');
    const homeFile = join(homedir(), `.wlgrade-adv-${randomBytes(4).toString('hex')}`);
    afterAll(() => rm(homeFile, { force: true }));

    it('cannot read case files, other submissions, the home directory or outside processes', async () => {
      await writeFile(homeFile, homeSecret);
      const g0 = await grade('spoof-print.py'); // a dir holding another submission
      const otherSecret = 'othersecret-' + randomBytes(8).toString('hex');
      const other = join(g0.dir, 'other-learner.py');
      await writeFile(other, `# ${otherSecret}\n`);
      const caseFile = join(PACKAGE_ROOT, 'cases', 'public.yaml');
      const targets = [caseFile, other, homeFile, join(PACKAGE_ROOT, 'package.json'), '/proc/1/environ'];
      const g = await grade('escape-files.py', { dir: g0.dir, subst: { TARGETS: pyList(targets) } });
      expect(g.report.output.stdout).toContain('PASSWD-OK True');
      for (const secret of [homeSecret, otherSecret, ENV_SECRET, '# The public suite: learners run it', '"name": "wlgrade"']) expect(g.text).not.toContain(secret);
      expect(g.report.output.stdout).not.toMatch(/^READ /m);
      await cleanup(g.dir);
    });

    it('no network: neither an outside address nor a service on the host loopback', async () => {
      let connections = 0;
      const server = createServer((s) => {
        connections++;
        s.destroy();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      try {
        const g = await grade('network.py', { subst: { PORT: String(port) } });
        expect(g.report.output.stdout).toMatch(/BLOCKED 1\.1\.1\.1 80/);
        expect(g.report.output.stdout).toMatch(new RegExp(`BLOCKED 127\\.0\\.0\\.1 ${port}`));
        expect(connections).toBe(0);
        await cleanup(g.dir);
      } finally {
        server.close();
      }
    });

    it('cannot write to the grader folder, the host /tmp or another submission', async () => {
      const tag = randomBytes(6).toString('hex');
      const inRepo = join(PACKAGE_ROOT, `adv-marker-${tag}`);
      const inTmp = join(tmpdir(), `adv-marker-${tag}`);
      const g0 = await grade('spoof-print.py');
      const other = join(g0.dir, 'other-learner.py');
      await writeFile(other, 'ORIGINAL');
      const g = await grade('tamper.py', { dir: g0.dir, subst: { TARGETS: pyList([inRepo, inTmp, other]) } });
      expect(existsSync(inRepo)).toBe(false);
      expect(existsSync(inTmp)).toBe(false);
      expect(await readFile(other, 'utf8')).toBe('ORIGINAL');
      expect(g.report.score).toBe(0);
      await cleanup(g.dir);
    });
  });

  describe.skipIf(skip)('holding on after the last result', () => {
    // Without a kill after "done" these hung forever (the test's own timeout would fail them).
    it('a process held after its last result is killed: the run ends and every result counts', async () => {
      const g = await grade('hang-after-done.py');
      expect(g.report.status).toBe('passed');
      await cleanup(g.dir);
    });

    // In process mode nothing fences the racer: it would SIGKILL whatever process starts on the
    // machine in those seconds (other tests' workers), and that mode promises no such fence.
    it.skipIf(bwrapOnly)('a job that kills the clean-up as it starts leaves the worker able to grade the next job', async () => {
      const racer = await grade('cleanup-racer.py');
      expect(racer.report.status).toBe('passed');
      const next = await grade('hang-after-done.py');
      expect(next.report.status).toBe('passed');
      await cleanup(racer.dir);
      await cleanup(next.dir);
    });
  });

  describe.skipIf(skip || !pool)("the warm worker's kept folders", () => {
    // The worker keeps the submission's folder, HOME and the scratch root between jobs and puts
    // back what each carries (pool_server.Server.empty, marks_restored), reading each mark and
    // fixing only what differs. A job that leaves files of every kind and marks of every sort,
    // then sets the folders' times back as it found them, must leave the next job what a harmless
    // job leaves it.
    it('leave-marks.py: what a job leaves in them, its times put back, does not reach the next job', async () => {
      const seen = async () => {
        const g = await grade('leave-marks.py', { subst: { ACT: 'read' } });
        await cleanup(g.dir);
        const line = g.report.output.stdout.split('\n').find((l) => l.startsWith('SEEN '));
        const { worker, ...got } = JSON.parse(line!.slice(5)) as { worker: unknown } & Record<string, { names: unknown; xattrs: unknown; times: number[]; mode: string }>;
        got.sub!.times = got.sub!.times.slice(0, 1); // its mtime is when the server wrote this job's file
        return { worker: JSON.stringify(worker), got };
      };
      await seen(); // a first job on this worker: its folders as every later job finds them
      const before = await seen();
      const planter = await grade('leave-marks.py', { subst: { ACT: 'plant' } });
      await cleanup(planter.dir);
      const planted = JSON.parse(planter.report.output.stdout.split('\n').find((l) => l.startsWith('PLANTED '))!.slice(8)) as Record<string, string[]>;
      // The job did leave things behind in its HOME (and, where it owns them, the other folders).
      expect(planted.home).toEqual(expect.arrayContaining(['file', 'fifo', 'symlink', 'folder']));
      // A job that owns the folders (process mode, rootless bwrap) also marks them and puts the times back.
      if (mode === 'process') expect(planted.base).toEqual(expect.arrayContaining(['mode', 'times']));
      const after = await seen();
      if (after.worker !== before.worker) {
        // A fresh worker (the job left it unclean and the grader replaced it): new folders, new
        // times; what they hold and carry must still be what a harmless job leaves.
        for (const f of [...Object.values(before.got), ...Object.values(after.got)]) f.times = [];
      }
      expect(after.got).toEqual(before.got);
      expect(JSON.stringify(after)).not.toContain(planter.token);
    });
  });

  describe.skipIf(skip)('evasion', () => {
    it("module-getattr.py: graded functions only a module-level __getattr__ hands out are not defined (a 0), told so at the __getattr__'s line, not as a misspelling; one it does not name keeps the close name's hint", async () => {
      // Red team 34: read as "does not define compute_class_freqs ... (check the spelling)".
      const g = await grade('module-getattr.py');
      expect(g.report.cases.every((c) => c.status !== 'passed')).toBe(true);
      const freqs = g.report.problems.find((p) => p.message.includes('compute_class_freqs'));
      expect(freqs).toMatchObject({ code: 'MISSING_FUNCTION', line: 18 });
      expect(freqs?.message).toMatch(/^module-getattr\.py:18: the file defines no compute_class_freqs: the module-level __getattr__ there may hand compute_class_freqs out when it is looked up, .*write def compute_class_freqs\(labels\): \(its code in it\), not through __getattr__\.$/);
      const loss = g.report.problems.find((p) => p.message.includes('get_weighted_loss'));
      expect(loss?.code).toBe('MISSING_FUNCTION');
      expect(loss?.message).toMatch(/did you mean get_weighted_los \(module-getattr\.py:12\)/);
      await cleanup(g.dir);
    });

    it('module-replaced.py: graded functions only an object put in the file\'s place in sys.modules hands out are not defined (a 0), told so at that line, not as a misspelling', async () => {
      // Red team 35: read as "does not define compute_class_freqs ... (check the spelling)".
      const g = await grade('module-replaced.py');
      expect(g.report.cases.every((c) => c.status !== 'passed')).toBe(true);
      for (const [name, signature] of [['compute_class_freqs', 'compute_class_freqs\\(labels\\)'], ['get_weighted_loss', 'get_weighted_loss\\(pos_weights, neg_weights, epsilon=1e-7\\)']] as const) {
        const p = g.report.problems.find((x) => x.message.includes(name));
        expect(p).toMatchObject({ code: 'MISSING_FUNCTION', line: 29 });
        expect(p?.message).toMatch(new RegExp(`^module-replaced\\.py:29: the file puts another object in its own place in sys\\.modules, and the file itself defines no ${name}; .*write def ${signature}: \\(its code in it\\) at the top level, and remove the sys\\.modules line\\.$`));
        expect(p?.message).not.toContain('spelling');
      }
      await cleanup(g.dir);
    });

    it('class-attribute.py: graded functions bound in a class\'s body are not defined (a 0), told so at their lines, not as a misspelling', async () => {
      const g = await grade('class-attribute.py');
      expect(g.report.cases.every((c) => c.status !== 'passed')).toBe(true);
      const freqs = g.report.problems.find((p) => p.message.includes('compute_class_freqs'));
      expect(freqs).toMatchObject({ code: 'MISSING_FUNCTION', line: 19 });
      expect(freqs?.message).toBe('class-attribute.py:19: compute_class_freqs is set in the body of class Solution, an attribute of that class, so the file does not define it; write def compute_class_freqs(labels): (its code in it) at the top level (no indentation).');
      const loss = g.report.problems.find((p) => p.message.includes('get_weighted_loss'));
      expect(loss).toMatchObject({ code: 'MISSING_FUNCTION', line: 20 });
      expect(loss?.message).toMatch(/^class-attribute\.py:20: get_weighted_loss is set in the body of class Solution, /);
      await cleanup(g.dir);
    });

    it('a process forked by the top level that runs on into the runner sends no records: the parent is graded as it answers', async () => {
      // The child's load record and results arrived among the parent's, and the channel was
      // corrupt: every case after it "not graded" (or not, by timing).
      const g = await grade('fork-fallthrough.py');
      expect(g.report.cases.map((c) => c.status)).toEqual(g.report.cases.map(() => 'passed'));
      expect(g.report.status).toBe('passed');
      await cleanup(g.dir);
    });

    it('a setsid double-forked daemon does not outlive the run', async () => {
      const mark = join(tmpdir(), `adv-daemon-${randomBytes(6).toString('hex')}`);
      const g = await grade('daemon.py', { subst: { MARK: pyStr(mark) } });
      expect(await survivors(g.token)).toBe('');
      await sleep(5_000); // the daemon would write its marker after 4 s
      expect(existsSync(mark)).toBe(false);
      await cleanup(g.dir);
    });

    it('a daemon in a process group of its own with an empty environment does not outlive the run', async () => {
      // Process mode found leftovers by the run tag in their environment and killed the run's
      // process group: this one has neither, and wrote its marker after the run had ended.
      const mark = join(tmpdir(), `adv-daemon-env-${randomBytes(6).toString('hex')}`);
      const g = await grade('daemon-clean-env.py', { subst: { MARK: pyStr(mark) } });
      expect(await survivors(g.token)).toBe('');
      await sleep(5_000); // the daemon would write its marker after 4 s
      expect(existsSync(mark)).toBe(false);
      await cleanup(g.dir);
    });
  });
});

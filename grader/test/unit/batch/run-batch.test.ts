import { createHash } from 'node:crypto';
import { hashSuite, settingsHash } from '../../../src/batch/hash.js';
import { DEFAULT_LIMITS } from '../../../src/sandbox/policy.js';
import { suiteFromTexts } from '../../../src/suite/load-suite.js';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverSubmissions, type BatchItem } from '../../../src/batch/discover.js';
import { pool, runBatch, throttledSave, type BatchOptions, type GradeOne } from '../../../src/batch/run-batch.js';
import { BatchStore } from '../../../src/batch/store.js';
import { GraderError } from '../../../src/errors.js';
import { rowWorth } from '../../../src/report/row-worth.js';
import { GradeReportSchema } from '../../../src/schema/report.js';
import { RunnerBugError } from '../../../src/grade/grade-suite.js';
import type { RunOptions } from '../../../src/sandbox/run-submission.js';
import { makeCase, makeReport } from '../report/factories.js';

let dir: string;
let store: BatchStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-batch-'));
  store = new BatchStore(join(dir, 'out'));
  await store.init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function item(learner: string, body = `# ${learner}\n`): Promise<BatchItem & { file: string }> {
  const file = join(dir, `${learner}.py`);
  await writeFile(file, body);
  return { learner, source: `${learner}.py`, file, displayName: `${learner}.py` };
}
const opts = (over: Partial<BatchOptions> = {}): BatchOptions => ({ jobs: 2, suiteHash: 's1', version: '0.1.0', settings: 'py3+bwrap', force: false, watchdogMs: 5_000, ...over });

/** A fake grader: counts calls; learners named crash/grader-error/hang misbehave. */
function fakeGrade() {
  const calls: string[] = [];
  const grade: GradeOne = async (it) => {
    calls.push(it.learner);
    if (it.learner === 'crash') throw new TypeError('boom');
    if (it.learner === 'grader-error') throw new GraderError('SUBMISSION_INVALID', 'x.txt is not a .py or .ipynb file.');
    if (it.learner === 'hang') return new Promise(() => undefined);
    return makeReport();
  };
  return { grade, calls };
}

describe('pool', () => {
  it('keeps input order and never runs more than `jobs` at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await pool([30, 10, 20, 5, 1], 2, async (ms, i) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });
});

describe('runBatch', () => {
  it('isolates a crash, a GraderError and a hang; the others are graded', async () => {
    const { grade } = fakeGrade();
    const items = [await item('alice'), await item('crash'), await item('grader-error'), await item('hang'), { learner: 'erin', source: 'erin.docx', error: 'erin.docx is not a .py file.' }];
    const rows = await runBatch(items, grade, store, 1, opts({ watchdogMs: 200 }));
    expect(rows.map((r) => [r.learner, r.status, r.error ?? ''])).toEqual([
      ['alice', 'passed', ''],
      ['crash', 'error', "wlgrade failed on this submission (boom); please report it with the file (the whole error is on grade's standard error)."],
      ['grader-error', 'error', 'x.txt is not a .py or .ipynb file.'],
      ['hang', 'error', 'Grading hang.py did not finish within 0 s; it was stopped. Grade it alone with "wlgrade check --sandbox bwrap" to see why (never in a plain process: it is not your code).'],
      ['erin', 'error', 'erin.docx is not a .py file.'],
    ]);
    const saved = GradeReportSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results', 'alice.json'), 'utf8')));
    expect(saved.learner).toBe('alice');
  });

  it("a bug's row holds its first line, and onBug the whole error: a runner traceback of 8,000 characters with line breaks went into grades.csv and the summary (review 28)", async () => {
    const bug = new Error('grading x.py: runner bug (RecursionError: x)\nTraceback (most recent call last):\n  File "runner.py", line 1\nRecursionError: x');
    const told: [string, string][] = [];
    const rows = await runBatch([await item('bob')], async () => { throw bug; }, store, 1, opts({ onBug: (l, t) => told.push([l, t]) }));
    expect(rows[0]!.error).toBe("wlgrade failed on this submission (grading x.py: runner bug (RecursionError: x)); please report it with the file (the whole error is on grade's standard error).");
    expect(told).toHaveLength(1);
    expect(told[0]![0]).toBe('bob');
    expect(told[0]![1]).toContain('Traceback (most recent call last):\n  File "runner.py", line 1\nRecursionError: x');
  });

  it("a bug the runner reported is remembered for the file: its row is INTERNAL_ERROR, blank, and the next run of the unchanged file under the same options is told (INTERNAL_ERROR_AGAIN, a 0, kept); a bug of wlgrade's own code is not (red team 28: a forged internal record kept a row blank on every run)", async () => {
    const forger = await item('forger');
    const bug = new RunnerBugError("grading forger.py: wlgrade's runner failed (RecursionError: x)\nTraceback (most recent call last):\n  File \"runner.py\", line 1");
    const notRun = makeCase({ status: 'error', points: 0, ms: undefined, message: 'Not graded: the file could not be loaded (see the problem above)' });
    // As gradeSuite does (its own test words it): told the file failed before, the runner's bug record is the file's.
    const again = makeReport({ status: 'error', score: 0, cases: [notRun], problems: [{ code: 'INTERNAL_ERROR_AGAIN', message: 'forger.py: wlgrade\'s runner reported an internal error on two grade runs …' }] });
    const told: (string | null)[] = [];
    const bugs: string[] = [];
    const forging: GradeOne = async (it) => {
      told.push(it.loadFailedBefore);
      if (it.loadFailedBefore) return again;
      throw bug;
    };
    const first = await runBatch([forger], forging, store, 1, opts({ onBug: (l) => bugs.push(l) }));
    expect([first[0]!.problems, first[0]!.resultFile, rowWorth(first[0]!), bugs]).toEqual([['INTERNAL_ERROR'], undefined, 'ungraded', ['forger']]);
    expect(first[0]!.error).toBe(
      "wlgrade's runner reported an internal error on this submission (grading forger.py: wlgrade's runner failed (RecursionError: x)): a bug in wlgrade, or code in the file that sent that report itself; not graded: if it is a bug, please report it with the file (the whole error is on grade's standard error); a second one of the unchanged file counts 0 (INTERNAL_ERROR_AGAIN).",
    );
    const second = await runBatch([forger], forging, store, 1, opts());
    expect([second[0]!.problems, second[0]!.reused, rowWorth(second[0]!)]).toEqual([['INTERNAL_ERROR_AGAIN'], false, 'zero']);
    const third = await runBatch([forger], forging, store, 1, opts());
    expect([third[0]!.problems, third[0]!.reused]).toEqual([['INTERNAL_ERROR_AGAIN'], true]);
    expect(told).toEqual([null, 'INTERNAL_ERROR']);
    // --force, other options or an edited file: a first bug again; then a crash is told of the bug.
    expect((await runBatch([forger], forging, store, 1, opts({ force: true })))[0]!.problems).toEqual(['INTERNAL_ERROR']);
    expect((await runBatch([forger], forging, store, 1, opts({ settings: 'other' })))[0]!.problems).toEqual(['INTERNAL_ERROR']);
    const crashed = makeReport({ status: 'error', score: 0, cases: [notRun], problems: [{ code: 'LOAD_CRASH', message: 'forger.py: the Python process ended while loading the submission (killed by signal SIGKILL).' }] });
    await runBatch([forger], async (it) => (told.push(it.loadFailedBefore), crashed), store, 1, opts({ settings: 'other' }));
    // A crash before, then a bug: told of the crash.
    await runBatch([forger], forging, store, 1, opts({ settings: 'other' }));
    expect(told.slice(2)).toEqual([null, null, 'INTERNAL_ERROR', 'LOAD_CRASH']);
    // A bug in wlgrade's own code (not a record learner code can send) stays blank on every run, and is not remembered.
    const plain = await item('plain');
    const nodeBug: GradeOne = async (it) => {
      told.push(it.loadFailedBefore);
      throw new TypeError('boom');
    };
    for (let i = 0; i < 2; i++) expect((await runBatch([plain], nodeBug, store, 1, opts()))[0]!.problems).toBeUndefined();
    expect(told.slice(6)).toEqual([null, null]);
  });

  it("an error row does not remove a result file another learner of the batch writes (red-team round 20: a Brightspace name spelling out another's hashed file)", async () => {
    const { grade } = fakeGrade();
    // Jane Doe's file is her hashed slug; "Jane Doe-01332c87", whose zip did not open, has it as its plain one.
    const jane = { ...(await item('jane')), learner: 'Jane Doe', slug: 'Jane_Doe-01332c87' };
    const spelt = { learner: 'Jane Doe-01332c87', source: 'x.zip', error: 'Cannot read x.zip as a zip archive.' };
    const before = await runBatch([jane, spelt], grade, store, 1, opts({ jobs: 1 }));
    expect(before.map((r) => r.status)).toEqual(['passed', 'error']);
    // Run again (Jane Doe reused), one at a time: the error row comes after her and must leave her report.
    const again = await runBatch([jane, spelt], grade, store, 1, opts({ jobs: 1 }));
    expect(again.map((r) => [r.status, r.reused])).toEqual([['passed', true], ['error', false]]);
    expect(await readdir(join(dir, 'out', 'results'))).toEqual(['Jane_Doe-01332c87.json']);
    // Its own stale report (no one else's file) still goes.
    await writeFile(join(dir, 'out', 'results', 'erin.json'), '{}');
    await runBatch([{ learner: 'erin', source: 'erin.docx', error: 'erin.docx is not a .py file.' }], grade, store, 1, opts());
    expect(await readdir(join(dir, 'out', 'results'))).toEqual(['Jane_Doe-01332c87.json']);
  });

  it("an error row removes no result file a folding disk takes for another learner's (STRASSE.json is straße.json where ß folds to ss, Irmak.json is ırmak.json on Windows)", async () => {
    const { grade } = fakeGrade();
    for (const [graded, errored] of [['straße', 'STRASSE'], ['ırmak', 'Irmak']] as const) {
      const removed: string[] = [];
      const spy = Object.assign(Object.create(Object.getPrototypeOf(store)) as BatchStore, store, {
        removeResult: async (slug: string) => {
          removed.push(slug);
        },
      });
      const ok = { ...(await item('alice')), learner: graded };
      const bad = { learner: errored, source: `${errored}.docx`, error: `${errored}.docx is not a .py file.` };
      await runBatch([ok, bad], grade, spy, 1, opts({ jobs: 1 }));
      expect(removed).toEqual([]);
      // one that no disk takes for another's still removes its own
      await runBatch([ok, { ...bad, learner: 'erin' }], grade, spy, 1, opts({ jobs: 1 }));
      expect(removed).toEqual(['erin']);
    }
  });

  it('reuses unchanged results, and regrades on a new file, suite, version, settings or --force', async () => {
    const a = await item('alice');
    const b = await item('bob');
    const first = fakeGrade();
    await runBatch([a, b], first.grade, store, 1, opts());
    expect(first.calls.sort()).toEqual(['alice', 'bob']);

    const again = fakeGrade();
    const rows = await runBatch([a, b], again.grade, store, 1, opts());
    expect(again.calls).toEqual([]);
    expect(rows.map((r) => r.reused)).toEqual([true, true]);

    await writeFile(b.file!, '# bob, edited\n');
    const edited = fakeGrade();
    await runBatch([a, b], edited.grade, store, 1, opts());
    expect(edited.calls).toEqual(['bob']);

    for (const change of [{ suiteHash: 's2' }, { version: '0.2.0' }, { settings: 'py3+process' }, { force: true }]) {
      const f = fakeGrade();
      await runBatch([a], f.grade, store, 1, opts(change));
      expect(f.calls, JSON.stringify(change)).toEqual(['alice']);
    }
  });

  it('grades again a result the machine may have caused (a load time-out or crash, a case time-out), keeps the rest', async () => {
    const slow = await item('slow');
    const ok = await item('ok');
    const timedOut = makeReport({ status: 'error', score: 0, problems: [{ code: 'LOAD_TIMEOUT', message: 'slow.py: loading … did not finish within 60 s.' }] });
    const first: GradeOne = async (it) => (it.learner === 'slow' ? timedOut : makeReport());
    await runBatch([slow, ok], first, store, 1, opts());
    const again = fakeGrade();
    const rows = await runBatch([slow, ok], again.grade, store, 1, opts());
    expect(again.calls).toEqual(['slow']);
    expect(rows.map((r) => [r.learner, r.reused])).toEqual([
      ['slow', false],
      ['ok', true],
    ]);
  });

  it("takes a second load time-out of the same file under the same options as the file's (LOAD_TIMEOUT_AGAIN, a 0, kept), not a busy machine's (red team 27: a default argument that loops for ever)", async () => {
    const slow = await item('slow');
    const message = 'slow.py: loading the submission (its top-level code) did not finish within 60 s. Move training, data loading and other long work out of the top level (under if __name__ == "__main__":).';
    const timedOut = makeReport({ status: 'error', score: 0, cases: [makeCase({ status: 'error', points: 0, ms: undefined, message: 'Not graded: loading the submission (its top-level code) did not finish within 60 s.' })], problems: [{ code: 'LOAD_TIMEOUT', message }] });
    // As gradeSuite does (its own test words LOAD_TIMEOUT_AGAIN): told the file timed out before, a time-out is the file's.
    const again = makeReport({ ...timedOut, problems: [{ code: 'LOAD_TIMEOUT_AGAIN', message: 'slow.py: … on two grade runs …' }] });
    const told: (string | null)[] = [];
    const slowGrade: GradeOne = async (it) => (told.push(it.loadFailedBefore), it.loadFailedBefore ? again : timedOut);
    const first = await runBatch([slow], slowGrade, store, 1, opts());
    expect([first[0]!.problems, rowWorth(first[0]!)]).toEqual([['LOAD_TIMEOUT'], 'ungraded']);
    // Other options (a larger --timeout) or another file: a first time-out again, the machine's maybe.
    const other = await runBatch([slow], slowGrade, store, 1, opts({ settings: 'py3+bwrap+timeout=120' }));
    expect([other[0]!.problems, rowWorth(other[0]!)]).toEqual([['LOAD_TIMEOUT'], 'ungraded']);
    const second = await runBatch([slow], slowGrade, store, 1, opts({ settings: 'py3+bwrap+timeout=120' }));
    expect([second[0]!.problems, second[0]!.reused, rowWorth(second[0]!)]).toEqual([['LOAD_TIMEOUT_AGAIN'], false, 'zero']);
    expect(told).toEqual([null, null, 'LOAD_TIMEOUT']);
    // The run after keeps it (not graded a third time).
    const third = await runBatch([slow], slowGrade, store, 1, opts({ settings: 'py3+bwrap+timeout=120' }));
    expect([third[0]!.problems, third[0]!.reused, told.length]).toEqual([['LOAD_TIMEOUT_AGAIN'], true, 3]);
    // A file that loads on the second run is graded as it is; one edited since is a first time-out.
    const fine: GradeOne = async (it) => (told.push(it.loadFailedBefore), makeReport());
    await runBatch([slow], slowGrade, store, 1, opts({ settings: 'x' }));
    expect((await runBatch([slow], fine, store, 1, opts({ settings: 'x' })))[0]!.problems).toBeUndefined();
    expect(told.slice(3)).toEqual([null, 'LOAD_TIMEOUT']);
    const edited = await item('slow', '# edited\n');
    await runBatch([edited], slowGrade, store, 1, opts({ settings: 'y' }));
    await writeFile(edited.file, '# edited again\n');
    expect((await runBatch([edited], slowGrade, store, 1, opts({ settings: 'y' })))[0]!.problems).toEqual(['LOAD_TIMEOUT']);
    expect(told.slice(5)).toEqual([null, null]);
  });

  it("tells the grading call how the same file under the same options failed to load on the run before, a crash too (LOAD_CRASH_AGAIN, a 0, kept), and a crash after a time-out or a time-out after a crash (red team 28: a default argument that SIGKILLs its own process was blank on every run)", async () => {
    const bad = await item('bad');
    const notRun = makeCase({ status: 'error', points: 0, ms: undefined, message: 'Not graded: the Python process ended while loading the submission (killed by signal SIGKILL).' });
    const crashed = makeReport({ status: 'error', score: 0, cases: [notRun], problems: [{ code: 'LOAD_CRASH', message: 'bad.py: the Python process ended while loading the submission (killed by signal SIGKILL). Remove calls like os._exit.' }] });
    const timedOut = makeReport({ status: 'error', score: 0, cases: [notRun], problems: [{ code: 'LOAD_TIMEOUT', message: 'bad.py: loading the submission (its top-level code) did not finish within 60 s. Move training out.' }] });
    // As gradeSuite does (its own test words both): told the file failed to load before, a failure is the file's.
    const again = (r: typeof crashed) => makeReport({ ...r, problems: [{ code: r === crashed ? 'LOAD_CRASH_AGAIN' : 'LOAD_TIMEOUT_AGAIN', message: 'bad.py: … so it counts as not loading at all …' }] });
    const told: (string | null)[] = [];
    const as = (r: typeof crashed): GradeOne => async (it) => (told.push(it.loadFailedBefore), it.loadFailedBefore ? again(r) : r);
    const first = await runBatch([bad], as(crashed), store, 1, opts());
    expect([first[0]!.problems, rowWorth(first[0]!)]).toEqual([['LOAD_CRASH'], 'ungraded']);
    const second = await runBatch([bad], as(crashed), store, 1, opts());
    expect([second[0]!.problems, second[0]!.reused, rowWorth(second[0]!)]).toEqual([['LOAD_CRASH_AGAIN'], false, 'zero']);
    expect(told).toEqual([null, 'LOAD_CRASH']);
    const third = await runBatch([bad], as(crashed), store, 1, opts());
    expect([third[0]!.problems, third[0]!.reused, told.length]).toEqual([['LOAD_CRASH_AGAIN'], true, 2]);
    // --force grades it afresh: a first crash again.
    expect((await runBatch([bad], as(crashed), store, 1, opts({ force: true })))[0]!.problems).toEqual(['LOAD_CRASH']);
    expect(told.slice(2)).toEqual([null]);
    // A time-out, then a crash (a file that alternates to keep its row blank): told of the time-out.
    await runBatch([bad], as(timedOut), store, 1, opts({ settings: 'a' }));
    const mixed = await runBatch([bad], as(crashed), store, 1, opts({ settings: 'a' }));
    expect([mixed[0]!.problems, rowWorth(mixed[0]!)]).toEqual([['LOAD_CRASH_AGAIN'], 'zero']);
    // A crash, then a time-out: told of the crash.
    await runBatch([bad], as(crashed), store, 1, opts({ settings: 'b' }));
    const slow = await runBatch([bad], as(timedOut), store, 1, opts({ settings: 'b' }));
    expect([slow[0]!.problems, rowWorth(slow[0]!)]).toEqual([['LOAD_TIMEOUT_AGAIN'], 'zero']);
    expect(told.slice(3)).toEqual([null, 'LOAD_TIMEOUT', null, 'LOAD_CRASH']);
  });

  it("keeps the points of cases that ran whatever their messages say: a learner's 'Not graded: …' does not make a graded file look never run", async () => {
    // Red-team round 10: compute_class_freqs left out (an error report) and a loss raising
    // RuntimeError("Not graded: the submission failed to load (SyntaxError)"): every case's message
    // held the sentence, so the row lost its cases (blank in grades.csv, left blank by export lms,
    // out of the statistics) as if the file had never run. A case that did not run has no time.
    const missing = makeCase({ id: 'f1', function: 'compute_class_freqs', status: 'error', points: 0, message: 'Not graded: compute_class_freqs is not defined.', ms: undefined });
    const raised = makeCase({ id: 'l1', status: 'error', points: 0, message: 'Your weighted_loss raised RuntimeError (line 4): Not graded: the submission failed to load (SyntaxError)', ms: 0.4 });
    const report = makeReport({ status: 'error', score: 0, maxScore: 2, problems: [{ code: 'MISSING_FUNCTION', message: 'ng.py does not define compute_class_freqs.' }], cases: [missing, raised] });
    const rows = await runBatch([await item('ng')], async () => report, store, 2, opts());
    expect(rows[0]!.cases).toEqual({ f1: 0, l1: 0 });
    // A file none of whose cases ran stays an error row with no points.
    const never = makeReport({ status: 'error', score: 0, problems: [{ code: 'SYNTAX_ERROR', message: 'x' }], cases: [missing, { ...missing, id: 'l1', function: 'weighted_loss' }] });
    expect((await runBatch([await item('sx')], async () => never, store, 2, opts()))[0]!.cases).toEqual({});
  });

  it('refuses a file over the size limit before reading it: a sparse 64 GiB .py does not hold the batch', async () => {
    // Red-team round 10: the batch hashed every file whole before grading (and its watchdog)
    // looked at the size; a learner's 2 TB sparse .py (holes only: a few bytes in a tarball) held
    // the batch for as long as reading 2 TB takes.
    const big = await item('big');
    await truncate(big.file!, 64 * 2 ** 30);
    const g = fakeGrade();
    const rows = await runBatch([big, await item('ok')], g.grade, store, 1, opts());
    expect(g.calls).toEqual(['ok']);
    expect(rows[0]).toMatchObject({ learner: 'big', status: 'error', error: 'big.py is 65536 MiB; wlgrade grades .py files up to 10 MiB: remove the pasted data from the file and submit it again.' });
  }, 10_000);

  it('counts a file over the size limit 0 (FILE_TOO_LARGE), on disk or in a zip, on every run: padding a failing file does not leave it blank (red team 32b)', async () => {
    // The learner handed the file in so, whoever grades it: as a syntax error in every graded
    // function counts 0 (rowWorth), not blank as a file the machine never graded.
    const big = await item('big');
    await truncate(big.file!, 10 * 2 ** 20 + 1);
    const zipped: BatchItem = { learner: 'zipped', source: 'export.zip:zipped/hw.ipynb', error: 'hw.ipynb is 51 MiB; wlgrade grades .ipynb files up to 50 MiB: …', problem: 'FILE_TOO_LARGE' };
    const odd: BatchItem = { learner: 'odd', source: 'odd', error: 'odd holds no .py or .ipynb file.' };
    for (const run of [1, 2]) {
      const rows = await runBatch([big, zipped, odd], fakeGrade().grade, store, 2, opts());
      expect(rows.map((r) => [r.learner, r.problems, rowWorth(r)]), `run ${run}`).toEqual([
        ['big', ['FILE_TOO_LARGE'], 'zero'],
        ['zipped', ['FILE_TOO_LARGE'], 'zero'],
        ['odd', undefined, 'ungraded'],
      ]);
    }
  });

  it('says a file or folder whose name is not UTF-8 cannot be opened by that name, and how to rename it, not ENOENT (staff 31)', async () => {
    // An LMS zip of Latin-1 names unpacked on Linux: node lists 'gar\xe7ia.py' as 'gar\uFFFDia.py', a name no file has.
    const enc = (s: string) => Buffer.from(s, 'latin1');
    await mkdir(join(dir, 'class'));
    await writeFile(Buffer.concat([enc(join(dir, 'class')), enc('/gar\xe7ia.py')]), '# x\n');
    await mkdir(Buffer.concat([enc(join(dir, 'class')), enc('/Ren\xe9 Doe_1234567_assignsubmission_file_')]));
    const items = await discoverSubmissions([join(dir, 'class')], { scratch: dir, cwd: dir });
    const rows = await runBatch(items, fakeGrade().grade, store, 1, opts());
    const said = (name: string) =>
      `Cannot open class/${name}: its name is not UTF-8 (bytes of another encoding, as an archive unpacked on Linux can leave them), so it cannot be opened by the name read; rename it to a UTF-8 name (convmv -f latin1 -t utf-8 -r --notest on the folder renames them all) and grade again.`;
    expect(rows.map((r) => [r.learner, r.error])).toEqual([
      ['Ren\uFFFD Doe_1234567_assignsubmission_file_', said('Ren\uFFFD Doe_1234567_assignsubmission_file_')],
      ['gar\uFFFDia', said('gar\uFFFDia.py')],
    ]);
  });

  it('writes the state file a few times in a batch, not after every learner (its size grows with the cohort), and whole at the end', async () => {
    const items = await Promise.all(Array.from({ length: 300 }, (_, i) => item(`l${i}`)));
    let writes = 0;
    const counting = new (class extends BatchStore {
      override async saveState(state: Parameters<BatchStore['saveState']>[0]): Promise<void> {
        writes++;
        await super.saveState(state);
      }
    })(join(dir, 'out'));
    await runBatch(items, fakeGrade().grade, counting, 1, opts({ stateEveryMs: 60_000 }));
    expect(writes).toBeLessThanOrEqual(2); // a minute between writes: the first learner's and the final one (was one per learner)
    const state = JSON.parse(await readFile(join(dir, 'out', 'batch-state.json'), 'utf8'));
    expect(Object.keys(state.entries)).toHaveLength(300);
    const again = fakeGrade();
    await runBatch(items, again.grade, counting, 1, opts());
    expect(again.calls).toEqual([]); // every learner reused from the state written at the end
  });

  it('a state write that fails is not a learner\'s error: the batch fails at its end with the write\'s error', async () => {
    const failing = new (class extends BatchStore {
      override async saveState(): Promise<void> {
        throw new Error('ENOSPC: no space left on device');
      }
    })(join(dir, 'out'));
    const rows: string[] = [];
    await expect(runBatch([await item('a'), await item('b')], fakeGrade().grade, failing, 1, opts({ stateEveryMs: 0, onRow: (r) => rows.push(r.status) }))).rejects.toThrow('ENOSPC');
    expect(rows).toEqual(['passed', 'passed']);
  });

  it("a learner's report that cannot be removed after its grading failed hides neither that failure nor the report left (batch 36)", async () => {
    // removeResult's own throw went up raw from the boundary: the batch ended as 'a bug in wlgrade'
    // with the removal's error, the learner's own error (a bug, a GraderError) lost.
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      const stuck = new (class extends BatchStore {
        override async removeResult(slug: string): Promise<void> {
          throw Object.assign(new Error(`${code}: refused, unlink '${slug}.json'`), { code, errno: -1 });
        }
      })(join(dir, 'out'));
      const bugs: string[] = [];
      const items = [await item('crash'), await item('grader-error'), { learner: 'erin', source: 'erin.docx', error: 'erin.docx is not a .py file.' }, await item('alice')];
      const rows = await runBatch(items, fakeGrade().grade, stuck, 1, opts({ jobs: 1, onBug: (l) => bugs.push(l) }));
      const left = (slug: string) => ` Its earlier report results/${slug}.json could not be deleted (${code}`;
      expect(rows.map((r) => r.learner)).toEqual(['crash', 'grader-error', 'erin', 'alice']);
      expect(rows[0]!.error).toMatch(/^wlgrade failed on this submission \(boom\); please report it/);
      expect(rows[0]!.error).toContain(left('crash'));
      expect(rows[1]!.error).toMatch(/^x\.txt is not a \.py or \.ipynb file\./);
      expect(rows[1]!.error).toContain(left('grader-error'));
      expect(rows[2]!.error).toMatch(/^erin\.docx is not a \.py file\./);
      expect(rows[2]!.error).toContain(left('erin'));
      for (const r of rows.slice(0, 3)) expect([r.status, r.resultFile, r.error!.split('\n').length]).toEqual(['error', undefined, 1]);
      expect(rows[3]!.status).toBe('passed');
      expect(bugs).toEqual(['crash']);
    }
  });

  it("the machine's own error met grading a learner (too many open files spawning Python) stops the batch in one sentence, not a bug row each", async () => {
    const grade: GradeOne = async () => {
      throw Object.assign(new Error('spawn EMFILE'), { code: 'EMFILE', errno: -24, syscall: 'spawn' });
    };
    const bugs: string[] = [];
    const err = await runBatch([await item('a'), await item('b')], grade, store, 1, opts({ jobs: 1, onBug: (l) => bugs.push(l) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraderError);
    expect((err as GraderError).message).toMatch(/^Grading stopped while working on a\.py: EMFILE: too many open files, a problem of this machine's, .*ulimit -n.*grade again\.$/);
    expect(bugs).toEqual([]);
  });

  it("a report that cannot be written for the machine's own error (a full disk) stops the batch in one sentence; a learner's own unwritable name stays their row (batch 36b)", async () => {
    // writeResult's ENOSPC was an OUTPUT_UNWRITABLE row for every learner after it. A real ENOSPC:
    // each report's temp file is a link to /dev/full, whose writes fail so.
    const results = join(dir, 'out', 'results');
    for (const l of ['a', 'b']) await symlink('/dev/full', join(results, `${l}.json.${process.pid}.tmp`));
    const err = await runBatch([await item('a'), await item('b')], fakeGrade().grade, store, 1, opts({ jobs: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraderError);
    expect((err as GraderError).code).toBe('OUTPUT_UNWRITABLE');
    expect((err as GraderError).message).toMatch(/^Grading stopped while working on a\.py: ENOSPC: no space left on the disk at .*results\/a\.json, a problem of this machine's, .*--out on another disk, and grade again\.$/);
    // A folder where one learner's report goes (EISDIR): that learner's row, the others graded.
    await rm(join(results, `a.json.${process.pid}.tmp`), { force: true });
    await rm(join(results, `b.json.${process.pid}.tmp`), { force: true });
    await mkdir(join(results, 'b.json'));
    const rows = await runBatch([await item('a'), await item('b'), await item('c')], fakeGrade().grade, store, 1, opts({ jobs: 1 }));
    expect(rows.map((r) => [r.learner, r.status])).toEqual([['a', 'passed'], ['b', 'error'], ['c', 'passed']]);
    expect(rows[1]!.error).toMatch(/^Cannot write .*b\.json \(EISDIR/);
  });

  it('a state file that cannot be written is one sentence naming it (OUTPUT_UNWRITABLE), with no temp file left behind', async () => {
    // Was a raw EISDIR with its stack and 'a bug in wlgrade' (exit 3), and batch-state.json.<pid>.tmp stayed.
    const out = join(dir, 'out');
    const store = new BatchStore(out);
    await store.init();
    await mkdir(join(out, 'batch-state.json'));
    const err = await runBatch([await item('a')], fakeGrade().grade, store, 1, opts({ stateEveryMs: 0 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraderError);
    expect((err as GraderError).code).toBe('OUTPUT_UNWRITABLE');
    expect((err as GraderError).message).toMatch(/^Cannot write .*batch-state\.json \(EISDIR: it is a folder, not a file\); .*grade again\.$/);
    expect((await readdir(out)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('throttledSave: writes never overlap, start at most every everyMs, and flush writes what is pending', async () => {
    let running = 0;
    let overlap = false;
    const starts: number[] = [];
    const saver = throttledSave(async () => {
      overlap ||= running > 0;
      running++;
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 30));
      running--;
    }, 50);
    const t0 = Date.now();
    while (Date.now() - t0 < 300) {
      saver.request();
      await new Promise((r) => setTimeout(r, 5));
    }
    await saver.flush();
    expect(overlap).toBe(false);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(starts.length).toBeLessThan(12); // ~60 requests
    for (let i = 1; i < starts.length - 1; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(45);
  });

  it('reuses the results of learners named like Object.prototype members (__proto__, constructor)', async () => {
    const items = await Promise.all(['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((l) => item(l)));
    await runBatch(items, fakeGrade().grade, store, 1, opts());
    const state = JSON.parse(await readFile(join(dir, 'out', 'batch-state.json'), 'utf8'));
    expect(Object.keys(state.entries).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    const again = fakeGrade();
    const rows = await runBatch(items, again.grade, store, 1, opts());
    expect(again.calls).toEqual([]);
    expect(rows.map((r) => r.reused)).toEqual([true, true, true, true]);
  });

  it('does not reuse a result file that now holds another learner\'s report', async () => {
    // "a b" and "a_b" both write results/a_b.json; graded in different runs they never clash.
    const spaced = await item('a b');
    const underscored = await item('a_b');
    await runBatch([spaced], fakeGrade().grade, store, 1, opts());
    await runBatch([underscored], fakeGrade().grade, store, 1, opts());
    const f = fakeGrade();
    const rows = await runBatch([spaced], f.grade, store, 1, opts());
    expect(f.calls).toEqual(['a b']);
    expect(rows[0]!.reused).toBe(false);
  });

  it("does not reuse, for a file graded before, the report of another file of that learner's that a stopped run wrote after the state's last write", async () => {
    // The state is written at most once a second: a run stopped in between leaves the entry of the
    // file graded before pointing at the new report. Graded from that file again, the learner
    // must not get the other file's report.
    const first = await item('alice', '# first\n');
    await runBatch([first], fakeGrade().grade, store, 1, opts());
    const stopped = new (class extends BatchStore {
      override async saveState(): Promise<void> {} // the grader was stopped before its next state write
    })(join(dir, 'out'));
    const other = await item('alice', '# other\n');
    await runBatch([other], async () => makeReport({ status: 'failed', score: 0 }), stopped, 1, opts());
    const again = await item('alice', '# first\n');
    const f = fakeGrade();
    const rows = await runBatch([again], f.grade, store, 1, opts());
    expect(f.calls).toEqual(['alice']);
    expect(rows[0]!.reused).toBe(false);
    expect(rows[0]!.status).toBe('passed');
  });

  it('regrades when a reused result file was deleted or damaged', async () => {
    const a = await item('alice');
    await runBatch([a], fakeGrade().grade, store, 1, opts());
    await writeFile(join(dir, 'out', 'results', 'alice.json'), '{"half":');
    const f = fakeGrade();
    await runBatch([a], f.grade, store, 1, opts());
    expect(f.calls).toEqual(['alice']);
  });
});

describe('settingsHash', () => {
  const { callMs: _c, runMs: _r, ...otherLimits } = DEFAULT_LIMITS;
  const base = { python: 'python3', sandbox: 'bwrap', limits: { callMs: 10_000, runMs: 60_000, ...otherLimits }, keras: 'shim' } satisfies Omit<RunOptions, 'functions'>;
  it('changes with the Python, the sandbox, any limit or the Keras mode, not with the order of the limits', () => {
    const h = settingsHash(base);
    expect(settingsHash({ ...base, limits: { ...otherLimits, runMs: 60_000, callMs: 10_000 } })).toBe(h);
    const others: Partial<Omit<RunOptions, 'functions'>>[] = [{ python: '/usr/bin/python3.12' }, { sandbox: 'process' }, { limits: { ...base.limits, callMs: 20_000 } }, { keras: 'real' }];
    for (const other of others) {
      expect(settingsHash({ ...base, ...other }), JSON.stringify(other)).not.toBe(h);
    }
  });

  it('hashes what it hashed before RunOptions typed it (another input regrades every learner), and none of the report\'s options', () => {
    const opts = { python: 'python3', sandbox: 'bwrap' as const, limits: DEFAULT_LIMITS, keras: 'shim' as const };
    const sorted = Object.fromEntries(Object.entries(DEFAULT_LIMITS).sort(([a], [b]) => (a < b ? -1 : 1)));
    const before = createHash('sha256').update(JSON.stringify({ python: 'python3', sandbox: 'bwrap', limits: sorted, keras: 'shim' })).digest('hex');
    expect(settingsHash(opts)).toBe(before);
    // grade hashes its GradeOptions, which also hold the version (hashed apart) and a learner's.
    expect(settingsHash({ ...opts, version: '9.9.9', learner: 'alice', choiceNote: 'picked', loadFailedBefore: 'LOAD_TIMEOUT' } as typeof opts)).toBe(before);
    // Nor check's remembered Python: a run built from it counts only when the probe agrees.
    expect(settingsHash({ ...opts, pythonGuess: { executable: '/usr/bin/python3', prefix: '/usr', basePrefix: '/usr', execPrefix: '/usr', paths: [] } })).toBe(before);
  });
});

describe('hashSuite', () => {
  const text = (body: string) => `suite: s\ncases:\n  - id: a\n    function: weighted_loss\n    y_true: [[1, 0], [0, 1]]\n    y_pred: [[0.9, 0.2], [0.1, 0.6]]\n${body}`;
  const hashOf = (t: string, display = 'cases/s.yaml') => hashSuite(suiteFromTexts([{ display, text: t }]));
  const base = hashOf(text('    points: 2\n'));

  it('is the same for a comment, a blank line, a moved case or the same file given from another folder', () => {
    expect(hashOf(`# a TA's note\n\n${text('    points: 2   # two points\n')}`)).toBe(base);
    expect(hashOf(text('    points: 2\n'), '../elsewhere/s.yaml')).toBe(base);
  });

  it.each([
    ['points', '    points: 3\n'],
    ['a tolerance', '    points: 2\n    tolerance: { rtol: 1.0e-3 }\n'],
    ['the epsilon', '    points: 2\n    epsilon: 1.0e-5\n'],
    ['the wording', '    points: 2\n    description: the course example\n'],
  ])('changes with %s, so every learner is graded again', (_, body) => {
    expect(hashOf(text(body))).not.toBe(base);
  });

  it('changes with the suite name and the order of the cases', () => {
    expect(hashOf(text('    points: 2\n').replace('suite: s', 'suite: t'))).not.toBe(base);
    const two = (a: string, b: string) => `suite: s\ncases:\n  - id: ${a}\n    function: compute_class_freqs\n    labels: [[1, 0]]\n  - id: ${b}\n    function: compute_class_freqs\n    labels: [[0, 1]]\n`;
    expect(hashOf(two('x', 'y'))).not.toBe(hashOf(two('y', 'x')));
  });
});

describe('runBatch: the report names the submission as the row does', () => {
  it("sets submission.path to the item's source, graded or reused from an export given under another name", async () => {
    const a = await item('alice');
    const grade: GradeOne = async () => makeReport({ submission: { path: a.file!, displayName: 'alice.py', kind: 'py' } });
    const path = async () => GradeReportSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results', 'alice.json'), 'utf8'))).submission.path;
    const first = await runBatch([{ ...a, source: 'subs/alice.py' }], grade, store, 1, opts());
    expect([first[0]!.source, await path()]).toEqual(['subs/alice.py', 'subs/alice.py']);
    const calls: string[] = [];
    const counting: GradeOne = async (it) => (calls.push(it.learner), grade(it));
    const again = await runBatch([{ ...a, source: 'cohort/alice.py' }], counting, store, 1, opts());
    expect([calls, again[0]!.reused, again[0]!.source, await path()]).toEqual([[], true, 'cohort/alice.py', 'cohort/alice.py']);
  });
});

describe('runBatch: a reused report whose cases moved in their file', () => {
  it('is rewritten with the new lines (no regrade), and reused as written on the run after', async () => {
    const a = await item('alice');
    const grade: GradeOne = async () => makeReport({ cases: [makeCase({ id: 'c1', source: { file: 'cases/s.yaml', line: 4 } })] });
    await runBatch([a], grade, store, 1, opts());
    const moved = new Map([['c1', { file: 'cases/s.yaml', line: 6 }]]);
    const calls: string[] = [];
    const counting: GradeOne = async (it) => (calls.push(it.learner), grade(it));
    const rows = await runBatch([a], counting, store, 1, opts({ sources: moved }));
    expect(calls).toEqual([]);
    expect(rows[0]!.reused).toBe(true);
    const report = GradeReportSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results', 'alice.json'), 'utf8')));
    expect(report.cases[0]!.source).toEqual({ file: 'cases/s.yaml', line: 6 });
    // The state holds the rewritten bytes: the next run reuses them rather than regrading.
    const next = await runBatch([a], counting, store, 1, opts({ sources: moved }));
    expect(calls).toEqual([]);
    expect(next[0]!.reused).toBe(true);
  });
});

/**
 * `wlgrade export lms` on a graded folder: the LMS's roster export comes back with the scores of
 * the gradebook in one column, in the roster's own delimiter and byte-order mark, and one
 * sentence for each thing staff can get wrong.
 */
import { existsSync } from 'node:fs';
import { cp, link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { lockOut, SYSTEM_LOCK_DEPS } from '../../src/batch/out-lock.js';
import { runCli, ROOT } from '../helpers/cli.js';

let tmp: string;
const lms = (...args: string[]) => runCli(['export', 'lms', ...args], { cwd: tmp });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-lms-e2e-'));
  await mkdir(join(tmp, 'class'));
  await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'class', 'ann@u.edu.py'));
  await cp(join(ROOT, 'submissions', 'mistakes', 'loss-sum-not-mean.py'), join(tmp, 'class', 'bo@u.edu.py'));
  const r = await runCli(['grade', 'class', '--out', 'out', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('wlgrade export lms', () => {
  it("fills the gradebook's scores into a Moodle-style roster (semicolons, byte-order mark) and says who is missing", async () => {
    await writeFile(join(tmp, 'moodle.csv'), '\ufeffFirst name;Last name;Email address;Loss\r\nAnn;Smith;ann@u.edu;\r\nCy;C;cy@u.edu;\r\nBo;B;BO@U.EDU;\r\n');
    const r = await lms('--results', 'out', '--roster', 'moodle.csv', '--column', 'Loss', '--out', 'upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out', 'summary.json'), 'utf8')));
    const score = (id: string) => summary.rows.find((x) => x.learner === id)!.score;
    expect(score('ann@u.edu')).toBe(23);
    expect(await readFile(join(tmp, 'upload.csv'), 'utf8')).toBe(`\ufeffFirst name;Last name;Email address;Loss\r\nAnn;Smith;ann@u.edu;23\r\nCy;C;cy@u.edu;\r\nBo;B;BO@U.EDU;${score('bo@u.edu')}\r\n`);
    expect(r.stdout).toBe('Wrote upload.csv: 2 scores in column "Loss", learners matched on "Email address".\n1 roster row has no submission in the results (left blank): "cy@u.edu" (Cy C).');
  });

  it('gives 0 for a Python file that reached no case, and leaves blank one that could not be graded', async () => {
    await mkdir(join(tmp, 'class-err'));
    const fixture = (name: string) => join(ROOT, 'grader', 'test', 'fixtures', 'check', name);
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'class-err', 'ann.py'));
    await cp(fixture('syntax-error.py'), join(tmp, 'class-err', 'syn.py')); // a SyntaxError in its only graded function
    await cp(fixture('missing-function.py'), join(tmp, 'class-err', 'typo.py')); // get_weighted_los: the freqs cases still ran
    await writeFile(join(tmp, 'class-err', 'nb.ipynb'), '{"cells": ['); // a notebook that is not JSON
    await writeFile(join(tmp, 'class-err', 'doc.docx'), 'not python');
    const g = await runCli(['grade', 'class-err', '--out', 'out-err', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'out-err', 'summary.json'), 'utf8')));
    const typo = summary.rows.find((x) => x.learner === 'typo')!;
    expect(summary.rows.find((x) => x.learner === 'syn')).toMatchObject({ status: 'error', score: 0, cases: {}, problems: ['SYNTAX_ERROR'] });
    expect(summary.rows.find((x) => x.learner === 'nb')).toMatchObject({ status: 'error', cases: {}, problems: ['NOTEBOOK_INVALID'] });
    expect(summary.rows.find((x) => x.learner === 'doc')).toMatchObject({ status: 'error', cases: {} });
    await writeFile(join(tmp, 'err.csv'), 'Login,Loss\nann,\nsyn,\ntypo,\nnb,\ndoc,7\ncy,5\n');
    for (const missing of ['blank', 'zero']) {
      const r = await lms('--results', 'out-err', '--roster', 'err.csv', '--column', 'Loss', '--out', `err-${missing}.csv`, '--missing', missing);
      expect(r.exitCode, r.stderr).toBe(0);
      // syn and nb handed in Python that earned nothing: 0 either way. doc (no Python) and cy (nothing) keep the LMS's 7 and 5, or get 0.
      const [doc, cy] = missing === 'zero' ? ['0', '0'] : ['7', '5'];
      expect(await readFile(join(tmp, `err-${missing}.csv`), 'utf8')).toBe(`Login,Loss\r\nann,23\r\nsyn,0\r\ntypo,${typo.score}\r\nnb,0\r\ndoc,${doc}\r\ncy,${cy}\r\n`);
      expect(r.stdout).toBe(
        [
          'Wrote err-' + missing + '.csv: 4 scores in column "Loss", learners matched on "Login".',
          '2 learners on the roster got 0 for a Python file that reached no case (a syntax error, no graded function, a file over the size limit: its error in grades.csv says what): "syn", "nb".',
          `1 learner on the roster handed in something that could not be graded (${missing === 'zero' ? 'given 0' : 'left blank'}; its error in grades.csv says why: fix that and grade again, or enter a score by hand): "doc".`,
          `1 roster row has no submission in the results (${missing === 'zero' ? 'given 0' : 'left blank'}): "cy".`,
        ].join('\n'),
      );
    }
    // A learner of the results never graded (no Python) and not on the roster is not called graded.
    await writeFile(join(tmp, 'err-nodoc.csv'), 'Login,Loss\nann,\nsyn,\ntypo,\nnb,\n');
    const nodoc = await lms('--results', 'out-err', '--roster', 'err-nodoc.csv', '--column', 'Loss', '--out', 'err-nodoc-up.csv');
    expect(nodoc.stdout).toContain('\n1 learner of the results is not on the roster, so not in err-nodoc-up.csv: "doc"; check their ids (or --match).');
  });

  it("grades Canvas's submissions zip as Canvas user ids, which a Canvas gradebook export matches on its ID column", async () => {
    const { makeZip } = await import('../unit/batch/zip-helpers.js');
    const body = async (s: string) => readFile(join(ROOT, 'submissions', s));
    await writeFile(
      join(tmp, 'canvas.zip'),
      await makeZip({ 'smithann_101_9001_hw.py': await body('correct/loop.py'), 'bbo_LATE_102_9002_hw.py': await body('mistakes/loss-sum-not-mean.py') }),
    );
    const g = await runCli(['grade', 'canvas.zip', '--out', 'out-canvas', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    await writeFile(join(tmp, 'canvas.csv'), 'Student,ID,SIS User ID,SIS Login ID,Section,Weighted loss (77)\n    Points Possible,,,,,\n"Smith, Ann",101,S1,ann,A,\n"B, Bo",102,S2,bo,A,\n"Student, Test",9999,,,A,\n');
    const r = await lms('--results', 'out-canvas', '--roster', 'canvas.csv', '--column', 'Weighted loss', '--out', 'canvas-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 scores in column "Weighted loss (77)", learners matched on "ID"');
    // A row with no submission is named by its id and the roster's name for it (Canvas's Test Student).
    expect(r.stdout).toContain('1 roster row has no submission in the results (left blank): "9999" (Student, Test).');
    const rows = (await readFile(join(tmp, 'canvas-upload.csv'), 'utf8')).split('\r\n');
    expect(rows[2]).toBe('"Smith, Ann",101,S1,ann,A,23');
    expect(rows[3]).toMatch(/^"B, Bo",102,S2,bo,A,\d+$/);

    // A learner in two sections is on two rows: both get the score, and the summary says so.
    await writeFile(join(tmp, 'canvas2.csv'), 'Student,ID,SIS User ID,SIS Login ID,Section,Weighted loss (77)\n"Smith, Ann",101,S1,ann,A,\n"B, Bo",102,S2,bo,A,\n"Smith, Ann",101,S1,ann,B,\n');
    const two = await lms('--results', 'out-canvas', '--roster', 'canvas2.csv', '--column', 'Weighted loss', '--out', 'canvas2-upload.csv');
    expect(two.exitCode, two.stderr).toBe(0);
    expect((await readFile(join(tmp, 'canvas2-upload.csv'), 'utf8')).split('\r\n')[3]).toBe('"Smith, Ann",101,S1,ann,B,23');
    expect(two.stdout).toContain('3 scores in column "Weighted loss (77)"');
    expect(two.stdout).toContain('1 learner is on more than one roster row (one id, and the rows agree on every column that tells learners apart, as for a learner in two sections), so each of those rows got the same score: "101".');
  });

  it('lists learners under Canvas anonymous-grading ids apart, with what to do, when others in the results are on the roster', async () => {
    // Two downloads graded into one batch: one of an ordinary assignment, one graded anonymously.
    await mkdir(join(tmp, 'canvas-mixed', 'named'), { recursive: true });
    await mkdir(join(tmp, 'canvas-mixed', 'anonymous'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'canvas-mixed', 'named', 'smithann_101_9001_hw.py'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'canvas-mixed', 'named', 'jonesbo_555_9004_hw.py'));
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(tmp, 'canvas-mixed', 'anonymous', 'anon_Ab3xZ_9003_hw.py'));
    const g = await runCli(['grade', 'canvas-mixed/named', 'canvas-mixed/anonymous', '--out', 'out-canvas-mixed', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    await writeFile(join(tmp, 'canvas-mixed.csv'), 'Student,ID,SIS User ID,SIS Login ID,Section,Weighted loss (77)\n"Smith, Ann",101,S1,ann,A,\n');
    const r = await lms('--results', 'out-canvas-mixed', '--roster', 'canvas-mixed.csv', '--column', 'Weighted loss', '--out', 'canvas-mixed-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 learner of the results is not on the roster, so not in canvas-mixed-upload.csv: "555"; check their ids (or --match).');
    expect(r.stdout).toContain('1 learner of the results is a Canvas anonymous-grading id, which no gradebook export holds, so not in canvas-mixed-upload.csv: "anon_Ab3xZ"; enter the scores in SpeedGrader (its address names each submission\'s anonymous id: anonymous_id=Ab3xZ)');
  });

  it("grades Moodle's submissions download as 'Participant <id>', which Moodle's grading worksheet matches on its Identifier column", async () => {
    const folder = join(tmp, 'moodle', 'Ann Smith_4242_assignsubmission_file_');
    await mkdir(folder, { recursive: true });
    await cp(join(ROOT, 'submissions', 'correct', 'loop.py'), join(folder, 'hw.py'));
    const g = await runCli(['grade', 'moodle', '--out', 'out-moodle', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    await writeFile(join(tmp, 'worksheet.csv'), 'Identifier,"Full name","Email address",Status,Grade,"Maximum Grade"\n"Participant 4242","Ann Smith",ann@u.edu,"Submitted for grading",,100.00\n');
    const r = await lms('--results', 'out-moodle', '--roster', 'worksheet.csv', '--column', 'Grade', '--scale', '100', '--out', 'worksheet-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('learners matched on "Identifier"');
    expect((await readFile(join(tmp, 'worksheet-upload.csv'), 'utf8')).split('\r\n')[1]).toBe('Participant 4242,Ann Smith,ann@u.edu,Submitted for grading,100,100.00');
    expect(r.stdout).not.toContain('Warning');
    // Without --scale, 23 of 23 would be 23 of the worksheet's 100: written as asked, with a warning that says what to do.
    const raw = await lms('--results', 'out-moodle', '--roster', 'worksheet.csv', '--column', 'Grade', '--out', 'worksheet-raw.csv');
    expect(raw.exitCode, raw.stderr).toBe(0);
    expect(raw.stdout).toContain('\nWarning: worksheet.csv says "Grade" is out of 100 points (its "Maximum Grade" column), but the scores written are out of 23, so the LMS would read 23 of 23 as 23 of 100; run again with --scale 100, or set the column\'s points to 23 in the LMS.');
  });

  it("reads GitHub Classroom's points_available as the maximum of points_awarded, and warns in Classroom's terms (staff 20)", async () => {
    // gh classroom assignment-grades' columns; the results are out of 23, Classroom's workflow out of 41.
    const header = 'assignment_name,assignment_url,starter_code_url,github_username,roster_identifier,student_repository_name,student_repository_url,submission_timestamp,points_awarded,points_available';
    // cy never accepted the assignment (no repository); zed's repository was not graded: Classroom's
    // own points in their rows are cleared, not kept beside the scores written (staff 27).
    await writeFile(join(tmp, 'classroom.csv'), `${header}\nwl,u,s,ann,,ann@u.edu,r,2026-11-02T10:15:00Z,41,41\nwl,u,s,cy,,,,,0,41\nwl,u,s,zed,,zed@u.edu,r,2026-11-02T10:15:00Z,37,41\n`);
    const r = await lms('--results', 'out', '--roster', 'classroom.csv', '--column', 'points_awarded', '--out', 'classroom-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('learners matched on "student_repository_name"');
    expect(r.stdout).toContain('\n1 roster row lists a learner with no "student_repository_name" to match a submission to (left blank): row 3 (cy); enter that score by hand, or pass --match with a column that holds every learner\'s id.\n');
    expect((await readFile(join(tmp, 'classroom-upload.csv'), 'utf8')).split(/\r?\n/).slice(2, 4)).toEqual(['wl,u,s,cy,,,,,,41', 'wl,u,s,zed,,zed@u.edu,r,2026-11-02T10:15:00Z,,41']);
    expect(r.stdout).toContain('\nWarning: classroom.csv says "points_awarded" is out of 41 points (its "points_available" column: GitHub Classroom\'s own points, of the cases its workflow runs), but the scores written are out of 23, so 23 of 23 would read as 23 of 41 beside it; run again with --scale 41 to write them out of 41, or keep them out of 23 (Classroom takes no grades back: the file is for your own gradebook).');
    const scaled = await lms('--results', 'out', '--roster', 'classroom.csv', '--column', 'points_awarded', '--scale', '41', '--out', 'classroom-scaled.csv');
    expect((await readFile(join(tmp, 'classroom-scaled.csv'), 'utf8')).split(/\r?\n/)[1]).toBe('wl,u,s,ann,,ann@u.edu,r,2026-11-02T10:15:00Z,41,41');
    expect(scaled.stdout).not.toContain('Warning');
    // Two accounts linked to one roster identifier, maybe two people: no score, and Classroom's points there emptied as well.
    await writeFile(join(tmp, 'classroom-twice.csv'), `${header}\nwl,u,s,ann,ann@u.edu,wl-ann,r,2026-11-02T10:15:00Z,41,41\nwl,u,s,bo1,bo@u.edu,wl-bo1,r,2026-11-02T10:15:00Z,30,41\nwl,u,s,bo2,bo@u.edu,wl-bo2,r,2026-11-02T10:15:00Z,12,41\n`);
    const twice = await lms('--results', 'out', '--roster', 'classroom-twice.csv', '--column', 'points_awarded', '--match', 'roster_identifier', '--scale', '41', '--out', 'classroom-twice-upload.csv');
    expect(twice.exitCode, twice.stderr).toBe(0);
    expect((await readFile(join(tmp, 'classroom-twice-upload.csv'), 'utf8')).split(/\r?\n/).slice(1, 4).map((l) => l.split(',')[8])).toEqual(['41', '', '']);
    expect(twice.stdout).toContain('\n1 roster id is on more than one row that may be different people, so no score was written there and GitHub Classroom\'s own points were emptied (whose work it is, the roster cannot say): "bo@u.edu";');
  });

  it("grades Brightspace's submissions download by learner name, which a Brightspace grades export matches on its first and last names", async () => {
    const { makeZip } = await import('../unit/batch/zip-helpers.js');
    const body = async (f: string) => readFile(join(ROOT, 'submissions', f));
    await writeFile(
      join(tmp, 'brightspace.zip'),
      await makeZip({
        'Weighted loss Download/index.html': '<html></html>',
        'Weighted loss Download/13394-80551 - Jane Doe - Mar 29, 2026 1205 PM - hw.py': await body('correct/loop.py'),
        'Weighted loss Download/13395-80560 - Bo Li - Mar 30, 2026 905 AM/loss.py': await body('mistakes/loss-sum-not-mean.py'),
      }),
    );
    const g = await runCli(['grade', 'brightspace.zip', '--out', 'out-d2l', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
    expect(g.exitCode, g.stderr).toBe(0);
    const header = 'OrgDefinedId,Username,Last Name,First Name,Email,Weighted loss Points Grade <Numeric MaxPoints:41>,End-of-Line Indicator';
    await writeFile(join(tmp, 'd2l.csv'), `${header}\r\n#400123456,#doej,Doe,Jane,doej@u.ca,,#\r\n#400123457,#lib,Li,Bo,lib@u.ca,,#\r\n`);
    const guess = await lms('--results', 'out-d2l', '--roster', 'd2l.csv', '--column', 'Weighted loss', '--out', 'd2l-upload.csv');
    expect(guess.exitCode).toBe(2);
    expect(guess.stderr).toContain('pass --match "First Name+Last Name" to match learners by name');
    const r = await lms('--results', 'out-d2l', '--roster', 'd2l.csv', '--column', 'Weighted loss', '--match', 'First Name+Last Name', '--out', 'd2l-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 scores in column "Weighted loss Points Grade <Numeric MaxPoints:41>", learners matched on "First Name+Last Name"');
    const rows = (await readFile(join(tmp, 'd2l-upload.csv'), 'utf8')).split('\r\n');
    expect(rows[0]).toBe(header);
    expect(rows[1]).toBe('#400123456,#doej,Doe,Jane,doej@u.ca,23,#');
    expect(rows[2]).toMatch(/^#400123457,#lib,Li,Bo,lib@u.ca,\d+,#$/);

    // Two Jane Does on the roster: neither gets the score, and the advice is not another --match
    // (the download names learners by name only, so no email or login column can tell them apart).
    await writeFile(join(tmp, 'd2l-two.csv'), `${header}\r\n#400123456,#doej,Doe,Jane,doej@u.ca,,#\r\n#400123458,#doej2,Doe,Jane,doej2@u.ca,,#\r\n`);
    const two = await lms('--results', 'out-d2l', '--roster', 'd2l-two.csv', '--column', 'Weighted loss', '--match', 'First Name+Last Name', '--out', 'd2l-two-upload.csv');
    expect(two.exitCode, two.stderr).toBe(0);
    // Both may have handed in: grade ranked all the files of that name as one learner's, so the
    // gradebook holds one score for the two of them, which no one should copy to either.
    expect(two.stdout).toContain(
      '"Jane Doe"; the results name those learners by name only, and grade took all the files of one name as one learner\'s, grading only the best of them (its note in summary.json names the file graded and those passed over), so grade each person\'s own files with "wlgrade check" and enter their scores by hand.',
    );
    expect(two.stdout).not.toContain('from grades.csv');
    expect(two.stdout).not.toContain('pass --match with a column');
  });

  it('reads a roster saved as UTF-16 with tabs (Excel\'s "Unicode text")', async () => {
    const text = '\ufeffFirst name\tEmail address\tLoss\r\nAnn\tann@u.edu\t\r\n';
    await writeFile(join(tmp, 'utf16.txt'), Buffer.from(text, 'utf16le'));
    const r = await lms('--results', 'out', '--roster', 'utf16.txt', '--column', 'Loss', '--out', 'utf16-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(tmp, 'utf16-upload.csv'), 'utf8')).toBe('\ufeffFirst name\tEmail address\tLoss\r\nAnn\tann@u.edu\t23\r\n');
  });

  it("gives a Blackboard Grade Center download back with every cell quoted, as Blackboard's CSV upload wants, its score column found by name", async () => {
    const bb = [
      '"Last Name","First Name","Username","Student ID","Last Access","Availability","Weighted loss [Total Pts: 23 Score] |1234567"',
      '"Smith","Ann","ann@u.edu","s1","2026-11-02 10:00:00","Yes",""',
      '"Roe","Cy","cy@u.edu","s3","","Yes","7"',
    ];
    await writeFile(join(tmp, 'bb.csv'), `${bb.join('\r\n')}\r\n`);
    const r = await lms('--results', 'out', '--roster', 'bb.csv', '--column', 'Weighted loss', '--out', 'bb-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(tmp, 'bb-upload.csv'), 'utf8')).toBe(`${[bb[0], bb[1]!.replace(/""$/, '"23"'), bb[2]].join('\r\n')}\r\n`);
  });

  it('reads a roster whose header has a quoted column name with a line break in it', async () => {
    await writeFile(join(tmp, 'multiline.csv'), '"Loss\n(12)";Name;Email\r\n;Ann;ann@u.edu\r\n');
    const r = await lms('--results', 'out', '--roster', 'multiline.csv', '--column', 'Loss\n(12)', '--out', 'multiline-upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(tmp, 'multiline-upload.csv'), 'utf8')).toBe('"Loss\n(12)";Name;Email\r\n23;Ann;ann@u.edu\r\n');
  });

  it('refuses a --results folder that is not a graded batch, a missing roster and a bad --scale, in one sentence each', async () => {
    const none = await lms('--results', 'class', '--roster', 'moodle.csv', '--column', 'Loss', '--out', 'x.csv');
    expect([none.exitCode, none.stderr]).toEqual([2, 'wlgrade: class has no summary.json: pass the --out folder of a finished "wlgrade grade" (or "wlgrade merge") run as --results.']);
    const roster = await lms('--results', 'out', '--roster', 'nope.csv', '--column', 'Loss', '--out', 'x.csv');
    expect([roster.exitCode, roster.stderr]).toEqual([2, 'wlgrade: Cannot read the roster nope.csv (ENOENT: no such file or folder); export the gradebook or class list from the LMS as CSV and pass its path.']);
    const scale = await lms('--results', 'out', '--roster', 'moodle.csv', '--column', 'Loss', '--out', 'x.csv', '--scale', '-3');
    expect([scale.exitCode, scale.stderr]).toEqual([2, 'wlgrade: --scale must be a positive number of points, got "-3".']);
  });

  it("refuses --out naming the roster itself (the same path, another spelling of it, a symlink or a hard link), which would overwrite the LMS's export", async () => {
    const roster = 'Login,Loss\r\nann@u.edu,\r\n';
    await mkdir(join(tmp, 'g'), { recursive: true });
    await writeFile(join(tmp, 'g', 'roster.csv'), roster);
    await symlink('roster.csv', join(tmp, 'g', 'link.csv'));
    await link(join(tmp, 'g', 'roster.csv'), join(tmp, 'g', 'hard.csv'));
    for (const out of ['g/roster.csv', './g/../g/roster.csv', join(tmp, 'g', 'roster.csv'), 'g/link.csv', 'g/hard.csv']) {
      const r = await lms('--results', 'out', '--roster', 'g/roster.csv', '--column', 'Loss', '--out', out);
      expect([r.exitCode, r.stderr], out).toEqual([
        2,
        `wlgrade: --out ${out} is the roster g/roster.csv itself, and writing it would replace the LMS's own export with no copy kept; pick another --out (upload.csv) and import that file.`,
      ]);
      expect(await readFile(join(tmp, 'g', 'roster.csv'), 'utf8')).toBe(roster);
    }
    // The roster given through the link, --out the file: refused too.
    const back = await lms('--results', 'out', '--roster', 'g/link.csv', '--column', 'Loss', '--out', 'g/roster.csv');
    expect(back.exitCode).toBe(2);
    // Another file beside it is written.
    const ok = await lms('--results', 'out', '--roster', 'g/roster.csv', '--column', 'Loss', '--out', 'g/upload.csv');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(await readFile(join(tmp, 'g', 'upload.csv'), 'utf8')).toBe('Login,Loss\r\nann@u.edu,23\r\n');
  });

  it("refuses one shard's results (grade --shard 1/2), whose other learners would read as having no submission, and says to merge first", async () => {
    const g = await runCli(['grade', 'class', '--out', 'half', '--shard', '1/2', '--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'], { cwd: tmp });
    expect(g.exitCode).toBe(0);
    const summary = BatchSummarySchema.parse(JSON.parse(await readFile(join(tmp, 'half', 'summary.json'), 'utf8')));
    const r = await lms('--results', 'half', '--roster', 'moodle.csv', '--column', 'Loss', '--out', 'half.csv', '--missing', 'zero');
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      `wlgrade: half holds shard 1 of 2 (${summary.rows.length} of ${summary.shard!.cohort.learners} learners, from "wlgrade grade --shard 1/2"): the other shards' learners would read as having no submission; combine the shards first (wlgrade merge <each shard's --out> --out results/) and pass that folder as --results.`,
    ]);
    expect(existsSync(join(tmp, 'half.csv'))).toBe(false);
  });

  it('makes the folder of --out, as grade makes its --out, and says which file it cannot write', async () => {
    await writeFile(join(tmp, 'plain.csv'), 'Login,Loss\nann@u.edu,\n');
    const r = await lms('--results', 'out', '--roster', 'plain.csv', '--column', 'Loss', '--out', 'uploads/week 3/upload.csv');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(tmp, 'uploads', 'week 3', 'upload.csv'), 'utf8')).toBe('Login,Loss\r\nann@u.edu,23\r\n');
    await writeFile(join(tmp, 'a-file'), '');
    const bad = await lms('--results', 'out', '--roster', 'plain.csv', '--column', 'Loss', '--out', 'a-file/upload.csv');
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'wlgrade: Cannot write a-file/upload.csv (ENOTDIR: a file stands where a folder must be); choose another --out or fix its permissions.']);
  });

  it('warns in one line on stderr when a grade is writing into --results now (its summary may be the previous run\'s), and still exports (review 32b)', async () => {
    await writeFile(join(tmp, 'busy.csv'), 'Login,Loss\nann@u.edu,\n');
    // This test process holds out/ as a grade run would: alive, on this machine.
    const held = lockOut(join(tmp, 'out'), 'out', 'wlgrade grade', { ...SYSTEM_LOCK_DEPS, now: () => new Date('2026-11-26T06:50:12.345Z') });
    try {
      const r = await lms('--results', 'out', '--roster', 'busy.csv', '--column', 'Loss', '--out', 'busy-upload.csv');
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toBe(
        `wlgrade: warning: --results out is being written by a wlgrade grade run (pid ${process.pid} on this machine since 2026-11-26 06:50:12 UTC), so what is read there may be an earlier run's results or part of this one's; run this command again when that run ends.`,
      );
    } finally {
      held.release();
    }
    const again = await lms('--results', 'out', '--roster', 'busy.csv', '--column', 'Loss', '--out', 'busy-upload.csv');
    expect(again.stderr).toBe('');
  });
});

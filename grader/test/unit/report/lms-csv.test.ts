/**
 * `wlgrade export lms`, pure part: the LMS's roster comes back with one score column filled,
 * every other cell as the LMS wrote it, learners matched on the column that holds their ids.
 */
import { describe, expect, it } from 'vitest';
import { fillRoster, quotesEveryCell, renderRosterCsv, sniffDelimiter, type FillOptions } from '../../../src/report/lms-csv.js';
import type { BatchRow } from '../../../src/schema/batch.js';

const row = (learner: string, score: number, over: Partial<BatchRow> = {}): BatchRow => ({
  learner,
  source: `subs/${learner}.py`,
  status: score === 41 ? 'passed' : 'failed',
  score,
  maxScore: 41,
  cases: { a: score },
  mistakes: [],
  reused: false,
  ...over,
});
const ROWS = [row('ann@u.edu', 41), row('bo@u.edu', 14), row('zed@u.edu', 30)];
const opts = (over: Partial<FillOptions> = {}): FillOptions => ({ column: 'Weighted loss', missing: 'blank', shown: 'roster.csv', ...over });

const CANVAS = [
  ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Weighted loss (4242)', 'Quiz 1 (17)'],
  ['    Points Possible', '', '', '', '', '', '10'],
  ['Smith, Ann', '101', 'S1', 'ANN@u.edu ', 'Sec A', '', '8'],
  ['B, Bo', '102', 'S2', 'bo@u.edu', 'Sec A', '12', '=1+1'],
  ['C, Cy', '103', 'S3', 'cy@u.edu', 'Sec B', '', '7'],
  ['Test Student', '999', '', '', '', '', ''],
];

describe('fillRoster', () => {
  it("fills a Canvas export's assignment column found by name, its Points Possible row, and keeps every other cell", () => {
    const f = fillRoster(CANVAS, ROWS, 41, opts());
    expect(f).toMatchObject({ matchColumn: 'SIS Login ID', scoreColumn: 'Weighted loss (4242)', filled: 2, unmatched: ['cy@u.edu'], absent: ['zed@u.edu'] });
    expect(f.table.map((r) => r[5])).toEqual(['Weighted loss (4242)', '41', '41', '14', '', '']);
    // Every cell but the score column is the roster's own, the other assignment's "=1+1" too.
    expect(f.table.map((r) => r.filter((_, i) => i !== 5))).toEqual(CANVAS.map((r) => r.filter((_, i) => i !== 5)));
  });

  it("names the rows it lists by the roster's own name column, one not matched on (Canvas's Student, Moodle's Full name, first and last names)", () => {
    expect(fillRoster(CANVAS, ROWS, 41, opts()).names).toEqual(new Map([['cy@u.edu', CANVAS.find((r) => r[3] === 'cy@u.edu')![0]!]]));
    const moodle = [['Identifier', 'Full name', 'Email address', 'Grade'], ['Participant 1', 'Ann Smith', 'ann@u.edu', ''], ['Participant 2', 'Cy Roe', 'cy@u.edu', '']];
    expect(fillRoster(moodle, ROWS, 41, opts({ column: 'Grade' })).names).toEqual(new Map([['cy@u.edu', 'Cy Roe']]));
    const bb = [['Last Name', 'First Name', 'Username', 'Loss'], ['Smith', 'Ann', 'ann@u.edu', ''], ['Roe', 'Cy', 'cy@u.edu', '']];
    expect(fillRoster(bb, ROWS, 41, opts({ column: 'Loss' })).names).toEqual(new Map([['cy@u.edu', 'Cy Roe']]));
    // no name column, or names that are the ids matched on: nothing to add
    expect(fillRoster([['Email', 'Loss'], ['ann@u.edu', ''], ['cy@u.edu', '']], ROWS, 41, opts({ column: 'Loss' })).names).toEqual(new Map());
  });

  it('rescales to --scale points (2 decimals) and gives 0 to roster rows without a submission with --missing zero', () => {
    const f = fillRoster(CANVAS, ROWS, 41, opts({ scale: 100, missing: 'zero' }));
    expect(f.table.map((r) => r[5])).toEqual(['Weighted loss (4242)', '100', '100', '34.15', '0', '']);
  });

  it('adds the column when the roster lacks it, and matches on the column named by --match', () => {
    const roster = [['Username', 'Email'], ['ann@u.edu', 'x@y'], ['bo@u.edu', 'ann@u.edu']];
    const auto = fillRoster(roster, ROWS, 41, opts({ column: 'Loss' }));
    expect(auto.table).toEqual([['Username', 'Email', 'Loss'], ['ann@u.edu', 'x@y', '41'], ['bo@u.edu', 'ann@u.edu', '14']]);
    const named = fillRoster(roster, ROWS, 41, opts({ column: 'Loss', match: 'email' }));
    expect(named.table.map((r) => r[2])).toEqual(['Loss', '', '41']);
    expect(named.unmatched).toEqual(['x@y']);
  });

  it('refuses to guess between two columns that hold as many ids (first names in "First name" and "Username")', () => {
    const roster = [['First name', 'Username', 'Loss'], ['Ann', 'ann', ''], ['Bo', 'bo', '']];
    const rows = [row('ann', 41), row('bo', 14)];
    expect(() => fillRoster(roster, rows, 41, opts({ column: 'Loss' }))).toThrow(
      'The learner ids match 2 rows in each of the columns "First name", "Username" of roster.csv; pass --match with the one that identifies learners (an email, login or student number).',
    );
    expect(fillRoster(roster, rows, 41, opts({ column: 'Loss', match: 'Username' })).table.map((r) => r[2])).toEqual(['Loss', '41', '14']);
  });

  it('says what to do when no column holds the ids, --match names no column, or the name is ambiguous', () => {
    expect(() => fillRoster([['Name'], ['Ann']], ROWS, 41, opts())).toThrow(
      'No column of roster.csv holds the learner ids of the results (such as "ann@u.edu"); pass --match <column> naming the roster column that holds them, or name the learners\' files by an id the roster has (email, login).',
    );
    expect(() => fillRoster(CANVAS, ROWS, 41, opts({ match: 'Login' }))).toThrow(/^roster\.csv has no column "Login" \(its columns: "Student", "ID", .*\); pass --match with one of them, or two joined by "\+" \("First Name\+Last Name"\)\.$/);
    expect(() => fillRoster([['ID', 'Loss (1)', 'Loss (2)'], ['ann@u.edu', '', '']], ROWS, 41, opts({ column: 'Loss' }))).toThrow('roster.csv has 2 columns named "Loss (…)"; pass --column with the whole name, id included.');
    expect(() => fillRoster([['Email'], ['ann@u.edu']], ROWS, 41, opts({ column: 'Email' }))).toThrow('--column "Email" is the column the learners are matched on; name the score column.');
  });
});

describe('fillRoster: a Canvas download of an assignment graded anonymously', () => {
  const ANON = [row('anon_Ab3xZ', 41), row('anon_12345', 14)];
  it('says in one sentence that no gradebook holds anonymous ids, and what to do', () => {
    expect(() => fillRoster(CANVAS, ANON, 41, opts())).toThrow(
      'The results\' learners are Canvas anonymous-grading ids (such as "anon_Ab3xZ", from the submissions download of an assignment graded anonymously), which no column of roster.csv holds: ' +
        "enter the scores in SpeedGrader (its address names each submission's anonymous id: anonymous_id=Ab3xZ), or post the assignment's grades, download its submissions again (Canvas then names the files by user id), grade that download and export it.",
    );
  });
  it('fills a class list of staff\'s own that holds the anonymous ids, and the other learners of a mixed batch', () => {
    expect(fillRoster([['Anon', 'Loss'], ['anon_Ab3xZ', ''], ['anon_12345', '']], ANON, 41, opts({ column: 'Loss' })).table.map((r) => r[1])).toEqual(['Loss', '41', '14']);
    const f = fillRoster(CANVAS, [...ROWS, ...ANON], 41, opts());
    expect(f).toMatchObject({ filled: 2, absent: ['zed@u.edu', 'anon_Ab3xZ', 'anon_12345'] });
  });
});

describe('fillRoster: one roster id, two people', () => {
  it('refuses two learners of the results that are one roster id once blanks are ignored (the last would take the row)', () => {
    // "bob " (a file named "bob .py") is its own learner in the batch (results/bob_.json), but the
    // roster's "bob" is both: the 41 of "bob " went to bob, who scored 14, and neither was listed.
    for (const other of ['bob ', ' bob', 'bob\u00a0', 'bob\t']) {
      expect(() => fillRoster([['Login', 'Loss'], ['bob', '']], [row('bob', 14), row(other, 41)], 41, opts({ column: 'Loss' }))).toThrow(
        /^Learners "bob" and ".*" of the results are one id on a roster .*; rename one of their files and grade again\.$/,
      );
    }
  });

  it('leaves rows that share an id as they were and lists them, instead of giving one learner\'s score to both', () => {
    const roster = [['Name', 'Loss'], ['Jo Li', ''], ['Ann', '7'], ['jo li', '12']];
    const f = fillRoster(roster, [row('Jo Li', 41), row('Ann', 14)], 41, opts({ column: 'Loss', missing: 'zero' }));
    expect(f.table.map((r) => r[1])).toEqual(['Loss', '', '14', '12']);
    expect(f).toMatchObject({ filled: 1, shared: ['Jo Li'], repeated: [], unmatched: [], absent: [] });
  });

  it('fills every row of a learner the roster lists twice (Canvas, two sections): the rows agree on name, ids and login', () => {
    const roster = [...CANVAS, ['Smith, Ann', '101', 'S1', 'ann@u.edu', 'Sec B', '', '8']];
    const f = fillRoster(roster, ROWS, 41, opts());
    expect(f.table.map((r) => r[5])).toEqual(['Weighted loss (4242)', '41', '41', '14', '', '', '41']);
    expect(f).toMatchObject({ matchColumn: 'SIS Login ID', filled: 3, repeated: ['ANN@u.edu'], shared: [], unmatched: ['cy@u.edu'], absent: ['zed@u.edu'] });
    // Matching on Canvas's ID column, as for its submissions download: the same.
    const byCanvasId = fillRoster(roster, [row('101', 41), row('102', 14)], 41, opts());
    expect(byCanvasId).toMatchObject({ matchColumn: 'ID', repeated: ['101'], shared: [] });
    expect(byCanvasId.table.map((r) => r[5])).toEqual(['Weighted loss (4242)', '41', '41', '14', '', '', '41']);
  });

  it('leaves rows of one name alone when another column tells the two people apart (their emails differ)', () => {
    const roster = [['Name', 'Email', 'Section', 'Loss'], ['Jo Li', 'jo1@u.edu', 'A', ''], ['Ann', 'ann@u.edu', 'A', ''], ['Jo Li', 'jo2@u.edu', 'A', '']];
    const f = fillRoster(roster, [row('Jo Li', 41), row('Ann', 14)], 41, opts({ column: 'Loss', match: 'Name' }));
    expect(f.table.map((r) => r[3])).toEqual(['Loss', '', '14', '']);
    expect(f).toMatchObject({ filled: 1, shared: ['Jo Li'], repeated: [] });
    // One of the two rows without an email is no proof they are one learner either.
    const blank = fillRoster([roster[0]!, roster[1]!, roster[2]!, ['Jo Li', '', 'B', '']], [row('Jo Li', 41), row('Ann', 14)], 41, opts({ column: 'Loss', match: 'Name' }));
    expect(blank).toMatchObject({ shared: ['Jo Li'], repeated: [] });
  });
});

describe("fillRoster: Blackboard's Grade Center", () => {
  // Work Offline → Download: a column is "<Name> [Total Pts: <points> <display>] |<column id>", and
  // the upload fills the column of that id (a name without one becomes a new column).
  const BB = [
    ['Last Name', 'First Name', 'Username', 'Student ID', 'Last Access', 'Availability', 'Weighted loss [Total Pts: 41 Score] |1234567', 'Quiz [Total Pts: 10 Score] |1234568'],
    ['Doe', 'Jane', 'jdoe', 's1', '2026-11-02 10:00:00', 'Yes', '', '7'],
    ['Smith', 'Mark', 'msmith', 's2', '2026-11-02 10:00:00', 'Yes', '', '9'],
  ];

  it.each(['Weighted loss', 'Weighted loss [Total Pts: 41 Score] |1234567'])('fills the Grade Center column found by its name (--column %j), adding none', (column) => {
    const f = fillRoster(BB, [row('jdoe', 41), row('msmith', 14)], 41, opts({ column }));
    expect(f).toMatchObject({ matchColumn: 'Username', scoreColumn: 'Weighted loss [Total Pts: 41 Score] |1234567', filled: 2 });
    expect(f.table).toEqual(BB.map((r, i) => (i === 0 ? r : [...r.slice(0, 6), i === 1 ? '41' : '14', r[7]!])));
  });

  it("matches a Username in another letter case (Blackboard Learn stores usernames in lowercase: one account)", () => {
    const f = fillRoster(BB, [row('JDoe', 41), row('MSmith', 14)], 41, opts());
    expect(f).toMatchObject({ matchColumn: 'Username', filled: 2, unmatched: [], absent: [] });
    expect(f.table.map((r) => r[6])).toEqual(['Weighted loss [Total Pts: 41 Score] |1234567', '41', '14']);
  });

  it('asks for the whole name when two columns have the name', () => {
    const two = BB.map((r, i) => [...r, i === 0 ? 'Weighted loss [Total Pts: 100 Percentage] |1234569' : '']);
    expect(() => fillRoster(two, [row('jdoe', 41)], 41, opts())).toThrow('roster.csv has 2 columns named "Weighted loss […] |…"; pass --column with the whole name, id included.');
  });
});

describe("fillRoster: Brightspace's grades export", () => {
  // Grades → Export, key field "Both", user details: OrgDefinedId and Username written "#…", the
  // item's "<Name> Points Grade <Numeric MaxPoints:…>" column, and "End-of-Line Indicator" last.
  const D2L = [
    ['OrgDefinedId', 'Username', 'Last Name', 'First Name', 'Email', 'Weighted loss Points Grade <Numeric MaxPoints:41>', 'End-of-Line Indicator'],
    ['#400123456', '#doej', 'Doe', 'Jane', 'doej@u.ca', '', '#'],
    ['#400123457', '#lib', 'Li', 'Bo', 'lib@u.ca', '', '#'],
    ['#400123458', '#roec', 'Roe', 'Cy', 'roec@u.ca', '', '#'],
  ];
  // What a Brightspace download gives: the learners' names.
  const NAMED = [row('Jane Doe', 41), row('Bo Li', 14), row('Ann Other', 3)];

  it('matches names only when --match says so, joining the first and last names, and keeps the End-of-Line Indicator', () => {
    expect(() => fillRoster(D2L, NAMED, 41, opts())).toThrow(
      'No column of roster.csv holds the learner ids of the results (such as "Jane Doe"), but its first and last names do: pass --match "First Name+Last Name" to match learners by name (rows of one name that may be two people get no score).',
    );
    const f = fillRoster(D2L, NAMED, 41, opts({ match: 'First Name+Last Name' }));
    expect(f).toMatchObject({ matchColumn: 'First Name+Last Name', scoreColumn: 'Weighted loss Points Grade <Numeric MaxPoints:41>', filled: 2, unmatched: ['Cy Roe'], absent: ['Ann Other'] });
    expect(f.table).toEqual(D2L.map((r, i) => (i === 1 ? [...r.slice(0, 5), '41', '#'] : i === 2 ? [...r.slice(0, 5), '14', '#'] : r)));
  });

  it('refuses two "<Name> Points Grade" columns of the name given, in one sentence', () => {
    const two = D2L.map((r, i) => [...r.slice(0, 6), i === 0 ? 'Weighted loss Points Grade <Numeric MaxPoints:100>' : '', r[6]!]);
    expect(() => fillRoster(two, NAMED, 41, opts({ match: 'First Name+Last Name', column: 'Weighted loss' }))).toThrow(
      'roster.csv has 2 columns named "Weighted loss Points Grade …"; pass --column with the whole name.',
    );
  });

  it('matches learners whose names differ only in letter case (two Brightspace accounts, two learners to grade) each on the row of their name as written', () => {
    const roster = [...D2L, ['#400123460', '#doej3', 'DOE', 'jane', 'doej3@u.ca', '', '#']];
    const f = fillRoster(roster, [row('Jane Doe', 41), row('jane DOE', 14), row('Bo Li', 3)], 41, opts({ match: 'First Name+Last Name' }));
    expect(f.table.map((r) => r[5])).toEqual(['Weighted loss Points Grade <Numeric MaxPoints:41>', '41', '3', '', '14']);
    expect(f).toMatchObject({ filled: 3, unmatched: ['Cy Roe'], absent: [], shared: [] });
    // A roster row in a third spelling is neither of them.
    const third = fillRoster([...roster, ['#400123461', '#x', 'doe', 'JANE', 'x@u.ca', '', '#']], [row('Jane Doe', 41), row('jane DOE', 14)], 41, opts({ match: 'First Name+Last Name' }));
    expect(third).toMatchObject({ filled: 2, unmatched: ['Bo Li', 'Cy Roe', 'JANE doe'] });
  });

  it('gives no score to two rows of one name that are two people (their OrgDefinedIds differ)', () => {
    const roster = [...D2L, ['#400123459', '#doej2', 'Doe', 'Jane', 'doej2@u.ca', '', '#']];
    const f = fillRoster(roster, NAMED, 41, opts({ match: 'First Name+Last Name' }));
    expect(f.table.map((r) => r[5])).toEqual(['Weighted loss Points Grade <Numeric MaxPoints:41>', '', '14', '', '']);
    expect(f).toMatchObject({ filled: 1, shared: ['Jane Doe'], repeated: [] });
  });

  it('matches usernames and OrgDefinedIds without their "#", and adds "<Name> Points Grade" before the End-of-Line Indicator', () => {
    const roster = D2L.map((r) => [...r.slice(0, 5), r[6]!]);
    const f = fillRoster(roster, [row('doej', 41), row('LIB', 14)], 41, opts());
    expect(f).toMatchObject({ matchColumn: 'Username', scoreColumn: 'Weighted loss Points Grade', filled: 2, unmatched: ['#roec'] });
    expect(f.table.map((r) => r.slice(5))).toEqual([['Weighted loss Points Grade', 'End-of-Line Indicator'], ['41', '#'], ['14', '#'], ['', '#']]);
    expect(fillRoster(roster, [row('400123457', 14)], 41, opts()).table[2]).toEqual(['#400123457', '#lib', 'Li', 'Bo', 'lib@u.ca', '14', '#']);
  });
});

describe('fillRoster: learners whose file was never graded', () => {
  it("leave the LMS's grade as it is (or 0 with --missing zero), as a roster row without a submission", () => {
    const never = (learner: string) => row(learner, 0, { status: 'error', cases: {}, error: `subs/${learner}.docx is not a .py or .ipynb file` });
    const roster = [['Login', 'Loss'], ['ann@u.edu', ''], ['dave', '35'], ['erin', '12']];
    const blank = fillRoster(roster, [row('ann@u.edu', 41), never('dave'), never('erin')], 41, opts({ column: 'Loss' }));
    expect(blank.table.map((r) => r[1])).toEqual(['Loss', '41', '35', '12']);
    expect(blank).toMatchObject({ filled: 1, unmatched: [], ungraded: ['dave', 'erin'], zeros: [], absent: [] });
    expect(fillRoster(roster, [row('ann@u.edu', 41), never('dave')], 41, opts({ column: 'Loss', missing: 'zero' })).table.map((r) => r[1])).toEqual(['Loss', '41', '0', '0']);
    // Graded in part (a problem, some cases run): a score like any other.
    expect(fillRoster(roster, [row('dave', 3, { status: 'error', error: 'x' })], 41, opts({ column: 'Loss' })).table.map((r) => r[1])).toEqual(['Loss', '', '3', '12']);
  });
});

describe('fillRoster: a Python file that ran and reached no case', () => {
  const ran = (learner: string, ...problems: NonNullable<BatchRow['problems']>) =>
    row(learner, 0, { status: 'error', cases: {}, error: 'x', problems, resultFile: `results/${learner}.json` });
  const roster = [['Login', 'Loss'], ['syn', '35'], ['typo', ''], ['slow', '20'], ['torch', '9'], ['old', '8']];
  const loss = (rows: BatchRow[], missing: FillOptions['missing'] = 'blank') => fillRoster(roster, rows, 41, opts({ column: 'Loss', missing }));

  it("is handed-in work that earned nothing: 0, whatever --missing says, over the LMS's own grade", () => {
    const rows = [ran('syn', 'SYNTAX_ERROR'), ran('typo', 'MISSING_FUNCTION', 'WRONG_SIGNATURE')];
    for (const missing of ['blank', 'zero'] as const) {
      const f = loss(rows, missing);
      expect(f.table.map((r) => r[1])).toEqual(['Loss', '0', '0', missing === 'zero' ? '0' : '20', missing === 'zero' ? '0' : '9', missing === 'zero' ? '0' : '8']);
      expect(f).toMatchObject({ filled: 2, zeros: ['syn', 'typo'], ungraded: [], unmatched: ['slow', 'torch', 'old'] });
    }
    expect(loss([ran('syn', 'NOTEBOOK_INVALID'), ran('typo', 'LOAD_ERROR')]).zeros).toEqual(['syn', 'typo']);
  });

  it('is 0 for a file whose graded functions need a module no course machine has (IMPORT_UNRESOLVABLE: a made-up name, a course helper), blank for a package missing here (IMPORT_ERROR)', () => {
    const f = loss([ran('typo', 'IMPORT_UNRESOLVABLE'), ran('torch', 'IMPORT_ERROR'), ran('syn', 'IMPORT_UNRESOLVABLE', 'IMPORT_ERROR')]);
    // typo's cell becomes 0; an ungraded row keeps what the LMS had (syn 35, torch 9).
    expect(f.table.map((r) => r[1])).toEqual(['Loss', '35', '0', '20', '9', '8']);
    expect(f).toMatchObject({ zeros: ['typo'], ungraded: ['syn', 'torch'] });
  });

  it('is no grade when the machine may be why (a time-out, a crash, a package not installed here, Keras the shim lacks), nor in a summary that predates problem codes', () => {
    const rows = [ran('slow', 'LOAD_TIMEOUT'), ran('torch', 'IMPORT_ERROR'), ran('syn', 'SYNTAX_ERROR', 'LOAD_CRASH'), ran('typo', 'KERAS_UNSUPPORTED'), row('old', 0, { status: 'error', cases: {}, error: 'x', resultFile: 'results/old.json' })];
    const f = loss(rows);
    expect(f.table.map((r) => r[1])).toEqual(['Loss', '35', '', '20', '9', '8']);
    expect(f).toMatchObject({ filled: 0, zeros: [], ungraded: ['syn', 'typo', 'slow', 'torch', 'old'], unmatched: [] });
  });
});

describe('fillRoster: a large class', () => {
  it('fills a roster of 300 000 rows (a MOOC) instead of overflowing the stack', () => {
    const roster = [['Email', 'Loss'], ...Array.from({ length: 300_000 }, (_, i) => [`s${i}@u.edu`, '']), ['ann@u.edu']];
    const f = fillRoster(roster, ROWS, 41, opts({ column: 'Loss' }));
    expect([f.filled, f.unmatched.length, f.table.at(-1)]).toEqual([1, 300_000, ['ann@u.edu', '41']]);
  });
});

describe("fillRoster: Canvas's Points Possible row", () => {
  it('is the row without a learner id: a learner whose name is "Points Possible" is graded as anyone else', () => {
    // Moodle's export starts with the learner's own first name, which Moodle lets them edit.
    const roster = [['First name', 'Last name', 'Email address', 'Loss'], ['Points possible', 'M', 'mal@u.edu', ''], ['Ann', 'S', 'ann@u.edu', ''], ['  Points Possible', 'B', 'bo@u.edu', '']];
    const f = fillRoster(roster, ROWS, 41, opts({ column: 'Loss', missing: 'zero' }));
    expect(f.table.map((r) => r[3])).toEqual(['Loss', '0', '41', '14']);
    expect(f.unmatched).toEqual(['mal@u.edu']);
    // Matching on the first column itself, the row is still Canvas's when no learner has that id.
    expect(fillRoster([['Student', 'Loss'], ['Points Possible', ''], ['ann@u.edu', '']], ROWS, 41, opts({ column: 'Loss' })).table.map((r) => r[1])).toEqual(['Loss', '41', '41']);
  });
});

describe('fillRoster: the points the roster says the score column is out of', () => {
  const bb = [['Username', 'Weighted loss [Total Pts: 100 Score] |77'], ['ann@u.edu', '']];
  const bbTotal = [['Username', 'Weighted loss [Total Pts: up to 50 Score] |77'], ['ann@u.edu', '']];
  const d2l = [['Username', 'Weighted loss Points Grade <Numeric MaxPoints:10 Weight:5>', 'End-of-Line Indicator'], ['#ann@u.edu', '', '#']];
  const moodle = [['Identifier', 'Email address', 'Grade', 'Maximum Grade'], ['Participant 1', 'ann@u.edu', '', '100.00']];
  const plain = [['Email', 'Loss'], ['ann@u.edu', '']];
  // gh classroom assignment-grades' header; a repository with nothing submitted reads 0 of 0.
  const classroomHeader = 'assignment_name,assignment_url,starter_code_url,github_username,roster_identifier,student_repository_name,student_repository_url,submission_timestamp,points_awarded,points_available'.split(',');
  const classroom = [classroomHeader, ['wl', 'u', 's', 'bo', '', 'bo@u.edu', 'r', '', '0', '0'], ['wl', 'u', 's', 'ann', '', 'ann@u.edu', 'r', '2026-11-02T10:15:00Z', '23', '23']];
  const classroomNone = [classroomHeader, ['wl', 'u', 's', 'ann', '', 'ann@u.edu', 'r', '', '0', '0']];
  const canvasBlank = CANVAS.map((r, i) => (i === 1 ? [...r.slice(0, 5), '', r[6]!] : r));
  const canvas100 = CANVAS.map((r, i) => (i === 1 ? [...r.slice(0, 5), '100.0', r[6]!] : r));
  it.each([
    ['Blackboard', bb, 'Weighted loss', { points: 100, where: 'its header "Weighted loss [Total Pts: 100 Score] |77"' }],
    ['Blackboard total', bbTotal, 'Weighted loss', { points: 50, where: 'its header "Weighted loss [Total Pts: up to 50 Score] |77"' }],
    ['Brightspace', d2l, 'Weighted loss', { points: 10, where: 'its header "Weighted loss Points Grade <Numeric MaxPoints:10 Weight:5>"' }],
    ['Moodle worksheet', moodle, 'Grade', { points: 100, where: 'its "Maximum Grade" column' }],
    ['Canvas', canvas100, 'Weighted loss', { points: 100, where: 'its Points Possible row' }],
    ['Canvas, no points', canvasBlank, 'Weighted loss', undefined],
    ['GitHub Classroom', classroom, 'points_awarded', { points: 23, where: 'its "points_available" column', classroom: true }],
    ['GitHub Classroom, nothing submitted', classroomNone, 'points_awarded', undefined],
    ['GitHub Classroom, another column', classroom, 'Weighted loss', undefined],
    ['a class list', plain, 'Loss', undefined],
    ['a column it adds', plain, 'New', undefined],
  ])('%s', (_, roster, column, want) => {
    expect(fillRoster(roster, ROWS, 41, opts({ column })).rosterMax).toEqual(want);
  });
});

describe('fillRoster: rows no score is written to', () => {
  const header = 'assignment_name,assignment_url,starter_code_url,github_username,roster_identifier,student_repository_name,student_repository_url,submission_timestamp,points_awarded,points_available'.split(',');
  // Classroom's own points: ann's workflow gave 23, bo's 16, cy never accepted the assignment (no repository).
  const classroom = [
    header,
    ['wl', 'u', 's', 'ann', '', 'wl-ann', 'r', '2026-11-02', '23', '23'],
    ['wl', 'u', 's', 'bo', '', 'wl-bo', 'r', '2026-11-02', '16', '23'],
    ['wl', 'u', 's', 'cy', '', '', '', '', '0', '23'],
    ['', '', '', '', '', '', '', '', '', ''],
  ];
  const graded = [row('wl-ann', 41)];
  it.each([
    ['blank', ''],
    ['zero', '0'],
  ] as const)("clears GitHub Classroom's own points where no score is written (--missing %s), and lists the learner with no repository", (missing, left) => {
    const f = fillRoster(classroom, graded, 41, opts({ column: 'points_awarded', missing }));
    expect(f.table.map((r) => r[8])).toEqual(['points_awarded', '41', left, left, '']);
    expect([f.unmatched, f.noId]).toEqual([['wl-bo'], ['row 4 (cy)']]);
  });
  it.each(['blank', 'zero'] as const)("clears GitHub Classroom's own points on rows that share an id and may be two people, as on every row no score is written to (--missing %s)", (missing) => {
    // Two accounts linked to one roster identifier: whose work the 41 is, the roster cannot say.
    const shared = [header, ['wl', 'u', 's', 'jo1', 'jo', 'wl-jo1', 'r', '2026-11-02', '23', '23'], ['wl', 'u', 's', 'jo2', 'jo', 'wl-jo2', 'r', '2026-11-02', '16', '23'], ['wl', 'u', 's', 'ann', 'ann', 'wl-ann', 'r', '2026-11-02', '23', '23']];
    const f = fillRoster(shared, [row('jo', 41), row('ann', 30)], 41, opts({ column: 'points_awarded', match: 'roster_identifier', missing }));
    expect(f.table.map((r) => r[8])).toEqual(['points_awarded', '', '', '30']);
    expect(f).toMatchObject({ filled: 1, shared: ['jo'], repeated: [] });
    // Any other roster's cells there are a grade staff may have given by hand: kept.
    const canvas = [['Student', 'Login', 'Loss'], ['Jo Li', 'jo', '7'], ['Jo Lu', 'jo', ''], ['Ann', 'ann', '']];
    expect(fillRoster(canvas, [row('jo', 41), row('ann', 30)], 41, opts({ column: 'Loss', match: 'Login', missing })).table.map((r) => r[2])).toEqual(['Loss', '7', '', '30']);
  });
  it("keeps another roster's cells where no score is written, and lists a learner with no id in the matched column by name", () => {
    const canvas = [...CANVAS.slice(0, 3), ['No Login, Dee', '104', 'S4', '', 'Sec B', '9', '']];
    const f = fillRoster(canvas, ROWS, 41, opts());
    expect(f.table.map((r) => r[5])).toEqual(['Weighted loss (4242)', '41', '41', '9']);
    expect(f.noId).toEqual(['row 4 (No Login, Dee)']);
    // The Points Possible row and a blank row list nobody.
    expect(fillRoster(CANVAS, ROWS, 41, opts()).noId).toEqual([]);
  });
});

describe('quotesEveryCell and renderRosterCsv(…, quoteAll)', () => {
  it.each([
    ['"a","b"\r\n"x",""\r\n', ',', true],
    ['\ufeff"a"\t"b, c"\n"x ""y"""\t"1"\n', '\t', true],
    ['"a","b"\r\n"x",\r\n', ',', false],
    ['"a","b"\r\nx,"1"\r\n', ',', false],
    ['a,b\r\n"x","1"\r\n', ',', false],
    ['Identifier,"Full name"\n"Participant 1","Jo"\n', ',', false],
    ['"a\nb","c"\r\n"1","2"\r\n', ',', true],
    // only the header and two more rows are read
    ['"a"\n"b"\n"c"\nd\n', ',', true],
  ])('quotesEveryCell(%j, %j) = %j', (text, sep, want) => expect(quotesEveryCell(text, sep)).toBe(want));

  it('quotes every cell, doubling quotes, when asked', () => {
    expect(renderRosterCsv([['Name', 'Score'], ['say "hi"', ''], ['Smith, Ann', '41']], ',', true)).toBe('"Name","Score"\r\n"say ""hi""",""\r\n"Smith, Ann","41"\r\n');
  });
});

describe('renderRosterCsv and sniffDelimiter', () => {
  it("writes the roster's cells verbatim with its delimiter, quoting only what needs it", () => {
    expect(renderRosterCsv([['Name', 'Note'], ['Smith, Ann', '=1+1'], ['a;b', 'say "hi"']], ',')).toBe('Name,Note\r\n"Smith, Ann",=1+1\r\na;b,"say ""hi"""\r\n');
    expect(renderRosterCsv([['a;b', 'c,d']], ';')).toBe('"a;b";c,d\r\n');
  });

  it('finds the delimiter of the header line outside quotes', () => {
    expect(sniffDelimiter('\ufeffFirst name;Last name;"Email, work"\nA;B;C')).toBe(';');
    expect(sniffDelimiter('"a;b",c,d\n')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('reads the header row to its end when a quoted column name holds a line break', () => {
    // Exports write "Assignment\n(123)": the first physical line is only part of the header.
    expect(sniffDelimiter('"Weighted loss\n(123)";Name;Login\r\n12;Ann;ann\r\n')).toBe(';');
    expect(sniffDelimiter('\ufeff"Note, first\r\nline"\tLogin\tLoss\nx\tann\t\n')).toBe('\t');
    // A break outside quotes still ends the header: the rows below do not vote.
    expect(sniffDelimiter('Login,Loss\na;b;c;d\n')).toBe(',');
  });
});

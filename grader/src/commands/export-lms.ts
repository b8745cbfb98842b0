/**
 * `wlgrade export lms --results DIR --roster FILE --column NAME --out FILE`: the LMS's own
 * gradebook or class list export, given back with each learner's score in one column, to import
 * into the LMS (LMS_ROSTERS, report/lms-csv.ts) or any that takes a CSV. See docs/staff.md.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { parse } from 'csv-parse/sync';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { makeDirs } from '../make-dirs.js';
import { decodeText, hasByteOrderMark } from '../batch/pick.js';
import { readSummary, writeAtomic } from '../batch/store.js';
import { fsReason, GraderError } from '../errors.js';
import { escapeLineBreaks as oneLine, escapeTerminal } from '../report/escape.js';
import { anonymousAdvice, fillRoster, isCanvasAnonymousId, LMS_ROSTERS, quotesEveryCell, renderRosterCsv, sniffDelimiter, type FillOptions } from '../report/lms-csv.js';
import { warnIfBusy, withExamples } from './common.js';
import { counted, joinSome } from '../join-words.js';

/** The command's options: fillRoster's (but the roster's shown name), and the files it reads and writes. */
interface LmsOpts extends Omit<FillOptions, 'shown'> {
  results: string;
  roster: string;
  out: string;
}

async function readRoster(path: string, shown: string): Promise<{ table: string[][]; sep: string; bom: boolean; quoteAll: boolean }> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (e) {
    throw new GraderError('USAGE', `Cannot read the roster ${shown} (${fsReason(e)}); export the gradebook or class list from the LMS as CSV and pass its path.`);
  }
  // UTF-8, or UTF-16/32 by its byte-order mark (Excel's "Unicode text"), as a submission is read;
  // a roster that had a mark gets one back (UTF-8's), for Excel.
  const text = decodeText(raw);
  const bom = hasByteOrderMark(raw);
  const sep = sniffDelimiter(text);
  try {
    return { table: parse(text, { bom: true, delimiter: sep, relax_column_count: true, skip_empty_lines: true }) as string[][], sep, bom, quoteAll: quotesEveryCell(text, sep) };
  } catch (e) {
    const where = (e as { lines?: number }).lines;
    throw new GraderError('USAGE', `${shown}${where ? `:${where}` : ''} is not a CSV file wlgrade can read (${oneLine((e as Error).message)}); export it from the LMS again as CSV.`);
  }
}

/**
 * Whether --out names the roster itself (the same path, through a symlink or a hard link, or in
 * other letter case on a disk that ignores it): writing there would replace the LMS's own export.
 * An --out that does not exist yet is not the roster, which does.
 */
async function sameFile(roster: string, out: string): Promise<boolean> {
  try {
    if ((await realpath(roster)) === (await realpath(out))) return true;
    const [a, b] = await Promise.all([stat(roster), stat(out)]);
    return a.dev === b.dev && a.ino === b.ino && a.ino !== 0;
  } catch {
    return false;
  }
}

function parsePoints(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new GraderError('USAGE', `--scale must be a positive number of points, got "${v}".`);
  return n;
}

export function registerExportLms(exp: Command): void {
  withExamples(exp.command('lms'), [
    ['wlgrade export lms --results results/ --roster gradebook.csv --column "Weighted loss" --out upload.csv', 'Canvas (Grades → Export), Blackboard (Work Offline → Download) or any class list; import upload.csv'],
    ['wlgrade export lms --results results/ --roster worksheet.csv --column Grade --scale 100 --out upload.csv', "Moodle's grading worksheet, out of 100 (Upload grading worksheet)"],
    ['wlgrade export lms --results results/ --roster grades.csv --match "First Name+Last Name" --column "Weighted loss" --out upload.csv', "Brightspace: its download names learners by name only"],
    ['wlgrade export lms --results results/ --roster classroom-grades.csv --column points_awarded --out grades.csv', "GitHub Classroom's Download grades (or gh classroom assignment-grades): for your own gradebook, Classroom takes no grades back"],
  ])
    .description(`fill one score column into the gradebook CSV your LMS exported (${LMS_ROSTERS.join(', ')}, or any class list with a column of learner ids), ready to import`)
    .requiredOption('--results <dir>', 'the --out folder of "wlgrade grade" (or "wlgrade merge")')
    .requiredOption('--roster <file>', "the LMS's gradebook or class list, exported as CSV")
    .requiredOption('--column <name>', 'the score column (Canvas: the assignment name; added when the roster lacks it)')
    .requiredOption('--out <file>', 'the CSV to write and import')
    .option('--match <column>', 'the roster column holding the learner ids (default: the one holding the most of them); "First Name+Last Name" matches names (Brightspace downloads)')
    .addOption(new Option('--missing <how>', 'roster rows with no submission, or one that could not be graded (not a Python file, a crash): blank (the LMS keeps what it had) or zero. A Python file that ran and reached no case (a syntax error) is 0 either way').choices(['blank', 'zero']).default('blank'))
    .option('--scale <points>', 'rescale scores to this many points (default: the points of the cases)', parsePoints)
    .action(async (o: LmsOpts) => {
      const outShown = oneLine(o.out); // --out in a message: on one line
      // A grade writing there now: its summary may be the previous run's (export still goes ahead).
      warnIfBusy(resolve(o.results), `--results ${o.results}`);
      const summary = await readSummary(resolve(o.results), o.results, {
        code: 'USAGE',
        missing: 'pass the --out folder of a finished "wlgrade grade" (or "wlgrade merge") run as --results',
        again: 'grade again into that folder',
      });
      // One shard's results hold part of the cohort: the rest would read as roster rows with no
      // submission (blank, or 0 with --missing zero) though they were graded in another shard.
      if (summary.shard && summary.shard.count > 1) {
        const { index, count, cohort } = summary.shard;
        throw new GraderError(
          'USAGE',
          `${o.results} holds shard ${index} of ${count} (${summary.rows.length} of ${cohort.learners} learners, from "wlgrade grade --shard ${index}/${count}"): the other shards' learners would read as having no submission; combine the shards first (wlgrade merge <each shard's --out> --out results/) and pass that folder as --results.`,
        );
      }
      if (await sameFile(resolve(o.roster), resolve(o.out)))
        throw new GraderError(
          'USAGE',
          `--out ${outShown} is the roster ${oneLine(o.roster)} itself, and writing it would replace the LMS's own export with no copy kept; pick another --out (upload.csv) and import that file.`,
        );
      const { table, sep, bom, quoteAll } = await readRoster(resolve(o.roster), o.roster);
      const filled = fillRoster(table, summary.rows, summary.maxScore, {
        column: o.column,
        missing: o.missing,
        shown: o.roster,
        ...(o.match !== undefined ? { match: o.match } : {}),
        ...(o.scale !== undefined ? { scale: o.scale } : {}),
      });
      try {
        // A roster with a byte-order mark keeps it: Excel reads UTF-8 names right only with one.
        await makeDirs(dirname(resolve(o.out)));
        await writeAtomic(resolve(o.out), (bom ? '\ufeff' : '') + renderRosterCsv(filled.table, sep, quoteAll));
      } catch (e) {
        throw new GraderError('OUTPUT_UNWRITABLE', `Cannot write ${outShown} (${fsReason(e)}); choose another --out or fix its permissions.`);
      }
      const list = (ids: string[]) => joinSome(ids.map((id) => `"${oneLine(id)}"${filled.names.has(id) ? ` (${oneLine(filled.names.get(id)!)})` : ''}`), 5);
      const lines = [`Wrote ${outShown}: ${counted(filled.filled, 'score')} in column "${filled.scoreColumn}", learners matched on "${filled.matchColumn}".`];
      const rows = (n: number) => counted(n, 'roster row');
      const learners = (n: number) => `${counted(n, 'learner')} on the roster`;
      const missing = o.missing === 'zero' ? 'given 0' : 'left blank';
      if (filled.zeros.length) {
        lines.push(`${learners(filled.zeros.length)} got 0 for a Python file that reached no case (a syntax error, no graded function, a file over the size limit: its error in grades.csv says what): ${list(filled.zeros)}.`);
      }
      if (filled.ungraded.length) {
        lines.push(`${learners(filled.ungraded.length)} handed in something that could not be graded (${missing}; its error in grades.csv says why: fix that and grade again, or enter a score by hand): ${list(filled.ungraded)}.`);
      }
      if (filled.unmatched.length) {
        const n = filled.unmatched.length;
        lines.push(`${rows(n)} ${n === 1 ? 'has' : 'have'} no submission in the results (${missing}): ${list(filled.unmatched)}.`);
      }
      if (filled.noId.length) {
        const n = filled.noId.length;
        // GitHub Classroom's own points in those rows were cleared (fillRoster); another roster's cells stay as they were.
        const left = filled.rosterMax?.classroom ? missing : 'left as they were';
        lines.push(`${rows(n)} ${n === 1 ? 'lists' : 'list'} a learner with no "${filled.matchColumn}" to match a submission to (${left}): ${joinSome(filled.noId.map((r) => oneLine(r)), 5)}; enter ${n === 1 ? 'that score' : 'those scores'} by hand, or pass --match with a column that holds every learner's id.`);
      }
      if (filled.repeated.length) {
        const n = filled.repeated.length;
        lines.push(`${counted(n, 'learner', undefined, ['is', 'are'])} on more than one roster row (one id, and the rows agree on every column that tells learners apart, as for a learner in two sections), so each of those rows got the same score: ${list(filled.repeated)}.`);
      }
      if (filled.shared.length) {
        const n = filled.shared.length;
        lines.push(`${counted(n, 'roster id', undefined, ['is', 'are'])} on more than one row that may be different people, so no score was written there${filled.rosterMax?.classroom ? " and GitHub Classroom's own points were emptied" : ''} (whose work it is, the roster cannot say): ${list(filled.shared)}; ${o.match?.includes('+') ? 'the results name those learners by name only, and grade took all the files of one name as one learner\'s, grading only the best of them (its note in summary.json names the file graded and those passed over), so grade each person\'s own files with "wlgrade check" and enter their scores by hand' : 'pass --match with a column whose ids are unique (email, login), or enter their scores by hand from grades.csv'}.`);
      }
      // Canvas anonymous-grading ids (anon_Ab3xZ) are on no roster whatever --match says: their own line and advice.
      const anonymous = filled.absent.filter(isCanvasAnonymousId);
      const absent = filled.absent.filter((id) => !isCanvasAnonymousId(id));
      if (absent.length) {
        // "graded learners" named a learner never graded (not Python) too, whom grade's summary counts as not graded.
        lines.push(`${counted(absent.length, 'learner of the results', 'learners of the results', ['is', 'are'])} not on the roster, so not in ${outShown}: ${list(absent)}; check their ids (or --match).`);
      }
      if (anonymous.length) {
        lines.push(`${counted(anonymous.length, 'learner of the results', 'learners of the results', ['is a Canvas anonymous-grading id', 'are Canvas anonymous-grading ids'])}, which no gradebook export holds, so not in ${outShown}: ${list(anonymous)}; ${anonymousAdvice(anonymous[0]!)}`);
      }
      const points = o.scale ?? summary.maxScore;
      if (filled.rosterMax && Math.abs(filled.rosterMax.points - points) > 1e-9) {
        const { points: declared, where, classroom } = filled.rosterMax;
        lines.push(
          classroom
            ? `Warning: ${o.roster} says "${filled.scoreColumn}" is out of ${declared} points (${where}: GitHub Classroom's own points, of the cases its workflow runs), but the scores written are out of ${points}, so ${points} of ${points} would read as ${points} of ${declared} beside it; run again with --scale ${declared} to write them out of ${declared}, or keep them out of ${points} (Classroom takes no grades back: the file is for your own gradebook).`
            : `Warning: ${o.roster} says "${filled.scoreColumn}" is out of ${declared} points (${where}), but the scores written are out of ${points}, so the LMS would read ${points} of ${points} as ${points} of ${declared}; run again with --scale ${declared}, or set the column's points to ${points} in the LMS.`,
        );
      }
      process.stdout.write(escapeTerminal(lines.join('\n')) + '\n');
    });
}

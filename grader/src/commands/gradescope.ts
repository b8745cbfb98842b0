/**
 * `wlgrade gradescope`: the body of Gradescope's run_autograder. Reads the learner's upload from
 * /autograder/submission and writes /autograder/results/results.json. A submission that cannot
 * be graded still gets a results.json (score 0, a message for the learner), because Gradescope
 * shows learners nothing else; staff see our stdout in the "Autograder Output" box.
 */
import { Option, type Command } from 'commander';
import { Stats } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { makeDirs } from '../make-dirs.js';
import { dirname, resolve } from 'node:path';
import { heldFiles, pickSubmissionFile, type OtherFiles } from '../batch/pick.js';
import { fsReason, GraderError, isGraderError, isUnreadable } from '../errors.js';
import { gradeHiddenApart, gradeSubmission, resolveSubmission } from '../grade-submission.js';
import { escapeLineBreaks as oneLine, escapeTerminal, hangingIndent, terminalLine } from '../report/escape.js';
import { renderGradescope, renderGradescopeBug, renderGradescopeError } from '../report/gradescope.js';
import { RunnerBugError } from '../grade/grade-suite.js';
import { renderTerminal } from '../report/terminal.js';
import { GradescopeVisibilitySchema, type GradescopeVisibility } from '../schema/gradescope.js';
import { loadSuite } from '../suite/load-suite.js';
import { refuseUngradable } from '../suite/refuse-ungradable.js';
import { feedbackOption, gradeOptionsFrom, SANDBOX_HELP, withCommon, withExamples, warnZeroPoints, type CommonOpts } from './common.js';
import { withFeedback, type FeedbackLevel } from '../report/feedback.js';
import { staffCasePaths } from './grade.js';
import { hideFromSandboxes } from '../sandbox/launch.js';
import { loadTimeoutStaffAdvice, setupTimeoutStaffAdvice, type StaffRemedy } from '../report/staff-advice.js';

interface GradescopeOpts extends CommonOpts {
  submissionDir: string;
  results: string;
  hiddenVisibility: GradescopeVisibility;
  feedback: FeedbackLevel;
}

/**
 * What a learner whose upload holds no Python file is told, naming what it holds: "No .py or
 * .ipynb file was found" to a learner who uploaded hw.docx, or the course's zip unopened, did not
 * say which file was wrong. A zip inside the upload is not opened (`grade` opens a learner's own zip; here
 * the upload is the learner's files as Gradescope stored them).
 */
export function uploadHolds(others: OtherFiles): string {
  const list = heldFiles(others);
  // Any zip the upload holds, shown or not (a.txt, b.txt, c.txt and hw.zip was told no hint): noteOther keeps the first.
  const zip = others.zip !== undefined ? ' (a .zip is not opened: upload the file itself)' : '';
  return `Your submission holds ${list}, but no .py or .ipynb file${zip}: upload the notebook (.ipynb) or Python file (.py) that defines compute_class_freqs and get_weighted_loss.`;
}

/** On Gradescope, how staff grade a submission again and give the frameworks' import more time (SETUP_TIMEOUT's and LOAD_TIMEOUT's advice). */
const GRADESCOPE_REMEDY: StaffRemedy = {
  again: 'regrade it from Gradescope (Regrade Submission)',
  more: "choose a larger autograder machine in Gradescope's settings, or add a longer --timeout to run_autograder's wlgrade line",
};

/** Errors caused by what the learner uploaded: reported to them, the autograder itself is fine. */
const LEARNER_CODES = new Set(['SUBMISSION_NOT_FOUND', 'SUBMISSION_INVALID']);

async function writeResults(path: string, shown: string, text: string): Promise<void> {
  try {
    await makeDirs(dirname(path));
    await writeFile(path, text);
  } catch (e) {
    throw new GraderError('OUTPUT_UNWRITABLE', `Cannot write Gradescope results to ${shown} (${fsReason(e)}); check --results.`);
  }
}

/**
 * The learner's file in the upload folder `dir` (`shown` as given). Its files none of which could be
 * opened is the learner's, said to them (a catch of everything said they uploaded no Python file).
 * The folder itself refusing to be listed (EACCES: the user run_autograder runs as may not read
 * it) is staff's set-up, said to staff (USAGE: exit 2, results.json tells the learner to contact
 * staff); it told the learner no Python file was found (batch 36b). A bug or the machine's error
 * goes up, a bug's results.json and its stack in the caller.
 */
export async function pickUpload(dir: string, shown: string, links: Array<{ rel: string; what: string }>, others: OtherFiles) {
  return pickSubmissionFile(dir, links, others).catch((e: unknown) => {
    // pickSubmissionFile lets only the folder's own refusal up raw (a file's or subfolder's is a note or a GraderError).
    if (isUnreadable(e)) {
      throw new GraderError('USAGE', `--submission-dir ${oneLine(shown)} cannot be listed (${fsReason(e)}), a problem of the autograder's set-up, not of the learner's upload; make it readable by the user run_autograder runs as (chmod -R a+rX), or pass the folder holding the learner's upload.`);
    }
    if (isGraderError(e)) throw new GraderError(e.code, `Your submission's ${e.message.replace(/^its /, '')}.`);
    throw e;
  });
}

export function registerGradescope(program: Command, setExit: (code: number) => void): void {
  withExamples(withCommon(program.command('gradescope'), 'the bundled public and hidden suites', SANDBOX_HELP.marks), [
    ['wlgrade export gradescope --out autograder.zip', 'build what Gradescope runs this from (its run_autograder calls this command)'],
    ['wlgrade gradescope --submission-dir upload/ --results results.json', "try it locally on a learner's upload"],
  ], ['Exit code 0 when results.json was written (whatever the score: an upload without Python gets a 0 and a sentence); 2 when it could not be written, or when the autograder\'s own set-up has a problem (results.json then tells the learner to contact staff).'])
    .description("Gradescope's run_autograder entry: grade /autograder/submission, write /autograder/results/results.json")
    .option('--submission-dir <dir>', 'folder holding the upload', '/autograder/submission')
    .option('--results <file>', 'where results.json goes', '/autograder/results/results.json')
    .addOption(
      new Option('--hidden-visibility <when>', 'when learners see hidden cases').choices(GradescopeVisibilitySchema.options).default('after_published'),
    )
    .addOption(feedbackOption())
    .action(async (o: GradescopeOpts) => {
      const results = resolve(o.results);
      let hiddenBug: Error | undefined;
      try {
        const casePaths = staffCasePaths(o);
        hideFromSandboxes([dirname(results), resolve(o.submissionDir), ...casePaths]);
        const suite = await loadSuite(casePaths);
        refuseUngradable(suite);
        warnZeroPoints(suite);
        // A --submission-dir that is not there is staff's (a typo trying it locally), not the
        // learner's: it was 'No .py or .ipynb file was found in your submission', exit 0.
        const dir = await stat(resolve(o.submissionDir)).catch((e: unknown) => e as NodeJS.ErrnoException);
        if (!(dir instanceof Stats) || !dir.isDirectory()) {
          throw new GraderError(
            'USAGE',
            `--submission-dir ${oneLine(o.submissionDir)} ${dir instanceof Stats ? 'is not a folder' : `cannot be read (${fsReason(dir)})`}; pass the folder holding the learner's upload (on Gradescope, /autograder/submission).`,
          );
        }
        const links: Array<{ rel: string; what: string }> = [];
        const others: OtherFiles = { names: [], count: 0 };
        const picked = await pickUpload(resolve(o.submissionDir), o.submissionDir, links, others);
        if (!picked) {
          // A zip uploaded with a link in it (zip -y) unpacks to one: the learner's file is elsewhere.
          const link = links[0];
          throw new GraderError(
            'SUBMISSION_NOT_FOUND',
            link
              ? `Your submission holds ${oneLine(link.rel)} as ${link.what}, not as a file, and the grader never follows ${link.what === 'a symlink' ? 'links' : 'such entries'}: upload the notebook (.ipynb) or Python file (.py) itself.`
              : others.count > 0
                ? uploadHolds(others)
                : 'No .py or .ipynb file was found in your submission: upload the notebook (.ipynb) or Python file (.py) that defines compute_class_freqs and get_weighted_loss.',
          );
        }
        if (picked.note) process.stdout.write(`wlgrade: ${terminalLine(picked.note)}\n`);
        const sub = await resolveSubmission(picked.file);
        const opts = { ...(await gradeOptionsFrom(o, 'refuse')), ...(picked.learnerNote ? { choiceNote: picked.learnerNote } : {}) };
        // Hidden cases shown later: they run apart, and what is shown at once is graded without them.
        const graded = o.hiddenVisibility === 'visible' ? { report: await gradeSubmission(sub, suite, opts), atOnce: null } : await gradeHiddenApart(sub, suite, opts);
        const { report, atOnce } = graded;
        if ('hiddenBug' in graded) hiddenBug = graded.hiddenBug;
        // The learner's results.json at the --feedback level; staff's output below stays whole.
        const keep = picked.learnerNote ? [picked.learnerNote] : [];
        const told = withFeedback(report, o.feedback, keep);
        await writeResults(results, o.results, renderGradescope(told, { hiddenVisibility: o.hiddenVisibility }, atOnce && withFeedback(atOnce, o.feedback, keep)));
        process.stdout.write(renderTerminal(withFeedback(report, 'full'), { colorLevel: 0, verbose: true }));
        // The learner is told to submit again or tell staff; staff's advice goes where staff read it.
        if (report.problems.some((p) => p.code === 'SETUP_TIMEOUT')) {
          process.stdout.write(
            `wlgrade (for the course staff): this submission was not graded in full because ${setupTimeoutStaffAdvice(GRADESCOPE_REMEDY)}\n`,
          );
        }
        if (report.problems.some((p) => p.code === 'LOAD_TIMEOUT')) {
          process.stdout.write(
            `wlgrade (for the course staff): this submission was not graded because its top level did not finish loading within the limit (LOAD_TIMEOUT). ${loadTimeoutStaffAdvice(GRADESCOPE_REMEDY)}\n`,
          );
        }
        setExit(0);
      } catch (e) {
        if (!isGraderError(e)) {
          // A bug in wlgrade (or what passes for one: learner code can write the runner's "could not
          // encode" record itself) still gets a results.json: without one Gradescope says only that
          // the autograder failed, and gives no score. The CLI then reports the bug to staff.
          // The runner's report is text learner code can write (terminal escapes, a fake score):
          // its first line, escaped and cut, is staff's hint; the whole error is on stderr.
          const internal = e instanceof RunnerBugError;
          const first = terminalLine((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
          const detail = `${internal ? "wlgrade's runner reported an internal error (INTERNAL_ERROR; learner code can send that report itself)" : 'wlgrade failed on this submission (a bug)'}: ${first.length > 300 ? `${first.slice(0, 300)}…` : first}`;
          await writeResults(results, o.results, renderGradescopeBug(detail, internal ? 'INTERNAL_ERROR' : 'BUG')).catch(() => undefined);
          throw e;
        }
        if (e.code === 'OUTPUT_UNWRITABLE') throw e;
        const learnerFault = LEARNER_CODES.has(e.code);
        // Staff's faults name their files and cases (hidden ones too): results.json, which the
        // learner reads, says only what kind; the whole sentence goes to the output staff see.
        const msg = learnerFault ? e.message : `The autograder could not run: its setup has a problem (${e.code}) that the course staff must fix, and they can read what it is in the autograder's output. This is not your fault: please tell the course staff.`;
        await writeResults(results, o.results, renderGradescopeError(msg));
        // Staff's fault: thrown, so the CLI prints the sentence once, on stderr, and exits 2
        // (Gradescope's Autograder Output shows stderr too). It was printed on stdout as well.
        if (!learnerFault) throw e;
        process.stdout.write(`wlgrade: ${hangingIndent(escapeTerminal(e.message))}\n`);
        setExit(0);
      }
      // A bug met in the hidden run only: results.json reads as any other until the hidden cases
      // are shown (they say it then), and staff are told as for any bug.
      if (hiddenBug) throw hiddenBug;
    });
}

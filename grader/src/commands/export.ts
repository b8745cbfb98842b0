/**
 * `wlgrade export gradescope --out autograder.zip`: the zip Gradescope's "Configure Autograder"
 * page takes. It ships the *built* grader (dist/ JavaScript, the Python runner, package.json and
 * package-lock.json) so Gradescope only runs `npm ci --omit=dev` and never needs TypeScript;
 * run `npm run build` before exporting. Layout in docs/staff.md.
 */
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { makeDirs } from '../make-dirs.js';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { fsReason, GraderError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { escapeLineBreaks as oneLine, quoteShell, terminalLine } from '../report/escape.js';
import { loadSuite } from '../suite/load-suite.js';
import { refuseUngradable } from '../suite/refuse-ungradable.js';
import type { CommonOpts } from './common.js';
import { collect, feedbackOption, warnZeroPoints, withExamples } from './common.js';
import type { FeedbackLevel } from '../report/feedback.js';
import { staffCasePaths } from './grade.js';
import { registerExportLms } from './export-lms.js';

/** Folders (relative to the package root) the grader needs at run time, and what to take from them. */
const RUNTIME_TREES: { dir: string; keep: (f: string) => boolean }[] = [
  { dir: 'dist/grader/src', keep: (f) => f.endsWith('.js') },
  { dir: 'dist/reference', keep: (f) => f.endsWith('.js') },
  { dir: 'grader/src/python', keep: (f) => !f.includes('__pycache__') && !f.endsWith('.pyc') },
];
const TEMPLATES = join(PACKAGE_ROOT, 'templates', 'gradescope');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** The file list of the autograder zip: archive path -> source path. Exported for tests. */
export async function autograderFiles(casePaths: string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const t of RUNTIME_TREES) {
    const abs = join(PACKAGE_ROOT, t.dir);
    try {
      await stat(abs);
    } catch {
      throw new GraderError('USAGE', `${t.dir} is missing from ${PACKAGE_ROOT}; run "npm run build" before "wlgrade export gradescope".`);
    }
    for (const f of await listFiles(abs)) if (t.keep(f)) files.set(`wlgrade/${relative(PACKAGE_ROOT, f).split(sep).join('/')}`, f);
  }
  for (const f of ['package.json', 'package-lock.json']) files.set(`wlgrade/${f}`, join(PACKAGE_ROOT, f));
  const names = new Set<string>();
  for (const c of casePaths) {
    const n = basename(c);
    if (names.has(n)) throw new GraderError('USAGE', `Two case files are named ${n}; rename one so both fit in the autograder's cases/ folder.`);
    names.add(n);
    files.set(`wlgrade/cases/${n}`, c);
  }
  return files;
}

/**
 * run_autograder with the exported suites filled in (--cases paths inside the zip). A case file's
 * name is staff's, but it becomes shell code on Gradescope: each path is one single-quoted word
 * (`public-$(cmd).yaml` stays a name), and the replacement is a function so that `$'` or `$&` in a
 * name is not read as a String.replace pattern.
 */
export function runAutograderScript(template: string, caseNames: string[], options: string[] = []): string {
  const words = [...caseNames.map((n) => `--cases ${quoteShell(`cases/${n}`)}`), ...options.map(quoteShell)];
  return template.replace('{{CASES}}', () => words.join(' '));
}

export function registerExport(program: Command): void {
  const exp = program.command('export').description('package wlgrade, or its grades, for another platform');
  withExamples(exp.command('gradescope'), [
    ['wlgrade export gradescope --out autograder.zip', "upload on Gradescope's Configure Autograder page"],
    ['wlgrade export gradescope --out autograder.zip --feedback mistakes', 'learners see mistakes named, not their fixes'],
  ])
    .description('build the autograder .zip to upload to Gradescope (setup.sh, run_autograder, the built grader, the suites)')
    .requiredOption('--out <file>', 'the zip to write, e.g. autograder.zip')
    .option('--cases <path>', 'a YAML case file to ship; repeat for several (default: public + hidden)', collect)
    .addOption(feedbackOption())
    .action(async (o: CommonOpts & { out: string; feedback: FeedbackLevel }) => {
      const casePaths = staffCasePaths(o);
      const suite = await loadSuite(casePaths);
      refuseUngradable(suite); // refuse to ship a suite that does not load or cannot be passed
      warnZeroPoints(suite);
      const files = await autograderFiles(casePaths);
      const zip = new yazl.ZipFile();
      // A fixed mtime keeps the zip identical for identical inputs.
      const mtime = new Date('2000-01-01T00:00:00Z');
      zip.addBuffer(await readFile(join(TEMPLATES, 'setup.sh')), 'setup.sh', { mode: 0o100755, mtime });
      const feedback = o.feedback === 'full' ? [] : ['--feedback', o.feedback];
      const run = runAutograderScript(await readFile(join(TEMPLATES, 'run_autograder'), 'utf8'), casePaths.map((c) => basename(c)), feedback);
      zip.addBuffer(Buffer.from(run), 'run_autograder', { mode: 0o100755, mtime });
      for (const [name, src] of files) zip.addBuffer(await readFile(src), name, { mode: 0o100644, mtime });
      zip.end();
      const out = resolve(o.out);
      const tmp = `${out}.${process.pid}.tmp`;
      try {
        // Its folder is made as grade's --out is: `--out dist/autograder.zip` in a fresh clone.
        await makeDirs(dirname(out));
        await pipeline(zip.outputStream, createWriteStream(tmp));
        await rename(tmp, out);
      } catch (e) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw new GraderError('OUTPUT_UNWRITABLE', `Cannot write ${oneLine(o.out)} (${fsReason(e)}); choose another --out or fix its permissions.`);
      }
      process.stdout.write(`Wrote ${terminalLine(o.out)}: setup.sh, run_autograder and ${files.size} grader files. Upload it on Gradescope's "Configure Autograder" page.\n`);
    });
  registerExportLms(exp);
}

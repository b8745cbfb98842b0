// `npm run samples`: grades the bundled sample submissions as a class, into out/.
//
// `wlgrade grade` refuses to grade without the bwrap sandbox unless told --sandbox process (it
// grades others' files for marks). The samples are this repository's own files, so on a machine
// where bwrap does not work (macOS, a container without user namespaces) they are graded in a
// plain process, said in one line, instead of not at all.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { probeBwrap } = await import(new URL('../dist/grader/src/sandbox/detect.js', import.meta.url).href);
const probe = await probeBwrap();
const args = ['dist/grader/src/cli.js', 'grade', 'submissions/correct', 'submissions/mistakes', 'submissions/notebooks', 'submissions/frameworks', '--out', 'out', ...process.argv.slice(2)];
if (!probe.ok && !args.includes('--sandbox')) {
  console.error(`npm run samples: ${probe.reason}; grading the bundled samples (this repository's own files) with --sandbox process.`);
  args.push('--sandbox', 'process');
}
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

/**
 * Gradescope: `wlgrade gradescope` as run_autograder calls it, and `wlgrade export gradescope`,
 * whose zip is unpacked and run from its own copy to prove it is self-contained.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractZip } from '../helpers/unzip.js';
import { GradescopeResultSchema } from '../../src/schema/gradescope.js';
import { GRADESCOPE_BUG } from '../../src/report/gradescope.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { HIDDEN_CASES, PUBLIC_CASES, PUBLIC_POINTS, STAFF_POINTS } from '../helpers/suites.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-gs-e2e-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function upload(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(tmp, name, 'submission');
  await mkdir(dir, { recursive: true });
  for (const [f, body] of Object.entries(files)) {
    await mkdir(dirname(join(dir, f)), { recursive: true });
    await writeFile(join(dir, f), body);
  }
  return dir;
}
const sample = (s: string) => readFile(join(ROOT, 'submissions', s), 'utf8');

describe('wlgrade gradescope', () => {
  it('writes results.json with hidden cases visible after publishing', async () => {
    const dir = await upload('mistake', { 'hw.py': await sample('mistakes/loss-no-epsilon.py'), 'notes.txt': 'hi' });
    const results = join(tmp, 'mistake', 'results', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process']);
    expect(r.exitCode).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.score).toBe(30);
    expect(json.tests.reduce((s, t) => s + t.score, 0)).toBe(30);
    expect(json.tests.reduce((s, t) => s + t.max_score, 0)).toBe(STAFF_POINTS);
    expect(new Set(json.tests.filter((t) => t.name.startsWith('hidden-')).map((t) => t.visibility))).toEqual(new Set(['after_published']));
    expect(new Set(json.tests.filter((t) => !t.name.startsWith('hidden-')).map((t) => t.visibility))).toEqual(new Set(['visible']));
    expect(json.output).toContain('loss-no-epsilon');
    expect(r.stdout).toContain(`Score: 30/${STAFF_POINTS}`);
  });

  it("a load that outruns the limit while importing a framework: the learner is told to submit again, staff how to regrade or give it longer", async () => {
    // One long call into C (as odd-submissions' load tests): the load runs to the limit however fast torch imports.
    const body = 'try:\n    import torch\nexcept ImportError:\n    torch = None\nimport numpy as np\ntotal = sum(range(10 ** 12))\n\n' + (await sample('correct/loop.py'));
    const dir = await upload('slow-load', { 'hw.py': body });
    const results = join(tmp, 'slow-load', 'results', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process', '--timeout', '4']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.output).toContain('It imports torch, whose import alone takes seconds, longer on a busy machine: if the top level does nothing else that takes long, have it graded again when the machine is less busy (submit it again, or run the check again); if this keeps happening, tell the course staff.');
    expect(json.output).not.toContain('--timeout');
    expect(r.stdout).toContain("wlgrade (for the course staff): this submission was not graded because its top level did not finish loading within the limit (LOAD_TIMEOUT). Where the problem says the file imports TensorFlow or PyTorch and nothing else at its top level takes long, that import outran the limit on a busy or slow machine, which is not the learner's doing: regrade it from Gradescope (Regrade Submission), best when the machine is less busy; if it keeps happening, choose a larger autograder machine in Gradescope's settings, or add a longer --timeout to run_autograder's wlgrade line.");
  });

  it('tells the learner which of their files was graded when they uploaded several', async () => {
    const freqsOnly = (await sample('correct/loop.py')).split('\ndef get_weighted_loss')[0]!;
    const dir = await upload('several', { 'scratch.py': freqsOnly, 'final.py': await sample('correct/loop.py') });
    const results = join(tmp, 'several', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.output).toContain('Your submission holds 2 Python files: this grades final.py (it defines both graded functions), not scratch.py. To have another file graded, submit that file alone.');
    expect(json.score).toBe(STAFF_POINTS);
  });

  it('--feedback mistakes names the mistake without its fix in results.json; staff still see the fix', async () => {
    const dir = await upload('feedback', { 'hw.py': await sample('mistakes/loss-no-epsilon.py') });
    const results = join(tmp, 'feedback', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process', '--feedback', 'mistakes']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    const learner = [json.output, ...json.tests.map((t) => t.output ?? '')].join('\n');
    expect(learner).toContain('loss-no-epsilon');
    expect(learner).not.toContain('Fix');
    expect(json.score).toBe(30);
    expect(r.stdout).toContain('Fix:');
  });

  it('--hidden-visibility hidden keeps hidden cases hidden', async () => {
    const dir = await upload('hidden', { 'hw.py': await sample('correct/loop.py') });
    const results = join(tmp, 'hidden', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process', '--hidden-visibility', 'hidden']);
    expect(r.exitCode).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.score).toBe(STAFF_POINTS);
    expect(json.tests.filter((t) => t.visibility === 'hidden')).toHaveLength(HIDDEN_CASES);
  });

  it('tells the learner what to upload when there is no Python file', async () => {
    const dir = await upload('nothing', { 'essay.docx': 'x' });
    const results = join(tmp, 'nothing', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results]);
    expect(r.exitCode).toBe(0);
    expect(GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')))).toEqual({
      score: 0,
      execution_time: 0,
      // Named, so the learner knows which upload was wrong (staff 29).
      output: 'Your submission holds essay.docx, but no .py or .ipynb file: upload the notebook (.ipynb) or Python file (.py) that defines compute_class_freqs and get_weighted_loss.',
      output_format: 'text',
      test_output_format: 'text',
      test_name_format: 'text',
      stdout_visibility: 'hidden',
      tests: [],
    });
  });

  it('names a zip it does not open, and what else the upload holds; an empty upload is told there is no Python file (staff 29)', async () => {
    const told = async (name: string, files: Record<string, string>) => {
      const dir = await upload(name, files);
      const results = join(tmp, name, 'results.json');
      expect((await runCli(['gradescope', '--submission-dir', dir, '--results', results])).exitCode).toBe(0);
      return GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8'))).output;
    };
    expect(await told('zipped', { 'hw.zip': 'PK', 'notes.txt': 'x', 'plot.png': 'x', 'data/labels.csv': 'x' })).toBe(
      'Your submission holds data/labels.csv, hw.zip, notes.txt and 1 more file, but no .py or .ipynb file (a .zip is not opened: upload the file itself): upload the notebook (.ipynb) or Python file (.py) that defines compute_class_freqs and get_weighted_loss.',
    );
    expect(await told('empty-upload', {})).toBe('No .py or .ipynb file was found in your submission: upload the notebook (.ipynb) or Python file (.py) that defines compute_class_freqs and get_weighted_loss.');
  });

  it("says a --submission-dir that is not there is staff's to fix (exit 2), not that the learner uploaded no Python file", async () => {
    const results = join(tmp, 'typo', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', join(tmp, 'typo', 'submision'), '--results', results]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`wlgrade: --submission-dir ${join(tmp, 'typo', 'submision')} cannot be read (ENOENT: no such file or folder); pass the folder holding the learner's upload (on Gradescope, /autograder/submission).`);
    expect(r.stdout).toBe('');
    const written = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(written.output).toContain('The autograder could not run: its setup has a problem (USAGE) that the course staff must fix');
  });

  it("an upload whose only .py cannot be opened (a name that is not UTF-8) is told so, not that it holds no Python file (batch 36)", async () => {
    // pickSubmissionFile's sentence was dropped by a catch of everything: 'No .py or .ipynb file was found'.
    const dir = await upload('latin1', {});
    await writeFile(Buffer.from(`${dir}/h\xe9.py`, 'latin1'), 'x = 1\n');
    const results = join(tmp, 'latin1', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8'))).output).toBe(
      "Your submission's files could not be opened (h\ufffd.py); a file name that is not UTF-8 or a file without read permission does this: rename it or make it readable.",
    );
  });

  it('tells the learner their .py is a symlink, not that the upload holds none', async () => {
    const dir = await upload('linked', { 'README.md': 'x' });
    await symlink('/home/me/hw/solution.py', join(dir, 'solution.py'));
    const results = join(tmp, 'linked', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results]);
    expect(r.exitCode).toBe(0);
    expect(GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8'))).output).toBe(
      'Your submission holds solution.py as a symlink, not as a file, and the grader never follows links: upload the notebook (.ipynb) or Python file (.py) itself.',
    );
  });

  it("a broken staff suite is told to staff in the output, and to the learner without its file, line or case (staff 17)", async () => {
    const dir = await upload('broken-suite', { 'hw.py': await sample('correct/loop.py') });
    const suite = join(tmp, 'broken-suite', 'secret-hidden.yaml');
    const hidden = await readFile(join(ROOT, 'cases', 'hidden.yaml'), 'utf8');
    await writeFile(suite, hidden.replace('  - id: hidden-loss-half-predictions\n', '  - id: hidden-loss-half-predictions\n    pionts: 2\n'));
    const results = join(tmp, 'broken-suite', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process', '--cases', suite]);
    expect(r.exitCode).toBe(2);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.output).toBe("The autograder could not run: its setup has a problem (CASES_INVALID) that the course staff must fix, and they can read what it is in the autograder's output. This is not your fault: please tell the course staff.");
    expect(json.stdout_visibility).toBe('hidden');
    // Once, on stderr (Gradescope's Autograder Output shows both streams): it was on stdout as well.
    expect(r.stderr).toMatch(/^wlgrade: .*secret-hidden\.yaml:\d+: case "hidden-loss-half-predictions": unknown field "pionts"/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('wlgrade: '))).toHaveLength(1);
    expect(r.stdout).not.toContain('pionts');
  });

  it("still writes results.json when grading hits a bug in wlgrade (or a forged one): the learner is told, staff see the bug", async () => {
    // Red-team round 10: learner code can write the runner's "could not encode its record" line
    // itself (token and channel are readable in-process); it was thrown as a bug and no
    // results.json was written, so Gradescope only said the autograder failed.
    const dir = await upload('bug', { 'hw.py': await readFile(join(ROOT, 'grader', 'test', 'fixtures', 'check', 'forged-internal-error.py'), 'utf8') });
    const results = join(tmp, 'bug', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('this is a bug in wlgrade');
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    // Gradescope keeps nothing between uploads, and this file sends the report on each: 0 for now,
    // the learner is not asked to report it, and staff find the error on the submission (staff 30).
    expect(json).toMatchObject({ score: 0, output: GRADESCOPE_BUG, extra_data: { wlgrade_error: 'INTERNAL_ERROR' } });
    expect(json.output).not.toMatch(/tell the course staff/);
    expect(json.tests).toHaveLength(1);
    expect(json.tests[0]).toMatchObject({ name: 'wlgrade internal error (course staff only)', visibility: 'hidden', score: 0, max_score: 0, status: 'failed' });
    expect(json.tests[0]!.output).toMatch(/^wlgrade's runner reported an internal error \(INTERNAL_ERROR; learner code can send that report itself\): grading hw\.py: /);
    // The report is the learner's text: escaped, one line, never a terminal's escape codes.
    expect(json.tests[0]!.output).not.toMatch(/\u001b/);
  });

  it('says where results.json cannot be written', async () => {
    const dir = await upload('unwritable', { 'hw.py': await sample('correct/loop.py') });
    await writeFile(join(tmp, 'plain-file'), '');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', join(tmp, 'plain-file', 'results.json'), '--sandbox', 'process']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`wlgrade: Cannot write Gradescope results to ${join(tmp, 'plain-file', 'results.json')} (ENOTDIR: a file stands where a folder must be); check --results.`);
  });

  it.runIf(existsSync('/proc/self'))('says where results.json cannot be written, under /proc too (not a hang)', async () => {
    const dir = await upload('proc', { 'hw.py': await sample('correct/loop.py') });
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', '/proc/wlgrade-results/results.json', '--sandbox', 'process'], { timeoutMs: 30_000 });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('wlgrade: Cannot write Gradescope results to /proc/wlgrade-results/results.json (ENOENT: no such file or folder); check --results.');
  });
});

describe('wlgrade export gradescope', () => {
  it('warns, in one sentence, of a case file worth 0 points in all, and still builds the zip (grade says the same)', async () => {
    const fx = join('grader', 'test', 'fixtures', 'check', 'zero-points.yaml');
    const args = ['--cases', 'cases/public.yaml', '--cases', fx];
    const sentence = `wlgrade: warning: ${fx}: its 2 cases are worth 0 points (points: 0), so they count for nothing in the score. Give the cases points (1 each when the field is left out), or leave the file out if it is meant as practice.`;
    const r = await runCli(['export', 'gradescope', '--out', join(tmp, 'zero', 'autograder.zip'), ...args]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')).toContain(sentence);
    const g = await runCli(['grade', 'submissions/correct/loop.py', '--out', join(tmp, 'zero-out'), '--sandbox', 'process', ...args]);
    expect(g.exitCode).toBe(0);
    expect(g.stderr.split('\n')).toContain(sentence);
  });

  it('makes the folder of --out (dist/autograder.zip in a fresh clone)', async () => {
    const r = await runCli(['export', 'gradescope', '--out', join(tmp, 'new', 'dist', 'autograder.zip')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(tmp, 'new', 'dist', 'autograder.zip'))).toBe(true);
  });

  it('builds a self-contained autograder zip', async () => {
    const zipPath = join(tmp, 'autograder.zip');
    const r = await runCli(['export', 'gradescope', '--out', zipPath]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*autograder\.zip: setup\.sh, run_autograder and \d+ grader files\./);

    const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
    const modes = new Map<string, number>();
    await new Promise<void>((res) => {
      zip.on('entry', (e: yauzl.Entry) => {
        modes.set(e.fileName, (e.externalFileAttributes >>> 16) & 0o777);
        zip.readEntry();
      });
      zip.on('end', () => res());
      zip.readEntry();
    });
    for (const f of ['setup.sh', 'run_autograder', 'wlgrade/package.json', 'wlgrade/package-lock.json', 'wlgrade/dist/grader/src/cli.js', 'wlgrade/grader/src/python/runner.py', 'wlgrade/cases/public.yaml', 'wlgrade/cases/hidden.yaml']) {
      expect(modes.has(f), f).toBe(true);
    }
    expect(modes.get('setup.sh')).toBe(0o755);
    expect(modes.get('run_autograder')).toBe(0o755);
    expect([...modes.keys()].some((f) => f.endsWith('.ts'))).toBe(false);

    // Unpack as Gradescope would, borrow node_modules (setup.sh's npm ci), and run it.
    const source = join(tmp, 'source');
    await mkdir(source);
    await extractZip(zipPath, source, 'autograder.zip');
    const run = await readFile(join(source, 'run_autograder'), 'utf8');
    expect(run).toContain("gradescope --cases 'cases/public.yaml' --cases 'cases/hidden.yaml'");
    await symlink(join(ROOT, 'node_modules'), join(source, 'wlgrade', 'node_modules'));
    const dir = await upload('exported', { 'hw.py': await sample('mistakes/loss-sum-not-mean.py') });
    await cp(join(ROOT, 'submissions', 'manifest.yaml'), join(tmp, 'exported', 'unrelated.yaml'));
    const results = join(tmp, 'exported', 'results.json');
    const g = await execa(
      process.execPath,
      ['dist/grader/src/cli.js', 'gradescope', '--cases', 'cases/public.yaml', '--cases', 'cases/hidden.yaml', '--submission-dir', dir, '--results', results, '--sandbox', 'process'],
      { cwd: join(source, 'wlgrade'), reject: false },
    );
    expect(g.exitCode, g.stderr).toBe(0);
    expect(GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8'))).score).toBe(14);
  });

  it("writes a case file's name into run_autograder as text: a name holding $(…) runs nothing on Gradescope", async () => {
    const dir = join(tmp, 'odd-name');
    await mkdir(join(dir, 'bin'), { recursive: true });
    const name = "public-$(touch PWNED)-`touch PWNED`-'$'.yaml";
    await cp(join(ROOT, 'cases', 'public.yaml'), join(dir, name));
    const zipPath = join(dir, 'autograder.zip');
    const r = await runCli(['export', 'gradescope', '--out', zipPath, '--cases', name], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const source = join(dir, 'source');
    await mkdir(source);
    await extractZip(zipPath, source, 'autograder.zip');
    expect(await readFile(join(source, 'wlgrade', 'cases', name), 'utf8')).toBe(await readFile(join(ROOT, 'cases', 'public.yaml'), 'utf8'));
    // run_autograder as Gradescope runs it, with a `node` that records its arguments.
    await writeFile(join(dir, 'bin', 'node'), '#!/bin/sh\nprintf \'%s\\n\' "$@" > args.txt\n');
    await chmod(join(dir, 'bin', 'node'), 0o755);
    await execa('bash', [join(source, 'run_autograder')], { cwd: source, reject: false, env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
    expect((await readFile(join(source, 'args.txt'), 'utf8')).split('\n')).toContain(`cases/${name}`);
    expect(existsSync(join(source, 'PWNED')) || existsSync(join(dir, 'PWNED'))).toBe(false);
  });
});

describe('wlgrade gradescope: hidden inputs', () => {
  it('never reach what the learner sees at once: the hidden cases run in a sandbox of their own, after the public ones', async () => {
    // Reads every call id of its run from the runner's frames and shows them in a visible case's error.
    const spy = [
      'import sys',
      'import numpy as np',
      'def _ids():',
      '    f = sys._getframe()',
      '    while f is not None:',
      '        p = f.f_locals.get("plan")',
      '        if isinstance(p, dict) and "calls" in p:',
      '            return [c["id"] for c in p["calls"]]',
      '        f = f.f_back',
      '    return []',
      'SEEN = _ids()',
      'def compute_class_freqs(labels):',
      '    if "freqs-course-example" in SEEN or "hidden-freqs-5x2" in SEEN:',
      '        raise RuntimeError("SEEN " + " ".join(SEEN))',
      '    return np.mean(labels, axis=0), np.mean(1 - labels, axis=0)',
      (await sample('correct/vectorised.py')).split('\n').slice((await sample('correct/vectorised.py')).split('\n').findIndex((l) => l.startsWith('def get_weighted_loss'))).join('\n'),
    ].join('\n');
    const dir = await upload('spy', { 'spy.py': spy });
    const results = join(tmp, 'spy', 'results', 'results.json');
    const hidden = join(ROOT, 'cases', 'hidden.yaml');
    const pub = join(ROOT, 'cases', 'public.yaml');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process', '--cases', pub, '--cases', hidden]);
    expect(r.exitCode).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    const visible = [json.output, ...json.tests.filter((t) => t.visibility === 'visible').map((t) => t.output)].join('\n');
    expect(visible).toContain('SEEN freqs-course-example'); // the spy ran and quoted its run's ids
    expect(visible).not.toContain('hidden-');
    // The hidden run saw only the hidden ids, and its error stays in the hidden cases' outputs.
    const hiddenFreqs = json.tests.filter((t) => t.name.startsWith('hidden-freqs'));
    expect(hiddenFreqs.length).toBeGreaterThan(0);
    for (const t of hiddenFreqs) {
      expect(t.visibility).toBe('after_published');
      expect(t.output).toContain('SEEN hidden-freqs-5x2');
      expect(t.output).not.toContain('freqs-course-example');
    }
  });

  it('never reach what is shown at once through what the hidden cases returned: notes and mistakes are graded from the public cases', async () => {
    // Right on the public run; in the hidden run every loss times one factor spelling out hidden
    // weights. Graded together, the overall output said "Every failed loss case is 1.063018× the
    // expected value": 0.6, 3.0 and 1.8, hidden-loss-hand-weights' weights, before publishing.
    const body = await sample('correct/vectorised.py');
    const spell = body
      .replace(
        /^import numpy as np$/m,
        [
          'import numpy as np',
          'import sys',
          'K = 1.0',
          '_f = sys._getframe()',
          'while _f is not None and "plan" not in _f.f_locals:',
          '    _f = _f.f_back',
          'for _c in (_f.f_locals["plan"]["calls"] if _f is not None else []):',
          '    if _c["id"] == "hidden-loss-hand-weights":',
          '        _p, _n = _c["args"]["pos_weights"]["data"], _c["args"]["neg_weights"]["data"]',
          '        K = 1 + _p[0] / 10 + _p[1] / 1000 + _n[0] / 100000',
        ].join('\n'),
      )
      .replace('return -np.sum(np.mean(terms, axis=0))', 'return -np.sum(np.mean(terms, axis=0)) * K');
    expect(spell).toContain('* K');
    const dir = await upload('spell', { 'spell.py': spell });
    const results = join(tmp, 'spell', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.score).toBeLessThan(STAFF_POINTS); // the hidden loss cases failed, and count
    const visible = [json.output, ...json.tests.filter((t) => t.visibility === 'visible').map((t) => t.output)].join('\n');
    expect(visible).not.toMatch(/1\.06|× the expected/);
    expect(json.output).toBe(`Public cases: ${PUBLIC_POINTS}/${PUBLIC_POINTS} (${PUBLIC_CASES} of ${PUBLIC_CASES} passed). ${HIDDEN_CASES} hidden cases are graded too; their results are shown when grades are published.`);
    // The hidden cases, shown later, still say what was wrong with them.
    expect(json.tests.filter((t) => t.visibility !== 'visible' && t.status === 'failed').length).toBeGreaterThan(0);
  });

  it('never reach what is shown at once when every case is hidden: the file is loaded once without them', async () => {
    // Raises at load, quoting its run's call ids: with hidden.yaml alone there was one run, holding
    // every hidden input, and its load problem is the overall output, shown at once.
    const dir = await upload('all-hidden', {
      'leak.py': ['import sys', 'f = sys._getframe()', 'while f is not None and "plan" not in f.f_locals:', '    f = f.f_back', 'raise RuntimeError("SEEN " + " ".join(c["id"] for c in f.f_locals["plan"]["calls"]))', ''].join('\n'),
    });
    const results = join(tmp, 'all-hidden', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process', '--cases', join(ROOT, 'cases', 'hidden.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.output).toContain('SEEN');
    expect(json.output).not.toContain('hidden-');
    expect(json.output).toContain(`Public cases: 0/0 (0 of 0 passed). ${HIDDEN_CASES} hidden cases are graded too`);
  });

  it('never reach what is shown at once through a forged runner bug: one in the hidden run is told with the hidden cases, and to staff', async () => {
    // Red-team round 21: the runner's "could not encode its record" line, sent by learner code in
    // the hidden run only (here: always; a predicate on the hidden inputs would choose), was thrown
    // as a bug and results.json said at once that grading failed: one bit of the hidden inputs per upload.
    const body = await sample('correct/vectorised.py');
    const forger = [
      body,
      'import sys',
      '_f = sys._getframe()',
      'while _f is not None:',
      '    _g = _f.f_globals',
      '    if _g is not globals() and callable(_g.get("emit")):',
      '        def _emit(rec, real=_g["emit"]):',
      '            if isinstance(rec, dict) and rec.get("t") == "result" and str(rec.get("id")).startswith("hidden-"):',
      '                rec = {"t": "result", "id": rec["id"], "ok": False, "mutated": [], "ms": 0.0, "error": {"type": "WlgradeInternalError", "message": "forged", "traceback": ""}}',
      '            return real(rec)',
      '        _g["emit"] = _emit',
      '        break',
      '    _f = _f.f_back',
      '',
    ].join('\n');
    const dir = await upload('hidden-bug', { 'hidden-bug.py': forger });
    const results = join(tmp, 'hidden-bug', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process']);
    expect(r.exitCode).toBe(3); // staff are told, as for any bug
    expect(r.stderr).toContain('this is a bug in wlgrade');
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    // What is shown at once reads as a correct file's.
    expect(json.output).toBe(`Public cases: ${PUBLIC_POINTS}/${PUBLIC_POINTS} (${PUBLIC_CASES} of ${PUBLIC_CASES} passed). ${HIDDEN_CASES} hidden cases are graded too; their results are shown when grades are published.`);
    expect(json.tests.filter((t) => t.visibility === 'visible').every((t) => t.status === 'passed')).toBe(true);
    const later = json.tests.filter((t) => t.visibility !== 'visible');
    expect(later).toHaveLength(HIDDEN_CASES);
    for (const t of later) {
      expect(t.visibility).toBe('after_published');
      expect(t.status).toBe('failed');
      expect(t.output).toContain('hit a bug in wlgrade');
    }
    expect(json.score).toBe(PUBLIC_POINTS);
  });

  it("never reach execution_time: it is the public run's, so hidden-run code that sleeps cannot spell them out in seconds", async () => {
    const body = await sample('correct/vectorised.py');
    // Sleeps 3 s only in the run that holds hidden cases (ids tell the runs apart, as above).
    const sleeper = body.replace(/^import numpy as np$/m, 'import numpy as np\nimport sys, time\n_f = sys._getframe()\nwhile _f is not None and "plan" not in _f.f_locals:\n    _f = _f.f_back\nif _f is not None and any(c["id"].startswith("hidden-") for c in _f.f_locals["plan"]["calls"]):\n    time.sleep(3)');
    expect(sleeper).toContain('time.sleep(3)');
    const dir = await upload('sleeper', { 'sleeper.py': sleeper });
    const results = join(tmp, 'sleeper', 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', dir, '--results', results, '--sandbox', 'process']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = GradescopeResultSchema.parse(JSON.parse(await readFile(results, 'utf8')));
    expect(json.score).toBe(STAFF_POINTS); // both runs graded
    expect(json.execution_time).toBeLessThan(3);
  });
});

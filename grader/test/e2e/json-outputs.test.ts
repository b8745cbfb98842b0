/**
 * Every JSON document wlgrade prints or writes, read with `cat` in a terminal: a learner's C1
 * controls (U+009B CSI, U+009D OSC) and bidi overrides, from its output, its exception and its
 * file name, are written as \uXXXX escapes, never raw, and parse back to the same text.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSummarySchema } from '../../src/schema/batch.js';
import { GradeReportSchema } from '../../src/schema/report.js';
import { runCli, ROOT } from '../helpers/cli.js';

/** What a terminal may obey and JSON.stringify leaves raw. */
const RAW = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const PRINTED = '\u009d52;c;cGF3bmVk\u009c\u009b2J\u009b31mScore: 41/41\u202e';
const RAISED = '\u009d0;pwned\u009c';
const SUBMISSION = [
  `print(${JSON.stringify(PRINTED)})`,
  'import numpy as np',
  'def compute_class_freqs(labels):',
  `    raise ValueError(${JSON.stringify(RAISED)})`,
  'def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):',
  '    return None',
  '',
].join('\n');
const LEARNER = 'name\u009b2J\u2066';
const cases = ['--cases', join(ROOT, 'cases', 'public.yaml'), '--sandbox', 'process'];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'wlgrade-json-e2e-'));
  await mkdir(join(tmp, 'subs'));
  await writeFile(join(tmp, 'subs', `${LEARNER}.py`), SUBMISSION);
  await mkdir(join(tmp, 'upload'));
  await writeFile(join(tmp, 'upload', 'hw.py'), SUBMISSION);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Raw-free JSON text, parsed. */
function parseSafe(text: string): unknown {
  expect(text).not.toMatch(RAW);
  return JSON.parse(text);
}

describe('JSON outputs', () => {
  it('check --json and --format classroom', async () => {
    const r = await runCli(['check', join(tmp, 'upload', 'hw.py'), '--json', ...cases]);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = GradeReportSchema.parse(parseSafe(r.stdout));
    expect(report.output.stdout).toBe(`${PRINTED}\n`);
    expect(report.cases.some((c) => c.message.includes(RAISED))).toBe(true);
    const c = await runCli(['check', join(tmp, 'upload', 'hw.py'), '--format', 'classroom', ...cases]);
    // The Classroom reporter prints its messages to a log: spelled out as the terminal does.
    expect(JSON.stringify(parseSafe(c.stdout))).toContain('\\\\x9d0;pwned\\\\x9c');
  });

  it('grade --out: results/*.json, summary.json and batch-state.json', async () => {
    const r = await runCli(['grade', 'subs', '--out', 'out', ...cases], { cwd: tmp });
    expect(r.exitCode, r.stderr).toBe(0);
    const [file, ...others] = await readdir(join(tmp, 'out', 'results'));
    expect(others).toEqual([]);
    const report = GradeReportSchema.parse(parseSafe(await readFile(join(tmp, 'out', 'results', file!), 'utf8')));
    expect([report.learner, report.output.stdout]).toEqual([LEARNER, `${PRINTED}\n`]);
    const summary = BatchSummarySchema.parse(parseSafe(await readFile(join(tmp, 'out', 'summary.json'), 'utf8')));
    expect(summary.rows.map((x) => x.learner)).toEqual([LEARNER]);
    const state = await readFile(join(tmp, 'out', 'batch-state.json'), 'utf8');
    const entries = (parseSafe(state) as { entries: Record<string, { version: string }> }).entries;
    expect(Object.keys(entries)).toEqual([LEARNER]);
    // The re-run skip compares the grading code too, not package.json's version alone (version.ts buildVersion).
    expect(entries[LEARNER]!.version).toMatch(/^\d+\.\d+\.\d+[^+]*\+[0-9a-f]{16}$/);
    expect(state).toContain('"name\\u009b2J\\u2066"');
  });

  it("gradescope's results.json", async () => {
    const results = join(tmp, 'results.json');
    const r = await runCli(['gradescope', '--submission-dir', join(tmp, 'upload'), '--results', results, ...cases]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.stringify(parseSafe(await readFile(results, 'utf8')))).toContain(RAISED);
  });
});

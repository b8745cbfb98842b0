/**
 * Everything wlgrade prints may land in a CI log (staff grade in a GitHub Actions matrix; learners'
 * repositories run check), and GitHub's runner obeys workflow commands in it: a line that starts
 * with `::` once leading whitespace is trimmed, and the legacy `##[` anywhere in a line. Learners
 * choose file names, exception messages and printed output, so none of them may produce one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** The lines of `text` that GitHub's runner would take as workflow commands. */
export function workflowCommands(text: string): string[] {
  return text.split(/\r?\n|\r/).filter((l) => l.trimStart().startsWith('::') || l.includes('##['));
}

const FORGED = 'fake\n  ::add-mask::0/23\n\u2003::notice title=wlgrade score::Score: 23/23\n##[group]hidden';
const RAISES = `import numpy as np

print("::warning::printed by the learner")
print("  ##[error]printed too")


def compute_class_freqs(labels):
    raise ValueError(${JSON.stringify(FORGED)})


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    def weighted_loss(y_true, y_pred):
        raise RuntimeError("##[error title=wlgrade]Hidden suite crashed")
    return weighted_loss
`;

/** Raises its own class named `type` at load and in compute_class_freqs. */
const FORGES = (type: string) => `import numpy as np


class ${type}(Exception):
    pass


def compute_class_freqs(labels):
    raise ${type}(${JSON.stringify(FORGED)})


def get_weighted_loss(pos_weights, neg_weights, epsilon=1e-7):
    raise ${type}(${JSON.stringify(FORGED)})
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-cilog-'));
  await mkdir(join(dir, 'subs'));
  await writeFile(join(dir, 'subs', 'raises.py'), RAISES);
  // A name the list of learners with problems starts a line with.
  await writeFile(join(dir, 'subs', '::error title=wlgrade::All hidden cases crashed.py'), 'def nothing_graded():\n    pass\n');
  await writeFile(join(dir, 'subs', 'x ##[group]y.py'), 'import numpy as np\nsyntax error here\n');
  // Learner classes named like errors the grader words itself, raised with many lines.
  for (const type of ['NotAFunction', 'UnreadableResult', 'KerasFunctionMissing', 'SyntaxError', 'ModuleNotFoundError']) {
    await writeFile(join(dir, 'subs', `forged-${type}.py`), FORGES(type));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('no workflow command from learner text', () => {
  it('in grade\'s progress lines, summary and list of learners with problems', async () => {
    const r = await runCli(['grade', join(dir, 'subs'), '--out', join(dir, 'out'), '--sandbox', 'process']);
    expect(r.stdout).toContain('Not graded, or graded in part');
    expect(workflowCommands(r.stdout)).toEqual([]);
    expect(workflowCommands(r.stderr)).toEqual([]);
  });

  it('in check\'s terminal report (messages, printed output), verbose too', async () => {
    const r = await runCli(['check', join(dir, 'subs', 'raises.py'), '--verbose', '--sandbox', 'process']);
    expect(r.stdout).toContain('add-mask');
    expect(workflowCommands(r.stdout)).toEqual([]);
    expect(workflowCommands(r.stderr)).toEqual([]);
  });

  it('in the Classroom result, whose messages the reporter prints to the log', async () => {
    const r = await runCli(['check', join(dir, 'subs', 'raises.py'), '--format', 'classroom', '--sandbox', 'process']);
    const result = JSON.parse(r.stdout) as { tests: Array<{ message: string; filename: string }> };
    const messages = result.tests.map((t) => t.message).join('\n');
    expect(messages).toContain('Hidden suite crashed');
    expect(workflowCommands(messages)).toEqual([]);
    expect(messages).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});

describe('a learner class named like an error the grader words itself', () => {
  it.each(['NotAFunction', 'UnreadableResult', 'KerasFunctionMissing', 'SyntaxError', 'ModuleNotFoundError'])(
    '%s is the learner\'s exception (submission.<name>, first line only), not the grader\'s sentence',
    async (type) => {
      const r = await runCli(['check', '--json', '--sandbox', 'process', join(dir, 'subs', `forged-${type}.py`)]);
      const report = JSON.parse(r.stdout) as { problems: Array<{ code: string; message: string }>; cases: Array<{ function: string; message: string }> };
      const texts = [...report.problems.map((p) => `${p.code} ${p.message}`), ...report.cases.map((c) => c.message)];
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) {
        expect(t).not.toContain('add-mask');
        expect(t).not.toMatch(/^(SYNTAX_ERROR|IMPORT_ERROR|KERAS_UNSUPPORTED) /);
      }
      expect(texts.join('\n')).toContain(`submission.${type}`);
    },
  );
});

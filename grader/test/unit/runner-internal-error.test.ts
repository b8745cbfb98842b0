/**
 * runner.main's own failure: an exception serve's handlers did not catch (a bug in wlgrade) was
 * Python's traceback on stderr and exit code 1, which the grader took for the runner's crash by
 * that text. A file can print the same text and call os._exit(1) (red team 28), so the runner now
 * says it on its record channel ('internal'), after hello; an exception the file's own code raised
 * into the runner's frames (a signal handler, a thread) is the file's doing: one sentence, exit 1.
 * The real runner.main, with one of serve's steps made to raise.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const TOKEN = 'cd'.repeat(16);

/** runner.main with runner.load_source (called just after hello) replaced by `raiser`, Python code defining boom(plan). */
async function crashWith(raiser: string, filename: string) {
  const script = `
import sys
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
ns = {}
exec(compile(${JSON.stringify(raiser)}, ${JSON.stringify(filename)}, "exec"), ns)
runner.load_source = ns["boom"]
runner.exit_now(runner.main())`;
  const plan = { submission: '/dev/null', kind: 'py', displayName: 'x.py', functions: [], calls: [], maxResultElements: 10, token: TOKEN };
  const r = await execa('python3', ['-c', script], { input: JSON.stringify(plan), stdio: ['pipe', 'pipe', 'pipe', 'pipe'], reject: false, buffer: true });
  const channel = String(r.stdio[3] ?? '');
  return { code: r.exitCode, stderr: r.stderr, records: channel.split('\n').filter(Boolean).map((l) => ({ token: l.slice(0, TOKEN.length), record: JSON.parse(l.slice(TOKEN.length + 1)) as { t: string; message?: string; traceback?: string } })) };
}

describe('runner.main: the runner\'s own failure', () => {
  it("is an 'internal' record on the channel with its traceback, after hello, and exit code 70", async () => {
    const r = await crashWith('def boom(plan):\n    return {}["no such key"]\n', 'runner_side.py');
    expect(r.code).toBe(70);
    expect(r.records.map((x) => [x.token, x.record.t])).toEqual([[TOKEN, 'hello'], [TOKEN, 'internal']]);
    const internal = r.records[1]!.record;
    expect(internal.message).toBe("wlgrade's runner failed (KeyError: 'no such key')");
    expect(internal.traceback).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*runner_side\.py[\s\S]*KeyError: 'no such key'\n$/);
    expect(r.stderr).toBe('');
  });

  it.each([
    ['raised through the file\'s own code', 'def boom(plan):\n    raise RuntimeError("from a signal handler")\n', '<submission>'],
    ['a KeyboardInterrupt (SIGINT from a thread the file started)', 'def boom(plan):\n    raise KeyboardInterrupt\n', 'runner_side.py'],
    ['a MemoryError (the file holds the memory)', 'def boom(plan):\n    raise MemoryError\n', 'runner_side.py'],
  ])("is not the runner's when %s: no record, one sentence, exit code 1 (the file's own exit)", async (_what, raiser, filename) => {
    const r = await crashWith(raiser, filename);
    expect(r.code).toBe(1);
    expect(r.records.map((x) => x.record.t)).toEqual(['hello']);
    expect(r.stderr).toBe('wlgrade: an exception the code raised outside a graded call (from a signal handler, a thread or a timer it started) ended the run: remove that code.');
  });
});

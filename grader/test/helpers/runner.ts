/** Calls one function of the Python runner (grader/src/python/runner.py) on each of several sources, in one Python. */
import { execa } from 'execa';
import { PYTHON_DIR } from '../../src/paths.js';

/** `runner.<fn>(source)` for each source, as JSON: one Python start for the lot. */
export async function runnerOnEach(fn: string, sources: string[]): Promise<unknown[]> {
  const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import runner
print(json.dumps([runner.${fn}(s) for s in json.loads(sys.stdin.read())]))`;
  const { stdout } = await execa('python3', ['-c', script], { input: JSON.stringify(sources) });
  return JSON.parse(stdout) as unknown[];
}

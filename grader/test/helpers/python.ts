/** What the machine's Python has, for tests that need a framework (and skip, saying so, without it). */
import { execaSync } from 'execa';

/** Whether `python` finds the module `name` (found, not imported: importing TensorFlow takes seconds). */
export function hasModule(name: string, python = 'python3'): boolean {
  return execaSync(python, ['-c', `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(${JSON.stringify(name)}) else 1)`], { reject: false }).exitCode === 0;
}

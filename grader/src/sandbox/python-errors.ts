/** The sentences for a Python that cannot be started or does not run our side: cold runs and pool workers alike. */
import { GraderError } from '../errors.js';
import { pipName } from '../pip-names.js';

/** The process could not be started at all (spawn failed with `code`). */
export function pythonStartError(file: string, code: string | undefined): GraderError {
  return code === 'ENOENT'
    ? new GraderError('PYTHON_NOT_FOUND', `Could not start "${file}" (ENOENT). Install Python 3.8+ with numpy, or pass --python <path>.`)
    : new GraderError('PYTHON_NOT_FOUND', `Could not start "${file}" (${code}). Pass --python <path> to a Python 3 executable.`);
}

/** The process started but ended (`how`) before saying anything on the record channel. */
export function pythonSideError(python: string, how: string, stderr: string): GraderError {
  const last = stderr.trim().split('\n').slice(-3).join(' | ');
  return new GraderError(
    'PYTHON_NOT_FOUND',
    `"${python}" started but did not run the grader's Python side (${how}). Check that it is Python 3.8 or newer, or pass --python <path>.` +
      (last ? ` Its error output ends with: ${last}` : ''),
  );
}

/** The Python runs but numpy does not import (`message` is the import error). */
export function numpyMissingError(python: string, message: string): GraderError {
  return new GraderError(
    'NUMPY_MISSING',
    `"${python}" cannot import numpy (${message}). Install it with "${python} -m pip install numpy", or pass --python <path> to a Python that has it.`,
  );
}

const FRAMEWORK_NAMES = { tensorflow: 'TensorFlow', torch: 'PyTorch' } as const;

/**
 * The case files ask for `framework` tensors (framework: tensorflow, torch, or auto where the
 * submission imports it) and that framework does not import for this Python (`message` is the
 * import error): the grader's set-up, not the learner's code.
 */
export function frameworkMissingError(python: string, framework: 'torch' | 'tensorflow', message: string): GraderError {
  const name = FRAMEWORK_NAMES[framework];
  const missing = /^ModuleNotFoundError: No module named '(tensorflow|torch)'$/.test(message);
  return new GraderError(
    'FRAMEWORK_MISSING',
    `The case file asks for ${name} tensors (its framework: setting), but ${name} ${missing ? 'is not installed' : `cannot be imported (${message})`} for "${python}". ` +
      `Install it ("${python} -m pip install ${pipName(framework) ?? framework}"), pass --python <path> to a Python that has it, or remove framework: from the case file.`,
  );
}

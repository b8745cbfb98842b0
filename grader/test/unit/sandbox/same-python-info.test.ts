import { describe, expect, it } from 'vitest';
import { samePythonInfo, type PythonInfo } from '../../../src/sandbox/detect.js';

describe('samePythonInfo: whether a remembered description builds the sandbox this run would', () => {
  const info: PythonInfo = { executable: '/py/bin/python3.11', prefix: '/py', basePrefix: '/py', execPrefix: '/py', paths: ['/py/lib/python311.zip', '/py/lib/python3.11', '/py/lib/python3.11/site-packages'] };
  it('the same fields, in any key order, are the same', () => {
    const reordered = { paths: [...info.paths], execPrefix: '/py', basePrefix: '/py', prefix: '/py', executable: '/py/bin/python3.11' };
    expect(samePythonInfo(info, reordered)).toBe(true);
  });
  it('any field that differs, or paths in another order, is another sandbox', () => {
    for (const k of ['executable', 'prefix', 'basePrefix', 'execPrefix'] as const) expect(samePythonInfo(info, { ...info, [k]: '/venv' })).toBe(false);
    expect(samePythonInfo(info, { ...info, paths: [...info.paths].reverse() })).toBe(false);
    expect(samePythonInfo(info, { ...info, paths: info.paths.slice(1) })).toBe(false);
    expect(samePythonInfo(info, { ...info, paths: [...info.paths, '/home/u/.local/lib/python3.11/site-packages'] })).toBe(false);
  });
});

/**
 * runner.encode_array told a result's finite values from the others with numpy's isfinite and all
 * (a ufunc, a temporary array and a reduction: ~3 µs) on every array result, most of them a few
 * values. A small list is summed now (_all_finite): finite values go out as they are, a NaN, an
 * infinity or a sum that overflows goes the per-value way (wire), as before. Counted, not timed.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import runner
calls = 0
real = np.isfinite
def counted(*a, **k):
    global calls
    calls += 1
    return real(*a, **k)
big = 1e308
arrays = [
    np.array([0.25, 0.5, 0.75]),             # finite, the usual result
    np.array([1, 0, 3], dtype=np.int64),     # integers
    np.array([], dtype=np.float64),          # empty
    np.array([[1.0, np.nan], [2.0, 3.0]]),   # a NaN
    np.array([np.inf, 1.0]), np.array([-np.inf]),
    np.array([big, big, -1.0]),              # finite values whose sum overflows
    np.array([big, -big, np.nan]),
    np.arange(1000.0), np.array([0.5] * 999 + [np.inf]),  # past the summed size
    np.array([True, False]), np.array([2.5], dtype=np.float32),
]
def encoded(arr):
    # What encode_array sends when each value is checked on its own (wire), the old way.
    values = np.ravel(arr.astype(np.float64)).tolist()
    return values if all(np.isfinite(v) for v in values) else [runner.wire(v) for v in values]
out = []
for arr in arrays:
    np.isfinite = counted
    calls = 0
    got = runner.encode(arr, np, [10 ** 6])
    np.isfinite = real
    out.append({"size": int(arr.size), "isfinite": calls, "same": got["values"] == encoded(arr),
                "values": json.dumps(got["values"][:3])})
print(json.dumps(out))
`;

describe('runner: an array result\'s finite check', () => {
  it('sends what checking each value sends, and calls numpy\'s isfinite only past the summed size or on a non-finite sum', async () => {
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const out = JSON.parse(r.stdout) as { size: number; isfinite: number; same: boolean; values: string }[];
    expect(out.every((o) => o.same)).toBe(true);
    expect(out[3]!.values).toBe('[1.0, "NaN", 2.0]');
    expect(out[4]!.values).toBe('["Infinity", 1.0]');
    expect(out[6]!.values).toBe('[1e+308, 1e+308, -1.0]');
    // Finite small arrays: no numpy check (the old code made one for each).
    expect([0, 1, 2, 10, 11].map((i) => out[i]!.isfinite)).toEqual([0, 0, 0, 0, 0]);
    // A sum that is not finite, or a large array: numpy's check, as before.
    expect([3, 4, 5, 6, 7, 8, 9].map((i) => out[i]!.isfinite)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});

/**
 * learnerTraceback keeps a traceback only when every line is a frame of the learner's files (red team
 * 16: anything else sent as one is dropped). Stop 35: the frames of the learner's modules beside the
 * file that the run was sent are theirs too, and show where an error in such a module was raised.
 */
import { describe, expect, it } from 'vitest';
import { learnerTraceback } from '../../../src/schema/runner-error.js';

const frames = 'hw.py, line 6, in compute_class_freqs\n    p = positive_fraction(labels)\ncounting.py, line 6, in positive_fraction\n    return counts[1] / len(column)';

describe('learnerTraceback', () => {
  it.each([
    ['a frame of a module sent with the file: kept', ['counting.py'], frames],
    ['of a package module sent with it: kept', ['pkg/counting.py'], frames.replace('counting.py,', 'pkg/counting.py,')],
    ['a file the run was not sent: dropped whole', ['helpers.py'], ''],
    ['no module sent: dropped whole', [], ''],
    ['a name that only matches with its dot read as any character: dropped', ['counting.py'], ''],
  ] as const)('%s', (name, siblings, want) => {
    const tb = name.startsWith('of a package') ? frames.replace('counting.py,', 'pkg/counting.py,') : name.startsWith('a name that') ? frames.replace('counting.py,', 'countingXpy,') : frames;
    expect(learnerTraceback(tb, 'hw.py', siblings)).toBe(want);
  });
});

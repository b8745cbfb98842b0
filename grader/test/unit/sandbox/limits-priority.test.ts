/**
 * limits.py: a run inherited the grader's user's RLIMIT_RTPRIO and RLIMIT_NICE (an audio group's
 * limits.conf gives rtprio 95 and nice -19), so a job could make itself SCHED_FIFO, or raise its
 * autogroup's priority, and starve the learners graded beside it (red team 33). The machine that
 * runs this test may not allow raising those limits at all, so the calls limits.py makes are
 * recorded: both are set to 0, soft and hard, with the other limits; RLIMIT_MEMLOCK too (red team 34).
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

const SCRIPT = `
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import limits
calls = {}
class Recording:
    def __getattr__(self, name):
        return getattr(resource, name)
    def setrlimit(self, which, limit):
        calls[which] = list(limit)
limits.resource = Recording()
limits._limit({"cpuSeconds": 60, "memoryMb": 4096, "fileSizeMb": 16, "openFiles": 256, "processes": 64})
print(json.dumps({"rtprio": calls.get(resource.RLIMIT_RTPRIO), "nice": calls.get(resource.RLIMIT_NICE), "memlock": calls.get(resource.RLIMIT_MEMLOCK), "as": calls.get(resource.RLIMIT_AS)}))
`;

describe('limits.py: scheduling limits', () => {
  it.skipIf(process.platform !== 'linux')('sets RLIMIT_RTPRIO and RLIMIT_NICE to 0, so no run gets real-time scheduling or a raised priority', async () => {
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(r.stdout)).toMatchObject({ rtprio: [0, 0], nice: [0, 0], as: [4096 * 2 ** 20, 4096 * 2 ** 20] });
  });

  // Red team 34: RLIMIT_MEMLOCK was inherited (8 MiB here, unlimited where limits.conf or a
  // container says so), so every process of a run could pin its memory (mlockall) where the
  // machine could not page it out. 0 now, soft and hard, like the scheduling limits.
  it.skipIf(process.platform !== 'linux')('sets RLIMIT_MEMLOCK to 0, so no run pins memory', async () => {
    const r = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    expect(JSON.parse(r.stdout).memlock).toEqual([0, 0]);
  });
});

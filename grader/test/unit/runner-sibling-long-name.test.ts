/**
 * runner.sibling_facts: a learner's module named past the protocol's 200 characters (a file name
 * may hold 252) was named in the load record's facts, which SiblingFactsSchema refused: the whole
 * record was a corrupt channel, every case 0, and the learner was told their definitions "wrote
 * over the channel ... (os.write)". It runs as Python runs it and is left out of the facts
 * (red team 34); a module of a shorter name is still named.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../src/paths.js';
import { SiblingFactsSchema } from '../../src/schema/protocol.js';

const LONG = 'h'.repeat(240);
const SCRIPT = `
import json, sys, types
sys.path.insert(0, sys.argv[1])
import runner
plan = {"siblings": [{"module": "${LONG}", "name": "${LONG}.py", "source": "def compute_class_freqs(labels):\\n    return 1, 2\\n"},
                     {"module": "logs", "name": "logs.py", "source": "def get_weighted_loss(p, n, epsilon=1e-7):\\n    return 3\\n"}]}
runner.install_siblings(plan)
from ${LONG} import compute_class_freqs
from logs import get_weighted_loss
mod = types.ModuleType("submission")
mod.compute_class_freqs, mod.get_weighted_loss = compute_class_freqs, get_weighted_loss
defines = runner.sibling_defs(plan, mod, {"compute_class_freqs": {}, "get_weighted_loss": {}})
print(json.dumps(runner.sibling_facts(plan, ["${LONG}", "logs"], defines)))
`;

describe('runner.sibling_facts: a module named past 200 characters', () => {
  it('ran, and is left out of facts the schema takes; the other is named', async () => {
    const { stdout } = await execa('python3', ['-c', SCRIPT, PYTHON_DIR]);
    const facts = SiblingFactsSchema.safeParse(JSON.parse(stdout));
    expect(facts.success).toBe(true);
    expect(facts.data).toEqual({ ran: ['logs'], shadowed: [], defines: [{ function: 'get_weighted_loss', module: 'logs' }] });
  });
});

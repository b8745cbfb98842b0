/**
 * `grade` skips a learner whose file, suite, settings and wlgrade are unchanged since the last run;
 * "wlgrade unchanged" is VERSION plus a fingerprint of the grading code, so a wlgrade updated in
 * place (same package.json version) grades everyone again.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVersion, fingerprintOf, VERSION } from '../../src/version.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlgrade-version-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('fingerprintOf', () => {
  it('changes with a code file, not with where the code is or with maps and caches', async () => {
    const code = { 'a.js': 'x = 1', 'sub/runner.py': 'print(1)' };
    const one = await tree('one', code);
    const two = await tree('two', { ...code, 'a.js.map': '{}', 'sub/__pycache__/runner.cpython-311.pyc': 'junk', 'notes.txt': 'hi' });
    const edited = await tree('edited', { ...code, 'sub/runner.py': 'print(2)' });
    const moved = await tree('moved', { 'b.js': 'x = 1', 'sub/runner.py': 'print(1)' });
    expect(fingerprintOf([one])).toBe(fingerprintOf([two]));
    expect(fingerprintOf([edited])).not.toBe(fingerprintOf([one]));
    expect(fingerprintOf([moved])).not.toBe(fingerprintOf([one]));
    // The same files in another of the folders is another build.
    expect(fingerprintOf([one, join(dir, 'none')])).not.toBe(fingerprintOf([join(dir, 'none'), one]));
  });

  it("buildVersion is VERSION and this build's fingerprint", () => {
    expect(buildVersion()).toMatch(new RegExp(`^${VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{16}$`));
  });
});

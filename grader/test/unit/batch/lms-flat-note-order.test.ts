/**
 * Batch 35: a flat LMS learner whose hw.py imports pkg.utils and who uploaded pkg/utils.py as
 * utils.py read two messages about one file: "… not utils.py. To have another file graded, submit
 * that file alone. hw.py imports pkg.utils … (your utils.py came alone) …". Their report now says
 * what is graded, then the package, then (only when other files were passed over) how to have one graded.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSubmissions } from '../../../src/batch/discover.js';
import { makeZip } from './zip-helpers.js';
import { definesBoth, scratchPerTest } from '../../helpers/discover-dirs.js';

let dir: string;
let scratch: string;
scratchPerTest('wlgrade-lms-order-', (d, s) => ([dir, scratch] = [d, s]));

const BOTH = definesBoth;
const ONE = 'def compute_class_freqs(labels):\n    pass\n';
const UTILS = 'def safe_log(x):\n    return x\n';
const PACKAGE = "hw.py imports pkg.utils from your package folder pkg/, but the files you upload are kept without their folders (your utils.py came alone), so pkg.utils could not be imported: upload one .zip of your work's folder (hw.py beside pkg/), or put what you use from pkg/utils.py in hw.py.";

async function johnsNote(files: Record<string, string>): Promise<string[]> {
  await mkdir(join(dir, 'canvas'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'canvas', name), text);
  await writeFile(join(dir, 'canvas.zip'), await makeZip(files));
  const out: string[] = [];
  for (const given of ['canvas', 'canvas.zip']) {
    const items = await discoverSubmissions([given], { scratch, cwd: dir });
    out.push(items.find((i) => i.learner === '12345')!.learnerNote ?? '');
  }
  return out;
}

describe("a flat LMS learner's report: the choice and the package folder, one message", () => {
  it.each(['from pkg.utils import safe_log', 'import pkg.utils as u'])('utils.py the only other file (%s): it is the package module, not a file passed over', async (imports) => {
    const notes = await johnsNote({ 'smithjohn_12345_678901_hw.py': BOTH(imports), 'smithjohn_12345_678902_utils.py': UTILS });
    const want = `Your submission holds 2 Python files: this grades hw.py (it defines both graded functions). ${PACKAGE}`;
    expect(notes).toEqual([want, want]);
  });

  it('another file passed over too: it alone is named as not graded, and the advice to submit it alone comes last', async () => {
    const notes = await johnsNote({
      'smithjohn_12345_678901_hw.py': BOTH('from pkg.utils import safe_log'),
      'smithjohn_12345_678902_utils.py': UTILS,
      'smithjohn_12345_678903_draft.py': ONE,
    });
    const want = `Your submission holds 3 Python files: this grades hw.py (it defines both graded functions), not draft.py. ${PACKAGE} To have another file graded, submit that file alone.`;
    expect(notes).toEqual([want, want]);
  });

  it('without a package folder the choice note is as before', async () => {
    const notes = await johnsNote({ 'smithjohn_12345_678901_hw.py': BOTH('import numpy as np'), 'smithjohn_12345_678903_draft.py': ONE });
    const want = 'Your submission holds 2 Python files: this grades hw.py (it defines both graded functions), not draft.py. To have another file graded, submit that file alone.';
    expect(notes).toEqual([want, want]);
  });
});

/**
 * An LMS download's flat files (Canvas: smithjohn_12345_678902_utils.py) keep each file a learner
 * uploaded without its folder: a learner whose hw.py does `from pkg.utils import f` and who uploaded
 * pkg/utils.py as utils.py was told only that pkg is not installed, that they should hand pkg/ in
 * "beside hw.py", and that utils.py was not graded (siblings 35). Staff's row note now names the
 * learner and the module, and the learner's report says to upload one .zip of their folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSubmissions } from '../../../src/batch/discover.js';
import { makeZip } from './zip-helpers.js';
import { definesBoth, scratchPerTest } from '../../helpers/discover-dirs.js';

let dir: string;
let scratch: string;
scratchPerTest('wlgrade-lms-flat-', (d, s) => ([dir, scratch] = [d, s]));

const BOTH = definesBoth;
const UTILS = 'def safe_log(x):\n    return x\n';

const STAFF = "12345's hw.py imports pkg.utils from a package folder pkg/ of theirs, which this LMS download cannot hold (it keeps each uploaded file without its folder: their utils.py came alone), so pkg.utils is not imported; ask them to upload one .zip of their folder (hw.py beside pkg/), then grade again";
const LEARNER = "hw.py imports pkg.utils from your package folder pkg/, but the files you upload are kept without their folders (your utils.py came alone), so pkg.utils could not be imported: upload one .zip of your work's folder (hw.py beside pkg/), or put what you use from pkg/utils.py in hw.py.";

describe("an LMS download's flat files and a learner's package folder", () => {
  it.each([
    ['from pkg.utils import safe_log'],
    ['import pkg.utils as u'],
    ['import numpy as np, pkg.utils'],
  ])('names the learner and the module for staff, and tells the learner what to upload (%s), from a folder and a zip', async (imports) => {
    const files = { 'smithjohn_12345_678901_hw.py': BOTH(imports), 'smithjohn_12345_678902_utils.py': UTILS, 'roeann_23456_678903_hw.py': BOTH(imports) };
    await mkdir(join(dir, 'canvas'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'canvas', name), text);
    await writeFile(join(dir, 'canvas.zip'), await makeZip(files));
    for (const given of ['canvas', 'canvas.zip']) {
      const items = await discoverSubmissions([given], { scratch, cwd: dir });
      const john = items.find((i) => i.learner === '12345')!;
      expect(john.note).toContain(STAFF);
      expect(john.learnerNote).toContain(LEARNER);
      // ann handed in no utils.py: a file not handed in, told so by the import's own problem.
      const ann = items.find((i) => i.learner === '23456')!;
      expect([ann.note, ann.learnerNote]).toEqual(['Canvas user 23456', undefined]);
    }
  });

  it("says nothing of a module that is a learner's own file, of Python's own packages, or of a from-import's names", async () => {
    await mkdir(join(dir, 'canvas'));
    const cases: Array<[string, string]> = [
      ['from utils import safe_log', 'utils'],
      ['import importlib.util', 'util'],
      ['import os.path', 'path'],
      ['import numpy.linalg', 'linalg'],
      ['from sklearn import utils', 'utils'],
    ];
    for (const [i, [imports, helper]] of cases.entries()) {
      await writeFile(join(dir, 'canvas', `l${i}_${100 + i}_9${i}_hw.py`), BOTH(imports));
      await writeFile(join(dir, 'canvas', `l${i}_${100 + i}_8${i}_${helper}.py`), UTILS);
    }
    const items = await discoverSubmissions(['canvas'], { scratch, cwd: dir });
    expect(items).toHaveLength(cases.length);
    for (const item of items) expect([item.learner, item.note ?? '']).not.toEqual([item.learner, expect.stringContaining('package folder')]);
  });
});

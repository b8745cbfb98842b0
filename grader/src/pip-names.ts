/**
 * Install hints' package names: grade/ (an import the submission needs) and sandbox/ (a framework
 * the case files need) both name packages from this one table.
 */
import { editDistance } from './edit-distance.js';

/**
 * The packages whose installation wlgrade suggests, by import name: what these courses use. Only
 * these: the name comes from the submission (any finder can raise ModuleNotFoundError with a name
 * of its choice), and a red team had staff told to run "pip install" with a package and index of
 * its own (one registered on PyPI runs its code on the grading host, outside any sandbox).
 * tensorflow-cpu, not tensorflow: a grading machine needs no GPU build, and the CPU wheel is the
 * one the docs install.
 */
export const PIP_NAMES = {
  numpy: 'numpy',
  scipy: 'scipy',
  pandas: 'pandas',
  matplotlib: 'matplotlib',
  seaborn: 'seaborn',
  sklearn: 'scikit-learn',
  skimage: 'scikit-image',
  cv2: 'opencv-python',
  PIL: 'pillow',
  yaml: 'pyyaml',
  tqdm: 'tqdm',
  h5py: 'h5py',
  tensorflow: 'tensorflow-cpu',
  keras: 'keras',
  torch: 'torch',
  torchvision: 'torchvision',
  jax: 'jax',
  pydicom: 'pydicom',
  nibabel: 'nibabel',
  SimpleITK: 'SimpleITK',
  lifelines: 'lifelines',
  shap: 'shap',
} as const satisfies Record<string, string>;

/** The package to install for import name `module`; undefined for a module wlgrade does not know. */
export function pipName(module: string): string | undefined {
  return Object.hasOwn(PIP_NAMES, module) ? PIP_NAMES[module as keyof typeof PIP_NAMES] : undefined;
}

/** Names learners bind a package to, which `import np` takes for a module: the import they meant. */
const ALIASES: Record<string, string> = { np: 'import numpy as np', pd: 'import pandas as pd', tf: 'import tensorflow as tf', plt: 'import matplotlib.pyplot as plt', sns: 'import seaborn as sns' };

/**
 * The import a module that is no package wlgrade knows was meant to be: `import np` (an alias
 * taken for a module) or a misspelt name of a known package (`import nump`, `import tensorflw`: one
 * edit away, two in a name of 8 letters or more, or another letter case). Undefined otherwise.
 * Only names from the tables above are returned, never the submission's own.
 */
export function meantImport(module: string): { name: string; line: string } | undefined {
  if (Object.hasOwn(ALIASES, module)) return { name: ALIASES[module]!.split(' ')[1]!, line: ALIASES[module]! };
  let best: { name: string; d: number } | undefined;
  for (const name of Object.keys(PIP_NAMES)) {
    if (name === module) continue;
    const d = name.toLowerCase() === module.toLowerCase() ? 0 : editDistance(module.toLowerCase(), name.toLowerCase());
    if (d <= (name.length >= 8 ? 2 : 1) && module.length >= 3 && (!best || d < best.d)) best = { name, d };
  }
  return best && { name: best.name, line: `import ${best.name}` };
}

/**
 * Install hints' package names: grade/ (an import the submission needs) and sandbox/ (a framework
 * the case files need) both name packages from this one table.
 */
import { z } from 'zod';
import { nearest } from './edit-distance.js';
import table from './pip-names.json' with { type: 'json' };

/** A top-level import name: `numpy`, `cv2`, `PIL`, `SimpleITK`. */
const IMPORT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
/** A PyPI project name as PEP 508 spells one (letters, digits, `.`, `_`, `-`; starts and ends with a letter or digit). */
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$/;

/** pip-names.json: import name -> the PyPI project that installs it. */
export const PipNamesSchema = z.record(z.string().regex(IMPORT_NAME), z.string().regex(PROJECT_NAME)).refine((t) => Object.keys(t).length > 0, 'the table is empty');

/**
 * The packages whose installation wlgrade suggests, by import name (pip-names.json): what ML
 * courses use, curated by hand. A module missing on the grader that is one of these is the
 * machine's (IMPORT_ERROR, blank, "install X"); any other is the file's (IMPORT_UNRESOLVABLE).
 * Only these, each a well-known project on PyPI under that name, written here by hand: the name comes from the submission (any
 * finder can raise ModuleNotFoundError with a name of its choice), and a red team had staff told
 * to run "pip install" with a package and index of its own (one registered on PyPI runs its code on
 * the grading host, outside any sandbox). tensorflow-cpu, not tensorflow: a grading machine needs
 * no GPU build, and the CPU wheel is the one the docs install. cupy has no CPU build: cupy-cuda12x
 * is for a grading machine with CUDA 12. Common words (datasets, evaluate, accelerate, tables) are
 * left out: `import dataset`, a learner's own file not handed in, would be told it misspelt one.
 */
export const PIP_NAMES: Readonly<Record<string, string>> = PipNamesSchema.parse(table);

/** The package to install for import name `module`; undefined for a module wlgrade does not know. */
export function pipName(module: string): string | undefined {
  return Object.hasOwn(PIP_NAMES, module) ? PIP_NAMES[module] : undefined;
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
  if (module.length < 3) return undefined;
  const name = nearest(module, Object.keys(PIP_NAMES).filter((n) => n !== module), (n) => (n.length >= 8 ? 2 : 1), true);
  return name === undefined ? undefined : { name, line: `import ${name}` };
}

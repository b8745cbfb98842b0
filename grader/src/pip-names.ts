/**
 * Install hints' package names: grade/ (an import the submission needs) and sandbox/ (a framework
 * the case files need) both name packages from this one table.
 */
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

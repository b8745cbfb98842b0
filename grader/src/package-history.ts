/**
 * Submodules and names that well-known packages (tensorflow, keras, sklearn, scipy, torch, pandas,
 * matplotlib) had in earlier releases and no longer have: honest code written for another version
 * (`import tensorflow.contrib`, `from sklearn.cross_validation import train_test_split`, `import
 * keras.layers.core`). A submodule an installed package's folders do not hold, none a letter away,
 * is the machine's version either way (IMPORT_ERROR, blank for staff: another version may have it,
 * grade-suite.ts importCode); one on this list is also told which release last had it and what
 * replaces it (docs/sandbox.md). numpy's own names are numpy-names.json.
 *
 * Source: each entry's `source`, the release notes or migration guide that removed it; the Keras
 * and TensorFlow submodules were also checked absent from TensorFlow 2.21 / Keras 3.15 (this
 * machine). Curated by hand: add an entry with its source when a course meets another.
 */
import { z } from 'zod';
import table from './package-history.json' with { type: 'json' };

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]{0,99}(\.[A-Za-z_][A-Za-z0-9_]{0,99}){1,6}$/;

/** One removed submodule (`import` or `from` it) or name (`from` its module `import` it). */
const EntrySchema = z.strictObject({
  kind: z.enum(['submodule', 'name']),
  /** The last release that had it ("1.15"): told to the learner and staff. */
  last: z.string().regex(/^\d{1,4}\.\d{1,3}$/),
  /** What replaces it, a sentence for the learner. */
  replacement: z.string().min(1).max(200).optional(),
  /** Where the removal is recorded (release notes, migration guide). */
  source: z.string().min(10).max(300),
});

/** package-history.json: each removed submodule or name by its dotted path (`tensorflow.contrib`, `scipy.misc.imread`). */
export const PackageHistorySchema = z.record(z.string().regex(DOTTED), EntrySchema);

/** The table, checked on first use (only a row whose import an installed package lacks asks). */
let checked: z.infer<typeof PackageHistorySchema> | undefined;
const packageHistory = () => (checked ??= PackageHistorySchema.parse(table));

/**
 * What earlier releases say of `name`, which the installed `module` lacks: the entry for
 * `module.name` or for a package folder above it (`import tensorflow.contrib.layers` read as
 * tensorflow.contrib), when one is on the list; `submodule`: imported as `import module.name`,
 * which only a submodule entry answers. Undefined when the list says nothing.
 */
export function packageHad(module: string, name: string, submodule: boolean): { path: string; last: string; replacement: string | undefined } | undefined {
  const parts = `${module}.${name}`.split('.');
  for (let n = parts.length; n >= 2; n--) {
    const path = parts.slice(0, n).join('.');
    const history = packageHistory();
    if (!Object.hasOwn(history, path)) continue;
    const e = history[path]!;
    // A name (scipy.misc.imread) answers only its own from-import; a submodule also what lies below it.
    if (e.kind === 'name' && (submodule || n !== parts.length)) return undefined;
    return { path, last: e.last, replacement: e.replacement };
  }
  return undefined;
}

// An esbuild plugin for postbuild.mjs's bundle (a module of its own so a test can use it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * zod's `z` namespace carries every locale zod ships (`z.locales`, ~50 languages, 366 KB of the
 * 2.2 MB bundle: a sixth of what Node compiles before a `check` can start), though the grader only
 * ever uses English, the locale zod configures itself with (classic/schemas.js imports en.js on
 * its own). The bundle's `z.locales` holds English alone; zod's messages are the same.
 * grader/test/unit/english-zod.test.ts holds the bundle to it.
 */
export const englishZodOnly = {
  name: 'english-zod-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      const en = join(args.resolveDir, '..', 'locales', 'en.js');
      if (!/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) || !existsSync(en)) return undefined;
      // Named by a path of no machine's (the bundle shows it in a comment): the folder zod is
      // installed in would make the bundle's bytes, its chunks' names and so the build's
      // fingerprint (version.ts, which merge compares across machines) differ with the checkout's path.
      return { path: 'zod/v4/locales/en.js', namespace: 'zod-english-locales', pluginData: { en } };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-english-locales' }, (args) => ({
      contents: `export { default as en } from './en.js';`, // from resolveDir: no path of this machine's in the source map either
      resolveDir: dirname(args.pluginData.en),
      loader: 'js',
    }));
  },
};

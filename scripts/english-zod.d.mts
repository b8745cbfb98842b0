// Types for english-zod.mjs, a build script the tests import too (tsconfig.test.json).
import type { Plugin } from 'esbuild';

/** An esbuild plugin that bundles zod's English locale alone. */
export declare const englishZodOnly: Plugin;

/**
 * `wlgrade check`'s suite cache. Parsing and validating the case files costs ~60 ms in a fresh
 * Node (YAML and zod running cold), about a sixth of a whole check. The Suite is plain data, so
 * it is stored as JSON under the learner's cache folder, keyed by everything it depends on: the
 * case files' names and contents, the folder they are shown relative to, and this grader build
 * (the module's URL, which in the bundle carries a content hash, and its file's mtime). Any
 * failure to read or write the cache falls back to parsing. Only `check` uses it: a batch or a
 * Gradescope run parses once per run anyway, and never reads state a submission could have left.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readCacheFile, writeCacheFile } from '../cache-file.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import { readCaseFiles } from './case-files.js';
import type { Suite } from './load-suite.js';

/** Bump when the Suite's shape changes in a way a cached copy would not show. */
const FORMAT = 2;

/** A parsed suite is tens of KiB (the public one ~40 KiB): a larger cache file is not read (readCacheFile). */
const MAX_BYTES = 64 * 2 ** 20;

function buildTag(): string {
  try {
    return `${import.meta.url}\0${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;
  } catch {
    return import.meta.url;
  }
}

export function suiteCacheKey(files: { display: string; text: string }[], cwd: string): string {
  return createHash('sha256').update(JSON.stringify([FORMAT, VERSION, buildTag(), cwd, files])).digest('hex');
}

/** loadSuite, through the cache in `dir` (created with mode 0700 when missing). */
export async function loadSuiteCached(paths: string[], dir: string, cwd = process.cwd()): Promise<Suite> {
  const files = await readCaseFiles(paths, cwd);
  const file = join(dir, `suite-${suiteCacheKey(files, cwd)}.json`);
  try {
    const text = readCacheFile(file, MAX_BYTES);
    const cached = (text === undefined ? null : JSON.parse(text)) as Suite | null;
    if (Array.isArray(cached?.cases) && cached.cases.length > 0) return cached;
  } catch {
    // missing or unreadable: parse
  }
  // The parser is loaded only now (case-files.ts): a hit compiles none of it.
  const { suiteFromTexts } = await import('./load-suite.js');
  const suite = suiteFromTexts(files); // invalid files throw here, before anything is cached
  await writeCacheFile(dir, file, JSON.stringify(suite));
  return suite;
}

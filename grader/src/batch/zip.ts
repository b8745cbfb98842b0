/**
 * Safe extraction of LMS / Gradescope .zip exports with yauzl. Refuses entries that would land
 * outside the destination (absolute paths, `..`: "zip-slip"), never creates symlinks, and caps
 * entry count and sizes so a zip bomb cannot fill the disk.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { GraderError } from '../errors.js';
import { escapeLineBreaks as oneLine } from '../report/escape.js';

export interface ZipLimits {
  maxEntries: number;
  /** Total bytes written for one archive. */
  maxTotalBytes: number;
}
export const ZIP_LIMITS: ZipLimits = { maxEntries: 20_000, maxTotalBytes: 512 * 1024 * 1024 };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** An entry name is safe when it is relative and has no `..` segment (either slash counts). */
export function unsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[A-Za-z]:/.test(n) || isAbsolute(n) || n.split('/').includes('..');
}

/** Extracts `zipPath` into the existing empty folder `dest`. `shownAs` names the archive in messages. */
export async function extractZip(zipPath: string, dest: string, shownAs: string, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  const display = oneLine(shownAs); // a learner's archive name, quoted in one-line error sentences
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings stays on: yauzl itself rejects absolute and `..` names; we check again below.
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true, validateEntrySizes: true });
  } catch (e) {
    throw new GraderError('SUBMISSION_INVALID', `Cannot read ${display} as a zip archive (${oneLine((e as Error).message)}); check that it downloaded completely, or unzip it and pass the folder.`);
  }
  const root = resolve(dest);
  let entries = 0;
  let total = 0;
  const fail = (msg: string) => {
    zip.close();
    return new GraderError('SUBMISSION_INVALID', msg);
  };
  try {
    await new Promise<void>((resolveAll, reject) => {
      zip.on('error', (e: Error) => {
        const m = /^(invalid relative path|absolute path): (.*)$/.exec(e.message);
        reject(
          m
            ? fail(zipSlipMessage(display, m[2]!))
            : fail(`Cannot read ${display} as a zip archive (${oneLine(e.message)}); check that it downloaded completely, or unzip it and pass the folder.`),
        );
      });
      zip.on('end', () => resolveAll());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const name = entry.fileName;
          if (unsafeEntryName(name)) throw fail(zipSlipMessage(display, name));
          const target = resolve(root, name);
          if (target !== root && !target.startsWith(root + sep)) throw fail(zipSlipMessage(display, name));
          if (++entries > limits.maxEntries) throw fail(`${display} has more than ${limits.maxEntries} entries; wlgrade refuses archives this large. Unzip it and pass the folder instead.`);
          const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
          if (name.endsWith('/')) {
            await mkdir(target, { recursive: true });
          } else if (mode === S_IFLNK) {
            // Symlinks could point anywhere once extracted: skipped, never created.
          } else {
            total += entry.uncompressedSize;
            if (total > limits.maxTotalBytes) throw fail(`${display} unpacks to more than ${limits.maxTotalBytes >> 20} MiB; wlgrade refuses archives this large. Unzip it and pass the folder instead.`);
            await mkdir(dirname(target), { recursive: true });
            const stream = await zip.openReadStreamPromise(entry);
            // 'wx': a second entry with the same name must not overwrite the first.
            await pipeline(stream, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
          }
          zip.readEntry();
        })().catch((e: unknown) => {
          if (e instanceof GraderError) reject(e);
          else reject(fail(`Cannot extract ${display} (${oneLine((e as Error).message)}); unzip it yourself and pass the folder.`));
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

export function zipSlipMessage(display: string, name: string): string {
  return `${oneLine(display)} contains the entry "${oneLine(name)}", which points outside the archive (zip-slip); wlgrade refuses to extract it: re-export the archive or remove that entry.`;
}

/** The path of a file inside an extracted archive, for messages: `export.zip:alice/loss.py`. */
export function insideZip(display: string, root: string, file: string): string {
  return `${display}:${relative(root, file).split(sep).join('/')}`;
}


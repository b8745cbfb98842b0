/** Unpacks an archive wlgrade built itself (the Gradescope bundle), for tests that run what is in it. */
import { join } from 'node:path';
import { ZipArchive } from '../../src/batch/zip.js';

/** Every regular file of `zipPath` into the existing folder `dest`; an unsafe entry fails the test. */
export async function extractZip(zipPath: string, dest: string, shownAs: string): Promise<void> {
  const zip = await ZipArchive.open(zipPath, shownAs);
  try {
    const slip = zip.entries.find((e) => e.unsafe);
    if (slip) throw new Error(`${shownAs} holds an unsafe entry: ${slip.name}`);
    for (const e of zip.entries) if (e.kind === 'file') await zip.extract(e, dest, join(dest, ...e.path));
  } finally {
    zip.close();
  }
}

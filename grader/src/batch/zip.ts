/**
 * Reading LMS / Gradescope .zip exports with yauzl. An archive's index (its central directory) is
 * read first, and nothing more: discover.ts then unpacks, for each learner, only the file it grades
 * (so a 512 MiB pad.bin, a dataset or a virtualenv next to it is never written), within one budget
 * for the whole batch (UnpackBudget). The index is bounded too: entries, name lengths, their sum and
 * * the folders an entry's path keeps. No entry that is absolute or has a `..` segment ("zip-slip"),
 * and no symlink or other special file, is ever created.
 */
import { createWriteStream } from 'node:fs';
import { rm, statfs } from 'node:fs/promises';
import { makeDirs } from '../make-dirs.js';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { GraderError, isMachineError, isUnreadable } from '../errors.js';
import { escapeLineBreaks as oneLine } from '../report/escape.js';

export interface ZipLimits {
  /** Entries one archive may list: its index is held in memory (about 1 KiB an entry) while the batch is discovered. */
  maxEntries: number;
  /** Bytes of entry names one archive's index may hold in all (they are held in memory with it). */
  maxNameBytes: number;
  /** Bytes one batch may unpack in all (the files it grades, and learners' own zips while they are read). */
  maxBatchBytes: number;
  /** Bytes of the disk that holds --out a batch leaves free (10% of the disk when that is less). */
  keepFreeBytes: number;
  /** A learner's own .zip inside an export is copied out to be read, up to this size. */
  maxLearnerZipBytes: number;
  /** submission_metadata.yml is read into memory, up to this size. */
  maxMetadataBytes: number;
}
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxNameBytes: 64 * 2 ** 20,
  maxBatchBytes: 8 * 2 ** 30,
  keepFreeBytes: 2 ** 30,
  maxLearnerZipBytes: 512 * 2 ** 20,
  maxMetadataBytes: 16 * 2 ** 20,
};

/**
 * Folders an entry's path keeps: a candidate is at most MAX_DEPTH folders below its learner's
 * folder, which is under a wrapper folder or two (eight still leave every candidate). A deeper
 * entry only says its folders exist, down to this depth. A learner's zip of 700 names of 32,700 folders each (91 MB, 125 KB in a Canvas
 * download) built a tree of 23 million folders and the whole batch ran out of memory.
 */
export const MAX_PATH_SEGMENTS = 16;

const S_IFMT = 0o170000;
const SPECIAL: Record<number, string> = { 0o010000: 'a FIFO', 0o020000: 'a device', 0o060000: 'a device', 0o120000: 'a symlink', 0o140000: 'a socket' };

/** An entry name is safe when it is relative and has no `..` segment (either slash counts). */
export function unsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[A-Za-z]:/.test(n) || isAbsolute(n) || n.split('/').includes('..');
}

export interface ZipEntry {
  /** The name as stored (backslashes read as `/`), for messages. */
  name: string;
  /** The name's segments, empty and `.` ones dropped; up to the first `..` when `unsafe`. */
  path: string[];
  /** Absolute, or with a `..` segment: never unpacked. */
  unsafe: boolean;
  kind: 'file' | 'dir' | 'special';
  /** For a special entry: "a symlink", "a FIFO", "a socket", "a device". */
  what?: string;
  /** Uncompressed size, as the index declares it (yauzl fails a read that inflates to more). */
  size: number;
  raw: yauzl.Entry;
}

export const unreadable = (display: string, e: unknown): GraderError =>
  new GraderError('SUBMISSION_INVALID', `Cannot read ${oneLine(display)} as a zip archive (${oneLine((e as Error).message)}); check that it downloaded completely, or unzip it and pass the folder.`);

/**
 * An open archive and its index. Only what makes the whole archive unusable is an error here: not
 * a zip, a corrupt index, more entries than an index wlgrade holds. What one entry holds is left
 * to the caller, which makes it that learner's error row.
 */
export class ZipArchive {
  /**
   * One entry's stream at a time: yauzl reading two entries of one archive at once, one stream
   * destroyed while another waits, can throw an uncaught TypeError inside yauzl (batch 35). Each
   * stream waits for the one before it to end or be closed (`reader`'s close, `extract`'s end).
   */
  private turn: Promise<void> = Promise.resolve();

  /** Waits for this archive's streams before it; the function given back lets the next one go (once). */
  private async nextTurn(): Promise<() => void> {
    const before = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((r) => (release = r));
    await before;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  }

  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly display: string,
    readonly entries: ZipEntry[],
  ) {}

  /** `display` names the archive in messages. */
  static async open(zipPath: string, display: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipArchive> {
    let zip: yauzl.ZipFile;
    try {
      // Names are decoded below, not by yauzl: it stops reading the index at the first `..` name,
      // and a `..` inside one learner's folder is that learner's problem, not the class's.
      zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
    } catch (e) {
      if (isMachineError(e)) throw e; // too many open files, a failing disk: no fault of the archive's
      throw unreadable(display, e);
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      throw new GraderError('SUBMISSION_INVALID', `${oneLine(display)} has more than ${limits.maxEntries} entries; wlgrade refuses archives this large. Unzip it and pass the folder instead.`);
    }
    const entries: ZipEntry[] = [];
    let nameBytes = 0;
    try {
      await new Promise<void>((done, fail) => {
        zip.on('error', fail);
        zip.on('end', () => done());
        zip.on('entry', (raw: yauzl.Entry) => {
          // One long name is no reason to refuse an export (a learner's deep folders would cost the
          // whole class its archive): their sum is bounded, and each path's depth (describe).
          nameBytes += raw.fileNameLength;
          if (nameBytes > limits.maxNameBytes) {
            fail(new Error(`its entries' names add up to more than ${formatSize(limits.maxNameBytes)}`));
            return;
          }
          entries.push(describe(raw));
          zip.readEntry();
        });
        zip.readEntry();
      });
    } catch (e) {
      zip.close();
      throw unreadable(display, e);
    }
    return new ZipArchive(zip, display, entries);
  }

  /** Up to `bytes` from the start of a file entry, inflated; the rest is never read. */
  async head(e: ZipEntry, bytes: number): Promise<Buffer> {
    const r = this.reader(e);
    try {
      return await r.read(bytes);
    } finally {
      r.close();
    }
  }

  /**
   * A file entry's inflated bytes from its start, in one pass: `read(n)` gives its first n bytes
   * (fewer at its end), inflating only past what an earlier read gave, so the ranking's head and
   * then whole entry (pick.ts rankedText) inflate it once, not its first 2 MiB twice; `close()`
   * ends the stream (what was not read is never inflated).
   */
  reader(e: ZipEntry): { read: (bytes: number) => Promise<Buffer>; close: () => void } {
    let stream: Readable | undefined;
    let chunks: AsyncIterator<Buffer> | undefined;
    let got = Buffer.alloc(0);
    let ended = false;
    let closed = false;
    // This reader's turn at the archive, from its stream's opening to its end or close().
    let release: (() => void) | undefined;
    const close = () => {
      closed = true;
      if (stream === undefined) release?.();
      else afterClose(stream, release);
      stream?.destroy();
    };
    return {
      read: async (bytes) => {
        if (closed) throw new Error('the entry reader is closed');
        const more: Buffer[] = [got];
        let have = got.length;
        try {
          while (have < bytes && !ended) {
            if (chunks === undefined) {
              release = await this.nextTurn();
              // Closed while it waited: the turn passes on, no stream is opened.
              if (closed) {
                release();
                throw new Error('the entry reader is closed');
              }
              stream = await this.zip.openReadStreamPromise(e.raw);
              chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
            }
            const next = await chunks.next();
            if (next.done) {
              ended = true;
              afterClose(stream!, release);
            } else {
              more.push(next.value);
              have += next.value.length;
            }
          }
        } catch (err) {
          // A failed stream (a corrupt entry) lets the archive's next one go.
          close();
          throw err;
        }
        if (more.length > 1) got = Buffer.concat(more);
        return got.subarray(0, bytes);
      },
      close,
    };
  }

  /** Writes a file entry to `target`, a new file under `root` (its folders are created). */
  async extract(e: ZipEntry, root: string, target: string): Promise<void> {
    if (e.unsafe || e.kind !== 'file' || !resolve(target).startsWith(resolve(root) + sep)) throw new Error(`refusing to write ${e.name}`);
    await makeDirs(dirname(target));
    const release = await this.nextTurn();
    let stream: Readable | undefined;
    try {
      stream = await this.zip.openReadStreamPromise(e.raw);
      // 'wx': never over an existing file; 0o600: only wlgrade reads it (the sandbox gets a copy).
      await pipeline(stream, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      // A half-written file is removed; one that was there already (EEXIST) is not this call's.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await rm(target, { force: true }).catch(() => undefined);
      throw err;
    } finally {
      if (stream === undefined) release();
      else afterClose(stream, release);
    }
  }

  close(): void {
    this.zip.close();
  }
}

/** `then` once `stream` has closed (at once if it has): its teardown after destroy() is not synchronous, and the next entry's stream waits for it. */
function afterClose(stream: Readable, then: (() => void) | undefined): void {
  if (then === undefined) return;
  if (stream.closed) then();
  else stream.once('close', then);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An entry's name. The zip format reads a name without the UTF-8 flag (bit 11) as CP437, but the
 * tools staff zip a folder with write the bytes as they are: Info-ZIP's `zip -r` on Linux and
 * macOS stores `garcía.py` in UTF-8 with no flag and no Unicode Path field, and read as CP437 it
 * was the learner `garc├¡a`, whom no roster holds. Such a name that is valid UTF-8 is read as
 * UTF-8 (a CP437 name with accents is almost never valid UTF-8); any other stays CP437.
 */
function entryName(raw: yauzl.Entry): string {
  const name = yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, raw.fileNameRaw, raw.extraFields, false);
  const flagged = (raw.generalPurposeBitFlag & 0x800) !== 0;
  const unicodePath = raw.extraFields.some((f) => f.id === 0x7075);
  if (flagged || unicodePath || raw.fileNameRaw.every((b) => b < 0x80)) return name;
  try {
    return strictUtf8.decode(raw.fileNameRaw);
  } catch {
    return name;
  }
}

function describe(raw: yauzl.Entry): ZipEntry {
  const name = entryName(raw);
  const unsafe = unsafeEntryName(name);
  // An unsafe name keeps the folders before its first `..` (whose learner it is), an absolute one none.
  const segments = /^([A-Za-z]:|\/)/.test(name) || isAbsolute(name) ? [] : name.split('/');
  const cut = segments.indexOf('..');
  const kept = (cut >= 0 ? segments.slice(0, cut) : segments).filter((s) => s !== '' && s !== '.');
  const path = kept.slice(0, MAX_PATH_SEGMENTS);
  const mode = (raw.externalFileAttributes >>> 16) & S_IFMT;
  const base = { name, path, unsafe, size: raw.uncompressedSize, raw };
  // Deeper than any candidate: its folders, down to MAX_PATH_SEGMENTS, and nothing to unpack.
  if (name.endsWith('/') || mode === 0o040000 || kept.length > path.length) return { ...base, kind: 'dir' };
  const what = SPECIAL[mode];
  // Any other mode (0 from DOS and Windows tools, S_IFREG) is a regular file.
  return what ? { ...base, kind: 'special', what } : { ...base, kind: 'file' };
}

/** The sentence for an entry that would land outside the folder it is unpacked into. */
export function zipSlipMessage(display: string, name: string): string {
  return `${oneLine(display)} contains the entry "${oneLine(name)}", which points outside the archive (zip-slip); wlgrade refuses to extract it: re-export the archive or remove that entry.`;
}

/** A size for messages: GiB to one decimal, whole MiB, or KiB below one MiB. */
export function formatSize(n: number): string {
  if (n >= 2 ** 30) return `${Math.round((n / 2 ** 30) * 10) / 10} GiB`;
  return n >= 2 ** 20 ? `${Math.round(n / 2 ** 20)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/**
 * What a batch may still unpack, in bytes: the smaller of ZipLimits.maxBatchBytes and the free
 * space of the --out disk less what is kept free. Taken before each file is written (by its
 * declared size, which yauzl enforces), given back when a file is removed.
 */
export class UnpackBudget {
  private used = 0;
  constructor(
    readonly cap: number,
    /** The cap is the disk's free space, not maxBatchBytes. */
    readonly byDisk: boolean,
    readonly keepFree = 0,
  ) {}

  static async forDisk(dir: string, limits: ZipLimits): Promise<UnpackBudget> {
    try {
      const s = await statfs(dir);
      const keep = Math.min(limits.keepFreeBytes, (s.blocks * s.bsize) / 10);
      const free = s.bavail * s.bsize - keep;
      if (free < limits.maxBatchBytes) return new UnpackBudget(Math.max(0, free), true, keep);
    } catch (e) {
      // A file system statfs cannot read (no such call there: ENOSYS; a refusal of the folder's): the
      // fixed cap alone. The machine's error (EIO) stops the batch (discoverSubmissions), a bug goes up.
      if (!isUnreadable(e) && (e as NodeJS.ErrnoException | undefined)?.code !== 'ENOSYS') throw e;
    }
    return new UnpackBudget(limits.maxBatchBytes, false);
  }

  take(bytes: number): boolean {
    if (this.used + bytes > this.cap) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }

  /** The error row of a learner whose file `what` (of `bytes`) did not fit. */
  refusal(what: string, bytes: number): string {
    const head = `${oneLine(what)} (${formatSize(bytes)}) was not unpacked`;
    if (this.byDisk) return `${head}: the disk that holds --out has only ${formatSize(Math.max(0, this.cap - this.used))} left beyond the ${formatSize(this.keepFree)} wlgrade keeps free; free some space and run wlgrade again.`;
    return `${head}: this batch has already unpacked ${formatSize(this.used)} of the ${formatSize(this.cap)} one batch may; unzip the archive yourself and pass the folder.`;
  }
}

/** Builds test zips in memory with yazl; `unsafe` renames entries afterwards (yazl refuses `..`). */
import { Readable } from 'node:stream';
import yazl from 'yazl';

export async function makeZip(files: Record<string, string | Buffer>, unsafe: Record<string, string> = {}, modes: Record<string, number> = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of Object.entries(files)) zip.addBuffer(Buffer.from(body), name, modes[name] === undefined ? {} : { mode: modes[name] });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return renameEntries(Buffer.concat(chunks), unsafe);
}

/**
 * Renames entries in a built zip: names yazl refuses (`..`), or a second entry of one name.
 * Same-length renames patch both the local header and the central directory copy of the name.
 */
export function renameEntries(zip: Buffer, renames: Record<string, string>): Buffer {
  let buf = zip;
  for (const [from, to] of Object.entries(renames)) {
    if (from.length !== to.length) throw new Error('renames must keep the length');
    buf = Buffer.from(buf.toString('latin1').split(from).join(to), 'latin1');
  }
  return buf;
}

/** Sets the compression method of entry `name` (in its local header and its central directory record). */
export function setMethod(zip: Buffer, name: string, method: number): Buffer {
  const out = Buffer.from(zip);
  const needle = Buffer.from(name);
  for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, i + 1)) {
    if (i >= 46 && out.readUInt32LE(i - 46) === 0x02014b50) out.writeUInt16LE(method, i - 46 + 10);
    if (i >= 30 && out.readUInt32LE(i - 30) === 0x04034b50) out.writeUInt16LE(method, i - 30 + 8);
  }
  return out;
}

/** A zip of `files` and one entry `name` that inflates to `bytes` zero bytes (about 1000:1), built without holding it. */
export async function makeBombZip(files: Record<string, string>, name: string, bytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [n, body] of Object.entries(files)) zip.addBuffer(Buffer.from(body), n);
  const mib = Buffer.alloc(2 ** 20);
  zip.addReadStream(Readable.from((function* () {
    for (let left = bytes; left > 0; left -= mib.length) yield left >= mib.length ? mib : mib.subarray(0, left);
  })()), name, { compressionLevel: 9 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Clears the UTF-8 flag (bit 11) of every entry, in its local header and its central directory
 * record, so names are stored as Info-ZIP's `zip` on Linux or macOS stores them: raw bytes, no flag.
 * `raw` replaces a name's bytes (same length) to store a name in another encoding (CP437).
 */
export function clearUtf8Flag(zip: Buffer, raw: Record<string, Buffer> = {}): Buffer {
  let out = Buffer.from(zip);
  for (const [name, bytes] of Object.entries(raw)) {
    const from = Buffer.from(name);
    if (from.length !== bytes.length) throw new Error('raw names must keep the byte length');
    for (let i = out.indexOf(from); i >= 0; i = out.indexOf(from, i + 1)) bytes.copy(out, i);
  }
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt16LE(out.readUInt16LE(i + 6) & ~0x800, i + 6);
    if (sig === 0x02014b50) out.writeUInt16LE(out.readUInt16LE(i + 8) & ~0x800, i + 8);
  }
  return out;
}

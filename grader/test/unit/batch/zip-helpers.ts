/** Builds test zips in memory with yazl; `unsafe` renames entries afterwards (yazl refuses `..`). */
import yazl from 'yazl';

export async function makeZip(files: Record<string, string>, unsafe: Record<string, string> = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of Object.entries(files)) zip.addBuffer(Buffer.from(body), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  let buf = Buffer.concat(chunks);
  // Same-length renames patch both the local header and the central directory copy of the name.
  for (const [from, to] of Object.entries(unsafe)) {
    if (from.length !== to.length) throw new Error('unsafe renames must keep the length');
    buf = Buffer.from(buf.toString('latin1').split(from).join(to), 'latin1');
  }
  return buf;
}

/**
 * `mkdir -p` that always returns. Node's own `mkdir(path, { recursive: true })` (20.x, sync and
 * async) never settles when a parent exists but mkdir of its child still says ENOENT: any path under
 * /proc or /sys (`--out /proc/x`), or under a dangling symlink. It reads ENOENT as "make the parent
 * first", the parent answers EEXIST, and it retries the child for ever at 100% CPU. Here each
 * folder is tried at most twice: once, and again after its parent was made; a second ENOENT is the
 * error.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export async function makeDirs(path: string, mode?: number): Promise<void> {
  const dir = resolve(path);
  const once = () => mkdir(dir, mode === undefined ? {} : { mode });
  try {
    await once();
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // A folder already there is what was asked. A file of that name is what the system calls
      // ENOTDIR when the path goes on through it (EEXIST reads as if the folder were there).
      const there = await stat(dir).catch(() => null);
      if (there?.isDirectory()) return;
      if (there) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir });
      throw e;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    // A parent that exists but is no folder (a dangling symlink) leaves this one not found.
    await makeDirs(parent, mode).catch((up: NodeJS.ErrnoException) => {
      throw up.code === 'EEXIST' ? e : up;
    });
  }
  try {
    await once();
  } catch (e) {
    // Made by someone else in the meantime (two shards into one disk): fine.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(dir).catch(() => null))?.isDirectory()) return;
    throw e;
  }
}

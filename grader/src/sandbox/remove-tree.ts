/**
 * Removes a folder learner code could write to: process mode's run folder and its HOME (the
 * process-mode pool's folder is emptied by pool_server.py, which unlocks the same way). Without
 * root, a folder the learner made unreadable or unsearchable (`os.chmod('d', 0)`) stops a plain
 * recursive rm with EACCES; the grader's uid owns every folder its learner code made (the same
 * uid), so it gives each folder its owner's rwx back and removes again. A tree too deep for a path
 * (ENAMETOOLONG, root or not) is cut into shorter ones on the way.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
    return;
  } catch {
    // a folder left locked: unlock the tree and remove it again (what fails then is thrown)
  }
  await unlockTree(path, path);
  await rm(path, { recursive: true, force: true });
}

/** Past this many characters a folder is moved up to the tree's top (see unlockTree). */
const LONG_PATH = 1024;

/**
 * Gives every folder of the tree its owner's rwx, from the top down (a folder must be searchable
 * before what it holds can be seen). lstat, never stat: a symlink is not followed, so nothing
 * outside the tree has its mode changed (the processes that made the tree are gone by then).
 * Node's rm takes whole paths, and a tree 1,200 folders deep (os.chdir into each new one) is past
 * PATH_MAX: ENAMETOOLONG. So a folder whose path grows long is moved to the tree's top, still
 * inside it, and its own tree is short again.
 */
async function unlockTree(path: string, top: string): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (!st?.isDirectory()) return;
  if ((st.mode & 0o700) !== 0o700) await chmod(path, (st.mode & 0o7777) | 0o700).catch(() => undefined);
  let here = path;
  if (path.length > LONG_PATH) {
    const moved = join(top, `.deep-${randomBytes(6).toString('hex')}`);
    if (await rename(path, moved).then(() => true, () => false)) here = moved;
  }
  const names = await readdir(here).catch((): string[] => []);
  for (const name of names) await unlockTree(join(here, name), top);
}

/**
 * Makes `dir/home` an empty folder again, `dir` being the run's own temp folder. Learner code shares
 * the grader's uid in process mode and may have locked `dir` itself, so its mode is put back first
 * (mkdtemp's 0700). A HOME that still cannot be removed is moved aside within `dir` (removed with
 * it at the end), so the next attempt starts empty all the same.
 */
export async function emptyHome(dir: string): Promise<void> {
  // The same uid may also have moved `dir` away or put a file or symlink in its place (red team 29):
  // a folder of the run's is made there again (what was moved away is the learner's doing, left).
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) {
    if (st) await rm(dir, { force: true });
    await mkdir(dir, { mode: 0o700 });
  }
  await chmod(dir, 0o700);
  const home = join(dir, 'home');
  try {
    await removeTree(home);
  } catch {
    await rename(home, join(dir, `home-old-${randomBytes(6).toString('hex')}`));
  }
  await mkdir(home);
}

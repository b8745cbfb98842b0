/**
 * The pool server's wipe (pool_server.Server.wipe) after each job: what the job left in the folders
 * the server keeps (HOME, the submission folder, the wiped roots) must not reach the next job, and
 * what it cannot remove makes the server unclean (the grader then starts a fresh one). Without
 * root those folders belong to the job's uid, so the job can replace or decorate them.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON_DIR } from '../../../src/paths.js';

const PY = process.env.WLGRADE_PYTHON ?? 'python3';

/** Runs `job` (Python, with `base` the server's folder) between a server's start and its wipe; returns the wipe's answer and what is left. */
async function wipeAfter(job: string): Promise<{ left: string[]; home: string; xattrs: string[] }> {
  const script = `
import sys, os, json, tempfile
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import pool_server
base = tempfile.mkdtemp()
server = pool_server.Server({"base": base, "wipe": [], "pidns": False})
server.prepare(None)
home = server.home
${job}
left = server.wipe()
kind = "symlink" if os.path.islink(home) else "folder" if os.path.isdir(home) else "absent"
try:
    xattrs = [n for n in os.listxattr(base) if n.startswith("user.")]
except OSError:
    xattrs = []
print(json.dumps({"left": [os.path.relpath(p, base) for p in left], "home": kind, "xattrs": xattrs}))
`;
  const r = await execa(PY, ['-c', script]);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { left: string[]; home: string; xattrs: string[] };
}

describe('pool_server wipe', () => {
  it('a HOME replaced by a dangling symlink is removed and makes the server unclean (its next prepare() would fail)', async () => {
    const r = await wipeAfter('os.rename(home, home + ".old")\nos.symlink("/nonexistent/home", home)');
    expect(r.left).toEqual(['home']);
    expect(r.home).not.toBe('symlink');
  });

  it('a HOME replaced by a file is removed too', async () => {
    const r = await wipeAfter('os.rmdir(home)\nopen(home, "w").write("x")');
    expect(r.left).toEqual(['home']);
    expect(r.home).toBe('absent');
  });

  it('extended attributes on a kept folder are removed (tmpfs keeps user.* ones), and a clean job stays clean', async (ctx) => {
    const probe = await execa(PY, ['-c', 'import os, tempfile; d = tempfile.mkdtemp(); os.setxattr(d, "user.t", b"1")'], { reject: false });
    if (probe.exitCode !== 0) return ctx.skip(); // this filesystem has no user xattrs
    const r = await wipeAfter('os.setxattr(base, "user.wl", b"the answer is 42")\nos.setxattr(home, "user.wl", b"42")');
    expect(r).toEqual({ left: [], home: 'folder', xattrs: [] });
    expect(await wipeAfter('open(os.path.join(home, "notes.txt"), "w").write("x")')).toEqual({ left: [], home: 'folder', xattrs: [] });
  });

  it('ACLs, times and inode flags on a kept folder are put back as the server first saw them (a job left numbers in them)', async () => {
    const script = `
import sys, os, json, struct, tempfile
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
import pool_server
base = tempfile.mkdtemp()
def marks(path):
    st = os.stat(path)
    try:
        names = sorted(os.listxattr(path))
    except OSError:
        names = []
    return {"xattrs": names, "times": [str(st.st_atime_ns), str(st.st_mtime_ns)], "flags": pool_server.inode_flags(path)}
server = pool_server.Server({"base": base, "wipe": [], "pidns": False})
before = {"base": marks(base)}  # a root as the server started; HOME as its first prepare() made it
server.prepare(None)
home = server.home
before["home"] = marks(home)
# An ACL whose named user is the number 4242 (sorted entries: owner, named user, group, mask, other).
acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in
    [(1, 7, 0xFFFFFFFF), (2, 5, 4242), (4, 5, 0xFFFFFFFF), (0x10, 5, 0xFFFFFFFF), (0x20, 5, 0xFFFFFFFF)])
planted = []
for folder in (base, home):
    for name in ("system.posix_acl_access", "system.posix_acl_default"):
        try:
            os.setxattr(folder, name, acl)
            planted.append(name)
        except OSError:  # a file system without ACLs
            pass
    os.utime(folder, ns=(4242 * 10**15, 4242 * 10**15))
    if pool_server.inode_flags(folder) is not None:
        pool_server.set_inode_flags(folder, pool_server.inode_flags(folder) | 0x40)  # FS_NODUMP_FL
left = server.wipe()
print(json.dumps({"left": left, "planted": planted, "before": before, "after": {"base": marks(base), "home": marks(home)}}))
`;
    const r = JSON.parse((await execa(PY, ['-c', script])).stdout.trim().split('\n').pop()!) as { left: string[]; planted: string[]; before: unknown; after: unknown };
    expect(r.left).toEqual([]);
    expect(r.planted.length).toBeGreaterThan(0);
    expect(r.after).toEqual(r.before);
  });
});

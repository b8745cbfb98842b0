/** How the bench reads /proc (a seam for tests). */
export interface ProcFs {
  readdir(path: string): string[];
  read(path: string): string;
}

import { readdirSync, readFileSync } from 'node:fs';

const realFs: ProcFs = { readdir: (p) => readdirSync(p), read: (p) => readFileSync(p, 'utf8') };

/** A /proc/<pid>/stat line's parent pid and resident pages' bytes. */
function statOf(text: string): { ppid: number; rss: number } {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), rss: Number(f[21]) * 4096 };
}

/**
 * The resident memory (bytes) of `root` and all its descendants, or null without /proc. The tree is
 * followed down from `root` through each thread's `children` list (a child is listed under the
 * thread that forked it), so only the tree's own stat files are read: the bench samples ten times a
 * second while it times the pool, and a scan of every process on the machine (~130 here, each
 * stat file read) took CPU from the pool it measured. A kernel without those lists
 * (CONFIG_PROC_CHILDREN) gets the scan (allProcesses).
 */
export function treeRss(root: number, fs: ProcFs = realFs): number | null {
  try {
    fs.read(`/proc/${root}/task/${root}/children`);
  } catch {
    return allProcesses(root, fs);
  }
  let total = 0;
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      total += statOf(fs.read(`/proc/${pid}/stat`)).rss;
    } catch {
      continue; // gone
    }
    let tasks: string[] = [];
    try {
      tasks = fs.readdir(`/proc/${pid}/task`);
    } catch {
      // gone
    }
    for (const task of tasks) {
      try {
        for (const child of fs.read(`/proc/${pid}/task/${task}/children`).split(' ')) if (child.trim()) stack.push(Number(child));
      } catch {
        // the thread or the process ended
      }
    }
  }
  return total;
}

/** treeRss by a scan of every process: those whose parents lead to `root` are summed. */
function allProcesses(root: number, fs: ProcFs): number | null {
  const stats = new Map<number, { ppid: number; rss: number }>();
  let names: string[];
  try {
    names = fs.readdir('/proc');
  } catch {
    return null;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      stats.set(Number(name), statOf(fs.read(`/proc/${name}/stat`)));
    } catch {
      // gone
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, s] of stats) if (inTree(pid)) total += s.rss;
  return total;
}

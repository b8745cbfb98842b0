/**
 * The bench's memory sampler (tree-rss.ts) reads the measured process tree, not the machine: it ran
 * ten times a second while the pool was timed, and a read of every process's /proc/<pid>/stat took
 * CPU from the pool it measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treeRss, type ProcFs } from '../../../bench/tree-rss.js';

const linux = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/** The pids whose parents lead to `root` (root included), by a scan of every process. */
function scannedTree(root: number): Set<number> {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out = new Set<number>();
  for (const pid of parent.keys()) {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) {
        out.add(pid);
        break;
      }
      p = parent.get(p) ?? 0;
    }
  }
  return out;
}

/** The /proc/<pid>/stat files a call read, by pid. */
function recording(): { fs: ProcFs; stats: Set<number> } {
  const stats = new Set<number>();
  const fs: ProcFs = {
    readdir: (p) => readdirSync(p),
    read: (p) => {
      const m = /^\/proc\/(\d+)\/stat$/.exec(p);
      if (m) stats.add(Number(m[1]));
      return readFileSync(p, 'utf8');
    },
  };
  return { fs, stats };
}

describe.runIf(linux)('treeRss', () => {
  let shell: ChildProcess;
  beforeAll(async () => {
    // A child with children of its own: a shell that starts two sleeps and waits.
    shell = spawn('sh', ['-c', 'sleep 60 & sleep 60 & wait'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && scannedTree(shell.pid!).size < 3; i++) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(() => {
    for (const pid of scannedTree(shell.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('reads the stat of every process of the tree and of no other', () => {
    const root = shell.pid!;
    const tree = scannedTree(root);
    expect(tree.size).toBe(3); // the shell and its two sleeps
    const { fs, stats } = recording();
    const rss = treeRss(root, fs);
    expect(stats).toEqual(tree);
    expect(rss).toBeGreaterThan(0);
  });

  it('sums the resident memory of the tree it read', () => {
    const root = shell.pid!;
    let expected = 0;
    const { fs } = recording();
    const read = fs.read;
    fs.read = (p) => {
      const text = read(p);
      if (/^\/proc\/\d+\/stat$/.test(p)) expected += Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[21]) * 4096;
      return text;
    };
    expect(treeRss(root, fs)).toBe(expected);
  });

  it('counts the grader itself and its whole tree from its own pid', () => {
    const { fs, stats } = recording();
    treeRss(process.pid, fs);
    for (const pid of scannedTree(shell.pid!)) expect(stats.has(pid)).toBe(true);
    expect(stats.has(process.pid)).toBe(true);
    expect(stats.has(1)).toBe(false);
  });

  it('scans every process when the kernel lists no children, and finds the same tree', () => {
    const root = shell.pid!;
    const { fs, stats } = recording();
    const read = fs.read;
    fs.read = (p) => {
      if (p.endsWith('/children')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return read(p);
    };
    expect(treeRss(root, fs)).toBeGreaterThan(0);
    for (const pid of scannedTree(root)) expect(stats.has(pid)).toBe(true);
    expect(stats.has(1)).toBe(true); // the scan reads them all
  });
});

import { readdir, readFile } from 'node:fs/promises';

/**
 * Waiting on an event a test cannot subscribe to (a process reaching a state in /proc, a folder
 * appearing): poll for it instead of sleeping a fixed time, which a loaded machine outlasts. The
 * limit is a backstop, not the subject: past it the test fails with a sentence naming what it
 * waited for and what it last saw, instead of vitest's bare "Test timed out in N ms".
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  opts: { limitMs?: number; everyMs?: number; seen?: () => string } = {},
): Promise<T> {
  const { limitMs = 60_000, everyMs = 20 } = opts;
  for (const end = Date.now() + limitMs; ; ) {
    const got = await probe();
    if (got !== undefined && got !== null && got !== false) return got;
    if (Date.now() >= end) throw new Error(`waited ${limitMs / 1000} s for ${what}${opts.seen ? `; last seen: ${opts.seen()}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** An event (a child's 'exit') raced against a backstop limit, failing with what was awaited. */
export function within<T>(what: string, event: Promise<T>, limitMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${limitMs / 1000} s for ${what}`)), limitMs);
  });
  return Promise.race([event, late]).finally(() => clearTimeout(timer));
}

/** Pids of the processes named `comm` (/proc/<pid>/comm, which the learner code set). */
export async function named(comm: string): Promise<number[]> {
  const out: number[] = [];
  for (const p of await readdir('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const name = await readFile(`/proc/${p}/comm`, 'utf8').catch(() => '');
    if (name.trim() === comm) out.push(Number(p));
  }
  return out;
}

/**
 * The link checker of README.md and docs/: every relative link reaches a file, and its #anchor a
 * heading of that file (GitHub's anchors, with -1, -2 … on repeated headings); every section a
 * sentence names in prose ("docs/sandbox.md, "The record channel"", "README, *Losses written for
 * Keras's float32 tensors*", "see *Mistake catalogue*", ""stop 24" in docs/performance.md") is a
 * heading or a bold paragraph title of that file; and every page of docs/ is linked from README.
 * Code blocks and code spans are not read: a link shown as code is an example, not a link.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** The text outside fenced code blocks and code spans (code spans keep their words, without backquotes, for headings). */
function prose(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of each heading: lower case, punctuation dropped, spaces to hyphens; a repeat gets -1, -2 … */
export function anchorsOf(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const text = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6} +(.*?)#*\s*$/gm)) {
    const base = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The section titles of a file: its headings (without backquotes) and the bold titles that open a paragraph or list item. */
export function titlesOf(md: string): string[] {
  const text = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const headings = [...text.matchAll(/^#{1,6} +(.*?)\s*$/gm)].map((m) => m[1]!.replace(/`/g, ''));
  const bold = [...text.matchAll(/^(?:[-*] +)?\*\*([^*]+?)\.?\*\*/gm)].map((m) => m[1]!);
  return [...headings, ...bold];
}

export type Broken = { file: string; ref: string; why: string };

/** What does not resolve in `file`'s text; `read(path)` gives a repository file's text, or undefined. */
export function checkLinks(file: string, md: string, read: (path: string) => string | undefined): Broken[] {
  const broken: Broken[] = [];
  const text = prose(md);
  const resolve = (path: string) => (path ? normalize(join(dirname(file), path)) : file);
  for (const m of text.matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s+(\S+)/gm)) {
    const link = m[1] ?? m[2]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
    const [path, hash] = link.split('#') as [string, string | undefined];
    const target = resolve(decodeURIComponent(path));
    const body = read(target);
    if (body === undefined) broken.push({ file, ref: link, why: `${target} does not exist` });
    else if (hash !== undefined && !target.endsWith('.md')) broken.push({ file, ref: link, why: `${target} is not Markdown: no anchors` });
    else if (hash !== undefined && !anchorsOf(body).has(hash)) broken.push({ file, ref: link, why: `no heading of ${target} has the anchor #${hash}` });
  }
  const flat = text.replace(/\s+/g, ' ');
  const named: { target: string; title: string; ref: string }[] = [];
  for (const m of flat.matchAll(/\b(README(?:\.md)?|docs\/[a-z-]+\.md)(?:'s)?,? (?:"([^"]+)"|\*([^*]+)\*)/g)) {
    const target = m[1]!.startsWith('README') ? 'README.md' : m[1]!;
    named.push({ target, title: m[2] ?? m[3]!, ref: m[0] });
  }
  for (const m of flat.matchAll(/"([^"]+)" in (docs\/[a-z-]+\.md|README(?:\.md)?)/g)) {
    named.push({ target: m[2]!.startsWith('README') ? 'README.md' : m[2]!, title: m[1]!, ref: m[0] });
  }
  for (const m of flat.matchAll(/\b[Ss]ee \*([^*]+)\*/g)) named.push({ target: file, title: m[1]!, ref: m[0] });
  for (const { target, title, ref } of named) {
    const body = read(target);
    const want = title.toLowerCase();
    if (body === undefined) broken.push({ file, ref, why: `${target} does not exist` });
    else if (!titlesOf(body).some((t) => t.toLowerCase().startsWith(want))) broken.push({ file, ref, why: `${target} has no heading or bold title "${title}"` });
  }
  return broken;
}

describe('the link checker itself', () => {
  const files: Record<string, string> = {
    'README.md': '# Tool\n\n## JSON report (`check --json`)\n\n**Losses in float32.** text\n\n## Notes\n\n## Notes\n',
    'docs/a.md': '# A\n\n## The record channel\n\n**Stop 3.** measured\n',
  };
  const read = (p: string) => files[p];
  const check = (md: string, file = 'docs/b.md') => checkLinks(file, md, read).map((b) => b.ref);

  it('passes links, anchors and named sections that resolve', () => {
    expect(
      check('[r](../README.md#json-report-check---json), [n](../README.md#notes-1), [a](a.md#the-record-channel) (README, *Losses in float32*; docs/a.md, "The record channel"; "stop 3" in docs/a.md) [w](https://x.org/#y)'),
    ).toEqual([]);
    expect(check('see *Losses in float32* and [top](#tool)', 'README.md')).toEqual([]);
  });

  it('finds a missing file, a missing anchor, a third repeat, a missing section', () => {
    expect(check('[x](gone.md) [y](a.md#nope) [z](../README.md#notes-2) (README, "JSON output") (docs/a.md, *Stop 4*)')).toEqual([
      'gone.md',
      'a.md#nope',
      '../README.md#notes-2',
      'README, "JSON output"',
      'docs/a.md, *Stop 4*',
    ]);
  });

  it('reads no link inside code', () => {
    expect(check('```md\n[x](gone.md)\n```\nand `[y](gone.md)`')).toEqual([]);
  });
});

describe('links in README.md and docs/', () => {
  const docs = readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const files = ['README.md', ...docs, 'reference/oracles/README.md'];
  const read = (p: string) => (existsSync(join(PACKAGE_ROOT, p)) ? readFileSync(join(PACKAGE_ROOT, p), 'utf8') : undefined);

  it.each(files)('%s: every relative link, anchor and named section resolves', (file) => {
    expect(checkLinks(file, read(file)!, read)).toEqual([]);
  });

  it('README links every page of docs/', () => {
    const readme = prose(read('README.md')!);
    expect(docs.filter((d) => !readme.includes(`](${d})`) && !readme.includes(`](${d}#`))).toEqual([]);
  });
});

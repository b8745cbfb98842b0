import { describe, expect, it } from 'vitest';
import { splitLines } from '../../../src/sandbox/split-lines.js';

/** Feeds `chunks` to a fresh splitter; returns every line and what was left. */
function feed(chunks: string[], max = 1_000) {
  const s = splitLines(max);
  const lines: string[] = [];
  for (const c of chunks) {
    const got = s.push(c);
    if (got === 'too-long') return { lines, rest: 'too-long' };
    lines.push(...got);
  }
  return { lines, rest: s.rest() };
}

describe('splitLines', () => {
  it.each<[string, string[], { lines: string[]; rest: string }]>([
    ['one chunk, two lines and a rest', ['a\nbb\nc'], { lines: ['a', 'bb'], rest: 'c' }],
    ['a line over three chunks', ['ab', 'cd', 'e\nf'], { lines: ['abcde'], rest: 'f' }],
    ['a chunk that is only the newline', ['abc', '\n', '\n'], { lines: ['abc', ''], rest: '' }],
    ['a chunk ending on a newline, then the next line', ['x\n', 'y\n'], { lines: ['x', 'y'], rest: '' }],
    ['empty chunks change nothing', ['', 'a', '', '\n', ''], { lines: ['a'], rest: '' }],
    ['no newline at all', ['ab', 'c'], { lines: [], rest: 'abc' }],
    ['multi-byte characters across chunks', ['张', '伟\n😀', '\n'], { lines: ['张伟', '😀'], rest: '' }],
  ])('%s', (_what, chunks, want) => expect(feed(chunks)).toEqual(want));

  it('gives the same lines however the text is cut', () => {
    const text = 'hello\n\nworld, a longer line\nx\nlast';
    for (let size = 1; size <= text.length; size++) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      expect(feed(chunks), `chunks of ${size}`).toEqual({ lines: ['hello', '', 'world, a longer line', 'x'], rest: 'last' });
    }
  });

  it.each<[string, string[]]>([
    ['a line begun over several chunks', ['12345', '678']],
    ['a whole line in one chunk', ['ok\n123456789\n']],
    ['a line that ends in the chunk that passes the limit', ['12345', '6789\n']],
  ])('refuses a line longer than the limit: %s', (_what, chunks) => expect(feed(chunks, 7).rest).toBe('too-long'));

  it('accepts a line of exactly the limit', () => expect(feed(['1234', '567\n'], 7)).toEqual({ lines: ['1234567'], rest: '' }));
});

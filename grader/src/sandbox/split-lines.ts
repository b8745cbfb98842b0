/**
 * Record lines out of a stream's chunks, in time linear in the input. A record can be tens of
 * megabytes (a returned array of a million floats) and arrives in pipe-sized chunks: appending
 * each chunk to the pending text and searching that from its start, chunk after chunk, costs the
 * square of the record's size (a 38 MB record took 13 s, and a call that had returned at once was
 * reported as "did not return within 10 s"). Here each chunk is searched once, from its own
 * start, and a line's pieces are joined once, when its '\n' arrives.
 */

export interface LineSplitter {
  /**
   * The lines `chunk` completes, in order, without their '\n'; 'too-long' when the line being
   * read passes the limit (the caller stops reading: nothing after it is returned).
   */
  push(chunk: string): string[] | 'too-long';
  /** What came after the last '\n': a last line the stream ended without ending. */
  rest(): string;
}

/** A splitter for lines of at most `maxChars` UTF-16 units each. */
export function splitLines(maxChars: number): LineSplitter {
  let pieces: string[] = []; // the line begun in earlier chunks
  let begun = 0; // their total length
  return {
    push(chunk) {
      const lines: string[] = [];
      let from = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
        if (begun + (nl - from) > maxChars) return 'too-long';
        const end = chunk.slice(from, nl);
        lines.push(pieces.length ? pieces.join('') + end : end);
        pieces = [];
        begun = 0;
        from = nl + 1;
      }
      if (from < chunk.length) {
        pieces.push(from === 0 ? chunk : chunk.slice(from));
        begun += chunk.length - from;
        if (begun > maxChars) return 'too-long';
      }
      return lines;
    },
    rest: () => pieces.join(''),
  };
}

/**
 * Edits from `a` to `b`: insertions, deletions, substitutions, and two letters side by side swapped
 * counting as one (y_treu is one slip from y_true, as a typist makes it). For "did you mean" in
 * case files (load-suite.ts) and misspelt imports (pip-names.ts), each with its own bound.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      next.push(d);
    }
    before = row;
    row = next;
  }
  return row[b.length]!;
}

/**
 * The option `value` is nearest to, within `within(option)` edits (the first on a tie), or
 * undefined: "did you mean". A difference of letter case alone counts 0 edits; `foldCase` counts
 * every edit without case (import names: `import Numpy` and `import NUMP` both mean numpy).
 */
export function nearest(value: string, options: Iterable<string>, within: (option: string) => number, foldCase = false): string | undefined {
  let best: { option: string; d: number } | undefined;
  for (const option of options) {
    const d = option.toLowerCase() === value.toLowerCase() ? 0 : foldCase ? editDistance(value.toLowerCase(), option.toLowerCase()) : editDistance(value, option);
    if (d <= within(option) && (!best || d < best.d)) best = { option, d };
  }
  return best?.option;
}

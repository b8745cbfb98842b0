/**
 * freqs-swapped's fix where the return already names the frequencies in order (framework sweep 31):
 * `return positive_frequencies, negative_frequencies` after computing each into the other's name is
 * told where the values went wrong, not to return them "in that order" (as it does).
 */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../src/grade/sites.js';
import { functionsOf } from '../../helpers/runner.js';

const freqs = (body: string[]) => `import numpy as np\nimport torch\n\n\ndef compute_class_freqs(labels):\n${body.map((l) => `    ${l}`).join('\n')}\n`;

describe('freqs-swapped: the fix says which', () => {
  const rows: [string, string, 'names' | 'assigned' | 'order'][] = [
    // The assignment that computes the mean into the other name is the line (lines 36a), its fix says the return is right.
    ['torch, names bound the other way', freqs(['labels = torch.as_tensor(labels, dtype=torch.float64)', 'negative_frequencies = labels.mean(dim=0)', 'positive_frequencies = 1 - negative_frequencies', 'return positive_frequencies, negative_frequencies']), 'assigned'],
    ['numpy, short names bound the other way', freqs(['neg = np.mean(labels, axis=0)', 'pos = 1 - neg', 'return pos, neg']), 'assigned'],
    // Made by a helper: no side read for sure, the return with the values' fix.
    ['a helper\'s mean bound the other way', freqs(['neg = _frac(labels)', 'pos = 1 - neg', 'return pos, neg']), 'names'],
    ['returned in the wrong order', freqs(['positive_frequencies = np.mean(labels, axis=0)', 'negative_frequencies = 1 - positive_frequencies', 'return negative_frequencies, positive_frequencies']), 'order'],
    ['an expression returned first', freqs(['pos = np.mean(labels, axis=0)', 'return 1 - pos, pos']), 'order'],
    ['names that say neither', freqs(['a = np.mean(labels, axis=0)', 'b = 1 - a', 'return b, a']), 'order'],
  ];
  it('names bound the other way get their own fix; a wrong order keeps the catalogue\'s', async () => {
    const fs = await functionsOf(rows.map(([, src]) => src));
    const got = rows.map(([name], i) => {
      const fix = siteOf('freqs-swapped', fs[i])?.fix;
      // No fix of the site's own: the catalogue's (return them in that order).
      return [name, fix === undefined ? 'order' : /right order, but the values are each other's/.test(String(fix)) ? 'names'
        : /into the other's name: .*the return's order is right/.test(String(fix)) ? 'assigned' : String(fix)];
    });
    expect(got).toEqual(rows.map(([name, , want]) => [name, want]));
  });
});

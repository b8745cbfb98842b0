import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leavesBase } from '../../src/paths.js';

describe('leavesBase', () => {
  const base = resolve('/srv/course/subs');
  const rel = (p: string) => relative(base, resolve(base, p));
  it('a path above or beside the base leaves it', () => {
    expect(leavesBase(rel('..'))).toBe(true);
    expect(leavesBase(rel('../other'))).toBe(true);
    expect(leavesBase(rel('/elsewhere'))).toBe(true);
  });
  it('the base itself and what is under it, a name starting with two dots too, do not', () => {
    expect(leavesBase(rel('.'))).toBe(false);
    expect(leavesBase(rel('alice'))).toBe(false);
    expect(leavesBase(rel('..results'))).toBe(false);
    expect(leavesBase(rel(join('..results', 'x')))).toBe(false);
  });
});

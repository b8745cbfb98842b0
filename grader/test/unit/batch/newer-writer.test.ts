import { describe, expect, it } from 'vitest';
import { newerWriter, newerWriterMessage, versionAbove } from '../../../src/batch/newer-writer.js';

describe('versionAbove', () => {
  it.each([
    ['0.2.0', '0.1.0', true],
    ['0.10.0', '0.9.9', true],
    ['1.0', '0.99.99', true],
    ['0.1.1', '0.1.0+abc123', true],
    ['0.1.0', '0.1.0', false],
    ['0.1.0+abc', '0.1.0', false],
    ['0.1.0-rc.1', '0.1.0', false],
    ['0.1', '0.1.0', false],
    ['0.0.9', '0.1.0', false],
    ['dev', '0.1.0', false],
  ])('%s above %s: %s', (a, b, want) => {
    expect(versionAbove(a, b)).toBe(want);
  });
});

describe('newerWriter', () => {
  const tool = (version: string) => ({ name: 'wlgrade', version });
  it.each([
    ['a newer wlgrade, same schema', { schemaVersion: 1, tool: tool('0.3.0'), rows: [], added: true }, '0.3.0'],
    ['a newer wlgrade, newer schema', { schemaVersion: 2, tool: tool('1.0.0') }, '1.0.0'],
    ['a newer schema from a build of this version (a dev build)', { schemaVersion: 2, tool: tool('0.1.0') }, 'a newer version'],
    ['a newer schema of a file without a tool (batch-state.json)', { schemaVersion: 2, entries: {} }, 'a newer version'],
    ['this wlgrade', { schemaVersion: 1, tool: tool('0.1.0') }, null],
    ['an older wlgrade', { schemaVersion: 1, tool: tool('0.0.9') }, null],
    ['another tool', { schemaVersion: 3, tool: { name: 'other', version: '9.0.0' } }, null],
    ['a damaged tool', { schemaVersion: 3, tool: { name: 'wlgrade' } }, null],
    ['no schemaVersion, no tool', { rows: 3 }, null],
    ['not an object', [1, 2], null],
    ['null', null, null],
  ])('%s', (_, doc, want) => {
    expect(newerWriter(doc, 1, '0.1.0')).toBe(want);
  });

  it('words the upgrade, naming the version when known', () => {
    expect(newerWriterMessage('s-a/summary.json', '0.3.0', '0.1.0')).toBe('s-a/summary.json was written by wlgrade 0.3.0, in a format this wlgrade (0.1.0) cannot read: upgrade wlgrade to 0.3.0 or later and run the command again.');
    expect(newerWriterMessage('s-a/summary.json', 'a newer version', '0.1.0')).toBe(
      's-a/summary.json was written by a newer version of wlgrade, in a format this wlgrade (0.1.0) cannot read: upgrade wlgrade to the version that wrote it or later and run the command again.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError, mergeRuns, type Frame } from '../../../src/pool/frames.js';

const frame = (job: number, kind: Frame['kind'], text: string): Frame => ({ job, kind, payload: Buffer.from(text) });
const plain = (fs: Frame[]) => fs.map((f) => ({ ...f, payload: f.payload.toString() }));

describe('FrameDecoder', () => {
  const frames = [frame(1, 'rec', 'tok {"t":"hello"}\n'), frame(1, 'out', 'printed'), frame(1, 'err', ''), frame(1, 'exit', '{"code":0}')];
  const bytes = Buffer.concat(frames.map((f) => encodeFrame(f.job, f.kind, f.payload)));

  it('decodes frames written in one piece', () => {
    expect(plain(new FrameDecoder().push(bytes))).toEqual(plain(frames));
  });

  it.each([1, 2, 5, 9, 10, 64])('decodes the same frames arriving in %i-byte chunks', (size) => {
    const d = new FrameDecoder();
    const got: Frame[] = [];
    for (let i = 0; i < bytes.length; i += size) got.push(...d.push(bytes.subarray(i, i + size)));
    expect(plain(got)).toEqual(plain(frames));
  });

  it('rejects an unknown kind instead of guessing', () => {
    const bad = Buffer.alloc(9);
    bad.writeUInt8(99, 4);
    expect(() => new FrameDecoder().push(bad)).toThrow(FrameError);
  });
});

describe('mergeRuns', () => {
  const f = (job: number, kind: Frame['kind'], text: string): Frame => ({ job, kind, payload: Buffer.from(text) });
  const show = (fs: Frame[]) => fs.map((x) => `${x.job}:${x.kind}:${x.payload.toString()}`);

  it('joins consecutive output frames of one job and kind, and keeps everything else in order', () => {
    const frames = [f(1, 'rec', 'a'), f(1, 'rec', 'b'), f(1, 'out', 'x'), f(1, 'rec', 'c'), f(1, 'rec', 'd'), f(2, 'rec', 'e'), f(1, 'exit', '{}'), f(1, 'err', 'y'), f(1, 'err', 'z')];
    expect(show(mergeRuns(frames))).toEqual(['1:rec:ab', '1:out:x', '1:rec:cd', '2:rec:e', '1:exit:{}', '1:err:yz']);
  });

  it('never merges across an exit or ready frame', () => {
    expect(show(mergeRuns([f(1, 'rec', 'a'), f(1, 'exit', '{}'), f(1, 'rec', 'b')]))).toEqual(['1:rec:a', '1:exit:{}', '1:rec:b']);
    expect(show(mergeRuns([]))).toEqual([]);
  });
});

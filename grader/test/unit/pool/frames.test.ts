import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError, type Frame } from '../../../src/pool/frames.js';

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

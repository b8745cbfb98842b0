/**
 * The pool server's frames (grader/src/python/pool_server.py): `<u32 job><u8 kind><u32 length>`,
 * little-endian, then `length` bytes. REC/OUT/ERR carry raw bytes of one job's record channel,
 * stdout and stderr; EXIT, READY and FATAL carry JSON. Pure: bytes in, frames out.
 */
import { z } from 'zod';

export const FRAME_KIND = { rec: 1, out: 2, err: 3, exit: 4, ready: 5, fatal: 6 } as const;
export type FrameKind = keyof typeof FRAME_KIND;
const KIND_BY_CODE = new Map<number, FrameKind>(Object.entries(FRAME_KIND).map(([k, v]) => [v, k as FrameKind]));

export interface Frame {
  job: number;
  kind: FrameKind;
  payload: Buffer;
}

const HEADER = 9;
/** A record line may be up to 8 MiB (run-submission.ts MAX_RECORD_BYTES); frames are at most 64 KiB of it. */
const MAX_PAYLOAD = 64 * 1024 * 1024;

export class FrameError extends Error {}

/** Splits a byte stream into frames; keeps a partial frame until the rest arrives. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    let at = 0;
    while (this.buf.length - at >= HEADER) {
      const job = this.buf.readUInt32LE(at);
      const code = this.buf.readUInt8(at + 4);
      const len = this.buf.readUInt32LE(at + 5);
      const kind = KIND_BY_CODE.get(code);
      if (!kind || len > MAX_PAYLOAD) throw new FrameError(`bad frame header (kind ${code}, length ${len})`);
      if (this.buf.length - at < HEADER + len) break;
      frames.push({ job, kind, payload: this.buf.subarray(at + HEADER, at + HEADER + len) });
      at += HEADER + len;
    }
    this.buf = at === this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(at));
    return frames;
  }
}

export function encodeFrame(job: number, kind: FrameKind, payload: Buffer): Buffer {
  const head = Buffer.alloc(HEADER);
  head.writeUInt32LE(job, 0);
  head.writeUInt8(FRAME_KIND[kind], 4);
  head.writeUInt32LE(payload.length, 5);
  return Buffer.concat([head, payload]);
}

/**
 * Consecutive output frames of one job and kind, as one frame: the server sends a job's records
 * in batches (pool_server.py relay_job's quiet relay), and one write into the job's stream per batch costs far less
 * than one per record. Order and bytes are unchanged.
 */
export function mergeRuns(frames: Frame[]): Frame[] {
  const out: Frame[] = [];
  let run: Frame[] = [];
  const close = () => {
    if (run.length === 1) out.push(run[0]!);
    else if (run.length > 1) out.push({ job: run[0]!.job, kind: run[0]!.kind, payload: Buffer.concat(run.map((f) => f.payload)) });
    run = [];
  };
  for (const f of frames) {
    const mergeable = f.kind === 'rec' || f.kind === 'out' || f.kind === 'err';
    if (run.length && (!mergeable || f.job !== run[0]!.job || f.kind !== run[0]!.kind)) close();
    if (mergeable) run.push(f);
    else out.push(f);
  }
  close();
  return out;
}

/** EXIT: how the job's child ended, and whether the server proved its state clean afterwards. */
export const ExitFrameSchema = z.strictObject({
  code: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  clean: z.boolean(),
  left: z.array(z.string()).optional(),
});
export type ExitFrame = z.infer<typeof ExitFrameSchema>;

export const ReadyFrameSchema = z.strictObject({
  python: z.string(),
  numpy: z.string(),
  preloaded: z.array(z.string()),
  subreaper: z.boolean(),
});
export type ReadyFrame = z.infer<typeof ReadyFrameSchema>;

export const FatalFrameSchema = z.strictObject({ code: z.enum(['NUMPY_MISSING', 'DIRTY']), message: z.string() });

/**
 * MLLP framing: <VT 0x0B> payload <FS 0x1C><CR 0x0D>.
 *
 * TCP delivers a byte stream, not messages: one chunk may hold several frames, a frame may be
 * split anywhere (even between FS and CR), and a misbehaving peer may send bytes outside any
 * frame. `@medplum/hl7` only recognises a frame when a chunk happens to end with FS CR, which
 * breaks on back-to-back messages, hence this decoder.
 *
 * Rules: bytes before a VT are discarded; a frame ends at FS (the CR that follows, or anything
 * else before the next VT, is discarded, so a sender that omits the CR is still understood); a VT
 * inside a frame abandons the partial frame (the sender restarted) and opens a new one; a frame
 * larger than `maxFrameBytes` is not buffered: its first `maxFrameBytes` bytes are kept so the
 * caller can still reject it with an ACK built from its MSH.
 */

export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export type MllpDecoded =
  | { type: 'frame'; payload: Buffer }
  | { type: 'oversized'; head: Buffer; totalBytes: number };

export interface MllpDecoderStats {
  discardedBytes: number;
  abandonedFrames: number;
  oversizedFrames: number;
}

export class MllpFrameDecoder {
  private inFrame = false;
  private parts: Buffer[] = [];
  private bufferedBytes = 0;
  private frameBytes = 0;
  private readonly stats: MllpDecoderStats = { discardedBytes: 0, abandonedFrames: 0, oversizedFrames: 0 };

  constructor(private readonly maxFrameBytes: number) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes <= 0) {
      throw new RangeError('maxFrameBytes must be a positive integer');
    }
  }

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Buffer): MllpDecoded[] {
    const decoded: MllpDecoded[] = [];
    let position = 0;
    while (position < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(VT, position);
        const skippedTo = start === -1 ? chunk.length : start;
        this.stats.discardedBytes += skippedTo - position;
        if (start === -1) {
          break;
        }
        this.openFrame();
        position = start + 1;
        continue;
      }
      const end = chunk.indexOf(FS, position);
      const restart = chunk.indexOf(VT, position);
      if (restart !== -1 && (end === -1 || restart < end)) {
        this.append(chunk.subarray(position, restart));
        this.stats.abandonedFrames += 1;
        this.openFrame();
        position = restart + 1;
        continue;
      }
      if (end === -1) {
        this.append(chunk.subarray(position));
        break;
      }
      this.append(chunk.subarray(position, end));
      decoded.push(this.closeFrame());
      position = end + 1;
    }
    return decoded;
  }

  /** True while a frame has been opened but not closed: what a dropped connection would lose. */
  get hasPartialFrame(): boolean {
    return this.inFrame;
  }

  getStats(): Readonly<MllpDecoderStats> {
    return { ...this.stats };
  }

  /** Forgets any partial frame (e.g. when the connection closes mid-frame). */
  reset(): void {
    this.inFrame = false;
    this.parts = [];
    this.bufferedBytes = 0;
    this.frameBytes = 0;
  }

  private openFrame(): void {
    this.reset();
    this.inFrame = true;
  }

  private append(bytes: Buffer): void {
    this.frameBytes += bytes.length;
    const room = this.maxFrameBytes - this.bufferedBytes;
    if (room <= 0 || bytes.length === 0) {
      return;
    }
    const kept = bytes.length <= room ? bytes : bytes.subarray(0, room);
    // Copy: the caller's chunk buffer may be reused by the socket after this call.
    this.parts.push(Buffer.from(kept));
    this.bufferedBytes += kept.length;
  }

  private closeFrame(): MllpDecoded {
    const payload = Buffer.concat(this.parts, this.bufferedBytes);
    const totalBytes = this.frameBytes;
    this.reset();
    if (totalBytes > this.maxFrameBytes) {
      this.stats.oversizedFrames += 1;
      return { type: 'oversized', head: payload, totalBytes };
    }
    return { type: 'frame', payload };
  }
}

/** Wraps one message in an MLLP frame. */
export function encodeFrame(message: string | Buffer, encoding: BufferEncoding = 'utf8'): Buffer {
  const payload = typeof message === 'string' ? Buffer.from(message, encoding) : message;
  return Buffer.concat([Buffer.from([VT]), payload, Buffer.from([FS, CR])]);
}

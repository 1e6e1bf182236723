// Splits a byte stream into length-prefixed frames (Python's format: a big-endian int32 length, or -1 then a
// big-endian uint64 for huge ones). Frame sizes are capped, and bytes are kept only as they arrive — a peer that
// announces 2 GiB and sends 10 bytes costs 10 bytes, and one that announces more than the cap is refused at once.
import { OSError } from '../errors.js';

/** Default cap on one message received over a socket: 256 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024 * 1024;

/** The frame header for a message of `length` bytes. */
export function frameHeader(length: number): Buffer {
  if (length <= 0x7fffffff) {
    const header = Buffer.allocUnsafe(4);
    header.writeInt32BE(length, 0);
    return header;
  }
  const header = Buffer.allocUnsafe(12);
  header.writeInt32BE(-1, 0);
  header.writeBigUInt64BE(BigInt(length), 4);
  return header;
}

/** Incremental frame parser: push() chunks, get whole messages through `onMessage`. */
export class FrameReader {
  /** Largest accepted message; may be raised after authentication. */
  maxMessageSize: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;

  constructor(
    maxMessageSize: number,
    private readonly onMessage: (message: Buffer) => void,
  ) {
    this.maxMessageSize = maxMessageSize;
  }

  /** Whether part of a frame has arrived (end of file now would cut a message). */
  get midFrame(): boolean {
    return this.buffered > 0 || this.expected >= 0;
  }

  /** Feeds bytes; throws OSError on a malformed or oversized frame (the stream is then unusable). */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0 && !this.readHeader()) return;
      if (this.buffered < this.expected) return;
      const message = this.take(this.expected);
      this.expected = -1;
      this.onMessage(message);
    }
  }

  private readHeader(): boolean {
    if (this.buffered < 4) return false;
    const first = this.peek(4).readInt32BE(0);
    let length: number;
    let headerSize = 4;
    if (first >= 0) {
      length = first;
    } else if (first === -1) {
      if (this.buffered < 12) return false;
      const big = this.peek(12).readBigUInt64BE(4);
      length = big > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(big);
      headerSize = 12;
    } else {
      throw new OSError(`bad message length: frame header says ${first}`, 'EPROTO');
    }
    if (length > this.maxMessageSize) {
      throw new OSError(`bad message length: a frame of ${length} bytes exceeds the ${this.maxMessageSize}-byte limit`, 'EMSGSIZE');
    }
    this.take(headerSize);
    this.expected = length;
    return true;
  }

  private peek(size: number): Buffer {
    if (this.chunks[0].length < size) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  private take(size: number): Buffer {
    if (size === 0) return Buffer.alloc(0);
    let out: Buffer;
    if (this.chunks[0].length >= size) {
      const head = this.chunks[0];
      out = size === head.length ? head : Buffer.from(head.subarray(0, size));
      if (size === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(size);
    } else {
      out = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const head = this.chunks[0];
        const n = Math.min(head.length, size - filled);
        head.copy(out, filled, 0, n);
        filled += n;
        if (n === head.length) this.chunks.shift();
        else this.chunks[0] = head.subarray(n);
      }
    }
    this.buffered -= size;
    return out;
  }
}

// Python's multiprocessing Connection API, shared by every transport (shared-memory pipes, sockets): argument checks,
// direction and closed-state errors, values <-> bytes. A transport supplies only how whole messages move.
import { BufferTooShort, OSError, ValueError } from '../errors.js';
import { FOREVER, normalizeTimeout, throwIfAborted, validateSignal, waitArguments, type WaitOptions } from '../time.js';
import { checkBytesLike } from '../validate.js';
import { decodeValue, decodeValueAsync, encodeValue, isReused } from '../ring/codec.js';

/** Resolves when the connection has a message or end of file to report; wait() uses it. Ends early on abort. */
export const WAIT_READABLE = Symbol('multiproc.waitReadable');

/** Options of recv(), recvBytes() and recvBytesInto(). */
export interface RecvOptions {
  /** Ends the wait for a message: the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A view of bytes `offset .. offset + size` of any buffer, with Python's send_bytes checks. */
export function bytesView(buf: ArrayBufferView | ArrayBuffer | SharedArrayBuffer, offset = 0, size?: number): Uint8Array {
  const bytes = ArrayBuffer.isView(buf) ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf);
  if (!Number.isInteger(offset) || offset < 0) throw new ValueError('offset is negative');
  if (bytes.length < offset) throw new ValueError('buffer length < offset');
  if (size === undefined || size === null) size = bytes.length - offset;
  else if (!Number.isInteger(size) || size < 0) throw new ValueError('size is negative');
  else if (offset + size > bytes.length) throw new ValueError('buffer length < offset + size');
  return bytes.subarray(offset, offset + size);
}

/** One end of a two-way (or one-way) message channel: messages are never merged or split; an empty one counts. */
export abstract class Connection {
  protected isClosed = false;

  constructor(
    /** Whether this end may receive. */
    readonly readable: boolean,
    /** Whether this end may send. */
    readonly writable: boolean,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends a value (copied; library objects are shared). Never blocks: what does not fit yet is sent in the background. */
  send(obj: unknown): void {
    this.checkWritable();
    const bytes = encodeValue(obj, 'obj');
    this.sendMessage(bytes, !isReused(bytes));
  }

  /** Sends bytes `offset .. offset + size` of `buf` as one message. */
  sendBytes(buf: ArrayBufferView | ArrayBuffer, offset = 0, size?: number): void {
    this.checkWritable();
    this.sendMessage(bytesView(checkBytesLike(buf, 'sendBytes() data'), offset, size), false);
  }

  /**
   * Receives the next value; EOFError when the peer closed (or died) and nothing is left. With `signal`, an abort
   * before a message is ready rejects with its reason and leaves the message for a later recv().
   */
  async recv(options: RecvOptions = {}): Promise<unknown> {
    this.checkReadable();
    return decodeValueAsync(await this.receiveAbortable(options.signal));
  }

  /** Receives the next message as bytes; a message longer than `maxlength` → OSError (and the connection closes). */
  async recvBytes(maxlength?: number, options: RecvOptions = {}): Promise<Buffer> {
    checkMaxlength(maxlength);
    this.checkReadable();
    return this.limit(await this.receiveAbortable(options.signal), maxlength);
  }

  /** Receives the next message into `buf` at byte `offset`; returns its length. Too small → BufferTooShort. */
  async recvBytesInto(buf: ArrayBufferView, offset = 0, options: RecvOptions = {}): Promise<number> {
    const target = intoView(buf, offset);
    this.checkReadable();
    return copyInto(await this.receiveAbortable(options.signal), target, offset);
  }

  /**
   * Whether a message (or end of file) is ready, waiting up to `timeout` ms (default 0: answer at once; null: forever).
   * `poll(timeout)` or `poll({ timeout, signal })`: an abort rejects with the signal's reason.
   */
  async poll(timeoutOrOptions: number | null | WaitOptions = 0): Promise<boolean> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    this.checkReadable();
    throwIfAborted(signal);
    return this.pollMessage(timeout === undefined ? 0 : normalizeTimeout(timeout), signal);
  }

  /** Waits for a message without taking it until one is there, so that an abort never loses one. */
  private async receiveAbortable(signal: unknown): Promise<Buffer> {
    const abortable = validateSignal(signal);
    if (abortable !== undefined) {
      throwIfAborted(abortable);
      await this.pollMessage(FOREVER, abortable);
    }
    return this.receiveMessage();
  }

  /** recv() that blocks the calling thread (worker code). */
  recvSync(): unknown {
    this.checkReadable();
    return decodeValue(this.receiveMessageSync());
  }

  /** recvBytes() that blocks the calling thread. */
  recvBytesSync(maxlength?: number): Buffer {
    checkMaxlength(maxlength);
    this.checkReadable();
    return this.limit(this.receiveMessageSync(), maxlength);
  }

  /** recvBytesInto() that blocks the calling thread. */
  recvBytesIntoSync(buf: ArrayBufferView, offset = 0): number {
    const target = intoView(buf, offset);
    this.checkReadable();
    return copyInto(this.receiveMessageSync(), target, offset);
  }

  /** poll() that blocks the calling thread. */
  pollSync(timeout: number | null = 0): boolean {
    this.checkReadable();
    return this.pollMessageSync(normalizeTimeout(timeout));
  }

  /** Closes this end in this process; the peer sees end of file once every holder of this end has closed. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeHandle();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** For wait(): resolves when poll() would answer true, or when `signal` aborts. */
  abstract [WAIT_READABLE](signal: AbortSignal): Promise<void>;

  protected abstract sendMessage(bytes: Uint8Array, owned: boolean): void;
  protected abstract receiveMessage(): Promise<Buffer>;
  protected abstract receiveMessageSync(): Buffer;
  protected abstract pollMessage(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  protected abstract pollMessageSync(timeoutMs: number): boolean;
  protected abstract closeHandle(): void;

  protected checkOpen(): void {
    if (this.isClosed) throw new OSError('handle is closed', 'EBADF');
  }

  protected checkReadable(): void {
    this.checkOpen();
    if (!this.readable) throw new OSError('connection is write-only', 'EBADF');
  }

  protected checkWritable(): void {
    this.checkOpen();
    if (!this.writable) throw new OSError('connection is read-only', 'EBADF');
  }

  private limit(message: Buffer, maxlength: number | undefined): Buffer {
    if (maxlength !== undefined && maxlength !== null && message.length > maxlength) {
      this.close();
      throw new OSError(`bad message length: ${message.length} bytes > maxlength ${maxlength}`, 'EMSGSIZE');
    }
    return message;
  }
}

function checkMaxlength(maxlength: number | undefined): void {
  if (maxlength === undefined || maxlength === null) return;
  if (typeof maxlength !== 'number' || Number.isNaN(maxlength)) throw new TypeError(`maxlength must be a number of bytes, got ${String(maxlength)}`);
  if (maxlength < 0) throw new ValueError('negative maxlength');
}

function intoView(buf: ArrayBufferView, offset: number): Uint8Array {
  if (!ArrayBuffer.isView(buf)) throw new TypeError('recvBytesInto() needs a typed array, Buffer or DataView');
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!Number.isInteger(offset) || offset < 0) throw new ValueError('negative offset');
  if (offset > bytes.length) throw new ValueError('offset too large');
  return bytes;
}

function copyInto(message: Buffer, target: Uint8Array, offset: number): number {
  if (target.length < offset + message.length) throw new BufferTooShort(Buffer.from(message));
  target.set(message, offset);
  return message.length;
}

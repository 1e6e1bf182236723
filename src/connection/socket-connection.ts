// A Connection over a stream socket (TCP or Unix), for Listener/Client: length-prefixed frames, received into an
// in-memory queue as they arrive. Sending never blocks (the socket buffers). Receiving is async only: the ...Sync
// twins can report what has already arrived but cannot wait on the event loop they would block.
import type { Socket } from 'node:net';
import { EOFError, OSError } from '../errors.js';
import { registerReducer } from '../serialize/index.js';
import { raceTimeout } from '../time.js';
import { Connection, WAIT_READABLE } from './connection.js';
import { DEFAULT_MAX_MESSAGE_SIZE, FrameReader, frameHeader } from './frame-reader.js';

export interface SocketConnectionOptions {
  /** Largest message accepted from the peer (default 256 MiB); a larger frame is an error, never an allocation. */
  maxMessageSize?: number;
}

/** A Connection whose peer is at the other end of a socket (possibly on another machine). */
export class SocketConnection extends Connection {
  private readonly socket: Socket;
  private readonly reader: FrameReader;
  private readonly messages: Buffer[] = [];
  private ended = false;
  private failure: Error | null = null;
  private wakers: (() => void)[] = [];
  private readonly maxMessageSize: number;

  constructor(socket: Socket, options: SocketConnectionOptions = {}) {
    super(true, true);
    this.socket = socket;
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.reader = new FrameReader(this.maxMessageSize, (message) => this.messages.push(message));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('close', () => this.onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(new OSError(error.message, error.code)));
  }

  /** Caps frames while unauthenticated (a stranger must not make us buffer much), then restores the normal cap. */
  limitFrames(maxMessageSize: number | null): void {
    this.reader.maxMessageSize = maxMessageSize ?? this.maxMessageSize;
  }

  /** The peer's address as Python's last_accepted gives it: [host, port] or a socket path. */
  get remoteAddress(): [string, number] | string {
    const { remoteAddress, remotePort } = this.socket;
    return remoteAddress === undefined ? ((this.socket as unknown as { _pipeName?: string })._pipeName ?? '') : [remoteAddress, remotePort!];
  }

  protected sendMessage(bytes: Uint8Array): void {
    if (this.socket.destroyed || this.socket.writableEnded) throw new OSError('broken pipe: the socket is closed', 'EPIPE');
    const header = frameHeader(bytes.length);
    const frame = Buffer.allocUnsafe(header.length + bytes.length);
    header.copy(frame, 0);
    frame.set(bytes, header.length);
    this.socket.write(frame);
  }

  protected async receiveMessage(): Promise<Buffer> {
    for (;;) {
      const message = this.takeOrEnd();
      if (message !== null) return message;
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
  }

  protected receiveMessageSync(): Buffer {
    const message = this.takeOrEnd();
    if (message !== null) return message;
    throw new OSError('recvSync() cannot wait on a socket connection (it would block the event loop that reads it); use recv()', 'EWOULDBLOCK');
  }

  protected async pollMessage(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.isReady() || timeoutMs === 0) return this.isReady();
    await raceTimeout(new Promise<void>((resolve) => this.wakers.push(resolve)), timeoutMs, { signal });
    this.checkOpen();
    return this.isReady();
  }

  protected pollMessageSync(timeoutMs: number): boolean {
    if (this.isReady() || timeoutMs === 0) return this.isReady();
    throw new OSError('pollSync() with a timeout cannot wait on a socket connection; use poll()', 'EWOULDBLOCK');
  }

  async [WAIT_READABLE](signal: AbortSignal): Promise<void> {
    while (!this.isReady() && !this.isClosed && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.wakers.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  protected closeHandle(): void {
    this.socket.end();
    this.socket.destroySoon();
    this.wake();
  }

  private isReady(): boolean {
    return this.messages.length > 0 || this.ended || this.failure !== null;
  }

  private takeOrEnd(): Buffer | null {
    this.checkOpen();
    if (this.messages.length > 0) return this.messages.shift()!;
    if (this.failure !== null) throw this.failure;
    if (this.ended) throw new EOFError('the other end of the connection was closed and no message is left');
    return null;
  }

  private onData(chunk: Buffer): void {
    try {
      this.reader.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      this.socket.destroy();
    }
    this.wake();
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.reader.midFrame) this.fail(new OSError('got end of file during message', 'EPROTO'));
    this.wake();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const resolve of wakers) resolve();
  }
}

// A socket cannot be handed to another process here: refuse it at the sender, saying what to do instead.
registerReducer<SocketConnection, never>({
  tag: 'multiproc.SocketConnection',
  type: SocketConnection,
  reduce() {
    throw new TypeError('cannot send a socket Connection to another process: connect from there with Client(address) instead');
  },
  revive() {
    throw new TypeError('received a socket Connection, which cannot be sent');
  },
});

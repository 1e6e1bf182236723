// How a channel's messages move: over the authenticated socket it connected with, or, for a manager on this machine,
// over a shared-memory pipe the socket handed over. A link reads only while calls await replies, so an idle proxy
// never keeps a program alive.
import { AdaptiveSpin, type ShmConnection, type SocketConnection } from '../connection/index.js';

/** What a link reports to (the channel). */
export interface LinkOwner {
  /** Whether calls await replies. */
  readonly waiting: boolean;
  /** A message arrived (a promise when decoding it has to import something). */
  onMessage(message: Buffer): void | Promise<void>;
  /** The link broke or the manager closed it. */
  onEnd(error: unknown): void;
}

export interface Link {
  send(message: Buffer): void;
  /** Whether the manager is known to have closed its end (a socket reports that by failing its reader instead). */
  readonly peerClosed: boolean;
  /** Calls started or stopped awaiting replies. */
  setWaiting(waiting: boolean): void;
  close(): void;
}

/** Reads replies as they come; holds the event loop only while calls wait. */
export class SocketLink implements Link {
  private closed = false;
  readonly peerClosed = false;

  constructor(
    private readonly connection: SocketConnection,
    private readonly owner: LinkOwner,
  ) {
    void this.read();
  }

  send(message: Buffer): void {
    this.connection.sendBytes(message);
  }

  setWaiting(waiting: boolean): void {
    // The connection layer has no ref()/unref() of its own: this reaches the socket it wraps.
    const socket = (this.connection as unknown as { socket?: { ref(): void; unref(): void } }).socket;
    if (waiting) socket?.ref();
    else socket?.unref();
  }

  close(): void {
    this.closed = true;
    this.connection.close();
  }

  private async read(): Promise<void> {
    try {
      for (;;) await this.owner.onMessage(await this.connection.recvBytes());
    } catch (error) {
      if (!this.closed) this.owner.onEnd(error);
    }
  }
}

/**
 * How long a caller spins for its reply before it sleeps. The server spins as long for the next request, so calls
 * awaited one after another never wait for a wake-up on either side (docs/managers.md has the figures).
 */
const CALLER_SPIN_US = 50;

/** Reads only while calls wait: spinning briefly after each send, then sleeping on the pipe. */
export class ShmLink implements Link {
  private reading = false;
  /** Whether a request left since the last message came: only then is an answer due within the spin. */
  private sent = false;
  private closed = false;
  private readonly spin = new AdaptiveSpin(CALLER_SPIN_US);

  constructor(
    private readonly connection: ShmConnection,
    private readonly owner: LinkOwner,
  ) {}

  send(message: Buffer): void {
    this.connection.sendBytes(message);
    this.sent = true;
    if (!this.reading && this.owner.waiting) void this.read();
  }

  get peerClosed(): boolean {
    return this.connection.peerClosed;
  }

  setWaiting(): void {
    // Reading starts at the next send and stops when nothing waits: nothing to hold.
  }

  close(): void {
    this.closed = true;
    this.connection.close();
  }

  /** Starts synchronously, so that a reply that comes within the spin settles its call before send() returns. */
  private async read(): Promise<void> {
    this.reading = true;
    try {
      while (this.owner.waiting) {
        const message = this.spun() ? this.connection.recvBytesSync() : await this.connection.recvBytes();
        const decoding = this.owner.onMessage(message);
        // Not `await` on a plain return: the caller's continuation must run (and send its next call) before we spin.
        if (decoding !== undefined) await decoding;
      }
    } catch (error) {
      if (!this.closed) this.owner.onEnd(error);
    } finally {
      this.reading = false;
    }
  }

  private spun(): boolean {
    if (!this.sent) return false;
    this.sent = false;
    return this.spin.run((us) => this.connection.spinForMessage(us));
  }
}

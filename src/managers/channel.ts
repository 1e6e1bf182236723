// A process's connection to one manager, shared by all its proxies of that manager: calls are multiplexed by call id
// (so a blocked get() never holds up other calls), requests made in the same tick leave in one message, and the
// socket keeps the event loop alive only while a call awaits its reply.
import { Client, type SocketConnection } from '../connection/index.js';
import { EOFError } from '../errors.js';
import { beforeChildExit } from '../lifecycle.js';
import { decodeAsync, encode } from '../serialize/index.js';
import { joinParts, NO_CALL, Op, splitParts, Status } from './protocol.js';

/** Where a manager listens: `[host, port]` (TCP) or a Unix socket path. */
export type ManagerAddress = [string, number] | string;

/** One string per address, for maps. */
export function addressKey(address: ManagerAddress | readonly [string, number]): string {
  return typeof address === 'string' ? address : `${address[0]}:${address[1]}`;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Reply statuses other than Ok are turned into values or errors by whoever asked (proxies build new proxies). */
export interface Reply {
  status: Status;
  value: unknown;
}

const channels = new Map<string, Channel>();

/** Channels are per address and key: a client with another authkey must not borrow an authenticated connection. */
function channelKey(address: ManagerAddress, authkey: Uint8Array): string {
  let key = keyText.get(authkey);
  if (key === undefined) keyText.set(authkey, (key = Buffer.from(authkey).toString('base64')));
  return `${addressKey(address)}#${key}`;
}

const keyText = new WeakMap<Uint8Array, string>();

/** The open channel to `address`, connecting (with `authkey`) on first use or after the previous one broke. */
export function channelTo(address: ManagerAddress, authkey: Uint8Array): Channel {
  const key = channelKey(address, authkey);
  let channel = channels.get(key);
  if (channel === undefined || channel.broken) {
    channel = new Channel(address, authkey);
    channels.set(key, channel);
  }
  return channel;
}

/** Closes the channel to `address` if one is open (after a shutdown). */
export function closeChannel(address: ManagerAddress, authkey: Uint8Array): void {
  const key = channelKey(address, authkey);
  channels.get(key)?.close();
  channels.delete(key);
}

/** Multiplexed request/reply over one authenticated socket connection. */
export class Channel {
  broken = false;
  private connection: SocketConnection | null = null;
  private ready = false;
  private failure: Error | null = null;
  private outbox: Uint8Array[] = [];
  private flushQueued = false;
  private readonly pending = new Map<number, Pending>();
  private nextCallId = 1;
  private readonly connected: Promise<void>;

  constructor(
    readonly address: ManagerAddress,
    private readonly authkey: Uint8Array,
  ) {
    this.connected = this.connect();
  }

  /** Sends [callId, op, ...rest] and resolves with the reply; an unsendable argument throws here, before anything is sent. */
  request(op: Op, rest: unknown[], what: string): Promise<Reply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const callId = this.nextCallId++;
    this.enqueue(encodeRequest([callId, op, ...rest], what));
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(callId, { resolve: resolve as (value: unknown) => void, reject });
      this.setRef(true);
    });
  }

  /** Sends a request that has no reply (reference counting). */
  notify(op: Op, objectId: number): void {
    if (this.failure === null) this.enqueue(encode([NO_CALL, op, objectId]));
  }

  /** Resolves once every call made so far has its reply (a child exiting waits for this). */
  async settled(): Promise<void> {
    const calls = [...this.pending.keys()];
    while (calls.some((id) => this.pending.has(id))) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  close(): void {
    this.broken = true;
    this.connection?.close();
    this.fail(new EOFError(`the connection to the manager at ${addressKey(this.address)} was closed`));
  }

  private async connect(): Promise<void> {
    try {
      this.connection = await Client(this.address, { authkey: this.authkey });
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.setRef(this.pending.size > 0);
    void this.readReplies(this.connection);
    // The listener keeps its handshake frame cap (256 bytes) until it has read our last handshake message: a larger
    // request sent at once may arrive while the cap still applies. One small request first, answered, avoids that.
    const hello = this.nextCallId++;
    const answered = new Promise((resolve, reject) => this.pending.set(hello, { resolve, reject }));
    this.connection.sendBytes(joinParts([encode([hello, Op.Info])]));
    try {
      await answered;
    } catch {
      return; // fail() has told every caller
    }
    this.ready = true;
    this.flush();
  }

  private enqueue(bytes: Uint8Array): void {
    this.outbox.push(Buffer.from(bytes));
    if (this.flushQueued || !this.ready) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.ready || this.outbox.length === 0 || this.failure !== null) return;
    const parts = this.outbox;
    this.outbox = [];
    try {
      this.connection!.sendBytes(joinParts(parts));
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private async readReplies(connection: SocketConnection): Promise<void> {
    try {
      for (;;) {
        const message = await connection.recvBytes();
        for (const part of splitParts(message)) this.settle((await decodeAsync(part)) as [number, Status, unknown]);
      }
    } catch (error) {
      this.fail(error instanceof EOFError ? new EOFError(`the manager at ${addressKey(this.address)} closed the connection`) : (error as Error));
    }
  }

  private settle([callId, status, value]: [number, Status, unknown]): void {
    if (callId === NO_CALL) {
      // The server could not read something we sent: every call waiting may be the one it lost.
      for (const waiter of this.pending.values()) waiter.reject(value);
      this.pending.clear();
    } else {
      const waiter = this.pending.get(callId);
      this.pending.delete(callId);
      if (status === Status.Failed) waiter?.reject(value);
      else waiter?.resolve({ status, value });
    }
    if (this.pending.size === 0) this.setRef(false);
  }

  private fail(error: Error): void {
    this.broken = true;
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
    this.outbox = [];
    this.setRef(false);
  }

  /**
   * Holds the event loop only while calls await replies, so an idle proxy never keeps a program alive. The connection
   * layer has no ref()/unref() of its own yet: this reaches the socket it wraps.
   */
  private setRef(ref: boolean): void {
    const socket = (this.connection as unknown as { socket?: { ref(): void; unref(): void } } | null)?.socket;
    if (ref) socket?.ref();
    else socket?.unref();
  }
}

function encodeRequest(request: unknown[], what: string): Uint8Array {
  try {
    return encode(request, { root: 'request' });
  } catch (error) {
    if (error instanceof TypeError) error.message = error.message.replace(/request\[\d+\]/, `${what} arguments`);
    throw error;
  }
}

// A child must not exit while its calls are on the wire (e.g. `ns.x = 1` just before returning).
beforeChildExit(async () => {
  const waits = [...channels.values()].map((channel) => channel.settled());
  await Promise.race([Promise.all(waits), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
});

/** The channel to `address` if one is open and working (decrefs never open a connection just to say goodbye). */
export function openChannel(address: ManagerAddress, authkey: Uint8Array): Channel | undefined {
  const channel = channels.get(channelKey(address, authkey));
  return channel === undefined || channel.broken ? undefined : channel;
}

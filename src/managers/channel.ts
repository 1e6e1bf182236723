// A process's connection to one manager, shared by all its proxies of that manager: calls are multiplexed by call id
// (so a blocked get() never holds up other calls), requests made in the same tick leave in one message, and the
// connection keeps the event loop alive only while a call awaits its reply.
import { Client, Pipe, type ShmConnection } from '../connection/index.js';
import { EOFError, RemoteError, type OSError } from '../errors.js';
import { beforeChildExit } from '../lifecycle.js';
import { decode, decodeAsync, encode, messageFlags } from '../serialize/index.js';
import { Flags } from '../serialize/tags.js';
import { ShmLink, SocketLink, type Link, type LinkOwner } from './links.js';
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

/** Multiplexed request/reply over one authenticated connection to a manager. */
export class Channel implements LinkOwner {
  private ended = false;
  private link: Link | null = null;
  /** The socket, kept open after the calls moved to shared memory: its end of file says the manager is gone. */
  private watch: Link | null = null;
  private ready = false;
  private failure: Error | null = null;
  private outbox: Uint8Array[] = [];
  private flushQueued = false;
  private readonly pending = new Map<number, Pending>();
  private nextCallId = 1;

  constructor(
    readonly address: ManagerAddress,
    private readonly authkey: Uint8Array,
  ) {
    void this.connect();
  }

  /** Whether it failed, was closed, or the manager closed its end (a new channel must be opened). */
  get broken(): boolean {
    return this.ended || this.link?.peerClosed === true;
  }

  /** What the calls travel over: the socket, or the shared-memory pipe a same-machine manager moved to. */
  get transport(): 'socket' | 'shared memory' | 'connecting' {
    return this.link === null ? 'connecting' : this.link instanceof ShmLink ? 'shared memory' : 'socket';
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** Sends [callId, op, ...rest] and resolves with the reply; an unsendable argument throws here, before anything is sent. */
  request(op: Op, rest: unknown[], what: string): Promise<Reply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const callId = this.nextCallId++;
    this.enqueue(encodeRequest([callId, op, ...rest], what));
    return this.expect(callId);
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
    this.ended = true;
    this.link?.close();
    this.watch?.close();
    this.fail(new EOFError(`the connection to the manager at ${addressKey(this.address)} was closed`));
  }

  onMessage(message: Buffer): void | Promise<void> {
    let decoding: Promise<void>[] | undefined;
    for (const part of splitParts(message)) {
      // Most replies decode at once; one naming a class to import first settles when that import is done.
      if (messageFlags(part) & Flags.References) (decoding ??= []).push(decodeAsync(part).then((reply) => this.settle(reply as RawReply)));
      else this.settle(decode(part) as RawReply);
    }
    if (decoding !== undefined) return Promise.all(decoding).then(() => undefined);
  }

  onEnd(error: unknown): void {
    const closed = error instanceof EOFError || (error as OSError)?.code === 'EPIPE';
    this.fail(closed ? new EOFError(`the manager at ${addressKey(this.address)} closed the connection`) : (error as Error));
  }

  private expect(callId: number): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(callId, { resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.size === 1) this.link?.setWaiting(true);
    });
  }

  private async connect(): Promise<void> {
    try {
      const socket = await Client(this.address, { authkey: this.authkey });
      this.link = new SocketLink(socket, this);
      // The listener keeps its handshake frame cap (256 bytes) until it has read our last handshake message: a larger
      // request sent at once may arrive while the cap still applies. One small request first, answered, avoids that.
      await this.call([Op.Info]);
      if (typeof this.address === 'string') await this.moveToSharedMemory();
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.link.setWaiting(this.pending.size > 0);
    this.ready = true;
    this.flush();
  }

  /**
   * A Unix socket means the manager runs on this machine: hand it one end of a shared-memory pipe and move the calls
   * there (a round trip costs a fraction of a socket's). The socket stays open, unused, because the kernel closes it
   * when either process dies: each end learns of the other's death at once. Without the native addon, calls stay on
   * the socket.
   */
  private async moveToSharedMemory(): Promise<void> {
    let ends: [ShmConnection, ShmConnection];
    try {
      ends = Pipe(true, { capacity: PIPE_CAPACITY });
    } catch {
      return;
    }
    const [mine, theirs] = ends;
    try {
      await this.call([Op.Upgrade, theirs]);
    } catch (error) {
      mine.close();
      if (error instanceof RemoteError) return; // a server that cannot take the pipe: stay on the socket
      throw error;
    } finally {
      theirs.close();
    }
    this.watch = this.link;
    this.link = new ShmLink(mine, this);
  }

  /** A call made before the channel is ready (it goes out at once, not through the outbox). */
  private call(request: unknown[]): Promise<Reply> {
    const callId = this.nextCallId++;
    const reply = this.expect(callId);
    this.link!.send(joinParts([encode([callId, ...request])]));
    return reply;
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
      this.link!.send(joinParts(parts));
    } catch (error) {
      this.onEnd(error);
    }
  }

  private settle([callId, status, value]: RawReply): void {
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
    if (this.pending.size === 0) this.link?.setWaiting(false);
  }

  private fail(error: Error): void {
    this.ended = true;
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
    this.outbox = [];
    this.link?.setWaiting(false);
  }
}

type RawReply = [number, Status, unknown];

/** Ring bytes per direction of a channel's pipe: replies larger than this travel in side segments. */
const PIPE_CAPACITY = 256 * 1024;

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

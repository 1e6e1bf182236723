// Python's Listener and Client: connections between any processes (even on other machines) over TCP or a Unix
// socket, optionally authenticated with a shared key. Each connection is authenticated as soon as it arrives, on its
// own deadline: a stranger's silent or bad handshake delays and fails only its own accept().
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { connect, createServer, isIP, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { OSError } from '../errors.js';
import { checkInteger, checkOptions } from '../validate.js';
import { native } from '../platform/native.js';
import { answerChallenge, authenticate, authkeyBytes, DEFAULT_HANDSHAKE_TIMEOUT, deliverChallenge } from './auth.js';
import { SocketConnection } from './socket-connection.js';

/** `[host, port]` for TCP (port 0 picks a free one) or a filesystem path for a Unix socket. */
export type Address = [string, number] | readonly [string, number] | string;

export interface ListenerOptions {
  /** Both sides must prove they know it (HMAC challenge both ways). */
  authkey?: Uint8Array | string | null;
  /** Pending connections the kernel queues (default 1, as Python's). */
  backlog?: number;
  /** Largest message accepted from a peer after authentication (default 256 MiB). */
  maxMessageSize?: number;
  /** How long a peer may take over each handshake step (ms, default 10 s). */
  handshakeTimeout?: number;
}

export interface ClientOptions {
  authkey?: Uint8Array | string | null;
  maxMessageSize?: number;
  handshakeTimeout?: number;
}

/**
 * Binds a TCP server before returning, as Python's Listener does, so that `address` holds the real port at once.
 * Node's listen() resolves even an IP literal asynchronously; its own synchronous bind step (the `_listen2` alias of
 * setupListenHandle) is used for IP literals when present, and listen() otherwise. Only without the addon.
 */
function listenNow(server: Server, host: string, port: number, backlog: number): void {
  const family = isIP(host);
  const bind = (server as unknown as { _listen2?: (host: string, port: number, family: number, backlog: number) => void })._listen2;
  if (family !== 0 && typeof bind === 'function') bind.call(server, host, port, family, backlog);
  else server.listen({ host, port, backlog });
}

/**
 * A socket bound and listening on `address`, made by the addon so that a busy or forbidden address throws here, in
 * the constructor, as in Python (Node's listen() reports it on a later tick). Null without the addon.
 */
function bindSynchronously(address: Address, backlog: number): number | null {
  try {
    if (typeof address === 'string') return native?.listenUnix?.(address, backlog) ?? null;
    return native?.listenTcp?.(address[0], address[1], backlog) ?? null;
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    throw new OSError(`cannot listen on ${JSON.stringify(address)}: ${message}`, code);
  }
}

/**
 * Removes a socket file no socket is bound to any more: a process that died left it, and Python would then fail with
 * EADDRINUSE. The kernel's table of Unix sockets tells; any bound socket whose path ends with the same file name
 * counts as alive (a relative bind shows a relative path), so a path in use is never removed.
 */
function removeStaleSocket(path: string): void {
  try {
    if (!lstatSync(path).isSocket()) return;
    const name = basename(path);
    const bound = readFileSync('/proc/net/unix', 'latin1').split('\n').some((line) => line.endsWith(`/${name}`) || line.endsWith(` ${name}`));
    if (!bound) unlinkSync(path);
  } catch {
    // no such file, or no way to tell: listen() reports what it finds
  }
}

/** A Listener's or Client's address as given: a Unix socket path, or a [host, port] pair. */
function checkAddress(address: unknown): Address {
  if (typeof address === 'string' && address !== '') return address;
  if (Array.isArray(address) && address.length === 2 && typeof address[0] === 'string') {
    const port = address[1] as unknown;
    if (typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535) return address as [string, number];
  }
  throw new TypeError(`an address is ['host', port] (port 0 to 65535; 0 picks a free one) or a Unix socket path, got ${JSON.stringify(address) ?? String(address)}`);
}

/** A handshake's result, as accept() hands it out. */
type Outcome = SocketConnection | Error;

/** Failed handshakes kept for accept() to report while nobody is accepting. */
const KEPT_FAILURES = 16;

/**
 * Binds a Unix socket whose file only its owner may connect to: the umask is narrowed around the bind (`bind` binds
 * synchronously: the addon, or Node's listen() for a path), so the file never exists with wider rights, whatever the
 * process's umask. Worker threads may not change the umask: there the file is narrowed right after the bind.
 */
function bindPrivately<T>(address: Address, bind: () => T): T {
  if (typeof address !== 'string') return bind();
  let previous: number | null = null;
  try {
    previous = process.umask(0o177);
  } catch {
    // a worker thread: narrowed below
  }
  try {
    return bind();
  } finally {
    if (previous !== null) process.umask(previous);
    else narrowSocketFile(address);
  }
}

function narrowSocketFile(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch {
    // not bound (the error is reported by the bind) or removed already: nothing left to protect
  }
}

function defaultAddress(): string {
  return join(tmpdir(), `mp-${process.pid}-${randomBytes(6).toString('hex')}.sock`);
}

/** Accepts connections; await accept() for each. */
export class Listener {
  private readonly server: Server;
  private readonly requested: Address;
  /** Connections whose handshake completed, and failed handshakes, in the order they finished. */
  private readonly incoming: Outcome[] = [];
  private readonly acceptors: { resolve(outcome: Outcome): void; reject(e: Error): void }[] = [];
  /** Connections still in their handshake: close() ends them too. */
  private readonly handshaking = new Set<SocketConnection>();
  private failure: Error | null = null;
  private isClosed = false;
  private accepted: [string, number] | string | null = null;
  /** Whether the socket file is ours to remove (a listener that failed to bind must not remove somebody else's). */
  private listening = false;

  constructor(address: Address | null = null, private readonly options: ListenerOptions = {}) {
    checkOptions(options, 'Listener options', '{ authkey, backlog }');
    this.requested = address === null || address === undefined ? defaultAddress() : checkAddress(address);
    const backlog = checkInteger(options.backlog ?? 1, 'backlog', 0);
    if (typeof this.requested === 'string') removeStaleSocket(this.requested);
    const fd = bindPrivately(this.requested, () => bindSynchronously(this.requested, backlog));
    this.server = createServer((socket) => this.onConnection(socket));
    this.server.once('listening', () => (this.listening = true));
    this.server.on('error', (error: NodeJS.ErrnoException) => this.fail(new OSError(error.message, error.code)));
    if (fd !== null) {
      this.listening = true;
      this.server.listen({ fd, backlog });
    } else if (typeof this.requested === 'string') {
      const path = this.requested;
      bindPrivately(path, () => this.server.listen({ path, backlog }));
    } else listenNow(this.server, this.requested[0], this.requested[1], backlog);
  }

  /** The bound address: `[host, port]` with the real port, or the socket path. */
  get address(): [string, number] | string {
    if (typeof this.requested === 'string') return this.requested;
    const bound = this.server.address();
    return bound !== null && typeof bound === 'object' ? [this.requested[0], bound.port] : [this.requested[0], this.requested[1]];
  }

  /** The address of the peer of the last accepted connection (Python's last_accepted). */
  get lastAccepted(): [string, number] | string | null {
    return this.accepted;
  }

  /**
   * The next connection whose handshake has completed. Handshakes run concurrently, each with its own deadline, so a
   * silent or slow peer delays nobody but itself; a failed one rejects one accept() with AuthenticationError.
   */
  async accept(): Promise<SocketConnection> {
    if (this.isClosed) throw new OSError('handle is closed', 'EBADF');
    const outcome =
      this.incoming.shift() ??
      (await new Promise<Outcome>((resolve, reject) => {
        if (this.failure !== null) return reject(this.failure);
        this.acceptors.push({ resolve, reject });
      }));
    if (outcome instanceof Error) throw outcome;
    this.accepted = outcome.remoteAddress;
    return outcome;
  }

  /** Stops listening (and removes a Unix socket file); pending accept() calls reject. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.server.close();
    for (const outcome of this.incoming.splice(0)) if (!(outcome instanceof Error)) outcome.close();
    for (const connection of this.handshaking) connection.close();
    this.fail(new OSError('handle is closed', 'EBADF'));
    if (typeof this.requested === 'string' && this.listening) {
      try {
        unlinkSync(this.requested);
      } catch {
        // already removed by the server
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  private onConnection(socket: Socket): void {
    const connection = new SocketConnection(socket, { maxMessageSize: this.options.maxMessageSize });
    if (this.isClosed) return connection.close();
    const { authkey, handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT } = this.options;
    if (authkey === undefined || authkey === null) return this.deliver(connection);
    void this.authenticateNow(connection, authkeyBytes(authkey), handshakeTimeout);
  }

  /** Runs one connection's handshake on its own deadline, then hands it (or its failure) to accept(). */
  private async authenticateNow(connection: SocketConnection, key: Buffer, handshakeTimeout: number): Promise<void> {
    this.handshaking.add(connection);
    let outcome: Outcome = connection;
    try {
      await authenticate(connection, async () => {
        await deliverChallenge(connection, key, handshakeTimeout);
        await answerChallenge(connection, key, handshakeTimeout, true);
      });
    } catch (error) {
      outcome = error as Error;
    } finally {
      this.handshaking.delete(connection);
    }
    if (!this.isClosed) this.deliver(outcome);
    else if (!(outcome instanceof Error)) connection.close();
  }

  /** Hands a finished handshake to the oldest waiting accept(), or keeps it for the next one. */
  private deliver(outcome: Outcome): void {
    const acceptor = this.acceptors.shift();
    if (acceptor !== undefined) return acceptor.resolve(outcome);
    if (outcome instanceof Error) {
      // Nobody waits: keep a few failures to report, not one per connection a hostile peer opens.
      if (this.incoming.filter((item) => item instanceof Error).length >= KEPT_FAILURES) return;
    }
    this.incoming.push(outcome);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const acceptor of this.acceptors.splice(0)) acceptor.reject(error);
  }
}

/** Connects to a Listener (Python's Client), answering then delivering the challenge when an authkey is given. */
export async function Client(address: Address, options: ClientOptions = {}): Promise<SocketConnection> {
  checkAddress(address);
  checkOptions(options, 'Client options', '{ authkey }');
  const socket = typeof address === 'string' ? connect({ path: address }) : connect({ host: address[0], port: address[1] });
  const connection = new SocketConnection(socket, { maxMessageSize: options.maxMessageSize });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new OSError(`cannot connect to ${JSON.stringify(address)}: ${error.message}`, error.code)));
  });
  const { authkey, handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT } = options;
  if (authkey !== undefined && authkey !== null) {
    const key = authkeyBytes(authkey);
    await authenticate(connection, async () => {
      await answerChallenge(connection, key, handshakeTimeout);
      await deliverChallenge(connection, key, handshakeTimeout, true);
    });
  }
  return connection;
}

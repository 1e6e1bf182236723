// The manager's server (Python's Server): accepts authenticated connections, keeps the objects, runs the methods
// proxies call (awaiting those that wait, so one waiting call never blocks another) and counts references.
import { rememberAuthkey } from './keyring.js';
import { EOFError, RemoteError } from '../errors.js';
import { AdaptiveSpin, Listener, ShmConnection, type Address, type Connection } from '../connection/index.js';
import { decodeAsync } from '../serialize/index.js';
import type { ManagerAddress } from './channel.js';
import { setCaller } from './managed/caller.js';
import { serveReferents } from './managed/referents.js';
import { ObjectTable, type Entry, type ServedType } from './object-table.js';
import { checkRequest, garbage, NO_CALL, Op, splitParts, Status, type ObjectInfo } from './protocol.js';
import { hostLocally } from './refs.js';
import { ReplyBatch } from './replies.js';

/** How long the server spins for a same-machine client's next request before it sleeps (see links.ts). */
const SERVER_SPIN_US = 100;

/** How long shutdown() lets objects release their resources (a Pool's workers). */
const RELEASE_TIMEOUT = 5000;

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Serves the objects of one manager; `serveForever()` runs it (Python's getServer().serve_forever()). */
export class Server {
  private readonly listener: Listener;
  private readonly table = new ObjectTable();
  private readonly connections = new Set<Connection>();
  /** Same-machine clients moving from their socket to a shared-memory pipe, by holder. */
  private readonly moves = new Map<number, ShmConnection>();
  private nextConnectionId = 1;
  private stopping = false;
  private stopped!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.stopped = resolve));
  private readonly unhost: () => void;

  constructor(
    private readonly types: ReadonlyMap<string, ServedType>,
    address: Address | null,
    authkey: Uint8Array,
  ) {
    this.listener = new Listener(address, { authkey, backlog: 128 });
    rememberAuthkey(this.address, authkey);
    const unhostReferences = hostLocally(this.address, this.table);
    const unhostReferents = serveReferents(this.address, (id) => this.table.get(id).obj);
    this.unhost = () => {
      unhostReferences();
      unhostReferents();
    };
  }

  /** Where it listens (with the real port when port 0 was asked for). */
  get address(): ManagerAddress {
    return this.listener.address;
  }

  /** How many objects it keeps. */
  get numberOfObjects(): number {
    return this.table.size;
  }

  /** Accepts and serves connections until shutdown(); rejects if it cannot listen. */
  async serveForever(): Promise<void> {
    void this.acceptLoop();
    await this.done;
  }

  /** Stops accepting, drops every object (releasing pools), closes every connection. */
  async shutdown(): Promise<void> {
    if (this.stopping) return this.done;
    this.stopping = true;
    this.listener.close();
    this.unhost();
    await Promise.race([this.table.clear(), new Promise((resolve) => setTimeout(resolve, RELEASE_TIMEOUT).unref())]);
    for (const connection of this.connections) connection.close();
    this.stopped();
  }

  private async acceptLoop(): Promise<void> {
    while (!this.stopping) {
      let connection: Connection;
      try {
        connection = await this.listener.accept();
      } catch (error) {
        if (this.stopping) return;
        if ((error as Error)?.name === 'AuthenticationError') continue; // a stranger's problem, not ours
        this.stopping = true;
        this.unhost();
        return this.failed(error as Error);
      }
      void this.serve(connection, this.nextConnectionId++);
    }
  }

  private failedWith: Error | null = null;

  private failed(error: Error): void {
    this.failedWith = error;
    this.stopped();
  }

  /** The error that stopped serveForever early (cannot listen), if any. */
  get failure(): Error | null {
    return this.failedWith;
  }

  /** Serves one client until it goes; `socket` is the one a same-machine client moved from (watched for its end). */
  private async serve(connection: Connection, holder: number, socket?: Connection): Promise<void> {
    this.connections.add(connection);
    const replies = new ReplyBatch(connection);
    const spin = connection instanceof ShmConnection ? new AdaptiveSpin(SERVER_SPIN_US) : null;
    let movedTo: ShmConnection | undefined;
    try {
      while (movedTo === undefined) {
        if (spin !== null) this.spinForNext(connection as ShmConnection, spin, replies);
        await this.onMessage(holder, await connection.recvBytes(), replies);
        movedTo = this.moves.get(holder);
      }
    } catch (error) {
      if (!(error instanceof EOFError) && !this.stopping && !connection.closed) {
        replies.send(NO_CALL, Status.Failed, new RemoteError(`the manager dropped this connection: ${(error as Error)?.message}`));
        replies.flush();
      }
    } finally {
      this.connections.delete(connection);
      if (movedTo === undefined) {
        this.table.dropHolder(holder);
        connection.close();
        socket?.close();
      }
    }
    if (movedTo === undefined) return;
    this.moves.delete(holder);
    replies.flush();
    // Nothing more comes over the socket; its end of file (the client closed or died) ends the pipe too.
    const pipe = movedTo;
    connection.recvBytes().catch(() => undefined).finally(() => pipe.close());
    return this.serve(pipe, holder, connection);
  }

  /** Sends this turn's replies, then spins briefly for the client's next request (it usually follows at once). */
  private spinForNext(connection: ShmConnection, spin: AdaptiveSpin, replies: ReplyBatch): void {
    replies.flush();
    spin.run((us) => connection.spinForMessage(us));
  }

  private async onMessage(holder: number, message: Buffer, replies: ReplyBatch): Promise<void> {
    let parts: Buffer[];
    try {
      parts = splitParts(message);
    } catch (error) {
      return replies.send(NO_CALL, Status.Failed, error);
    }
    for (const part of parts) {
      let request: [number, Op, ...unknown[]];
      try {
        request = checkRequest(await decodeAsync(part), part);
      } catch (error) {
        replies.send(NO_CALL, Status.Failed, error instanceof RemoteError ? error : garbage(part, `undecodable: ${(error as Error)?.message}`));
        continue;
      }
      this.dispatch(holder, request, replies);
    }
  }

  private dispatch(holder: number, request: [number, Op, ...unknown[]], replies: ReplyBatch): void {
    const [callId, op, a, b, c] = request;
    switch (op) {
      case Op.Call:
        return this.call(holder, callId, a as number, b as string, c as unknown[], replies);
      case Op.Create:
        return this.create(holder, callId, a as string, b as unknown[], replies);
      case Op.Incref:
        return this.table.incref(a as number);
      case Op.Adopt:
        return this.table.adopt(a as number, holder);
      case Op.Decref:
        return this.table.decref(a as number, holder);
      case Op.Upgrade:
        return this.upgrade(holder, callId, a, replies);
      case Op.Info:
        return replies.send(callId, Status.Ok, { objects: this.table.size, connections: this.connections.size, pid: process.pid });
      case Op.Shutdown:
        replies.send(callId, Status.Ok, null);
        replies.flush();
        void this.shutdown();
        return;
      default:
        return replies.send(callId, Status.Failed, new RemoteError(`unknown manager request ${String(op)}`));
    }
  }

  private upgrade(holder: number, callId: number, end: unknown, replies: ReplyBatch): void {
    if (!(end instanceof ShmConnection) || this.moves.has(holder)) {
      return replies.send(callId, Status.Failed, new RemoteError('an upgrade needs one end of a pipe'));
    }
    this.moves.set(holder, end);
    replies.send(callId, Status.Ok, null);
  }

  private call(holder: number, callId: number, id: number, method: string, args: unknown[], replies: ReplyBatch): void {
    try {
      const entry = this.table.get(id);
      if (typeof method !== 'string' || !entry.callable.has(method)) {
        throw new RemoteError(`method '${String(method)}' of '${entry.typeid}' object is not in exposed=[${entry.exposed.join(', ')}]`);
      }
      const fn = entry.obj[method];
      if (typeof fn !== 'function') throw new RemoteError(`'${entry.typeid}' object has no method '${method}'`);
      setCaller(holder);
      const result: unknown = fn.apply(entry.obj, Array.isArray(args) ? args : []);
      if (!isPromiseLike(result)) return this.answer(holder, callId, entry, method, result, replies);
      result.then(
        (value) => this.answer(holder, callId, entry, method, value, replies),
        (error) => replies.send(callId, Status.Failed, error),
      );
    } catch (error) {
      replies.send(callId, Status.Failed, error);
    }
  }

  private answer(holder: number, callId: number, entry: Entry, method: string, value: unknown, replies: ReplyBatch): void {
    const typeid = entry.methodToTypeid[method];
    if (typeid === undefined) return replies.send(callId, Status.Ok, value);
    replies.send(callId, Status.NewProxy, this.store(value, typeid, holder));
  }

  private store(obj: unknown, typeid: string, holder: number): ObjectInfo {
    const { id, entry } = this.table.add(obj, typeid, this.types.get(typeid) ?? {}, holder);
    return [id, typeid, [...entry.exposed]];
  }

  private create(holder: number, callId: number, typeid: string, args: unknown[], replies: ReplyBatch): void {
    const type = this.types.get(typeid);
    if (type?.callable === undefined) {
      return replies.send(callId, Status.Failed, new RemoteError(`the manager cannot create '${typeid}' (not registered with a callable)`));
    }
    const callable = type.callable;
    const made = async () => {
      setCaller(holder);
      const list = Array.isArray(args) ? args : [];
      return isClass(callable) ? Reflect.construct(callable, list) : await (callable as (...a: unknown[]) => unknown)(...list);
    };
    made().then(
      (obj) => replies.send(callId, Status.Ok, this.store(obj, typeid, holder)),
      (error) => replies.send(callId, Status.Failed, error),
    );
  }
}

// Python's BaseManager: a registry of typeids, a server (in a child process started with Process, or in this one with
// getServer().serveForever()) and the client side: create(typeid) asks the server for a new object and gives a proxy.
import { Pipe, type Address } from '../connection/index.js';
import { ProcessError, ValueError } from '../errors.js';
import { Process, type StartMethodContext } from '../process/index.js';
import { KEEP_ALIVE, KEEPS_PARENT_ALIVE } from '../process/process.js';
import { ownAuthkey } from '../process/identity.js';
import { rememberAuthkey } from './keyring.js';
import { referenceOf } from '../reference/locate.js';
import { checkOptionalFunction, checkOptions } from '../validate.js';
import { AutoProxy, ownedProxy, setProxyType, type BaseProxy, type ProxyClass } from './base-proxy.js';
import { channelTo, closeChannel, type ManagerAddress } from './channel.js';
import type { ServedType } from './object-table.js';
import { Op, type ObjectInfo } from './protocol.js';
import { runManagerServer, type ServerConfig } from './server-main.js';
import { Server } from './server.js';

export interface ManagerOptions {
  /** Where the server listens: `['127.0.0.1', 0]` (TCP, any free port), a Unix socket path, or a fresh socket path by default. */
  address?: Address | null;
  /** Shared secret of server and clients (default: 32 random bytes, carried by proxies to the processes they reach). */
  authkey?: Uint8Array | string;
  /** The start method context of the server process (default: the current start method). */
  context?: StartMethodContext;
}

export interface RegisterOptions {
  /** Method names proxies may call (default: every public method of the object). */
  exposed?: string[];
  /** Methods whose result becomes a new managed object of that typeid (e.g. { applyAsync: 'AsyncResult' }). */
  methodToTypeid?: Record<string, string>;
  /** Whether to add a method named `typeid` to the manager (default true). */
  create?: boolean;
  /** The proxy class of this typeid (default AutoProxy: one method per exposed name). */
  proxytype?: ProxyClass;
}

interface RegisteredType extends RegisterOptions {
  callable?: Function;
}

const registries = new WeakMap<Function, Map<string, RegisteredType>>();

function registryOf(cls: Function): Map<string, RegisteredType> {
  for (let c: Function | null = cls; c !== null && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    const registry = registries.get(c);
    if (registry !== undefined) return registry;
  }
  return new Map();
}

const SERVER_START_TIMEOUT = 60_000;
const SHUTDOWN_TIMEOUT = 1000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProcessError(`${what} took more than ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A manager of objects registered by typeid (Python's BaseManager); SyncManager adds the standard ones. */
export class BaseManager {
  /** Makes `typeid` available: `manager.create(typeid, ...args)` and, unless `create: false`, `manager[typeid](...args)`. */
  static register(typeid: string, callable?: Function, options: RegisterOptions = {}): void {
    let registry = registries.get(this);
    if (registry === undefined) registries.set(this, (registry = new Map(registryOf(this))));
    registry.set(typeid, { ...options, callable });
    if (options.proxytype !== undefined) setProxyType(typeid, options.proxytype);
    if (options.create !== false && !Object.hasOwn(this.prototype, typeid)) {
      Object.defineProperty(this.prototype, typeid, {
        value: function (this: BaseManager, ...args: unknown[]) {
          return this.create(typeid, ...args);
        },
        writable: true,
        configurable: true,
      });
    }
  }

  private requested: Address | null;
  private bound: ManagerAddress | null = null;
  private readonly key: Uint8Array;
  private server: Process | null = null;
  private state: 'initial' | 'started' | 'connected' | 'shutdown' = 'initial';

  constructor(private readonly options: ManagerOptions = {}) {
    this.requested = options.address ?? null;
    const { authkey } = options;
    // Python's default: the process's authkey, which children inherit, so proxies of this manager work in them.
    this.key = authkey === undefined ? ownAuthkey() : typeof authkey === 'string' ? Buffer.from(authkey, 'utf8') : new Uint8Array(authkey);
  }

  /** The server's address (the real port once started with port 0). */
  get address(): ManagerAddress {
    return this.bound ?? (this.requested as ManagerAddress);
  }

  /** The authkey clients must know. */
  get authkey(): Uint8Array {
    return this.key;
  }

  /** The server process's pid once start() has run (undefined for connect() and getServer()). */
  get pid(): number | undefined {
    return this.server?.pid;
  }

  /** Starts the server in a child process; `initializer(...initargs)` runs there first (both must be exported). */
  async start(options: { initializer?: Function; initargs?: unknown[] } = {}): Promise<void> {
    checkOptions(options, 'start() options', 'start({ initializer, initargs })');
    checkOptionalFunction(options.initializer, 'initializer');
    if (options.initargs !== undefined && !Array.isArray(options.initargs)) throw new TypeError('initargs must be an array');
    if (this.state !== 'initial') throw new ValueError(`Unable to start a manager that is ${this.state}`);
    const config: ServerConfig = {
      address: this.requested,
      authkey: this.key,
      types: this.servedTypesOnTheWire(),
      initializer: options.initializer === undefined ? null : referenceOf(options.initializer, 'initializer'),
      initargs: options.initargs ?? [],
    };
    const [reader, writer] = Pipe(false);
    const ProcessClass = this.options.context?.Process ?? Process;
    // Like Python's manager, the server is not daemonic (it may start a Pool's workers), yet it never keeps this process
    // alive once started: an idle program exits, and the server follows its parent (no orphans). Held while starting.
    const server = new ProcessClass({ target: runManagerServer, args: [config, writer], name: `${this.constructor.name}-server`, [KEEPS_PARENT_ALIVE]: 'never' });
    server.start();
    server[KEEP_ALIVE](true);
    writer.close();
    this.server = server;
    try {
      const exited = server.sentinel.then(() => {
        throw new ProcessError(`the manager's server process exited (exit code ${server.exitcode}) before it was ready`);
      });
      const answer = (await withTimeout(Promise.race([reader.recv(), exited]), SERVER_START_TIMEOUT, 'starting the manager')) as { address?: ManagerAddress; error?: Error };
      if (answer.error !== undefined) throw answer.error;
      this.bound = answer.address!;
      rememberAuthkey(this.bound, this.key);
    } catch (error) {
      if (server.isAlive()) server.kill();
      this.state = 'shutdown';
      throw error;
    } finally {
      reader.close();
      server[KEEP_ALIVE](false);
    }
    this.state = 'started';
  }

  /** Connects to a server that is already running at `address` (AuthenticationError for a wrong authkey). */
  async connect(): Promise<void> {
    if (this.requested === null) throw new ValueError('connect() needs the address of a running manager');
    await channelTo(this.requested as ManagerAddress, this.key).request(Op.Info, [], 'connect()');
    this.bound = this.requested as ManagerAddress;
    rememberAuthkey(this.bound, this.key);
    this.state = 'connected';
  }

  /** A server for this manager's registry in this process: `await manager.getServer().serveForever()`. */
  getServer(): Server {
    const types = new Map<string, ServedType>();
    for (const [typeid, { callable, exposed, methodToTypeid }] of registryOf(this.constructor)) types.set(typeid, { callable, exposed, methodToTypeid });
    const server = new Server(types, this.requested, this.key);
    this.bound = server.address;
    rememberAuthkey(this.bound, this.key);
    return server;
  }

  /** A new object of `typeid` in the server, and a proxy of it. */
  async create<P extends BaseProxy = AutoProxy & Record<string, (...args: any[]) => Promise<any>>>(typeid: string, ...args: unknown[]): Promise<P> {
    if (this.state !== 'started' && this.state !== 'connected') throw new ValueError(`Manager is ${this.state}: start() or connect() it first`);
    const type = registryOf(this.constructor).get(typeid);
    if (type === undefined) throw new ValueError(`'${typeid}' is not registered with ${this.constructor.name}`);
    const reply = await channelTo(this.address, this.key).request(Op.Create, [typeid, args], `${typeid}()`);
    return ownedProxy(type.proxytype, this.address, this.key, reply.value as ObjectInfo) as P;
  }

  /** How many objects the server keeps (Python's _number_of_objects). */
  async numberOfObjects(): Promise<number> {
    const reply = await channelTo(this.address, this.key).request(Op.Info, [], 'numberOfObjects()');
    return (reply.value as { objects: number }).objects;
  }

  /** Stops the server this manager started (and waits for its process to end); for connect(), just disconnects. */
  async shutdown(): Promise<void> {
    if (this.state === 'started') {
      try {
        await withTimeout(channelTo(this.address, this.key).request(Op.Shutdown, [], 'shutdown()'), SHUTDOWN_TIMEOUT, 'shutdown');
      } catch {
        // Unresponsive or gone: it is ended below.
      }
      const server = this.server!;
      await server.join(SHUTDOWN_TIMEOUT);
      if (server.isAlive()) {
        server.terminate();
        await server.join(SHUTDOWN_TIMEOUT);
      }
      if (server.isAlive()) server.kill();
    }
    if (this.state === 'started' || this.state === 'connected') closeChannel(this.address, this.key);
    this.state = 'shutdown';
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  private servedTypesOnTheWire(): ServerConfig['types'] {
    return [...registryOf(this.constructor)].map(([typeid, { callable, exposed, methodToTypeid }]) => [
      typeid,
      callable === undefined ? null : referenceOf(callable, `callable registered as '${typeid}'`),
      exposed ?? null,
      methodToTypeid ?? null,
    ]);
  }
}

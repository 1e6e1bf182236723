// Where distributed objects live: one Redis command connection, a pool of blocking connections (one per waiting
// call, so a BLPOP never stalls other commands), the key layout and the value codec. A process that receives an
// object by name reopens it on its "current store", or on a store it opens from the sender's address.
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { beforeChildExit } from '../../lifecycle.js';
import { decodeAsync, encode } from '../../serialize/index.js';
import { ValueError } from '../../errors.js';

export interface RedisStore {
  /** The connection for every command that does not block. */
  readonly command: Redis;
  /** The key prefix, e.g. 'multiproc' or '{multiproc}' (hash-tagged for Redis Cluster). */
  readonly prefix: string;
  /** Where a receiving process can reach the same Redis: the URL without its password. */
  readonly address: string;
  /** `<prefix>:<kind>:<name>`. */
  key(kind: string, name: string): string;
  /** Borrows a connection for one blocking command; `release` gives it back (or drops it when it broke). */
  blocking(): Promise<BlockingConnection>;
  encode(value: unknown, root?: string): Buffer;
  decode(bytes: Uint8Array): Promise<unknown>;
  readonly closed: boolean;
  /** Closes every connection of the store; blocked calls reject. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface BlockingConnection {
  readonly redis: Redis;
  /** The server's id for this connection: CLIENT UNBLOCK from the command connection ends its wait early. */
  readonly clientId: number;
  release(broken?: boolean): void;
}

export interface StoreOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** Key prefix; default 'multiproc'. */
  prefix?: string;
}

const DEFAULT_PREFIX = 'multiproc';

function validateOptions(options: StoreOptions): { url: string; prefix: string } {
  if (typeof options !== 'object' || options === null) throw new TypeError('openStore() takes an options object: { url, prefix? }');
  const { url, prefix = DEFAULT_PREFIX } = options;
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError(`openStore(): url must be a 'redis://host:port' string, got ${typeof url === 'string' ? JSON.stringify(url) : typeof url}`);
  }
  if (typeof prefix !== 'string' || prefix.length === 0 || /\s/.test(prefix)) {
    throw new TypeError('openStore(): prefix must be a non-empty string without spaces, e.g. "multiproc" or "{multiproc}"');
  }
  return { url, prefix };
}

export type RedisClass = typeof Redis;

/**
 * ioredis, loaded on the first store rather than when this module is imported: `multiproc/distributed` may be
 * imported where ioredis is not installed, and a received handle must reopen synchronously (revivers are synchronous).
 */
function loadRedisClass(): RedisClass {
  try {
    return (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error('shared objects on Redis need the package ioredis, which is not installed: run `npm install bullmq ioredis`', { cause: error });
  }
}

/** Where the same Redis is reached from elsewhere, without its password: what travels with an object sent to another process. */
function addressOf(connection: string | RedisOptions): string {
  if (typeof connection === 'string') {
    const parsed = new URL(connection);
    parsed.password = '';
    return parsed.toString();
  }
  const scheme = connection.tls ? 'rediss' : 'redis';
  const user = connection.username ? `${encodeURIComponent(connection.username)}@` : '';
  return `${scheme}://${user}${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}/${connection.db ?? 0}`;
}

/** A password the receiving process was given out of band, for an address that travelled without one. */
function withLocalPassword(address: string): string {
  const password = process.env.MULTIPROC_REDIS_PASSWORD;
  if (password === undefined || password === '') return address;
  const parsed = new URL(address);
  parsed.password = password;
  return parsed.toString();
}

class Store implements RedisStore {
  readonly command: Redis;
  readonly address: string;
  closed = false;
  private readonly idle: BlockingConnection[] = [];
  private readonly all = new Set<Redis>();

  constructor(private readonly RedisClient: RedisClass, private readonly connection: string | RedisOptions, readonly prefix: string) {
    this.address = addressOf(connection);
    this.command = this.connect();
  }

  private connect(): Redis {
    // A command waits through a short outage (Redis restarting) and is sent again once Redis is back; the client's
    // bounded retries (about 10 s of reconnecting) make an outage that lasts reject the call instead of hanging it.
    const redis = typeof this.connection === 'string'
      ? new this.RedisClient(this.connection, { lazyConnect: false })
      : new this.RedisClient({ ...this.connection, lazyConnect: false });
    redis.on('error', () => {}); // reported to the waiting calls; an unhandled 'error' event would crash the process
    this.all.add(redis);
    return redis;
  }

  key(kind: string, name: string): string {
    return `${this.prefix}:${kind}:${name}`;
  }

  async blocking(): Promise<BlockingConnection> {
    if (this.closed) throw new ValueError('the Redis store is closed');
    const reused = this.idle.pop();
    if (reused !== undefined) return reused;
    const redis = this.connect();
    const clientId = Number(await redis.client('ID'));
    const connection: BlockingConnection = {
      redis,
      clientId,
      release: (broken = false) => {
        if (broken || this.closed) {
          this.all.delete(redis);
          redis.disconnect();
        } else {
          this.idle.push(connection);
        }
      },
    };
    return connection;
  }

  encode(value: unknown, root = 'value'): Buffer {
    return encode(value, { root });
  }

  async decode(bytes: Uint8Array): Promise<unknown> {
    try {
      return await decodeAsync(bytes);
    } catch (error) {
      // Anyone with access to Redis can write to these keys: say so rather than surface a parser's internals.
      if (error instanceof TypeError) throw error;
      throw new TypeError(`a value read from Redis is not one multiproc wrote: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.idle.length = 0;
    const connections = [...this.all];
    this.all.clear();
    await Promise.all(connections.map(async (redis) => {
      if (redis === this.command && redis.status === 'ready') {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect(); // a blocking connection may be inside a BLPOP: QUIT would wait for it
      }
    }));
    if (current === this) current = null;
    open.delete(this);
    for (const [key, store] of reopened) if (store === this) reopened.delete(key);
  }
}

/** Opens a store: connections are made now, commands queue until Redis answers. */
export function openStore(options: StoreOptions): RedisStore {
  const { url, prefix } = validateOptions(options);
  return openStoreWith(loadRedisClass(), url, prefix);
}

/** A store on connection settings already checked (a cluster handle's or a worker's), with ioredis already loaded. */
export function openStoreWith(RedisClient: RedisClass, connection: string | RedisOptions, prefix: string): RedisStore {
  const store = new Store(RedisClient, connection, prefix);
  open.add(store);
  return store;
}

/** Every store of this process not closed yet: an object received from the address of one of them opens on it. */
const open = new Set<RedisStore>();
let current: RedisStore | null = null;
const reopened = new Map<string, RedisStore>();
let exitHookInstalled = false;

/** A connected cluster handle: objects of its prefix received by this process open on its store, opened on demand. */
export interface StoreProvider {
  readonly prefix: string;
  provide(): RedisStore;
}

const providers = new Set<StoreProvider>();

/** Registers `provider` until the returned function is called (a cluster handle, while it is open). */
export function provideStore(provider: StoreProvider): () => void {
  providers.add(provider);
  return () => providers.delete(provider);
}

/** Makes `store` the one objects received by this process open on (a distributed worker calls this when it connects). */
export function setCurrentStore(store: RedisStore | null): void {
  current = store;
}

export function currentStore(): RedisStore | null {
  return current;
}

/**
 * The store a received object opens on: the current store (which must have the same prefix), else the store of an
 * open cluster handle of the same prefix, else an open store of the same address and prefix, else one this process opens (once per address and prefix) and closes before it exits.
 */
export function storeForReceived(address: string, prefix: string): RedisStore {
  if (current !== null && !current.closed) {
    // A process that is connected never lets a message choose where it connects to.
    if (current.prefix !== prefix) throw new TypeError(`received an object of prefix '${prefix}', but this process is connected with prefix '${current.prefix}'`);
    return current;
  }
  // A process connected through connect() keeps the same rule for its prefix: results never choose where it connects.
  for (const provider of providers) if (provider.prefix === prefix) return provider.provide();
  if (!/^rediss?:\/\//.test(address)) throw new TypeError('received an object whose Redis address is not a redis:// URL');
  for (const store of open) if (store.address === address && store.prefix === prefix) return store;
  const key = `${prefix}\u0000${address}`;
  let store = reopened.get(key);
  if (store === undefined || store.closed) {
    store = openStore({ url: withLocalPassword(address), prefix });
    reopened.set(key, store);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      beforeChildExit(closeReopenedStores);
    }
  }
  return store;
}

/** Closes the stores this process opened for objects it received. */
export async function closeReopenedStores(): Promise<void> {
  const stores = [...reopened.values()];
  reopened.clear();
  await Promise.all(stores.map((store) => store.close()));
}

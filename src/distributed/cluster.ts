// The handle connect() returns: the Redis connection, the key prefix, and the factories of what lives on the
// cluster: pools, and shared objects by name (Queue, dict, Lock …) on a store with the same connection settings and
// prefix, opened on first use and closed with the handle.
import type { Redis } from 'ioredis';
import { ValueError } from '../errors.js';
import {
  createObjects, openStoreWith, provideStore, type Dict, type DictKey, type Event, type JoinableQueue, type List, type Lock, type LockOptions,
  type Namespace, type Objects, type Queue, type QueueOptions, type RedisStore, type Semaphore, type Value,
} from './objects/index.js';
import type { Endpoint } from './connect.js';
import type { Dependencies } from './deps.js';
import { readWorkers, type WorkerInfo } from './heartbeat.js';
import { Keys } from './keys.js';
import { DistributedPool, type DistributedPoolOptions } from './pool.js';

export class Cluster {
  readonly keys: Keys;
  private readonly pools = new Set<DistributedPool>();
  private closed = false;
  private store: RedisStore | undefined;
  private factories: Objects | undefined;
  private readonly stopProviding: () => void;

  constructor(
    /** bullmq and ioredis, loaded. */
    readonly deps: Dependencies,
    readonly endpoint: Endpoint,
    /** The connection every non-blocking command goes through. */
    readonly redis: Redis,
  ) {
    this.keys = new Keys(endpoint.prefix);
    // Objects of this prefix that arrive in results open on this handle's store, whatever address they carry.
    this.stopProviding = provideStore({ prefix: endpoint.prefix, provide: () => this.openObjectsStore() });
  }

  get prefix(): string {
    return this.endpoint.prefix;
  }

  private checkOpen(): void {
    if (this.closed) throw new ValueError('cluster connection is closed');
  }

  /** A pool whose tasks run on whichever workers serve this prefix; no size: capacity is wherever workers run. */
  Pool(options: DistributedPoolOptions = {}): DistributedPool {
    this.checkOpen();
    const pool = new DistributedPool(this, options);
    this.pools.add(pool);
    void pool.whenFinished().then(() => this.pools.delete(pool));
    return pool;
  }

  /** The workers alive now: [{ id, host, pid, processes, busy, lastSeen }]. */
  workers(): Promise<WorkerInfo[]> {
    this.checkOpen();
    return readWorkers(this.redis, this.keys);
  }

  /** The object factories on this handle's store. Objects wait on connections of their own (a blocking get holds one). */
  private objects(): Objects {
    this.checkOpen();
    this.factories ??= createObjects(this.openObjectsStore());
    return this.factories;
  }

  private openObjectsStore(): RedisStore {
    this.store ??= openStoreWith(this.deps.Redis, this.endpoint.connection, this.endpoint.prefix);
    return this.store;
  }

  /** A FIFO queue named `name` on Redis: every handle of that name, in any process or machine, is the same queue. */
  Queue<T = unknown>(name: string, options?: QueueOptions): Queue<T> {
    return this.objects().Queue<T>(name, options);
  }

  JoinableQueue<T = unknown>(name: string, options?: QueueOptions): JoinableQueue<T> {
    return this.objects().JoinableQueue<T>(name, options);
  }

  dict<K extends DictKey = DictKey, V = unknown>(name: string): Dict<K, V> {
    return this.objects().dict<K, V>(name);
  }

  list<T = unknown>(name: string): List<T> {
    return this.objects().list<T>(name);
  }

  Namespace(name: string): Namespace {
    return this.objects().Namespace(name);
  }

  Value<T = unknown>(name: string, init: T): Value<T> {
    return this.objects().Value<T>(name, init);
  }

  /** A lock held for at most `ttl` ms unless renewed, so a dead holder cannot keep it; `lock.token` fences its writes. */
  Lock(name: string, options?: LockOptions): Lock {
    return this.objects().Lock(name, options);
  }

  Semaphore(name: string, value?: number): Semaphore {
    return this.objects().Semaphore(name, value);
  }

  Event(name: string): Event {
    return this.objects().Event(name);
  }

  /** Terminates the pools still open and closes the connections (the objects' handles with them). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopProviding();
    await Promise.all([...this.pools].map((pool) => pool[Symbol.asyncDispose]()));
    await this.store?.close();
    // QUIT waits for Redis; when it does not answer soon, drop the connection instead.
    let timer: NodeJS.Timeout | undefined;
    const quit = this.redis.quit().then(() => {}, () => {});
    await Promise.race([quit, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    this.redis.disconnect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

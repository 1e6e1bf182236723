// The handle connect() returns: the Redis connection, the key prefix, and the factories of what lives on the
// cluster. Shared objects (Queue, dict, Lock …) are added here as factories over the same connection and prefix.
import type { Redis } from 'ioredis';
import { ValueError } from '../errors.js';
import type { Endpoint } from './connect.js';
import type { Dependencies } from './deps.js';
import { readWorkers, type WorkerInfo } from './heartbeat.js';
import { Keys } from './keys.js';
import { DistributedPool, type DistributedPoolOptions } from './pool.js';

export class Cluster {
  readonly keys: Keys;
  private readonly pools = new Set<DistributedPool>();
  private closed = false;

  constructor(
    /** bullmq and ioredis, loaded. */
    readonly deps: Dependencies,
    readonly endpoint: Endpoint,
    /** The connection every non-blocking command goes through. */
    readonly redis: Redis,
  ) {
    this.keys = new Keys(endpoint.prefix);
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

  // Shared objects by name (Queue, JoinableQueue, dict, list, Namespace, Value, Lock, Semaphore, Event) are
  // constructed from `this.redis` and `this.keys.prefix`: add their factories here.

  /** Terminates the pools still open and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.pools].map((pool) => pool[Symbol.asyncDispose]()));
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

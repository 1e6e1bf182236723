// A pool's presence in Redis: its liveness marker, its entry in the pools set (workers attach to what they find
// there or hear announced), its BullMQ queue and its results list — and the removal of all of it at the end.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Cluster } from './cluster.js';
import { isWorkerAlive } from './heartbeat.js';
import { Keys } from './keys.js';

/** The marker lives this long unless the caller refreshes it: a caller that died leaves nothing for long. */
export const POOL_TTL_MS = 30_000;
const REFRESH_MS = POOL_TTL_MS / 6;
/** How long the end of a pool waits for attached workers to let go of its queue before removing it anyway. */
const DETACH_WAIT_MS = 10_000;

export class PoolLink {
  readonly keys: Keys;
  readonly queue: Queue;
  /** Its own connection: BLPOP blocks it. */
  readonly blocking: Redis;
  private readonly redis: Redis;
  private refresher: NodeJS.Timeout | undefined;
  readonly registered: Promise<void>;

  constructor(cluster: Cluster, readonly id: string) {
    this.keys = cluster.keys;
    this.redis = cluster.redis;
    this.blocking = cluster.redis.duplicate();
    this.blocking.on('error', () => {});
    this.queue = new cluster.deps.bullmq.Queue(this.keys.queueName(id), { connection: cluster.redis, prefix: this.keys.prefix });
    this.queue.on('error', () => {});
    this.registered = this.register();
    this.registered.catch(() => {});
  }

  private async register(): Promise<void> {
    await this.redis.multi()
      .set(this.keys.pool(this.id), '1', 'PX', POOL_TTL_MS)
      .zadd(this.keys.pools, Date.now(), this.id)
      .publish(this.keys.poolsChannel, `+${this.id}`)
      .exec();
    this.refresher = setInterval(() => {
      this.redis.multi().pexpire(this.keys.pool(this.id), POOL_TTL_MS).zadd(this.keys.pools, Date.now(), this.id).exec().catch(() => {});
    }, REFRESH_MS);
    this.refresher.unref();
  }

  /** Removes every key of the pool: marker first (workers stop pushing), then, once workers let go, the queue. */
  async remove(): Promise<void> {
    clearInterval(this.refresher);
    await this.registered.catch(() => {});
    await this.redis.multi()
      .del(this.keys.pool(this.id))
      .zrem(this.keys.pools, this.id)
      .publish(this.keys.poolsChannel, `-${this.id}`)
      .exec();
    await this.waitForWorkersToDetach();
    await this.queue.obliterate({ force: true });
    await this.queue.close();
    await this.redis.del(this.keys.results(this.id), this.keys.poolWorkers(this.id));
    this.blocking.disconnect();
  }

  private async waitForWorkersToDetach(): Promise<void> {
    const deadline = Date.now() + DETACH_WAIT_MS;
    while (Date.now() < deadline) {
      const attached = await this.redis.smembers(this.keys.poolWorkers(this.id));
      const alive = await Promise.all(attached.map((id) => isWorkerAlive(this.redis, this.keys, id)));
      if (!alive.includes(true)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
